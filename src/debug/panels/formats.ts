/** A field's value in the three forms the panels' format toggle picks from. */
import { hex } from '../../arch';

/** `X'0C'`, `B'0000 1100'`, `12` for a value of `width` bits. */
export function formats(value: number, width: number): { hex: string; bin: string; dec: string } {
  const v = width === 64 ? value : value >>> 0;
  const bits = v.toString(2).padStart(width, '0');
  return { hex: `X'${hex(v, Math.max(1, Math.ceil(width / 4)))}'`, bin: `B'${nibbles(bits)}'`, dec: String(value) };
}

/** `bits` in groups of four counted from IBM bit 0 (the left), as the PoO figures draw them: `0000 1100`. */
function nibbles(bits: string): string {
  if (bits.length <= 4) return bits;
  let out = bits.slice(0, 4);
  for (let i = 4; i < bits.length; i += 4) out += ` ${bits.slice(i, i + 4)}`;
  return out;
}
