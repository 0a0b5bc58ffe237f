/**
 * The rows a panel shows for a hardware structure: every field of its arch table (IBM bit
 * numbering, named values) with the hex, binary and decimal forms precomputed, so the panel's
 * format toggle only picks a string. The table's own describe() gives the label and the named
 * text; this walks the table beside it to know each field's width.
 */
import { hexBytes, sameBytesAt, structure, type AnyField, type FieldDescription, type Structure } from '../../arch';
import { formats } from './formats';
import { registerRows, schemaOf } from './schema';
import { markShared, replaces } from './shared';

export { formats };

export interface FieldRow {
  /** Path of the row inside its panel (`0190/io/irb_area/scsw/dstat`): the key for change highlighting. */
  readonly key: string;
  readonly name: string;
  readonly doc: string;
  /** IBM bit label from the table: `word 2 bits 0-7`, `byte 8`, `bytes 32-63`. */
  readonly bits: string;
  /** Byte offset within the structure the panel shows (a region, a SCHIB …). */
  readonly offset: number;
  readonly length: number;
  /** The table's text: `X'0C' (CE+DE)`. */
  readonly text: string;
  /** Numeric fields: the same value three ways (binary with IBM bit 0 on the left). */
  readonly hex?: string;
  readonly bin?: string;
  readonly dec?: string;
  /** Byte fields: the bytes in hex. */
  readonly bytes?: string;
  /** The field holds a storage address (a CCW address, a data address): it can be opened in a memory view. */
  readonly isAddress?: boolean;
  /** Guest address of the field when the structure lives in guest storage (for a memory view). */
  readonly address?: number;
  readonly children?: readonly FieldRow[];
}

/**
 * The rows of `struct` over `bytes`. `prev`: the rows of the same place over other bytes: a field
 * whose bytes are the same keeps its row (rows are immutable), so a step that changes a SCSW's
 * status builds the rows of the fields that changed only, not the whole structure's.
 */
function rowsOf(struct: Structure<unknown>, bytes: Uint8Array, key: string, base: number, top: number, address: number | undefined, prev?: Version): FieldRow[] {
  const fields: readonly AnyField[] = struct.fields;
  const schema = schemaOf(struct);
  const out: FieldRow[] = [];
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i] as AnyField;
    const s = schema[i];
    const kept = prev && s && prev.rows.length === fields.length && sameBytesAt(prev.bytes, s.offset, bytes, s.offset, s.length) ? prev.rows[i] : undefined;
    if (kept) {
      out.push(kept);
      continue;
    }
    out.push(rowOf(f, describeField(struct, i, bytes), bytes, key, base, top, address));
  }
  return out;
}

/** The description of field `i` as the table's describe() gives it, without describing the others. */
function describeField(struct: Structure<unknown>, i: number, bytes: Uint8Array): FieldDescription {
  let singles = single.get(struct);
  if (!singles) {
    singles = [];
    single.set(struct, singles);
  }
  let one = singles[i];
  if (!one) {
    const f = struct.fields[i] as AnyField;
    // The field alone, at its place: its describe() is the table's, row for row (its nested rows are fieldRows' own).
    one = structure(struct.name, struct.size, [f.kind === 'struct' ? { ...f, struct: childless(f.struct) } : f]);
    singles[i] = one;
  }
  return one.describe(bytes)[0] as FieldDescription;
}

/** A nested structure with no fields of its own: its describe() has no children, which fieldRows builds (cachedRows) anyway. */
function childless(struct: Structure<unknown>): Structure<unknown> {
  let c = hollow.get(struct);
  if (!c) {
    c = structure(struct.name, struct.size, []);
    hollow.set(struct, c);
  }
  return c;
}

const single = new WeakMap<Structure<unknown>, Structure<unknown>[]>();
const hollow = new WeakMap<Structure<unknown>, Structure<unknown>>();

function rowOf(f: AnyField, d: FieldDescription, bytes: Uint8Array, key: string, base: number, top: number, address: number | undefined): FieldRow {
  const at = base + d.byteOffset;
  const common = {
    key: `${key}/${d.name}`,
    name: d.name,
    doc: d.doc,
    bits: d.bits,
    offset: at,
    length: d.byteLength,
    text: d.text,
    ...(address !== undefined ? { address: address + at } : {}),
  };
  if (f.kind === 'struct') {
    // A nested structure's rows are cached on their own bytes: a SCSW that did not change
    // keeps its rows (and its part id) when the PMCW beside it did. Its offsets are the ones
    // the table's describe() gives: a nested row's byteOffset is shifted by its immediate
    // parent's offset only, so a child structure's base is the outermost base plus its offset.
    return { ...common, children: cachedRows(f.struct, bytes.subarray(f.offset, f.offset + f.struct.size), common.key, top + f.offset, top, address) };
  }
  if (f.kind === 'number' && typeof d.value === 'number') return { ...common, ...formats(d.value, f.width), ...(f.format === 'address' ? { isAddress: true } : {}) };
  if (d.value instanceof Uint8Array) return { ...common, bytes: hexBytes(d.value, 4) };
  return common;
}

/**
 * Rows for `bytes` laid out as `struct`. `key` prefixes every row key; `base` is added to the
 * offsets (a structure inside a region); `address` is where offset 0 is in guest storage, if it is.
 */
export function fieldRows(struct: Structure<unknown>, bytes: Uint8Array, key: string, base = 0, address?: number): readonly FieldRow[] {
  return cachedRows(struct, bytes, key, base, base, address);
}

/** fieldRows of a structure at any depth; `top` is the outermost structure's base. */
function cachedRows(struct: Structure<unknown>, bytes: Uint8Array, key: string, base: number, top: number, address: number | undefined): readonly FieldRow[] {
  // Most structures hold the same bytes from one stop to the next: rows are immutable, so the
  // rows of the same bytes under the same key are reused (this keeps a stop's panels cheap, and
  // an unchanged structure is a part the client already holds: parts.ts). The bytes are compared
  // as they are (no hex key: a stop looks up every structure it shows).
  let places = cache.get(struct);
  if (!places) {
    places = new Map();
    cache.set(struct, places);
  }
  // Most places sit at base 0 outside guest storage: their key alone names them (no string built).
  const slot = base === 0 && top === 0 && address === undefined ? key : `${key}|${base}|${top}|${address ?? ''}`;
  const size = struct.size;
  const sum = checksum(bytes, size);
  let versions = places.get(slot);
  const last = versions?.[0];
  if (versions) {
    for (let at = 0; at < versions.length; at++) {
      const hit = versions[at] as Version;
      // A version holds exactly `size` bytes; `bytes` may hold more (a nested structure's are its parent's).
      if (hit.sum !== sum || !sameBytesAt(hit.bytes, 0, bytes, 0, size)) continue;
      // The rows shown last at this place come first; a value that went back follows the rows it
      // replaces there (a client holding those is sent the rows that differ: parts.ts).
      if (at > 0 && last) {
        versions.splice(at, 1);
        versions.unshift(hit);
        replaces(hit.rows, last.rows);
      }
      return hit.rows;
    }
  } else {
    versions = [];
    // Bounded: the oldest place goes first (a place that comes back builds its rows again).
    if (places.size >= CACHE_LIMIT) places.delete(places.keys().next().value as string);
    places.set(slot, versions);
  }
  const rows = markShared(rowsOf(struct, bytes, key, base, top, address, last));
  registerRows(rows, struct, key, base, address);
  if (last) replaces(rows, last.rows);
  versions.unshift({ bytes: bytes.slice(0, size), sum, rows });
  if (versions.length > VERSIONS) versions.pop();
  return rows;
}

/**
 * A cheap sum of the first `size` bytes: a place keeps up to VERSIONS byte images, and a changed
 * structure (most stops change one) is compared with each; the sums rule out all but the equal ones
 * without reading their bytes.
 */
function checksum(bytes: Uint8Array, size: number): number {
  let h = size;
  const n = Math.min(size, bytes.length);
  for (let i = 0; i < n; i++) h = (Math.imul(h, 31) + (bytes[i] as number)) | 0;
  return h;
}

/**
 * Rows built for recent places of a table (key, base, address), oldest place first; per place,
 * the last few byte images (a value that goes back to what it was keeps its rows, and their part id).
 */
interface Version {
  readonly bytes: Uint8Array;
  /** checksum(bytes). */
  readonly sum: number;
  readonly rows: readonly FieldRow[];
}

/** Per table, per place. */
const cache = new WeakMap<Structure<unknown>, Map<string, Version[]>>();
/** Places per table. */
const CACHE_LIMIT = 1024;
const VERSIONS = 16;

/** Every leaf row with its key, depth first (what a change comparison walks). */
export function leaves(rows: readonly FieldRow[]): FieldRow[] {
  return rows.flatMap((r) => (r.children ? leaves(r.children) : [r]));
}
