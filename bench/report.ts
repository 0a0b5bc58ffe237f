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

