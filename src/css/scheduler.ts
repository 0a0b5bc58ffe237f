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

  /** Lets time pass to `time` without running anything (the CPU's DELAY when the queue is empty). */
  advanceTo(time: number): void {
    if (time > this.now) this.now = time;
  }
}
