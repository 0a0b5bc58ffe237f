/**
 * History for reverse execution, by replay rather than by snapshots. The machine is
 * deterministic (virtual time, same input → same trace), so "the state at position N" is
 * rebuilt by making a fresh Machine from the Image and advancing it to position N with no stops
 * and no events. A position (Machine.position) counts advance() calls plus the events the
 * engine's fast path ran inline, so it names the same state whether the run that reached it,
 * or the replay, batched CCWs or not; a replay runs batched and caps the last batch to land on
 * the position exactly. That needs nothing from storage, subchannels, devices, DASD overlays or
 * the vfio FSM, which keep changing: whatever they hold is rebuilt by running them again.
 *
 * What we keep is small: the atom count of each earlier stop (where stepBack returns) and a
 * journal of the user's own changes (writeMemory, setVariable), re-applied at the same atom.
 * Device files are copy-on-write overlays saved only on an explicit save, so a replay never
 * repeats a write to a user's file.
 */

/** A stop the user can step back to. */
export interface StopPoint {
  /** Machine position (advance() calls plus inline events) from the start to this stop. */
  readonly atom: number;
  /** The device a step stopped at status pending on (its next step goes to the CPU). */
  readonly statusDevno: number | null;
}

/** A change the user made at a stop, replayed at the same atom. */
export interface JournalEntry {
  readonly atom: number;
  readonly address: number;
  readonly bytes: Uint8Array;
}

export class History {
  private readonly stops: StopPoint[] = [];
  private journal: JournalEntry[] = [];

  /** `limit` bounds how many earlier stops are kept (the `historyLimit` setting). */
  constructor(readonly limit: number) {}

  get depth(): number {
    return this.stops.length;
  }

  get entries(): readonly StopPoint[] {
    return this.stops;
  }

  /** Remembers the stop we are leaving; the oldest goes when the limit is reached. */
  push(p: StopPoint): void {
    if (this.limit <= 0) return;
    const last = this.stops[this.stops.length - 1];
    if (last && last.atom === p.atom) return;
    this.stops.push(p);
    if (this.stops.length > this.limit) this.stops.shift();
  }

  /** The latest earlier stop, removed (stepBack). */
  pop(): StopPoint | undefined {
    return this.stops.pop();
  }

  /** The oldest stop still kept (where reverseContinue ends without a breakpoint). */
  get oldest(): StopPoint | undefined {
    return this.stops[0];
  }

  /** Going back to `atom` abandons the future: stops and changes after it. */
  truncate(atom: number): void {
    while (this.stops.length > 0 && (this.stops[this.stops.length - 1] as StopPoint).atom >= atom) this.stops.pop();
    this.journal = this.journal.filter((j) => j.atom <= atom);
  }

  record(entry: JournalEntry): void {
    this.journal.push(entry);
  }

  /** Changes to apply when a replay reaches `atom` (in the order they were made). */
  changesAt(atom: number): JournalEntry[] {
    return this.journal.filter((j) => j.atom === atom);
  }

  /** The first position after `after` with a change, or `limit` when none comes before it. */
  nextChangeAfter(after: number, limit: number): number {
    let next = limit;
    for (const j of this.journal) if (j.atom > after && j.atom < next) next = j.atom;
    return next;
  }

  get hasChanges(): boolean {
    return this.journal.length > 0;
  }

  /** Bytes the history holds (stops and journal), for the bench's memory figure. */
  get bytes(): number {
    return this.stops.length * 16 + this.journal.reduce((n, j) => n + 16 + j.bytes.length, 0);
  }
}
