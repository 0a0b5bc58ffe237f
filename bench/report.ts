import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** What every bench suite shares: a line printer and best-of-N timing. */
export type Report = (line: string) => void;

export function best<T extends { ms: number }>(runs: number, f: () => T): T {
  let result = f();
  for (let i = 1; i < runs; i++) {
    const r = f();
    if (r.ms < result.ms) result = r;
  }
  return result;
}


/**
 * A full garbage collection, for memory figures: `npm run bench` runs plain `node`, so the `gc`
 * function is made available through V8's flag at run time rather than `--expose-gc`.
 */
export function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as (() => void) | undefined;
  gc?.();
}
