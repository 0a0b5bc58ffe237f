/**
 * The runtime on the engine's fast path against the reference (one event per CCW,
 * `batch: false`): the same session of continues, steps, stepBacks and reverseContinues must give
 * the same stops (reason, thread, breakpoint ids, description), at the same history positions and
 * virtual times, with the same stacks, logpoint output and storage. This is the spec of task
 * "batching in the product": breakpoints, conditions, hit counts, logpoints, runaway detection
 * and history behave as without batching.
 */
import { describe, expect, test } from 'vitest';
import { assemble } from '../../../src/asm';
import { createDevice } from '../../../src/devices';
import { guestViewOfCcw } from '../../../src/runtime/guestView';
import { Machine } from '../../../src/runtime/machine';
import { Runtime, type StopEvent } from '../../../src/runtime/runtime';

const PROGRAM = `
         DEVICE 0190,3390-3
         DEVICE 0191,3390-3
RUN      ORB   CPA=CHAIN,FMT=1
LOOPORB  ORB   CPA=LOOP,FMT=1
CHAIN    CCW1  X'03',0,X'60',1
N2       CCW1  X'03',0,X'60',1
N3       CCW1  X'03',0,X'40',0
         CCW1  X'08',MORE,0,0
MORE     CCW1  X'03',0,X'60',1
N5       CCW1  X'03',DATA,X'60',4
SEEK     CCW1  X'07',SEEKADDR,X'40',6
N6       CCW1  X'03',0,X'60',1
N7       CCW1  X'03',0,X'20',1
LOOP     CCW1  X'03',0,X'60',1
LP2      CCW1  X'03',0,X'60',1
         CCW1  X'08',LOOP,0,0
SEEKADDR DC    XL6'0'
DATA     DC    XL4'C1C2C3C4'
         SSCH  0190,RUN
         WAIT  0190
         EXPECT CC=0
         SSCH  0190,RUN
         WAIT  0190
         SSCH  0191,LOOPORB
         DELAY 2000000
         HSCH  0191
         WAIT  0191
         SSCH  0191,LOOPORB
         WAIT  0191,30
         HSCH  0191
         WAIT  0191
         SSCH  0191,LOOPORB
         AWAIT 0191,ACTIVE
         HSCH  0191
         WAIT  0191
         END
`;

interface Observed {
  readonly stop: StopEvent;
  readonly position: number;
  readonly now: number;
  readonly stacks: string[];
  readonly storage: string;
  /** The trace the runtime keeps (what ccw/trace answers), with every entry's kind, time and address. */
  readonly trace: string;
}

function session(batch: boolean, maxCcws = 1_000_000, recordEveryCcw = false) {
  const { image, diagnostics } = assemble(PROGRAM, { file: 'prog.ccw' });
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) throw new Error(errors.map((d) => `${d.line}: ${d.message}`).join('\n'));
  const build = () => Machine.create(image, { createDevice, path: 'direct' }) as Machine;
  const logs: string[] = [];
  let waiting: ((e: StopEvent) => void) | null = null;
  const runtime = new Runtime(build(), {
    defer: (fn) => setImmediate(fn),
    onStop: (e) => {
      const w = waiting;
      waiting = null;
      w?.(e);
    },
    onLog: (text) => logs.push(text),
    rebuild: build,
    sliceAtoms: 300,
    maxCcws,
    batch,
    recordEveryCcw,
  });
  const sym = (name: string) => image.symbols.find((s) => s.name === name)!.value;
  const observe = (stop: StopEvent): Observed => ({
    stop,
    position: runtime.atoms,
    now: runtime.machine.scheduler.now,
    stacks: runtime.threads().map((t) => runtime.stack(t.id).map((f) => `${f.name} ${f.loc?.line ?? '-'}`).join(' / ')),
    storage: Buffer.from(runtime.machine.guest.bytes.subarray(0, 0x2000)).toString('hex'),
    // Without recordEveryCcw the fast path leaves inline CCWs out of the trace (by design).
    trace: !recordEveryCcw ? '' : `${runtime.trace.entries.length}: ${runtime.trace.entries.map((e) => `${e.kind}${'time' in e ? ` ${e.time}` : ''}${'address' in e ? ` ${e.address}` : ''}`).join(',')}`,
  });
  const act = async (f: () => unknown): Promise<Observed> => {
    const stopped = new Promise<StopEvent>((r) => (waiting = r));
    const refused = f();
    if (typeof refused === 'string') throw new Error(refused);
    return observe(await stopped);
  };
  return { runtime, logs, sym, act };
}

async function script(batch: boolean, recordEveryCcw: boolean): Promise<{ observed: Observed[]; logs: string[] }> {
  const s = session(batch, 1_000_000, recordEveryCcw);
  const { runtime, sym, act } = s;
  const lines = PROGRAM.split('\n');
  const lineOf = (re: RegExp) => lines.findIndex((l) => re.test(l)) + 1;
  runtime.breakpoints.setInstructions([{ instructionReference: `0x${sym('N3').toString(16)}` }, { instructionReference: `0x${sym('LP2').toString(16)}`, hitCondition: '% 7' }]);
  runtime.breakpoints.setSource('prog.ccw', [{ line: lineOf(/^N6 /) }, { line: lineOf(/^N5 /), logMessage: 'at N5' }, { line: lineOf(/^N7 /), condition: 'CC=0' }]);
  runtime.breakpoints.setFunctions([{ name: 'SEEK' }], runtime.machine.devices.map((d) => ({ devno: d.devno, commandName: (c: number) => d.device.commandName(c) })));
  const observed: Observed[] = [];
  for (let i = 0; i < 14; i++) {
    const o = await act(() => runtime.continue());
    observed.push(o);
    if (o.stop.reason === 'end') break;
    // Mix in steps on the CPU and on a subchannel, and a step back now and then.
    if (i === 2) observed.push(await act(() => runtime.next(101)));
    if (i === 3) observed.push(await act(() => runtime.stepBack()));
    if (i === 5) observed.push(await act(() => runtime.next(1)));
    if (i === 7) observed.push(await act(() => runtime.reverseContinue()));
  }
  // Back through history one stop at a time.
  for (let i = 0; i < 4 && runtime.canReverse; i++) observed.push(await act(() => runtime.stepBack()));
  return { observed, logs: s.logs };
}

describe('runtime on the fast path ≡ one event per CCW', () => {
  test.each([true, false])('continue, steps, stepBack and reverseContinue with address, line, function, conditional, hit-count and log breakpoints (every CCW recorded: %s)', async (record) => {
    const reference = await script(false, record);
    const batched = await script(true, record);
    expect(reference.observed.length).toBeGreaterThan(10);
    expect(batched.observed).toEqual(reference.observed);
    expect(batched.logs).toEqual(reference.logs);
    // The session met every kind of stop it is about.
    const reasons = new Set(reference.observed.map((o) => o.stop.reason));
    for (const r of ['instruction breakpoint', 'breakpoint', 'function breakpoint', 'step']) expect(reasons).toContain(r);
    if (process.env['SHOW']) console.log(reference.observed.map((o) => `${o.stop.reason} ${o.stop.description} @${o.position}`).join('\n'), reference.logs);
  });

  test('a runaway program stops at the same CCW and position, with the same exception', async () => {
    const runaway = async (batch: boolean) => {
      const s = session(batch, 5_000, true);
      s.runtime.setExceptionFilters(new Map([['runaway', null]]));
      const out: Observed[] = [];
      for (let i = 0; i < 4; i++) {
        const o = await s.act(() => s.runtime.continue());
        out.push(o);
        if (o.stop.reason === 'end') break;
      }
      return out;
    };
    const reference = await runaway(false);
    expect(reference.some((o) => o.stop.reason === 'exception')).toBe(true);
    expect(await runaway(true)).toEqual(reference);
  });

  test('a long loop, every CCW recorded: continue, step and stepBack give the same stops, states and kept trace', async () => {
    const long = async (batch: boolean) => {
      const s = session(batch, 1_000_000, true);
      const { runtime, sym, act } = s;
      runtime.breakpoints.setInstructions([{ instructionReference: `0x${sym('LP2').toString(16)}`, hitCondition: '>= 20000' }]);
      const first = await act(() => runtime.continue());
      const fetched = runtime.machine.fetchCount.get(1) ?? 0;
      const stepped = await act(() => runtime.next(101));
      const back = await act(() => runtime.stepBack());
      return { first, fetched, stepped, back };
    };
    const reference = await long(false);
    expect(reference.first.stop.reason).toBe('instruction breakpoint');
    expect(reference.fetched).toBeGreaterThan(39_000);
    expect(reference.back.trace).toMatch(/^1000: /);
    expect({ ...reference.back, stop: null }).toEqual({ ...reference.first, stop: null });
    expect(await long(true)).toEqual(reference);
  });
});

describe('ccw run on the fast path', () => {
  const RUNAWAY = [
    '         DEVICE 0190,3390-3',
    'LOOP     ORB   CPA=SPIN,FMT=1',
    'PRE      CCW1  X\'03\',0,X\'60\',1',
    "SPIN     CCW1  X'03',0,X'60',1",
    "BACK     CCW1  X'08',SPIN,0,0",
    '         SSCH  0190,LOOP',
    '         WAIT  0190',
    '         END',
  ].join('\n');
  const files = { readText: async (path: string) => (path === '/ws/spin.ccw' ? RUNAWAY : null) };

  /** The reference: one event per CCW, counting records, as `ccw run` did before the fast path. */
  function reference(maxCcws: number) {
    const { image } = assemble(RUNAWAY, { file: '/ws/spin.ccw' });
    const machine = Machine.create(image, { createDevice }) as Machine;
    let ccws = 0;
    let last = { devno: 0, address: 0, ticHops: [] as readonly number[] };
    machine.addListener({
      ccw: (record, device) => {
        ccws++;
        // Guest addresses (the default PATH is vfio, where the channel runs the translated copy).
        last = { devno: device.devno, address: guestViewOfCcw(device, record.address, record.ccw).address, ticHops: record.ticHops.map((a) => guestViewOfCcw(device, a, null).address) };
      },
    });
    while (machine.advance().kind !== 'idle' && ccws < maxCcws);
    return { ccws, ...last, now: machine.scheduler.now };
  }

  test('--max-ccws stops exactly at the limit, on the CCW the reference stops on, also past a 16,384-CCW batch (PATH vfio)', async () => {
    const { runProgramFile } = await import('../../../src/runtime/runFile');
    const { NO_DEVICE_HOST } = await import('../../../src/devices');
    for (const maxCcws of [1, 2, 3, 100, 16_385, 40_001]) {
      let machine: Machine | null = null;
      const outcome = await runProgramFile('/ws/spin.ccw', { maxCcws, deviceHost: NO_DEVICE_HOST, onStart: (m) => void (machine = m) }, files);
      if (outcome.kind !== 'ran' || machine === null) throw new Error(outcome.kind);
      const ref = reference(maxCcws);
      const now = (machine as Machine).scheduler.now;
      expect({ ...outcome.runaway, now }, `maxCcws ${maxCcws}`).toEqual({ ccws: ref.ccws, devno: ref.devno, address: ref.address, ticHops: [...ref.ticHops], now: ref.now });
    }
  });
});
