/**
 * Virtual time. Every channel and device activity is an event at a virtual time (integer
 * nanoseconds); events at the same time run in the order they were scheduled, so the same
 * input always gives the same trace. Nothing here looks at the wall clock.
 */

/** What an event is about, so a debugger can stop before it runs. */
export type EventTag =
  | { readonly kind: 'start'; readonly schno: number }
  | { readonly kind: 'ccw'; readonly schno: number; readonly address: number }
  | { readonly kind: 'command-end'; readonly schno: number }
  | { readonly kind: 'status'; readonly schno: number }
  | { readonly kind: 'other'; readonly schno: number };

export interface ScheduledEvent {
  readonly id: number;
  readonly time: number;
  readonly tag: EventTag;
  readonly run: () => void;
}

export const NS_PER_US = 1000;

export class Scheduler {
  private queue: ScheduledEvent[] = [];
  private nextId = 1;
  /** Current virtual time in nanoseconds. */
  now = 0;
  /**
   * The latest virtual time up to which a running event may carry on with work inline
   * (`advanceInline`, the channel engine's fast path). Whoever drives the scheduler and acts at
   * times the queue does not hold (the CPU's WAIT timeout or DELAY deadline) must lower it to that
   * time before running the next event; Infinity when nothing outside the queue is due.
   */
  horizon = Number.POSITIVE_INFINITY;
  /**
   * Events the fast path ran inline instead of queueing (each successful `advanceInline` stands
   * for exactly one event of the one-event-per-CCW reference). Events run plus this count is the
   * same in a batched and an unbatched run: the debugger's history positions are built on it.
   */
  inlined = 0;
  /**
   * `advanceInline` refuses once `inlined` reaches this, so a driver can stop at an exact
   * reference position (a replay up to a stop, `ccw run --max-ccws`).
   */
  inlineLimit = Number.POSITIVE_INFINITY;

  /** Schedules `run` at absolute virtual time `time` (never before now). */
  at(time: number, tag: EventTag, run: () => void): number {
    const event: ScheduledEvent = { id: this.nextId++, time: Math.max(time, this.now), tag, run };
    // Binary search for the insertion point after all events with time <= event.time (FIFO ties).
    let lo = 0;
    let hi = this.queue.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.queue[mid] as ScheduledEvent).time <= event.time) lo = mid + 1;
      else hi = mid;
    }
    this.queue.splice(lo, 0, event);
    return event.id;
  }

  after(delayNs: number, tag: EventTag, run: () => void): number {
    return this.at(this.now + delayNs, tag, run);
  }

  cancel(id: number): void {
    const i = this.queue.findIndex((e) => e.id === id);
    if (i >= 0) this.queue.splice(i, 1);
  }

  peek(): ScheduledEvent | undefined {
    return this.queue[0];
  }

  get pending(): number {
    return this.queue.length;
  }

  /** Runs the earliest event, advancing time to it. Returns false when nothing is scheduled. */
  runNext(): boolean {
    const event = this.queue.shift();
    if (!event) return false;
    this.now = event.time;
    event.run();
    return true;
  }

  /**
   * Lets the running event continue at `time` instead of scheduling a new event there: true (and
   * now = time) when no queued event is due at or before `time` (a queued event at the same time
   * would run first, FIFO) and `time` is within the horizon, so running the work now gives exactly
   * the order and times the queue would. False leaves everything as it was.
   */
  advanceInline(time: number): boolean {
    if (time > this.horizon || this.inlined >= this.inlineLimit) return false;
    const first = this.queue[0];
    if (first !== undefined && first.time <= time) return false;
    if (time > this.now) this.now = time;
    this.inlined++;
    return true;
  }

  /**
   * The time of the first queued event (Infinity when none): a run of inline steps that schedules
   * nothing may take it once and check each step against it and `horizon` itself, as
   * `advanceInline` would, then `commitInline` the run.
   */
  firstQueuedTime(): number {
    return this.queue[0]?.time ?? Number.POSITIVE_INFINITY;
  }

  /**
   * Records `steps` inline steps ending at `time`, each of which `advanceInline` would have
   * allowed (the caller checked them against `firstQueuedTime`, `horizon` and `inlineLimit`).
   */
  commitInline(time: number, steps: number): void {
    if (time > this.now) this.now = time;
    this.inlined += steps;
  }

  /** Lets time pass to `time` without running anything (the CPU's DELAY when the queue is empty). */
  advanceTo(time: number): void {
    if (time > this.now) this.now = time;
  }
}
