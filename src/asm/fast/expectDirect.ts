/**
 * EXPECT field=value,... read straight from the operand text (textExpr.ts), giving the
 * Expectations expect.ts gives: number fields whose value plainly fits, and byte fields (MEM,
 * SENSE, ...) compared with X'..' or C'..' strings of the right length. Anything else (and any
 * check expect.ts would report) is left to the general code: undefined, with the reader's status.
 */
import { EXPECT_FIELDS, type ExpectFieldSpec } from '../expectFields';
import type { ExpectRelation, ExpectValue, Expectation, SourceLocation } from '../image';
import { isSymbolCode } from '../lexer';
import { ebcdic037, isStartCode, POW2, type TextExpr } from './textExpr';
import type { ByteSlab } from './byteSlab';
import { TextTable } from './textTable';

const QUOTE = 39;

/** The EXPECT fields by name: their index in SPECS. */
const SPECS: readonly ExpectFieldSpec[] = [...EXPECT_FIELDS.values()];
const FIELD_NAMES = new TextTable(SPECS.map((spec) => spec.name));

/**
 * Shared, frozen: the arguments of every check without any, and the values 0-255 of number
 * checks (most checks compare a status byte or a small count). Expectations are read-only
 * data, and an image has a few of each per EXPECT.
 */
const NO_ARGS: readonly number[] = Object.freeze([]);
const SMALL: readonly ExpectValue[] = Array.from({ length: 256 }, (_, value) => Object.freeze({ kind: 'number', value }));

/**
 * The checks of an EXPECT on line `line` of `file`, which starts at `lineStart` in the text
 * (column 1), for each check's location.
 */
export function directExpect(x: TextExpr, file: string, line: number, lineStart: number, storageSize: number, slab: ByteSlab): Expectation[] | undefined {
  const checks = scratch;
  checks.length = 0;
  for (;;) {
    const e = check(x, file, line, lineStart, storageSize, slab);
    if (!e) return undefined;
    checks.push(e);
    if (x.atEnd) break;
    if (!x.comma()) return void x.general();
  }
  const result = checks.slice();
  checks.length = 0;
  return result;
}

/**
 * The checks being read, copied out at the end: an array grown by push from empty keeps room
 * for 16 or more, and each EXPECT's array is part of the Image, kept as long as it is.
 */
const scratch: Expectation[] = [];

/** A field name with its dotted parts (SCSW.Z, PMCW.ISC), as expect.ts fieldName. */
function fieldSpec(x: TextExpr): ExpectFieldSpec | undefined {
  const text = x.text;
  let p = x.pos;
  for (;;) {
    if (!isStartCode(x.at(p))) return undefined;
    while (p < x.end && isSymbolCode(text.charCodeAt(p))) p++;
    if (x.at(p) !== 46) break;
    p++;
  }
  const f = FIELD_NAMES.find(text, x.pos, p);
  x.pos = p;
  return f < 0 ? undefined : SPECS[f];
}

function check(x: TextExpr, file: string, line: number, lineStart: number, storageSize: number, slab: ByteSlab): Expectation | undefined {
  const from = x.pos;
  const spec = fieldSpec(x);
  if (!spec) return void x.general();
  let start = NaN;
  let len = NaN;
  if (x.at(x.pos) === 40) {
    if (spec.args === 'none') return void x.general();
    x.pos++;
    start = x.value();
    if (x.status !== 0) return undefined;
    if (x.comma()) {
      len = x.value();
      if (x.status !== 0) return undefined;
    }
    if (x.at(x.pos) !== 41) return void x.general();
    x.pos++;
    if (start < 0 || (len === len && (len < 1 || len > 65535))) return void x.general();
  } else if (spec.args === 'range') return void x.general();
  let relation: ExpectRelation;
  const r = x.at(x.pos);
  if (r === 61) {
    relation = '=';
    x.pos++;
  } else if ((r === 38 || r === 33) && x.at(x.pos + 1) === 61) {
    relation = r === 38 ? '&=' : '!=';
    x.pos += 2;
  } else return void x.general();
  if (x.atEnd || x.at(x.pos) === 44) return void x.general();
  let value: ExpectValue;
  if (spec.value === 'bytes') {
    const bytes = stringBytes(x, slab);
    if (!bytes) return void x.general();
    const fixed = spec.args === 'range' ? (len === len ? len : undefined) : spec.length;
    if (fixed !== undefined && bytes.length !== fixed) return void x.general();
    value = { kind: 'bytes', value: bytes };
  } else {
    x.names = spec.names;
    const v = x.value();
    x.names = undefined;
    if (x.status !== 0) return undefined;
    const bits = spec.bits ?? 32;
    const ok = spec.signed ? v >= -(POW2[bits - 1] as number) && v < (POW2[bits - 1] as number) : v >= 0 && v < (POW2[bits] as number);
    if (!ok) return void x.general();
    value = v >= 0 && v < 256 ? (SMALL[v] as ExpectValue) : { kind: 'number', value: v };
  }
  const c = x.at(x.pos);
  if (c >= 0 && c !== 44) return void x.general();
  let args = NO_ARGS;
  if (spec.args === 'range') {
    const s = start;
    const n = value.kind === 'bytes' ? value.value.length : 0;
    if (s + n > (spec.size ?? storageSize)) return void x.general();
    args = [s, n];
  }
  const column = from - lineStart + 1;
  const loc: SourceLocation = { file, line, column, endColumn: Math.max(x.pos - from, 1) + column };
  return { field: spec.name, args, relation, value, text: x.text.slice(from, x.pos), loc };
}

/**
 * A whole-operand X'..' (whole bytes) or C'..' (printable, no doubled quote) string, in bytes
 * from `slab` (taken only once the string is known good); undefined otherwise.
 */
function stringBytes(x: TextExpr, slab: ByteSlab): Uint8Array | undefined {
  const t = x.at(x.pos) & ~32;
  const q = x.pos + 2;
  if ((t !== 88 && t !== 67) || x.at(x.pos + 1) !== QUOTE) return undefined;
  let p = q;
  while (p < x.end && x.text.charCodeAt(p) !== QUOTE) p++;
  if (p >= x.end || p === q || x.at(p + 1) === QUOTE) return undefined;
  const n = p - q;
  if (t === 88) {
    if (n % 2 !== 0) return undefined;
    for (let i = 0; i < n; i++) if (hexValue(x.at(q + i)) < 0) return undefined;
    const out = slab.take(n / 2);
    for (let i = 0; i < n; i += 2) out[i / 2] = hexValue(x.at(q + i)) * 16 + hexValue(x.at(q + i + 1));
    x.pos = p + 1;
    return out;
  }
  for (let i = 0; i < n; i++) if (ebcdic037(x.text.charCodeAt(q + i)) < 0) return undefined;
  const out = slab.take(n);
  for (let i = 0; i < n; i++) out[i] = ebcdic037(x.text.charCodeAt(q + i));
  x.pos = p + 1;
  return out;
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const u = c & ~32;
  return u >= 65 && u <= 70 ? u - 55 : -1;
}
