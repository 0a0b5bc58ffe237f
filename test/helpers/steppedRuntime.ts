/**
 * Test helper: a Runtime on an assembled program, with a `step` that issues a command and waits
 * for the stop it causes (restart rebuilds the machine from the same Image).
 */
import { readFileSync } from 'node:fs';
import { assemble } from '../../src/asm';
import type { Image } from '../../src/asm';
import { createDevice } from '../../src/devices';
import { Machine } from '../../src/runtime/machine';
import { CPU_THREAD_ID, Runtime, type StopEvent } from '../../src/runtime/runtime';

export interface SteppedRuntime {
  readonly runtime: Runtime;
  readonly image: Image;
  /** Runs `go` and resolves with the stop it leads to. */
  step(go: () => void): Promise<StopEvent>;
}

export function steppedRuntime(source: string, file: string, path: 'vfio' | 'direct' = 'vfio'): SteppedRuntime {
  const { image } = assemble(source, { file });
  const build = (): Machine => {
    const m = Machine.create(image, { createDevice, path });
    if ('errors' in m) throw new Error(m.errors.join('\n'));
    return m;
  };
  let waiting: ((e: StopEvent) => void) | null = null;
  const runtime = new Runtime(build(), { defer: (fn) => setTimeout(fn, 0), onStop: (e) => waiting?.(e), rebuild: build });
  const step = (go: () => void): Promise<StopEvent> =>
    new Promise<StopEvent>((resolve) => {
      waiting = resolve;
      go();
    });
  return { runtime, image, step };
}

/**
 * examples/read-vol1.ccw stopped at its first CCW (the SSCH stepped into): on PATH vfio the host
 * subchannel has the program running, and the DASD has its Define Extent to run.
 */
export async function readVol1AtFirstCcw(path: 'vfio' | 'direct' = 'vfio'): Promise<SteppedRuntime> {
  const t = steppedRuntime(readFileSync('examples/read-vol1.ccw', 'utf8'), 'read-vol1.ccw', path);
  await t.step(() => t.runtime.stopOnEntry());
  await t.step(() => t.runtime.stepIn(CPU_THREAD_ID));
  return t;
}
