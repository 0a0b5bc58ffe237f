/**
 * Strings of immediate CCWs (src/css/fastControl.ts) keep time, counters and the SCSW in locals
 * and settle them at the end. Another event that runs in the middle of where such a string would
 * go must see exactly what it sees with one event per CCW: here an observer event is queued at
 * every virtual time a NOP chain passes through, including the exact fetch and device-end times
 * (a queued event at the same time runs first), and at CPU deadlines given as the horizon.
 */
import { describe, expect, test } from 'vitest';
import { CCW0, CCW1, ORB, ORB_AREA } from '../../../src/arch';
import { ChannelSubsystem, GuestStorage, Scheduler, type ImmediateAnswer, type ImmediateDevice } from '../../../src/css';
import { FakeDevice } from '../../helpers/fakeDevice';

const NOP_ANSWER: ImmediateAnswer = { status: 0x0c, timeUs: 1 };

/** FakeDevice's NOP (channel end and device end after 1 µs), also as an immediate answer. */
class ImmediateNop extends FakeDevice implements ImmediateDevice {
  answered = 0;
  immediate(code: number): ImmediateAnswer | null {
    if (code !== 0x03) return null;
    this.answered++;
    return NOP_ANSWER;
  }
}

interface Seen {
  now: number;
  cpa: number;
  count: number;
  fetched: number;
  executed: number;
  lastExecuted: number;
  active: boolean;
}

/** 40 chained NOPs (format 1, count 0; or format 0, count 1, data crossing into a second frame), observed at `at` (queued) or as the horizon. */
function run(fast: boolean, at: number, format1: boolean, asHorizon: boolean) {
  const storage = new GuestStorage(64 * 1024);
  for (let i = 0; i < 40; i++) {
    const flags = i === 39 ? 0x20 : 0x60;
    storage.write(0x1000 + i * 8, format1 ? CCW1.encode({ cmd: 0x03, flags, count: 0, cda: 0 }) : CCW0.encode({ cmd: 0x03, flags, count: 1, cda: 0x3000 + i * 128 }));
  }
  const scheduler = new Scheduler();
  const css = new ChannelSubsystem(storage, scheduler);
  css.engine.batchCcws = fast;
  css.engine.reportCcws = !fast;
  const device = new ImmediateNop(0x190);
  css.attach(0, device);
  const seen: Seen[] = [];
  const observe = (): void => {
    const sch = css.subchannel(0);
    const c = css.engine.counter(0);
    seen.push({ now: scheduler.now, cpa: sch?.scsw.cpa ?? -1, count: sch?.scsw.count ?? -1, fetched: c.fetched, executed: c.executed, lastExecuted: c.lastExecuted, active: css.engine.programs.has(0) });
  };
  css.startSubchannel(0, ORB_AREA.decode(ORB.encode({ F: format1 ? 1 : 0, lpm: 0x80, cpa: 0x1000 })));
  if (!asHorizon) scheduler.at(at, { kind: 'other', schno: 1 }, observe);
  let events = 0;
  for (;;) {
    scheduler.horizon = asHorizon && seen.length === 0 ? at : Number.POSITIVE_INFINITY;
    const next = scheduler.peek();
    if (asHorizon && seen.length === 0 && (!next || next.time > at)) {
      scheduler.advanceTo(at);
      observe();
      continue;
    }
    if (!scheduler.runNext()) break;
    events++;
  }
  observe();
  return { seen, steps: events + scheduler.inlined, answered: device.answered, keys: [...storage.keys] };
}

describe('strings of immediate CCWs settle exactly where an observer looks', () => {
  for (const format1 of [true, false]) {
    test(`format ${format1 ? 1 : 0}: an event queued at every 125 ns of the chain sees the per-CCW state`, () => {
      let inline = 0;
      for (let at = 0; at <= 40 * 1250 + 2000; at += 125) {
        const slow = run(false, at, format1, false);
        const fast = run(true, at, format1, false);
        expect({ ...fast, answered: 0 }, `observer at ${at} ns`).toEqual({ ...slow, answered: 0 });
        if (fast.answered > 0) inline++;
      }
      expect(inline).toBeGreaterThan(300);
    });

    test(`format ${format1 ? 1 : 0}: a CPU deadline (the horizon) at every 125 ns of the chain sees the per-CCW state`, () => {
      for (let at = 0; at <= 40 * 1250 + 2000; at += 125) {
        const slow = run(false, at, format1, true);
        const fast = run(true, at, format1, true);
        expect({ ...fast, answered: 0 }, `deadline at ${at} ns`).toEqual({ ...slow, answered: 0 });
      }
    });
  }
});
