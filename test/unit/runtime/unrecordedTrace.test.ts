/**
 * A debug session with the Debug Console trace off does not record the CCWs the fast path runs
 * inline (Runtime option `recordEveryCcw`): the trace it keeps must still account for every CCW
 * (records plus `unrecorded` counts, where they ran), and hold the same statements and
 * interruptions (what the IRB History panel lists) as a trace that records every CCW.
 */
import { describe, expect, test } from 'vitest';
import { assemble } from '../../../src/asm';
import { createDevice } from '../../../src/devices';
import { Machine } from '../../../src/runtime/machine';
import { Runtime, type StopEvent } from '../../../src/runtime/runtime';
import { formatTraceEntry, type TraceEntry } from '../../../src/runtime/trace';

const PROGRAM = `
         DEVICE 0190,3390-3
         DEVICE 0191,3390-3
RUN      ORB   CPA=CHAIN,FMT=1
LOOPORB  ORB   CPA=LOOP,FMT=1
CHAIN    CCW1  X'03',0,X'60',1
         CCW1  X'03',0,X'60',1
         CCW1  X'03',0,X'60',1
         CCW1  X'03',0,X'60',1
         CCW1  X'03',0,X'20',1
LOOP     CCW1  X'03',0,X'60',1
         CCW1  X'08',LOOP,0,0
         SSCH  0190,RUN
         WAIT  0190
         SSCH  0191,LOOPORB
         DELAY 200000
         HSCH  0191
         WAIT  0191
SECOND   SSCH  0190,RUN
         WAIT  0190
         END
`;

function session(recordEveryCcw: boolean) {
  const { image } = assemble(PROGRAM, { file: 'prog.ccw' });
  const build = () => Machine.create(image, { createDevice, path: 'direct' }) as Machine;
  let waiting: ((e: StopEvent) => void) | null = null;
  const runtime = new Runtime(build(), {
    defer: (fn) => setImmediate(fn),
    onStop: (e) => {
      const w = waiting;
      waiting = null;
      w?.(e);
    },
    onTrace: () => {},
    rebuild: build,
    recordEveryCcw,
  });
  const act = (f: () => unknown): Promise<StopEvent> => {
    const stopped = new Promise<StopEvent>((r) => (waiting = r));
    f();
    return stopped;
  };
  return { runtime, act };
}

/** CCWs the trace accounts for, per devno: its records plus the counts of `unrecorded` entries. */
function accounted(entries: readonly TraceEntry[]): Map<number, number> {
  const n = new Map<number, number>();
  for (const e of entries) {
    if (e.kind === 'ccw') n.set(e.devno, (n.get(e.devno) ?? 0) + 1);
    if (e.kind === 'unrecorded') n.set(e.devno, (n.get(e.devno) ?? 0) + e.ccws);
  }
  return n;
}

function executed(runtime: Runtime): Map<number, number> {
  return new Map(runtime.machine.devices.map((d) => [d.devno, runtime.machine.css.engine.counter(d.cssSchno).executed]));
}

/** What the IRB History panel and the stop/interruption lines are made of. */
function interruptions(entries: readonly TraceEntry[]): string[] {
  return entries.flatMap((e) =>
    e.kind === 'statement'
      ? [`${e.record.statement.loc.line} ${e.record.cc} ${e.record.irb ? Buffer.from(e.record.irb).toString('hex') : '-'}`]
      : e.kind === 'status'
        ? [`status ${e.devno} ${e.time} ${e.stctl} ${e.dstat} ${e.cstat} ${e.count} ${e.cpa}`]
        : [],
  );
}

describe('trace with recordEveryCcw off', () => {
  test('accounts for every CCW executed and keeps the same statements and interruptions', async () => {
    const off = session(false);
    expect((await off.act(() => off.runtime.continue())).reason).toBe('end');
    const on = session(true);
    expect((await on.act(() => on.runtime.continue())).reason).toBe('end');

    expect(accounted(off.runtime.trace.entries)).toEqual(executed(off.runtime));
    expect(accounted(on.runtime.trace.entries)).toEqual(executed(on.runtime));
    expect(executed(off.runtime)).toEqual(executed(on.runtime));
    expect(on.runtime.trace.entries.some((e) => e.kind === 'unrecorded')).toBe(false);
    // The inline NOPs of the loop are counted, not recorded.
    const gaps = off.runtime.trace.entries.filter((e) => e.kind === 'unrecorded');
    expect(gaps.length).toBeGreaterThan(0);
    expect(off.runtime.trace.entries.filter((e) => e.kind === 'ccw').length).toBeLessThan(on.runtime.trace.entries.filter((e) => e.kind === 'ccw').length);
    expect(interruptions(off.runtime.trace.entries)).toEqual(interruptions(on.runtime.trace.entries));

    const text = formatTraceEntry(gaps[0]!, { sourceLine: () => '', ebcdic: () => '' });
    expect(text).toHaveLength(1);
    expect(text[0]).toMatch(/ 0190 … 4 CCW\(s\) ran batched without trace records/);
  });

  test('an unrecorded entry stands where its CCWs ran: before the entry that follows them', async () => {
    const off = session(false);
    await off.act(() => off.runtime.continue());
    const entries = off.runtime.trace.entries;
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i]!;
      if (e.kind !== 'unrecorded') continue;
      // Noticed no earlier than the last entry before it, and the loop's CCWs ran after its SSCH.
      const before = entries.slice(0, i).reverse().find((x) => 'time' in x);
      if (before && 'time' in before) expect(e.time).toBeGreaterThanOrEqual(before.time);
      const ssch = entries.slice(0, i).some((x) => x.kind === 'statement' && x.record.statement.op === 'SSCH' && x.record.statement.devno === e.devno);
      expect(ssch).toBe(true);
    }
  });

  test('turned on at a stop, it records every CCW from there on; positions are unchanged', async () => {
    const off = session(false);
    const line = PROGRAM.split('\n').findIndex((l) => l.startsWith('SECOND')) + 1;
    off.runtime.breakpoints.setSource('prog.ccw', [{ line }]);
    expect((await off.act(() => off.runtime.continue())).reason).toBe('breakpoint');
    const at = off.runtime.atoms;
    const stopIndex = off.runtime.trace.entries.length;
    expect(off.runtime.trace.entries.some((e) => e.kind === 'unrecorded')).toBe(true);
    off.runtime.recordEveryCcw = true;
    expect((await off.act(() => off.runtime.continue())).reason).toBe('end');
    const after = off.runtime.trace.entries.slice(stopIndex);
    expect(after.some((e) => e.kind === 'unrecorded')).toBe(false);
    expect(after.filter((e) => e.kind === 'ccw')).toHaveLength(5);
    expect(accounted(off.runtime.trace.entries)).toEqual(executed(off.runtime));

    const on = session(true);
    on.runtime.breakpoints.setSource('prog.ccw', [{ line }]);
    await on.act(() => on.runtime.continue());
    expect(on.runtime.atoms).toBe(at);
  });

  test('a step back replays to the same stop and the trace still accounts for every CCW', async () => {
    const off = session(false);
    const line = PROGRAM.split('\n').findIndex((l) => l.startsWith('SECOND')) + 1;
    off.runtime.breakpoints.setSource('prog.ccw', [{ line }]);
    await off.act(() => off.runtime.continue());
    const at = off.runtime.atoms;
    await off.act(() => off.runtime.next(1));
    await off.act(() => off.runtime.stepBack());
    expect(off.runtime.atoms).toBe(at);
    expect(accounted(off.runtime.trace.entries)).toEqual(executed(off.runtime));
  });
});
