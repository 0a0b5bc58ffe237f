/**
 * What the panels need from the past that no state at a stop holds: the interruption parameter
 * each interruption carried (the IRB has none: it is the PMCW's, set by the SSCH's ORB) and which
 * DASD tracks the session read and wrote. Listens to the machine (MachineListener) from the first
 * panel request on.
 *
 * Reverse execution rebuilds the machine and replays it before the panels can listen again, so
 * what was recorded is kept across machines: the emulator is deterministic, the same statement
 * completes at the same virtual time with the same intparm, and a track touch recorded at a
 * virtual time later than the machine's present is simply not shown (it is in the future again).
 */
import { Dasd3390 } from '../../devices';
import type { Machine } from '../../runtime/machine';
import type { Runtime } from '../../runtime/runtime';

export interface TrackTouch {
  readonly devno: number;
  readonly cylinder: number;
  readonly head: number;
  readonly kind: 'read' | 'written';
  /** Virtual time (ns) of the first such touch. */
  readonly time: number;
}

/** The key of one interruption: the statement (program index) that stored it and when it completed. */
export function interruptionKey(index: number, endTime: number): string {
  return `${index}@${endTime}`;
}

export class PanelRecorder {
  private machine: Machine | null = null;
  private detach: (() => void) | null = null;
  private readonly intparms = new Map<string, number>();
  private readonly touches = new Map<string, TrackTouch>();
  /** Bumped when a touch is recorded: touches are only ever added, and only by touch(). */
  private touchVersion = 0;
  /** Per device: the list tracksOf gave last, and the virtual times it holds for. */
  private readonly lists = new Map<number, TouchList>();
  private readonly counters = new Map<number, { read: number; written: number }>();

  /** Follows the runtime onto a rebuilt machine (keeping what was recorded). */
  follow(machine: Machine): void {
    if (this.machine === machine) return;
    this.detach?.();
    this.machine = machine;
    this.counters.clear();
    for (const d of machine.devices) {
      if (d.device instanceof Dasd3390) this.counters.set(d.devno, { read: d.device.cursor.tracksRead, written: d.device.cursor.tracksWritten });
    }
    this.detach = machine.addListener({
      statementCompleted: (record) => {
        if (!record.irb || record.devno === null) return;
        const d = machine.deviceByDevno(record.devno);
        const sch = d ? machine.io.subchannel(d.schno) : undefined;
        if (sch) this.intparms.set(interruptionKey(record.index, record.endTime), sch.pmcw.intparm);
      },
      ccw: (record, d) => {
        if (!(d.device instanceof Dasd3390)) return;
        const c = d.device.cursor;
        let seen = this.counters.get(d.devno);
        if (!seen) {
          seen = { read: 0, written: 0 };
          this.counters.set(d.devno, seen);
        }
        // A CCW that loaded or stored a track image leaves the access mechanism on that track.
        if (c.tracksRead > seen.read) this.touch({ devno: d.devno, cylinder: c.cylinder, head: c.head, kind: 'read', time: record.time });
        if (c.tracksWritten > seen.written) this.touch({ devno: d.devno, cylinder: c.cylinder, head: c.head, kind: 'written', time: record.time });
        seen.read = c.tracksRead;
        seen.written = c.tracksWritten;
      },
    });
  }

  private touch(t: TrackTouch): void {
    const key = `${t.devno}:${t.cylinder}:${t.head}:${t.kind}`;
    if (this.touches.has(key)) return;
    this.touches.set(key, t);
    this.touchVersion++;
  }

  intparmOf(index: number, endTime: number): number | undefined {
    return this.intparms.get(interruptionKey(index, endTime));
  }

  /**
   * Tracks of `devno` read or written up to virtual time `now`: the same array as the last call
   * for `devno` while that is still the answer (no touch recorded since, and `now` still after the
   * touches it holds and before the others), so a stop that touched nothing costs a comparison.
   */
  tracksOf(devno: number, now: number): readonly TrackTouch[] {
    const last = this.lists.get(devno);
    if (last && last.version === this.touchVersion && now >= last.from && now < last.until) return last.touches;
    const touches: TrackTouch[] = [];
    let from = -Infinity;
    let until = Infinity;
    for (const t of this.touches.values()) {
      if (t.devno !== devno) continue;
      if (t.time <= now) {
        touches.push(t);
        if (t.time > from) from = t.time;
      } else if (t.time < until) until = t.time;
    }
    this.lists.set(devno, { version: this.touchVersion, from, until, touches });
    return touches;
  }

  dispose(): void {
    this.detach?.();
    this.detach = null;
    this.machine = null;
  }
}

/** A device's touches up to a time: the answer for any time from `from` (the latest touch in it) to before `until` (the earliest after). */
interface TouchList {
  readonly version: number;
  readonly from: number;
  readonly until: number;
  readonly touches: readonly TrackTouch[];
}

const recorders = new WeakMap<Runtime, PanelRecorder>();

/** The recorder of a runtime, following its current machine. */
export function recorderOf(runtime: Runtime): PanelRecorder {
  let r = recorders.get(runtime);
  if (!r) {
    r = new PanelRecorder();
    recorders.set(runtime, r);
  }
  r.follow(runtime.machine);
  return r;
}
