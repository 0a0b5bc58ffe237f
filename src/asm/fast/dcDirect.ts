/**
 * DC and DS operands of the common forms read straight from the operand text with charCodeAt:
 * [n] type [Ln] [nominal], with types C X F H A Y (and D for DS), nominal values C'text',
 * X'hex', F'±n', H'±n', A(n), Y(n) (one value each, decimal terms only, so no symbol and no
 * diagnostic can be involved). Anything else (other types, expressions, several values,
 * truncation, doubled quotes, values that do not fit) gives undefined: the caller then uses the
 * general DC code for the statement. The layout and bytes are those of src/asm/constants.ts.
 */
import { ebcdicByte } from '../ebcdic';
import type { ByteSlab } from './byteSlab';

/** The direct result: where the statement starts and ends, its label length, its bytes. */
export interface DirectDc {
  address: number;
  end: number;
  firstLength: number;
  /** The statement's bytes (from `address` to `end`; zeros for DS). */
  bytes: Uint8Array;
}

/**
 * The one result object, filled by each call (the caller reads it at once): a DC per line is
 * common. `bytes` first: V8 shares the map (and each field's representation) among object
 * literals of as many properties that begin with the same names, and this object's `address`
 * holds doubles, which would box the `address` of every chunk `{ address, bytes, kind, loc }`.
 */
const result: DirectDc = { bytes: new Uint8Array(0), address: 0, end: 0, firstLength: 0 };

const MAX_STATEMENT_BYTES = 2 ** 31;
const QUOTE = 39;
const COMMA = 44;

/** Printable ASCII to EBCDIC 037 (the fast path's only code page); -1 where the general code should decide. */
const EBCDIC = new Int16Array(128).fill(-1);
for (let c = 32; c < 127; c++) if (c !== QUOTE) EBCDIC[c] = ebcdicByte(c, '037') ?? -1;

const enum T {
  C = 1,
  X,
  F,
  H,
  A,
  Y,
  D,
}
/** Per type: implicit length, alignment, largest explicit length (constants.ts TYPES). */
const IMPLICIT = [0, 1, 1, 4, 2, 4, 2, 8];
const ALIGN = [0, 1, 1, 4, 2, 4, 2, 8];
const MAX_LEN = [0, 65535, 65535, 8, 8, 4, 2, 8];

/** Scratch per operand (a statement has few; more than MAX_OPS goes the general way). */
const MAX_OPS = 32;
const opType = new Uint8Array(MAX_OPS);
const opDup = new Float64Array(MAX_OPS);
const opLen = new Float64Array(MAX_OPS);
const opAddr = new Float64Array(MAX_OPS);
/** Nominal value: text offsets inside the quotes (C, X) or the number (F H A Y); -1 start when none. */
const opFrom = new Int32Array(MAX_OPS);
const opTo = new Int32Array(MAX_OPS);
const opValue = new Float64Array(MAX_OPS);

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const hexDigit = (c: number): number => {
  if (c >= 48 && c <= 57) return c - 48;
  const u = c & ~32;
  return u >= 65 && u <= 70 ? u - 55 : -1;
};

function typeCode(c: number, next: number): T | 0 {
  const u = c & ~32;
  const n = next & ~32;
  switch (u) {
    case 67: // C (not CA)
      return n === 65 ? 0 : T.C;
    case 88:
      return T.X;
    case 70: // F (not FD)
      return n === 68 ? 0 : T.F;
    case 72:
      return T.H;
    case 65: // A (not AD)
      return n === 68 ? 0 : T.A;
    case 89:
      return T.Y;
    case 68:
      return T.D;
    default:
      return 0;
  }
}

/** Two's complement big-endian, as constants.ts writeNumber. */
function writeNumber(out: Uint8Array, dest: number, v: number, len: number): void {
  for (let i = len - 1; i >= 0; i--) {
    out[dest + i] = v - Math.floor(v / 256) * 256;
    v = Math.floor(v / 256);
  }
}

/**
 * The operand field text[first, stop) of a DC (isDs false) or DS at location `loc`; undefined:
 * not a direct form, or ending past `limit` (the storage size: the general code words that,
 * and no huge buffer is allocated here for it). `slab` gives the zeroed bytes of the statement.
 * The result is the same object each time: read it before the next call. What follows the
 * field in `text` is a blank, `;` or a line end, which ends every scan here as the end would.
 */
export function directDc(text: string, isDs: boolean, loc: number, limit: number, first: number, stop: number, slab: ByteSlab): DirectDc | undefined {
  const n = stop;
  let p = first;
  let cur = loc;
  let count = 0;
  for (;;) {
    if (count === MAX_OPS || p >= n) return undefined;
    let dup = 1;
    if (isDigit(text.charCodeAt(p))) {
      const from = p;
      dup = 0;
      while (isDigit(text.charCodeAt(p))) dup = dup * 10 + (text.charCodeAt(p++) - 48);
      if (p - from > 9) return undefined;
    }
    const type = typeCode(text.charCodeAt(p), text.charCodeAt(p + 1));
    if (type === 0) return undefined;
    p++;
    let explicit = -1;
    if ((text.charCodeAt(p) & ~32) === 76) {
      p++;
      const from = p;
      let l = 0;
      while (isDigit(text.charCodeAt(p))) l = l * 10 + (text.charCodeAt(p++) - 48);
      if (p === from || p - from > 6 || l < 1 || l > (MAX_LEN[type] as number)) return undefined;
      explicit = l;
    }
    const c = text.charCodeAt(p);
    let itemLen = explicit >= 0 ? explicit : (IMPLICIT[type] as number);
    let from = -1;
    let to = -1;
    let value = 0;
    if (c === QUOTE) {
      if (isDs || type === T.A || type === T.Y || type === T.D) return undefined;
      from = ++p;
      if (type === T.C) {
        for (;;) {
          const ch = text.charCodeAt(p);
          if (ch === QUOTE) break;
          if (!(ch < 128) || (EBCDIC[ch] as number) < 0) return undefined; // NaN (end) too
          p++;
        }
        if (p === from || text.charCodeAt(p + 1) === QUOTE) return undefined;
        if (explicit < 0) itemLen = p - from;
        else if (p - from > explicit) return undefined; // truncated: a warning
      } else if (type === T.X) {
        while (hexDigit(text.charCodeAt(p)) >= 0) p++;
        if (p === from || text.charCodeAt(p) !== QUOTE) return undefined;
        const bytes = (p - from + 1) >> 1;
        if (explicit < 0) itemLen = bytes;
        else if (bytes > explicit) return undefined;
      } else {
        // F H: one whole decimal number that fits signed.
        const sign = text.charCodeAt(p);
        if (sign === 43 || sign === 45) p++;
        const digits = p;
        while (isDigit(text.charCodeAt(p))) value = value * 10 + (text.charCodeAt(p++) - 48);
        if (p === digits || p - digits > 15 || text.charCodeAt(p) !== QUOTE) return undefined;
        if (sign === 45) value = -value;
        const half = 2 ** (itemLen * 8 - 1);
        if (value < -half || value >= half) return undefined;
      }
      to = p;
      p++; // the closing quote
    } else if (c === 40) {
      // A(n) Y(n): a decimal term that fits unsigned.
      if (isDs || (type !== T.A && type !== T.Y)) return undefined;
      p++;
      const digits = p;
      while (isDigit(text.charCodeAt(p))) value = value * 10 + (text.charCodeAt(p++) - 48);
      if (p === digits || p - digits > 15 || text.charCodeAt(p) !== 41) return undefined;
      p++;
      if (value >= 2 ** (itemLen * 8)) return undefined;
      from = 0;
    } else if (!isDs) return undefined; // a DC without a nominal value: the general code words it
    const after = p < n ? text.charCodeAt(p) : -1; // what follows the field is a blank, `;` or nothing (-1)
    if (after >= 0 && after !== COMMA) return undefined;
    const address = explicit >= 0 ? cur : Math.ceil(cur / (ALIGN[type] as number)) * (ALIGN[type] as number);
    const total = dup * itemLen;
    if (total > MAX_STATEMENT_BYTES) return undefined;
    opType[count] = type;
    opDup[count] = dup;
    opLen[count] = itemLen;
    opAddr[count] = address;
    opFrom[count] = from;
    opTo[count] = to;
    opValue[count] = value;
    count++;
    cur = address + total;
    if (after < 0) break;
    p++; // the comma
  }
  if (cur > limit) return undefined;
  const start = opAddr[0] as number;
  const bytes = slab.take(cur - start);
  if (!isDs) for (let k = 0; k < count; k++) encode(text, k, bytes, (opAddr[k] as number) - start);
  result.address = start;
  result.end = cur;
  result.firstLength = opLen[0] as number;
  result.bytes = bytes;
  return result;
}

function encode(text: string, k: number, out: Uint8Array, at: number): void {
  const type = opType[k] as T;
  const dup = opDup[k] as number;
  const len = opLen[k] as number;
  if (dup === 0 || len === 0) return;
  const from = opFrom[k] as number;
  const to = opTo[k] as number;
  if (type === T.C) {
    out.fill(0x40, at, at + len);
    for (let i = from; i < to; i++) out[at + i - from] = EBCDIC[text.charCodeAt(i)] as number;
  } else if (type === T.X) {
    // Right-aligned: digit j from the right lands in the byte len-1-(j>>1).
    for (let j = 0; j < to - from; j++) {
      const d = hexDigit(text.charCodeAt(to - 1 - j));
      const b = at + len - 1 - (j >> 1);
      out[b] = (out[b] as number) | (d << ((j & 1) * 4));
    }
  } else writeNumber(out, at, opValue[k] as number, len);
  for (let r = 1; r < dup; r++) out.copyWithin(at + r * len, at, at + len);
}
