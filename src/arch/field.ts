/**
 * Declarative field tables for byte-exact hardware structures.
 *
 * Every structure (CCW, ORB, SCSW, IRB, SCHIB, vfio regions, sense bytes …) is described once,
 * as data, with IBM bit numbering: bit 0 is the most significant bit of the first byte of the
 * word (or byte) the field is declared in. Encoding, decoding, the debugger's variables, the
 * trace and the panels all read the same table; nothing else may hand-decode these bytes.
 */

/** How a numeric value is best shown to a person. */
export type FieldFormat = 'hex' | 'dec' | 'address' | 'flag' | 'bin';

/** Names for the values of a field: either whole values (`value`) or bits of a mask (`mask`). */
export interface ValueNames {
  readonly kind: 'value' | 'mask';
  readonly names: Readonly<Record<string, number>>;
}

export function valueNames(names: Readonly<Record<string, number>>): ValueNames {
  return { kind: 'value', names };
}

export function maskNames(names: Readonly<Record<string, number>>): ValueNames {
  return { kind: 'mask', names };
}

interface FieldCommon<N extends string> {
  readonly name: N;
  readonly doc: string;
}

/** An unsigned (or signed) integer of 1 to 32 bits, or an unsigned 64-bit value. */
export interface NumberField<N extends string = string> extends FieldCommon<N> {
  readonly kind: 'number';
  /** Absolute IBM bit position of the first bit, counted from the start of the structure. */
  readonly bitOffset: number;
  readonly width: number;
  /** The unit the field was declared in, for IBM-style bit labels ("word 1 bits 17-19"). */
  readonly unit: { readonly kind: 'word' | 'byte'; readonly index: number; readonly bits: readonly [number, number] };
  readonly format: FieldFormat;
  readonly signed: boolean;
  readonly names?: ValueNames;
}

/** A run of whole bytes shown as hex (and optionally EBCDIC by the presenter). */
export interface BytesField<N extends string = string> extends FieldCommon<N> {
  readonly kind: 'bytes';
  readonly offset: number;
  readonly length: number;
}

/** A structure embedded at a byte offset (the SCSW inside the IRB, the IRB inside the io region). */
export interface StructField<N extends string = string, T = unknown> extends FieldCommon<N> {
  readonly kind: 'struct';
  readonly offset: number;
  readonly struct: Structure<T>;
}

export type AnyField = NumberField | BytesField | StructField<string, unknown>;

type ValueOf<F> = F extends NumberField
  ? number
  : F extends BytesField
    ? Uint8Array
    : F extends StructField<string, infer T>
      ? T
      : never;

/** The decoded object type of a field list. */
export type Decoded<F extends readonly AnyField[]> = { -readonly [K in F[number] as K['name']]: ValueOf<K> };

/** One row of a structure's human description: what the debugger's variables and the panels show. */
export interface FieldDescription {
  readonly name: string;
  readonly doc: string;
  /** Byte offset of the field's first byte, relative to the described structure's start. */
  readonly byteOffset: number;
  /** Number of bytes the field touches. */
  readonly byteLength: number;
  /** IBM bit label, e.g. "word 1 bits 17-19", "byte 8", "bytes 32-63". */
  readonly bits: string;
  readonly value: number | Uint8Array | null;
  /** The value shown: hex / decimal / names. */
  readonly text: string;
  readonly children?: readonly FieldDescription[];
}

/** A structure table with encode/decode/describe derived from its fields. */
export interface Structure<T> {
  readonly name: string;
  readonly size: number;
  readonly fields: readonly AnyField[];
  decode(bytes: Uint8Array, offset?: number): T;
  encode(value: Partial<T>): Uint8Array;
  encodeInto(target: Uint8Array, offset: number, value: Partial<T>): void;
  describe(bytes: Uint8Array, offset?: number): FieldDescription[];
  field(name: string): AnyField;
  /** Byte offset of a field's first byte. */
  offsetOf(name: string): number;
  /** Reads one numeric field straight from bytes (hot paths avoid decoding whole structures). */
  get(bytes: Uint8Array, offset: number, name: string): number;
  /** Writes one numeric field straight into bytes. */
  set(bytes: Uint8Array, offset: number, name: string, value: number): void;
}

interface NumberSpec {
  readonly word?: number;
  readonly byte?: number;
  readonly bits?: readonly [number, number];
  readonly bit?: number;
  readonly doc: string;
  readonly format?: FieldFormat;
  readonly signed?: boolean;
  readonly names?: ValueNames;
}

/**
 * A numeric field. `word: w, bits: [a, b]` are IBM bits a..b of word w (4-byte units);
 * `byte: n, bits: [a, b]` are bits of the byte run starting at byte n (bits may exceed 7 to
 * span several bytes, e.g. `byte: 2, bits: [0, 15]` is a halfword at offset 2).
 */
export function field<const N extends string>(name: N, spec: NumberSpec): NumberField<N> {
  const unitKind = spec.word !== undefined ? 'word' : 'byte';
  const unitIndex = spec.word ?? spec.byte ?? 0;
  const unitBase = unitKind === 'word' ? unitIndex * 32 : unitIndex * 8;
  const bits: readonly [number, number] =
    spec.bits ?? (spec.bit !== undefined ? [spec.bit, spec.bit] : unitKind === 'word' ? [0, 31] : [0, 7]);
  const width = bits[1] - bits[0] + 1;
  if (width < 1 || (width > 32 && width !== 64)) {
    throw new Error(`field ${name}: width ${width} is not supported (1-32 or 64 bits)`);
  }
  if (width === 64 && (bits[0] % 8 !== 0)) throw new Error(`field ${name}: 64-bit fields must be byte aligned`);
  const format: FieldFormat = spec.format ?? (width === 1 ? 'flag' : 'hex');
  return {
    kind: 'number',
    name,
    doc: spec.doc,
    bitOffset: unitBase + bits[0],
    width,
    unit: { kind: unitKind, index: unitIndex, bits },
    format,
    signed: spec.signed ?? false,
    ...(spec.names ? { names: spec.names } : {}),
  };
}

/** A one-bit flag. */
export function flag<const N extends string>(name: N, spec: { word?: number; byte?: number; bit: number; doc: string }): NumberField<N> {
  return field(name, { ...spec, format: 'flag' });
}

export function bytes<const N extends string>(name: N, spec: { offset: number; length: number; doc: string }): BytesField<N> {
  return { kind: 'bytes', name, doc: spec.doc, offset: spec.offset, length: spec.length };
}

export function nested<const N extends string, T>(name: N, struct: Structure<T>, spec: { offset: number; doc: string }): StructField<N, T> {
  return { kind: 'struct', name, doc: spec.doc, offset: spec.offset, struct };
}

// ---------------------------------------------------------------------------------------------
// Bit access

function readBits(buf: Uint8Array, base: number, bitOffset: number, width: number): number {
  // Fast path: byte-aligned fields of 8/16/32 bits.
  if ((bitOffset & 7) === 0) {
    const at = base + (bitOffset >> 3);
    if (width === 8) return buf[at] ?? 0;
    if (width === 16) return (((buf[at] ?? 0) << 8) | (buf[at + 1] ?? 0)) >>> 0;
    if (width === 32) {
      return (((buf[at] ?? 0) << 24) | ((buf[at + 1] ?? 0) << 16) | ((buf[at + 2] ?? 0) << 8) | (buf[at + 3] ?? 0)) >>> 0;
    }
  }
  let value = 0;
  for (let i = 0; i < width; i++) {
    const bit = bitOffset + i;
    const byte = buf[base + (bit >> 3)] ?? 0;
    value = value * 2 + ((byte >> (7 - (bit & 7))) & 1);
  }
  return value;
}

function writeBits(buf: Uint8Array, base: number, bitOffset: number, width: number, value: number): void {
  // Fast path: byte-aligned fields of 8/16/32 bits (most fields; encoding is on hot paths).
  if ((bitOffset & 7) === 0 && (width === 8 || width === 16 || width === 32)) {
    const at = base + (bitOffset >> 3);
    for (let i = width / 8 - 1, v = value; i >= 0; i--) {
      buf[at + i] = v % 256;
      v = Math.floor(v / 256);
    }
    return;
  }
  let v = value;
  for (let i = width - 1; i >= 0; i--) {
    const bit = bitOffset + i;
    const at = base + (bit >> 3);
    const mask = 1 << (7 - (bit & 7));
    const current = buf[at] ?? 0;
    buf[at] = (v % 2) === 1 ? current | mask : current & ~mask;
    v = Math.floor(v / 2);
  }
}

function readNumber(f: NumberField, buf: Uint8Array, base: number): number {
  if (f.width === 64) {
    const hi = readBits(buf, base, f.bitOffset, 32);
    const lo = readBits(buf, base, f.bitOffset + 32, 32);
    return hi * 0x1_0000_0000 + lo;
  }
  const raw = readBits(buf, base, f.bitOffset, f.width);
  if (f.signed && raw >= 2 ** (f.width - 1)) return raw - 2 ** f.width;
  return raw;
}

function writeNumber(f: NumberField, buf: Uint8Array, base: number, value: number): void {
  if (!Number.isFinite(value)) throw new RangeError(`${f.name}: ${value} is not a number`);
  if (f.width === 64) {
    const v = Math.max(0, Math.floor(value));
    writeBits(buf, base, f.bitOffset, 32, Math.floor(v / 0x1_0000_0000) >>> 0);
    writeBits(buf, base, f.bitOffset + 32, 32, v % 0x1_0000_0000);
    return;
  }
  const span = 2 ** f.width;
  let v = Math.trunc(value);
  if (f.signed) {
    if (v < -(span / 2) || v >= span / 2) throw new RangeError(`${f.name}: ${value} does not fit in ${f.width} signed bits`);
    if (v < 0) v += span;
  } else if (v < 0 || v >= span) {
    throw new RangeError(`${f.name}: ${value} does not fit in ${f.width} bits`);
  }
  writeBits(buf, base, f.bitOffset, f.width, v);
}

/** An unsigned big-endian word at `offset` (for whole words no table field spans, e.g. the ERW). */
export function readU32(buf: Uint8Array, offset: number): number {
  return readBits(buf, offset, 0, 32);
}

// ---------------------------------------------------------------------------------------------
// Presentation helpers (shared by describe(), the trace and the debugger)

export function hex(value: number, digits: number): string {
  return value.toString(16).toUpperCase().padStart(digits, '0');
}

export function hexBytes(buf: Uint8Array, groupEvery = 0): string {
  let out = '';
  for (let i = 0; i < buf.length; i++) {
    if (groupEvery > 0 && i > 0 && i % groupEvery === 0) out += ' ';
    out += hex(buf[i] ?? 0, 2);
  }
  return out;
}

/** Names of the bits of `value` that a mask table names, in table order, joined by '+'. */
export function maskText(names: ValueNames, value: number): string {
  if (names.kind === 'value') {
    for (const [n, v] of Object.entries(names.names)) if (v === value) return n;
    return '';
  }
  const parts: string[] = [];
  let rest = value;
  for (const [n, v] of Object.entries(names.names)) {
    if (v !== 0 && (value & v) === v) {
      parts.push(n);
      rest &= ~v;
    }
  }
  if (rest !== 0 && parts.length > 0) parts.push(`X'${rest.toString(16).toUpperCase()}'`);
  return parts.join('+');
}

function numberText(f: NumberField, value: number): string {
  const digits = Math.max(1, Math.ceil(f.width / 4));
  let base: string;
  switch (f.format) {
    case 'flag':
      base = String(value);
      break;
    case 'dec':
      base = String(value);
      break;
    case 'bin':
      base = `B'${value.toString(2).padStart(f.width, '0')}'`;
      break;
    default:
      base = f.signed && value < 0 ? String(value) : `X'${hex(value, digits)}'`;
  }
  if (f.names) {
    const named = maskText(f.names, value);
    if (named) return `${base} (${named})`;
  }
  return base;
}

function bitLabel(f: NumberField): string {
  const [a, b] = f.unit.bits;
  const unit = `${f.unit.kind} ${f.unit.index}`;
  return a === b ? `${unit} bit ${a}` : `${unit} bits ${a}-${b}`;
}

// ---------------------------------------------------------------------------------------------

export function structure<const F extends readonly AnyField[]>(name: string, size: number, fields: F): Structure<Decoded<F>> {
  const byName = new Map<string, AnyField>();
  for (const f of fields) {
    if (byName.has(f.name)) throw new Error(`${name}: field ${f.name} defined twice`);
    byName.set(f.name, f);
    const end =
      f.kind === 'number' ? Math.ceil((f.bitOffset + f.width) / 8) : f.offset + (f.kind === 'bytes' ? f.length : f.struct.size);
    if (end > size) throw new Error(`${name}: field ${f.name} ends at byte ${end}, beyond the structure's ${size} bytes`);
  }

  const numberField = (fieldName: string): NumberField => {
    const f = byName.get(fieldName);
    if (!f || f.kind !== 'number') throw new Error(`${name} has no numeric field ${fieldName}`);
    return f;
  };

  const self: Structure<Decoded<F>> = {
    name,
    size,
    fields,
    decode(buf: Uint8Array, offset = 0): Decoded<F> {
      const out: Record<string, unknown> = {};
      for (const f of fields) {
        if (f.kind === 'number') out[f.name] = readNumber(f, buf, offset);
        else if (f.kind === 'bytes') out[f.name] = buf.slice(offset + f.offset, offset + f.offset + f.length);
        else out[f.name] = f.struct.decode(buf, offset + f.offset);
      }
      return out as Decoded<F>;
    },
    encode(value: Partial<Decoded<F>>): Uint8Array {
      const buf = new Uint8Array(size);
      self.encodeInto(buf, 0, value);
      return buf;
    },
    encodeInto(target: Uint8Array, offset: number, value: Partial<Decoded<F>>): void {
      const v = value as Record<string, unknown>;
      for (const f of fields) {
        const fv = v[f.name];
        if (fv === undefined) continue;
        if (f.kind === 'number') writeNumber(f, target, offset, fv as number);
        else if (f.kind === 'bytes') {
          const src = fv as Uint8Array;
          const n = Math.min(src.length, f.length);
          target.set(src.subarray(0, n), offset + f.offset);
          target.fill(0, offset + f.offset + n, offset + f.offset + f.length);
        } else f.struct.encodeInto(target, offset + f.offset, fv as Partial<unknown>);
      }
    },
    describe(buf: Uint8Array, offset = 0): FieldDescription[] {
      return fields.map((f): FieldDescription => {
        if (f.kind === 'number') {
          const value = readNumber(f, buf, offset);
          const firstByte = f.bitOffset >> 3;
          return {
            name: f.name,
            doc: f.doc,
            byteOffset: firstByte,
            byteLength: Math.ceil((f.bitOffset + f.width) / 8) - firstByte,
            bits: bitLabel(f),
            value,
            text: numberText(f, value),
          };
        }
        if (f.kind === 'bytes') {
          const value = buf.slice(offset + f.offset, offset + f.offset + f.length);
          return {
            name: f.name,
            doc: f.doc,
            byteOffset: f.offset,
            byteLength: f.length,
            bits: f.length === 1 ? `byte ${f.offset}` : `bytes ${f.offset}-${f.offset + f.length - 1}`,
            value,
            text: hexBytes(value, 4),
          };
        }
        const children = f.struct.describe(buf, offset + f.offset).map((c) => ({ ...c, byteOffset: c.byteOffset + f.offset }));
        return {
          name: f.name,
          doc: f.doc,
          byteOffset: f.offset,
          byteLength: f.struct.size,
          bits: `bytes ${f.offset}-${f.offset + f.struct.size - 1}`,
          value: buf.slice(offset + f.offset, offset + f.offset + f.struct.size),
          text: hexBytes(buf.subarray(offset + f.offset, offset + f.offset + f.struct.size), 4),
          children,
        };
      });
    },
    field(fieldName: string): AnyField {
      const f = byName.get(fieldName);
      if (!f) throw new Error(`${name} has no field ${fieldName}`);
      return f;
    },
    offsetOf(fieldName: string): number {
      const f = self.field(fieldName);
      return f.kind === 'number' ? f.bitOffset >> 3 : f.offset;
    },
    get(buf: Uint8Array, offset: number, fieldName: string): number {
      return readNumber(numberField(fieldName), buf, offset);
    },
    set(buf: Uint8Array, offset: number, fieldName: string, value: number): void {
      writeNumber(numberField(fieldName), buf, offset, value);
    },
  };
  return self;
}
