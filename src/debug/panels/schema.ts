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
import { markShared } from './shared';

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
type WireValue = number | string | readonly [number] | readonly [number | string, string] | { readonly text: string; readonly children?: unknown };

/** The wire form of a registered rows array. */
export interface WireRows {
  readonly $rows: unknown;
  readonly key: string;
  readonly base: number;
  readonly address?: number;
  readonly values: readonly unknown[];
}

const schemas = new WeakMap<Structure<unknown>, readonly SchemaField[]>();
const placed = new WeakMap<readonly FieldRow[], Placement>();

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
          ...(f?.kind === 'number' ? { width: f.width, ...(f.format === 'address' ? { isAddress: true as const } : {}) } : {}),
          ...(f?.kind === 'struct' ? { struct: true as const } : {}),
        };
      }),
    );
    schemas.set(struct, s);
  }
  return s;
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
 * A number: numeric row whose text is its hex; [n]: text is its decimal; [n, text]; a string:
 * byte row whose text is its bytes; [bytes, text]; { text, children }: a nested structure or a
 * row without a value.
 */
function encodeValue(r: FieldRow, walk: (v: unknown) => unknown): WireValue {
  if (r.children) return { text: r.text, children: walk(r.children) };
  if (r.dec !== undefined) {
    const n = Number(r.dec);
    return r.text === r.hex ? n : r.text === r.dec ? [n] : [n, r.text];
  }
  if (r.bytes !== undefined) return r.text === r.bytes ? r.bytes : [r.bytes, r.text];
  return { text: r.text };
}

/** The wire form of `rows` if they are registered (and still follow their schema), else null. */
export function encodeRows(rows: readonly FieldRow[], walk: (v: unknown) => unknown): WireRows | null {
  const p = placed.get(rows);
  if (!p || p.schema.length !== rows.length) return null;
  const values: WireValue[] = [];
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i] as FieldRow;
    if (r.name !== p.schema[i]?.name) return null;
    values.push(encodeValue(r, walk));
  }
  return { $rows: walk(p.schema), key: p.key, base: p.base, ...(p.address !== undefined ? { address: p.address } : {}), values };
}

export function isWireRows(o: Record<string, unknown>): boolean {
  return '$rows' in o && Array.isArray(o.values);
}

/** The rows a wire form stands for; `walk` resolves the parts inside it (the schema, children). */
export function decodeRows(o: Record<string, unknown>, walk: (v: unknown) => unknown): FieldRow[] {
  const schema = walk(o.$rows) as readonly SchemaField[];
  const values = o.values as readonly unknown[];
  const key = String(o.key);
  const base = Number(o.base);
  const address = typeof o.address === 'number' ? o.address : undefined;
  return schema.map((f, i): FieldRow => {
    const v = values[i] as WireValue;
    const offset = base + f.offset;
    const common = { key: `${key}/${f.name}`, name: f.name, doc: f.doc, bits: f.bits, offset, length: f.length, ...(address !== undefined ? { address: address + offset } : {}) };
    if (typeof v === 'number') return { ...common, ...number(v, f) };
    if (typeof v === 'string') return { ...common, text: v, bytes: v };
    if (Array.isArray(v)) {
      if (typeof v[0] === 'string') return { ...common, text: v[1] as string, bytes: v[0] };
      const n = number(v[0] as number, f);
      return { ...common, ...n, text: v.length === 1 ? n.dec : (v[1] as string) };
    }
    const o2 = v as { text: string; children?: unknown };
    return { ...common, text: o2.text, ...(o2.children !== undefined ? { children: walk(o2.children) as FieldRow[] } : {}) };
  });
}

/** hex, bin, dec (and text = hex, replaced by the caller when it differs) of a numeric field's value. */
function number(v: number, f: SchemaField): { text: string; hex: string; bin: string; dec: string; isAddress?: true } {
  const x = formats(v, f.width ?? 32);
  return { text: x.hex, ...x, ...(f.isAddress ? { isAddress: true as const } : {}) };
}
