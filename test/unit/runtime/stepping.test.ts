/**
 * The debugger's stepping model (ARCHITECTURE.md "The debugger's model"): stop on the SSCH,
 * step into the channel program, one CCW per step, status pending once, then the CPU's next
 * statement; breakpoints on CCW lines; execution in slices that a pause interrupts.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { assemble } from '../../../src/asm';
import { createDevice } from '../../../src/devices';
import { Machine } from '../../../src/runtime/machine';
import { CPU_THREAD_ID, Runtime, type StopEvent } from '../../../src/runtime/runtime';

function start(source: string, file = 'prog.ccw') {
  const { image, diagnostics } = assemble(source, { file });
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) throw new Error(errors.map((d) => d.message).join('\n'));
  const machine = Machine.create(image, { createDevice });
  if ('errors' in machine) throw new Error(machine.errors.join('\n'));
  const stops: StopEvent[] = [];
  let waiting: ((e: StopEvent) => void) | null = null;
  const runtime = new Runtime(machine, {
    defer: (fn) => setTimeout(fn, 0),
    onStop: (e) => {
      stops.push(e);
      waiting?.(e);
      waiting = null;
    },
    sliceAtoms: 500,
  });
  const nextStop = () => new Promise<StopEvent>((resolve) => (waiting = resolve));
  const lines = source.split('\n');
  const lineOf = (re: RegExp) => lines.findIndex((l) => re.test(l)) + 1;
  const top = (threadId: number) => runtime.stack(threadId)[0];
  return { machine, runtime, stops, nextStop, lineOf, top };
}

const EXAMPLE = readFileSync('examples/read-vol1.ccw', 'utf8');

describe('stepping through examples/read-vol1.ccw', () => {
  test('entry, step into, CCW by CCW, status pending, then the CPU', async () => {
    const t = start(EXAMPLE);
    const sch = t.runtime.threads()[1]!.id;
    t.runtime.stopOnEntry();
    expect(t.stops[0]).toMatchObject({ reason: 'entry', threadId: CPU_THREAD_ID });
    expect(t.top(CPU_THREAD_ID)?.loc?.line).toBe(t.lineOf(/^\s+SSCH/));

    let stop = t.nextStop();
    t.runtime.stepIn(CPU_THREAD_ID);
    expect(await stop).toMatchObject({ reason: 'step', threadId: sch });
    expect(t.top(sch)?.loc?.line).toBe(t.lineOf(/DEFEXT,DEXTPARM/));
    // The CPU went on to the WAIT and waits there while the channel works.
    expect(t.top(CPU_THREAD_ID)?.name).toMatch(/^WAIT \(waiting/);

    for (const re of [/LOCREC,LOCPARM/, /RDDATA,LABEL/]) {
      stop = t.nextStop();
      t.runtime.next(sch);
      await stop;
      expect(t.top(sch)?.loc?.line).toBe(t.lineOf(re));
    }
    stop = t.nextStop();
    t.runtime.next(sch);
    expect(await stop).toMatchObject({ threadId: sch, description: 'Status pending' });
    expect(t.top(sch)?.name).toBe('status pending');

    stop = t.nextStop();
    t.runtime.next(sch);
    expect(await stop).toMatchObject({ threadId: CPU_THREAD_ID });
    expect(t.top(CPU_THREAD_ID)?.loc?.line).toBe(t.lineOf(/EXPECT CC=0/));
    expect(t.machine.driver.lastIrb).not.toBeNull();
  });

  test('next on the CPU runs one statement: SSCH, then the WAIT with all its channel activity', async () => {
    const t = start(EXAMPLE);
    t.runtime.stopOnEntry();
    let stop = t.nextStop();
    t.runtime.next(CPU_THREAD_ID);
    await stop;
    expect(t.top(CPU_THREAD_ID)?.loc?.line).toBe(t.lineOf(/^\s+WAIT/));
    stop = t.nextStop();
    t.runtime.next(CPU_THREAD_ID);
    await stop;
    expect(t.top(CPU_THREAD_ID)?.loc?.line).toBe(t.lineOf(/EXPECT CC=0/));
  });

  test('a breakpoint on a CCW line stops the subchannel there; continue then stops at END', async () => {
    const t = start(EXAMPLE, 'prog.ccw');
    const line = t.lineOf(/RDDATA,LABEL/);
    expect(t.runtime.setBreakpoints('prog.ccw', [line, 3])).toEqual([line, null]);
    let stop = t.nextStop();
    t.runtime.continue();
    expect(await stop).toMatchObject({ reason: 'breakpoint' });
    const sch = t.runtime.threads()[1]!.id;
    expect(t.top(sch)?.loc?.line).toBe(line);
    stop = t.nextStop();
    t.runtime.continue();
    expect(await stop).toMatchObject({ reason: 'end', threadId: CPU_THREAD_ID });
    expect(t.machine.driver.failed).toBe(0);
  });
});

describe('execution in slices', () => {
  const LOOP = [
    '         DEVICE 0190,3390-3',
    'RUN      ORB   CPA=LOOP,FMT=1',
    "LOOP     CCW1  X'03',0,X'60',1",
    "         CCW1  X'08',LOOP,0,0",
    '         SSCH  0190,RUN',
    '         WAIT  0190',
    '         END',
  ].join('\n');

  test('an endless TIC loop does not block the host, and pause stops it on the subchannel', async () => {
    const t = start(LOOP);
    const stop = t.nextStop();
    t.runtime.continue();
    // Other work gets the thread between slices while the loop runs.
    const ticks = await new Promise<number>((resolve) => {
      let n = 0;
      const tick = () => (++n < 5 ? setTimeout(tick, 0) : resolve(n));
      setTimeout(tick, 0);
    });
    expect(ticks).toBe(5);
    expect(t.runtime.isRunning).toBe(true);
    t.runtime.pause();
    const e = await stop;
    expect(e.reason).toBe('pause');
    const sch = t.runtime.threads()[1]!.id;
    expect(e.threadId).toBe(sch);
    expect(t.machine.fetchCount.get(0)).toBeGreaterThan(500);
  });
});
