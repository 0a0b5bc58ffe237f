/** Byte-array helpers every layer uses (one copy, not one per file). */

export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0] as Uint8Array;
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * `length` bytes of `a` from `at` are those of `b` from `bt` (compared where they are: no copy,
 * no subarray); false when either run goes past the end of its array.
 */
export function sameBytesAt(a: Uint8Array, at: number, b: Uint8Array, bt: number, length: number): boolean {
  if (at < 0 || bt < 0 || at + length > a.length || bt + length > b.length) return false;
  for (let i = 0; i < length; i++) if (a[at + i] !== b[bt + i]) return false;
  return true;
}
