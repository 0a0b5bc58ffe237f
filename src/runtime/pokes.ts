/**
 * Debugger pokes: changes the user makes to state that does not live in guest storage (a
 * subchannel's PMCW, the stored status of a status-pending subchannel, the CPU's copy of the
 * last IRB), and their replay.
 *
 * Reverse execution rebuilds the machine from the Image and replays it (history.ts); the
 * runtime re-applies only the storage writes of its journal. A poke that replay forgot would
 * make the state after a stepBack differ from the state the user saw, so every poke is
 * journalled here and re-applied at the same position:
 *
 * - Each poke also records a zero-length storage entry (a marker) in the runtime's History
 *   journal at the poke's position. That makes a replay land exactly on that position (it caps
 *   batched runs at journalled positions), and History's own truncation (stepBack abandons the
 *   future, restart abandons all) decides whether the poke still belongs to the timeline: a poke
 *   counts only while its marker is in the journal. A zero-length write changes no byte and no
 *   reference/change bit.
 * - The replay hook is `rebuilt(machine)`, called on every machine the session's rebuild
 *   function makes: it applies the pokes of position 0 at once and wraps that one machine's
 *   `advance()` so the pokes of a later position are applied right after the advance that
 *   reaches it (before the runtime re-applies that position's storage writes, which pokes never
 *   depend on). Machines are wrapped only while pokes exist, so replays without pokes run as fast
 *   as before.
 */
import type { JournalEntry } from './history';
import type { Machine } from './machine';
import type { Runtime } from './runtime';

export interface Poke {
  /** What the user changed, for messages ("PMCW intparm of 0.0.0000"). */
  readonly what: string;
  /** Makes the change on a machine: the live one now, a rebuilt one during replay. Never throws. */
  readonly apply: (machine: Machine) => void;
}

interface Entry {
  readonly marker: JournalEntry;
  readonly poke: Poke;
}

export class PokeJournal {
  private entries: Entry[] = [];

  constructor(private readonly runtime: () => Runtime | null) {}

  /** Applies a poke to the machine at the current stop and journals it; null, or why not. */
  apply(poke: Poke): string | null {
    const r = this.runtime();
    if (!r) return 'No program has been launched yet.';
    if (r.isRunning) return 'The program is running; pause it first.';
    poke.apply(r.machine);
    const marker: JournalEntry = { atom: r.atoms, address: 0, bytes: new Uint8Array(0) };
    r.history.record(marker);
    this.entries.push({ marker, poke });
    return null;
  }

  /** How many pokes still belong to the timeline (for messages and tests). */
  get count(): number {
    return this.live().length;
  }

  /** The replay hook: prepares a freshly rebuilt machine to receive the journalled pokes. */
  rebuilt(machine: Machine): Machine {
    const live = this.live();
    this.entries = live;
    if (live.length === 0) return machine;
    for (const e of live) if (e.marker.atom === 0) e.poke.apply(machine);
    const pending = live.filter((e) => e.marker.atom > 0);
    if (pending.length === 0) return machine;
    const advance = machine.advance.bind(machine);
    machine.advance = () => {
      const result = advance();
      const at = machine.position;
      // Only pokes still in the timeline: a stepBack may have abandoned some since the rebuild.
      const history = this.runtime()?.history;
      for (const e of pending) {
        if (e.marker.atom === at && history?.changesAt(at).includes(e.marker)) e.poke.apply(machine);
      }
      return result;
    };
    return machine;
  }

  private live(): Entry[] {
    const history = this.runtime()?.history;
    if (!history) return [];
    return this.entries.filter((e) => history.changesAt(e.marker.atom).includes(e.marker));
  }
}
