/**
 * A value the user typed for one field of an arch structure, encoded into the structure's bytes
 * through its field table (never by hand): the set variable requests of the Subchannel and IRB
 * scopes go through here. Bad input gives a message saying what would fit, never an exception.
 */
import { hex, type AnyField, type NumberField, type Structure } from '../arch';

export type FieldSet = { readonly bytes: Uint8Array; readonly field: NumberField | { readonly kind: 'bytes'; readonly name: string; readonly offset: number; readonly length: number } } | { readonly error: string };

/**
 * Sets the field named by `path` (nested structures first, e.g. ['scsw', 'dstat']) in a copy of
 * `bytes`, which hold `structure` at offset 0.
 */
export function setField<T>(structure: Structure<T>, bytes: Uint8Array, path: readonly string[], text: string): FieldSet {
  let struct: Structure<unknown> = structure as Structure<unknown>;
  let base = 0;
  const out = bytes.slice();
  for (let i = 0; i < path.length; i++) {
    const name = path[i] as string;
    const f: AnyField | undefined = struct.fields.find((x) => x.name === name);
    if (!f) return { error: `${struct.name} has no field ${name}` };
    const last = i === path.length - 1;
    if (f.kind === 'struct') {
      if (last) return { error: `${name} is a structure: set one of its fields` };
      struct = f.struct;
      base += f.offset;
      continue;
    }
    if (!last) return { error: `${name} has no fields` };
    if (f.kind === 'bytes') {
      const parsed = parseHexBytes(text, f.length);
      if ('error' in parsed) return { error: `${name}: ${parsed.error}` };
      out.set(parsed.bytes, base + f.offset);
      return { bytes: out, field: { kind: 'bytes', name, offset: base + f.offset, length: f.length } };
    }
    const value = parseNumber(f, text);
    if (typeof value === 'string') return { error: `${name}: ${value}` };
    try {
      struct.set(out, base, name, value);
    } catch {
      return { error: `${name}: ${text.trim()} does not fit in ${f.width} bit${f.width === 1 ? '' : 's'} (${rangeText(f)})` };
    }
    return { bytes: out, field: f };
  }
  return { error: 'no field named' };
}

/** The number a user's text stands for in a field: names from the table, X'..', B'..', 0x.., decimal. */
export function parseNumber(f: NumberField, text: string): number | string {
  const v = text.trim();
  let m = /^X'([0-9A-F]+)'$/i.exec(v) ?? /^0x([0-9A-F]+)$/i.exec(v);
  if (m) return parseInt(m[1] as string, 16);
  m = /^B'([01]+)'$/i.exec(v);
  if (m) return parseInt(m[1] as string, 2);
  if (/^-?\d{1,16}$/.test(v)) return Number(v);
  if (f.names) {
    const names = f.names.names;
    const find = (n: string) => Object.entries(names).find(([k]) => k.toUpperCase() === n.trim().toUpperCase())?.[1];
    if (f.names.kind === 'value') {
      const n = find(v);
      if (n !== undefined) return n;
    } else {
      let mask = 0;
      const parts = v === '0' ? [] : v.split('+');
      for (const p of parts) {
        const bit = find(p);
        if (bit === undefined) return `${p.trim()} is not one of ${Object.keys(names).join(' ')}`;
        mask |= bit;
      }
      if (parts.length > 0) return mask >>> 0;
    }
    return `write a number (X'..', B'..', decimal) or ${f.names.kind === 'mask' ? 'names joined by +' : 'a name'}: ${Object.keys(names).join(' ')}`;
  }
  return `write X'..', B'..' or a decimal number, not ${v}`;
}

function rangeText(f: NumberField): string {
  if (f.signed) return `${-(2 ** (f.width - 1))} to ${2 ** (f.width - 1) - 1}`;
  return f.width === 1 ? '0 or 1' : `0 to X'${hex(2 ** f.width - 1, Math.ceil(f.width / 4))}'`;
}

/** X'..' bytes for a byte-run field: exactly as long as the field, or shorter and padded right with zeros. */
function parseHexBytes(text: string, length: number): { bytes: Uint8Array } | { error: string } {
  const m = /^X'([0-9A-F]*)'$/i.exec(text.trim());
  if (!m || (m[1] as string).length % 2 !== 0) return { error: `write the bytes as X'..' (an even number of hex digits, at most ${length} bytes)` };
  const digits = m[1] as string;
  if (digits.length / 2 > length) return { error: `X'${digits}' is longer than the field's ${length} bytes` };
  const out = new Uint8Array(length);
  for (let i = 0; i < digits.length / 2; i++) out[i] = parseInt(digits.slice(i * 2, i * 2 + 2), 16);
  return { bytes: out };
}
