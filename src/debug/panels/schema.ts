/**
 * Field rows on the wire as a schema and values. A structure's rows repeat the same static
 * details at every stop (name, doc, IBM bit label, offset, length): only the values change. So
 * the static details of a table are one shared part (sent once, then named: parts.ts), and a
 * rows array is sent as `{ $rows: schema, key, base, address, values }`; the client rebuilds
 * the very rows fieldRows built (key = key/name, offset = base + the field's offset, hex and
 * binary from the decimal value and the field's width).
 *
 * Rows are registered here by fieldRows when they are built: only registered arrays take this
 * form; any other array of rows goes as it is.
 */
import type { Structure } from '../../arch';
import type { FieldRow } from './fieldRows';
import { formats } from './formats';
import { markShared, placementAttached, setPlacement } from './shared';

/** The static details of one field of a table. */
export interface SchemaField {
  readonly name: string;
  readonly doc: string;
  readonly bits: string;
  /** Byte offset relative to the structure. */
  readonly offset: number;
  readonly length: number;
  /** Numeric fields: the width in bits (hex and binary are derived from the value with it). */
  readonly width?: number;
  /** Numeric fields whose table writes the value in decimal or in binary rather than in hex (the row's usual text). */
  readonly style?: 'dec' | 'bin';
  readonly isAddress?: true;
  /** The field is a nested structure (its rows are children). */
  readonly struct?: true;
}

/** Where a rows array sits: key prefix, offset base, guest address of offset 0. */
interface Placement {
  readonly schema: readonly SchemaField[];
  readonly key: string;
  readonly base: number;
  readonly address: number | undefined;
}

/** One row's value on the wire (see encodeValue). */
type WireValue = number | string | readonly [number | string, string] | { readonly text: string; readonly children?: unknown };

/** The wire form of a registered rows array. */
export interface WireRows {
  readonly $rows: unknown;
  readonly key: string;
  readonly base: number;
  readonly address?: number;
  readonly values: readonly unknown[];
}

const schemas = new WeakMap<Structure<unknown>, readonly SchemaField[]>();
/** The placement of registered rows (shared.ts keeps it with the rows' id). */
const placed = {
  get: (rows: readonly unknown[]): Placement | undefined => placementAttached(rows) as Placement | undefined,
  set: (rows: readonly unknown[], p: Placement): void => setPlacement(rows, p),
  has: (rows: readonly unknown[]): boolean => placementAttached(rows) !== undefined,
};

/** The schema of a table, derived once from its own describe() (the static details do not depend on the bytes). */
export function schemaOf(struct: Structure<unknown>): readonly SchemaField[] {
  let s = schemas.get(struct);
  if (!s) {
    const fields = struct.fields;
    s = markShared(
      struct.describe(new Uint8Array(struct.size)).map((d, i): SchemaField => {
        const f = fields[i];
        return {
          name: d.name,
          doc: d.doc,
          bits: d.bits,
          offset: d.byteOffset,
          length: d.byteLength,
          ...(f?.kind === 'number' ? { width: f.width, ...styleOf(f.format), ...(f.format === 'address' ? { isAddress: true as const } : {}) } : {}),
          ...(f?.kind === 'struct' ? { struct: true as const } : {}),
        };
      }),
    );
    schemas.set(struct, s);
  }
  return s;
}

/** How the table writes a number field's value (arch/field.ts numberText): hex unless flag, dec or bin. */
function styleOf(format: string): { style?: 'dec' | 'bin' } {
  return format === 'flag' || format === 'dec' ? { style: 'dec' } : format === 'bin' ? { style: 'bin' } : {};
}

/** The text a row of field `f` has for value `v` when the table adds nothing (no value name). */
function usualText(v: number, f: SchemaField, x: { hex: string; dec: string }): string {
  return f.style === 'dec' ? x.dec : f.style === 'bin' ? `B'${v.toString(2).padStart(f.width ?? 32, '0')}'` : x.hex;
}

/** Records that `rows` are the rows of `struct` placed at key/base/address (fieldRows calls this). */
export function registerRows(rows: readonly FieldRow[], struct: Structure<unknown>, key: string, base: number, address: number | undefined): void {
  placed.set(rows, { schema: schemaOf(struct), key, base, address });
}

/** `to` is `from` row for row with other texts (a decoration): it has the same placement. */
export function registerLike(from: readonly FieldRow[], to: readonly FieldRow[]): void {
  const p = placed.get(from);
  if (p) placed.set(to, p);
}

/**
 * A number: numeric row whose text is the usual one for its field (usualText: its hex, or its
 * decimal or binary where the table writes those); [n, text]: any other text (a value name); a
 * string: byte row whose text is its bytes; [bytes, text]; { text, children }: a nested structure
 * or a row without a value.
 */
function encodeValue(r: FieldRow, f: SchemaField, walk: (v: unknown, base?: unknown) => unknown, before?: FieldRow): WireValue {
  // A nested structure's rows go as what differs from the rows the client holds at the same row.
  if (r.children) return { text: r.text, children: walk(r.children, before?.children) };
  if (r.dec !== undefined && r.hex !== undefined) {
    const n = Number(r.dec);
    return r.text === usualText(n, f, { hex: r.hex, dec: r.dec }) ? n : [n, r.text];
  }
  if (r.bytes !== undefined) return r.text === r.bytes ? r.bytes : [r.bytes, r.text];
  return { text: r.text };
}

/** The wire form of `rows` if they are registered (and still follow their schema), else null; `schema` gives the wire form of their schema. */
export function encodeRows(rows: readonly FieldRow[], walk: (v: unknown) => unknown, schema: (s: readonly SchemaField[]) => unknown): WireRows | null {
  const p = placed.get(rows);
  if (!p || p.schema.length !== rows.length) return null;
  const values: WireValue[] = [];
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i] as FieldRow;
    const f = p.schema[i];
    if (!f || r.name !== f.name) return null;
    values.push(encodeValue(r, f, walk));
  }
  return { $rows: schema(p.schema), key: p.key, base: p.base, ...(p.address !== undefined ? { address: p.address } : {}), values };
}

/**
 * The rows that differ from `before`, the rows `rows` replaced at their place (fieldRows.ts), as
 * index, wire value pairs in one list; null when the two are not placed alike. Rows of one place
 * differ in their value only (the text and the forms derived from it, or the children).
 */
export function encodeRowsDelta(rows: readonly FieldRow[], before: readonly FieldRow[], walk: (v: unknown, base?: unknown) => unknown): unknown[] | null {
  const p = placed.get(rows);
  const q = placed.get(before);
  if (!p || !q || p.schema !== q.schema || p.key !== q.key || p.base !== q.base || p.address !== q.address || rows.length !== before.length || p.schema.length !== rows.length) return null;
  const out: unknown[] = [];
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i] as FieldRow;
    const b = before[i] as FieldRow;
    // fieldRows keeps the row of a field whose bytes did not change: most rows are the same object.
    if (r === b) continue;
    const f = p.schema[i] as SchemaField;
    if (r.name !== f.name) return null;
    if (r.text !== b.text || r.hex !== b.hex || r.bytes !== b.bytes || r.children !== b.children) out.push(i, encodeValue(r, f, walk, b));
  }
  return out;
}

/** `rows` were registered by fieldRows (they go as a schema and values). */
export function isPlacedRows(rows: readonly unknown[]): boolean {
  return placed.has(rows);
}

export function isWireRows(o: Record<string, unknown>): boolean {
  return '$rows' in o && Array.isArray(o.values);
}

/** Where decoded rows sit (their table's schema, key, base, address): what a delta of them is decoded with. */
export interface RowsPlacement {
  readonly schema: readonly SchemaField[];
  readonly key: string;
  readonly base: number;
  readonly address: number | undefined;
}

/** The placement a wire form names; `walk` resolves its schema part. */
export function placementOf(o: Record<string, unknown>, walk: (v: unknown) => unknown): RowsPlacement {
  return { schema: walk(o.$rows) as readonly SchemaField[], key: String(o.key), base: Number(o.base), address: typeof o.address === 'number' ? o.address : undefined };
}

/** Row `i` of rows placed at `p`, from its wire value. */
export function decodeRow(p: RowsPlacement, i: number, value: unknown, walk: (v: unknown) => unknown): FieldRow {
  const f = p.schema[i] as SchemaField;
  const v = value as WireValue;
  const offset = p.base + f.offset;
  const common = { key: `${p.key}/${f.name}`, name: f.name, doc: f.doc, bits: f.bits, offset, length: f.length, ...(p.address !== undefined ? { address: p.address + offset } : {}) };
  if (typeof v === 'number') {
    const n = number(v, f);
    return { ...common, ...n, text: usualText(v, f, n) };
  }
  if (typeof v === 'string') return { ...common, text: v, bytes: v };
  if (Array.isArray(v)) {
    if (typeof v[0] === 'string') return { ...common, text: v[1] as string, bytes: v[0] };
    return { ...common, ...number(v[0] as number, f), text: v[1] as string };
  }
  const o2 = v as { text: string; children?: unknown };
  return { ...common, text: o2.text, ...(o2.children !== undefined ? { children: walk(o2.children) as FieldRow[] } : {}) };
}

/** hex, bin, dec (and text = hex, replaced by the caller when it differs) of a numeric field's value. */
function number(v: number, f: SchemaField): { text: string; hex: string; bin: string; dec: string; isAddress?: true } {
  const x = formats(v, f.width ?? 32);
  return { text: x.hex, ...x, ...(f.isAddress ? { isAddress: true as const } : {}) };
}
