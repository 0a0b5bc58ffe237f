/**
 * Test helper: a Runtime on an assembled program, with a `step` that issues a command and waits
 * for the stop it causes (restart rebuilds the machine from the same Image).
 */
import { assemble } from '../../src/asm';
import type { Image } from '../../src/asm';
import { createDevice } from '../../src/devices';
import { Machine } from '../../src/runtime/machine';
import { Runtime, type StopEvent } from '../../src/runtime/runtime';

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
