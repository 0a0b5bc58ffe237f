/**
 * DC and DS operands (HLASM "DC instruction"; LANGUAGE.md "Storage statements"):
 *
 *   [duplication factor] type [L length] [nominal value]
 *
 * Types: C (EBCDIC text), CA (ASCII text), X, B, F, FD, H, A, AD, Y (and D, E for DS only).
 * Implicit lengths and alignment as HLASM: F A E word, H Y halfword, FD AD D doubleword,
 * C CA X B none; an explicit length turns alignment off. With an explicit length, C pads
 * with blanks (X'40', X'20' for CA) and truncates on the right; X and B pad with zeros and
 * truncate on the left; F H A Y must fit the length (an error otherwise, never truncation).
 */
import { Cursor } from './cursor';
import type { Report, Span } from './diagnostics';
import { bigEndian, evaluate, fastValue, fitsSigned, fitsUnsigned, hexText, type EvalEnv } from './evaluate';
import { characterBytes, decimalValue, parseExpr, parseQuoted, type Expr, type ParseContext } from './expr';
import { exact } from './arrays';
import { isDigit, type Field } from './lexer';

export type DcType = 'C' | 'CA' | 'X' | 'B' | 'F' | 'FD' | 'H' | 'A' | 'AD' | 'Y' | 'D' | 'E';

type NominalKind = 'chars' | 'hex' | 'bits' | 'int' | 'expr' | 'float';

interface TypeInfo {
  /** Implicit length of one item (DS without a nominal value; F H A Y always). */
  readonly implicit: number;
  readonly align: number;
  readonly maxLength: number;
  readonly nominal: NominalKind;
}

const TYPES: Readonly<Record<DcType, TypeInfo>> = {
  C: { implicit: 1, align: 1, maxLength: 65535, nominal: 'chars' },
  CA: { implicit: 1, align: 1, maxLength: 65535, nominal: 'chars' },
  X: { implicit: 1, align: 1, maxLength: 65535, nominal: 'hex' },
  B: { implicit: 1, align: 1, maxLength: 65535, nominal: 'bits' },
  F: { implicit: 4, align: 4, maxLength: 8, nominal: 'int' },
  FD: { implicit: 8, align: 8, maxLength: 8, nominal: 'int' },
  H: { implicit: 2, align: 2, maxLength: 8, nominal: 'int' },
  A: { implicit: 4, align: 4, maxLength: 4, nominal: 'expr' },
  AD: { implicit: 8, align: 8, maxLength: 8, nominal: 'expr' },
  Y: { implicit: 2, align: 2, maxLength: 2, nominal: 'expr' },
  D: { implicit: 8, align: 8, maxLength: 8, nominal: 'float' },
  E: { implicit: 4, align: 4, maxLength: 4, nominal: 'float' },
};

export type Nominal =
  | { readonly kind: 'bytes'; readonly bytes: Uint8Array; readonly span: Span }
  | { readonly kind: 'int'; readonly value: bigint; readonly span: Span }
  | { readonly kind: 'expr'; readonly expr: Expr; readonly span: Span };

export interface DcOperand {
  readonly span: Span;
  readonly type: DcType;
  readonly dup?: Expr;
  readonly length?: Expr;
  readonly values: readonly Nominal[];
}

/** Where pass 1 put one operand. */
export interface DcLayout {
  readonly address: number;
  readonly dup: number;
  /** Length of each nominal value's item (one entry for a DS without values). */
  readonly itemLengths: readonly number[];
  readonly explicitLength: boolean;
  readonly total: number;
}

/** Largest statement we lay out: more is certainly beyond any guest storage. */
const MAX_STATEMENT_BYTES = 2 ** 31;

function typeAt(c: Cursor): DcType | undefined {
  const t = c.peek().toUpperCase();
  const t2 = c.peek(1).toUpperCase();
  const two = t + t2;
  if (two === 'CA' || two === 'FD' || two === 'AD') {
    c.pos += 2;
    return two as DcType;
  }
  if ('CXBFHAYDE'.includes(t) && t !== '') {
    c.pos++;
    return t as DcType;
  }
  return undefined;
}

/** Value of a hexadecimal digit's code unit, -1 for anything else. */
function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const u = c & ~32; // upper case
  return u >= 65 && u <= 70 ? u - 55 : -1;
}

/** The bytes of a run of digits without blanks, right-aligned (leading zeros pad); undefined when some character is not a digit. */
function digitBytes(text: string, kind: 'hex' | 'bits'): Uint8Array | undefined {
  const n = text.length;
  const bitsPer = kind === 'hex' ? 4 : 1;
  const perByte = 8 / bitsPer;
  const out = new Uint8Array(Math.ceil(n / perByte));
  // Digit i (from the right) lands in byte out.length - 1 - floor(i / perByte).
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(n - 1 - i);
    const d = kind === 'hex' ? hexDigit(c) : c === 48 ? 0 : c === 49 ? 1 : -1;
    if (d < 0) return undefined;
    const at = out.length - 1 - Math.floor(i / perByte);
    out[at] = (out[at] as number) | (d << ((i % perByte) * bitsPer));
  }
  return out;
}

function parseHexOrBits(text: string, kind: 'hex' | 'bits', span: Span, report: Report): Uint8Array | undefined {
  if (text.length > 0 && text.indexOf(' ') < 0) {
    const fast = digitBytes(text, kind);
    if (fast) return fast;
  }
  const clean = text.replace(/ /g, '');
  const ok = kind === 'hex' ? /^[0-9A-Fa-f]+$/ : /^[01]+$/;
  if (!ok.test(clean)) {
    report(
      'dcValue',
      span,
      clean.length === 0
        ? `an empty ${kind === 'hex' ? 'X' : 'B'} value; write at least one digit`
        : kind === 'hex'
          ? `X'${text}' may contain hexadecimal digits 0-9 A-F only`
          : `B'${text}' may contain binary digits 0 and 1 only`,
    );
    return undefined;
  }
  const perByte = kind === 'hex' ? 2 : 8;
  const padded = clean.padStart(Math.ceil(clean.length / perByte) * perByte, '0');
  const out = new Uint8Array(padded.length / perByte);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(padded.slice(i * perByte, (i + 1) * perByte), kind === 'hex' ? 16 : 2);
  return out;
}

/** Splits a quoted nominal value at commas, keeping the column of each piece. */
function pieces(text: string, span: Span): { text: string; span: Span }[] {
  const out: { text: string; span: Span }[] = [];
  let start = 0;
  const base = span.column + 1; // after the opening quote
  for (let i = 0; i <= text.length; i++) {
    if (i === text.length || text[i] === ',') {
      out.push({ text: text.slice(start, i), span: { column: base + start, endColumn: base + Math.max(i, start + 1) } });
      start = i + 1;
    }
  }
  return out;
}

function quotedValues(type: DcType, q: { text: string; span: Span }, ctx: ParseContext): Nominal[] | undefined {
  const info = TYPES[type];
  if (info.nominal === 'chars') {
    return [{ kind: 'bytes', bytes: characterBytes(q.text, type === 'CA', q.span, ctx), span: q.span }];
  }
  const out: Nominal[] = [];
  let ok = true;
  for (const p of pieces(q.text, q.span)) {
    if (info.nominal === 'hex' || info.nominal === 'bits') {
      const bytes = parseHexOrBits(p.text, info.nominal, p.span, ctx.report);
      if (bytes) out.push({ kind: 'bytes', bytes, span: p.span });
      else ok = false;
    } else if (info.nominal === 'int') {
      const t = p.text.trim();
      if (!/^[+-]?[0-9]+$/.test(t)) {
        ctx.report('dcValue', p.span, `${type}'${p.text}': only whole decimal numbers are supported (no decimal point, exponent or scale); write X'..' for bit patterns`);
        ok = false;
      } else out.push({ kind: 'int', value: BigInt(t), span: p.span });
    }
  }
  return ok ? exact(out) : undefined;
}

function parenValues(c: Cursor, ctx: ParseContext): Nominal[] | undefined {
  const out: Nominal[] = [];
  c.pos++; // '('
  for (;;) {
    const from = c.pos;
    const e = parseExpr(c, ctx);
    if (!e) return undefined;
    out.push({ kind: 'expr', expr: e, span: c.span(from) });
    if (c.eat(',')) continue;
    if (c.eat(')')) return exact(out);
    ctx.report('exprSyntax', c.restSpan(), "expected ',' or ')' in the list of address constants");
    return undefined;
  }
}

/** Parses one DC or DS operand; reports and returns undefined when it is malformed. */
export function parseDcOperand(f: Field, isDs: boolean, ctx: ParseContext): DcOperand | undefined {
  const c = Cursor.of(f);
  const stmt = isDs ? 'DS' : 'DC';
  if (c.eof) {
    ctx.report('missingOperand', c.restSpan(), `${stmt} operand is missing (e.g. ${isDs ? 'CL80' : "X'00'"})`);
    return undefined;
  }
  let dup: Expr | undefined;
  if (c.atDigit()) {
    const from = c.pos;
    while (c.atDigit()) c.pos++;
    dup = { k: 'num', value: decimalValue(c.text, from, c.pos), span: c.span(from) };
  } else if (c.peek() === '(') {
    const from = c.pos;
    c.pos++;
    const e = parseExpr(c, ctx);
    if (!e) return undefined;
    if (!c.eat(')')) {
      ctx.report('exprSyntax', c.span(from), "missing ')' after the duplication factor");
      return undefined;
    }
    dup = e;
  }
  const typeFrom = c.pos;
  const type = typeAt(c);
  if (!type) {
    const shown = c.eof ? 'nothing' : `'${c.peek()}'`;
    ctx.report('dcType', c.span(typeFrom, typeFrom + 1), `${shown} is not a constant type; use C, CA, X, B, F, FD, H, A, AD, Y (or D for DS 0D)`);
    return undefined;
  }
  const info = TYPES[type];
  let length: Expr | undefined;
  const up = c.peek().toUpperCase();
  if (up === 'L') {
    c.pos++;
    const from = c.pos;
    if (c.atDigit()) {
      while (c.atDigit()) c.pos++;
      length = { k: 'num', value: decimalValue(c.text, from, c.pos), span: c.span(from - 1) };
    } else if (c.peek() === '(') {
      c.pos++;
      const e = parseExpr(c, ctx);
      if (!e) return undefined;
      if (!c.eat(')')) {
        ctx.report('exprSyntax', c.span(from), "missing ')' after the length modifier");
        return undefined;
      }
      length = e;
    } else {
      ctx.report('dcType', c.span(from - 1), `L must be followed by a length: ${type}L4 or ${type}L(expr)`);
      return undefined;
    }
  } else if ('SEPU'.includes(up) && up !== '') {
    ctx.report('notSupported', c.span(c.pos, c.pos + 1), `the ${up} modifier is not supported; only the length modifier L is`);
    return undefined;
  }
  let values: Nominal[] = [];
  if (!c.eof) {
    if (info.nominal === 'float') {
      ctx.report('notSupported', c.restSpan(), `floating-point constants (${type}) are not supported; use FD or X'..' for the bytes, or ${stmt} 0${type} to align`);
      return undefined;
    }
    if (c.peek() === "'") {
      if (info.nominal === 'expr') {
        ctx.report('dcValue', c.restSpan(), `${type} constants take expressions in parentheses: ${type}(LABEL)`);
        return undefined;
      }
      const q = parseQuoted(c, ctx);
      if (!q) return undefined;
      const v = quotedValues(type, q, ctx);
      if (!v) return undefined;
      values = v;
    } else if (c.peek() === '(') {
      if (info.nominal !== 'expr') {
        ctx.report('dcValue', c.restSpan(), `${type} constants take a quoted value: ${type}'..'`);
        return undefined;
      }
      const v = parenValues(c, ctx);
      if (!v) return undefined;
      values = v;
    } else {
      ctx.report('dcValue', c.restSpan(), `unexpected '${c.text.slice(c.pos)}'; the nominal value is quoted (${type === 'A' || type === 'Y' || type === 'AD' ? `${type}(expr)` : `${type}'..'`})`);
      return undefined;
    }
    if (!c.eof) {
      ctx.report('exprSyntax', c.restSpan(), `unexpected '${c.text.slice(c.pos)}' after the constant; separate operands with commas`);
      return undefined;
    }
  }
  if (info.nominal === 'chars' && values.length === 1 && values[0]?.kind === 'bytes' && values[0].bytes.length === 0 && !length) {
    ctx.report('dcValue', f, `${type}'' is empty; write at least one character or give a length (${type}L1'')`);
    return undefined;
  }
  // Absent parts are absent keys, built without spreads (one DC operand per constant).
  const o: { span: Span; type: DcType; values: readonly Nominal[]; dup?: Expr; length?: Expr } = { span: f, type, values };
  if (dup) o.dup = dup;
  if (length) o.length = length;
  return o;
}

const alignUp = (v: number, a: number): number => Math.ceil(v / a) * a;

/**
 * Pass 1: the address, duplication and item lengths of one operand at location `loc`.
 * The duplication factor and explicit length must be known at once (`immediate` mode).
 */
export function layoutDcOperand(op: DcOperand, loc: number, isDs: boolean, env: EvalEnv): DcLayout {
  const info = TYPES[op.type];
  const stmt = isDs ? 'DS' : 'DC';
  let dup = 1;
  if (op.dup) {
    const v = evaluate(op.dup, env);
    if (v === undefined) dup = 0;
    else if (v < 0n || v > BigInt(MAX_STATEMENT_BYTES)) {
      env.report('outOfRange', op.dup.span, `duplication factor ${v} must be 0 to ${MAX_STATEMENT_BYTES}`);
      dup = 0;
    } else dup = Number(v);
  }
  let explicit: number | undefined;
  if (op.length) {
    const v = evaluate(op.length, env);
    if (v !== undefined) {
      if (v < 1n || v > BigInt(info.maxLength)) {
        env.report('outOfRange', op.length.span, `length ${v} is not allowed for type ${op.type}: use 1 to ${info.maxLength}`);
      } else explicit = Number(v);
    }
  }
  if (!isDs && op.values.length === 0 && dup > 0) {
    env.report('dcValue', op.span, `DC ${op.type} needs a nominal value (${op.type === 'A' || op.type === 'Y' || op.type === 'AD' ? `${op.type}(expr)` : `${op.type}'..'`}); use DS to reserve storage`);
    dup = 0;
  }
  // Loops rather than map/reduce with arrows (no closure context per operand).
  const values = op.values;
  const itemLengths: number[] = new Array<number>(values.length === 0 ? 1 : values.length);
  let sum = 0;
  if (values.length === 0) sum = itemLengths[0] = explicit ?? info.implicit;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as Nominal;
    const len = explicit ?? (v.kind === 'bytes' ? v.bytes.length : info.implicit);
    itemLengths[i] = len;
    sum += len;
  }
  const address = alignUp(loc, explicit !== undefined ? 1 : info.align);
  let total = dup * sum;
  if (total > MAX_STATEMENT_BYTES) {
    env.report('outOfRange', op.span, `${stmt} operand needs ${total} bytes, more than any guest storage`);
    total = 0;
    dup = 0;
  }
  return { address, dup, itemLengths, explicitLength: explicit !== undefined, total };
}

/**
 * Pass 2: writes the bytes of one DC operand into `out` from `at` (DS leaves its zeros).
 * Bytes that would pass the end of `out` are dropped.
 */
export function encodeDcOperandInto(out: Uint8Array, at: number, op: DcOperand, layout: DcLayout, isDs: boolean, env: Omit<EvalEnv, 'loc'>): void {
  if (isDs) return;
  let truncatedReported = false;
  const warnOnce = (): boolean => {
    if (truncatedReported) return true;
    truncatedReported = true;
    return false;
  };
  const values = op.values;
  const lengths = layout.itemLengths;
  let offset = 0;
  for (let rep = 0; rep < layout.dup; rep++) {
    let firstOffset = 0; // where item i of the first repetition starts
    for (let i = 0; i < values.length; i++, firstOffset += lengths[i - 1] ?? 0) {
      const v = values[i] as Nominal;
      const len = lengths[i] ?? 0;
      const dest = at + offset;
      offset += len;
      if (dest >= out.length) continue;
      if (rep > 0 && v.kind !== 'expr') {
        // A duplicated item is the same bytes as in the first repetition (no second diagnostic),
        // except address constants that use `*`.
        out.copyWithin(dest, at + firstOffset, Math.min(at + firstOffset + len, at + firstOffset + (out.length - dest)));
      } else {
        encodeItem(out, dest, op, v, len, layout.address + offset - len, env, warnOnce);
      }
    }
  }
}

/** Writes `len` bytes of `v` two's complement big-endian at `dest` (|v| < 2^53; floor division is an arithmetic shift). */
function writeNumber(out: Uint8Array, dest: number, v: number, len: number): void {
  for (let i = len - 1; i >= 0; i--) {
    if (dest + i < out.length) out[dest + i] = v - Math.floor(v / 256) * 256;
    v = Math.floor(v / 256);
  }
}

function writeBytes(out: Uint8Array, dest: number, src: Uint8Array): void {
  const room = out.length - dest;
  out.set(src.length <= room ? src : src.subarray(0, room), dest);
}

function encodeItem(out: Uint8Array, dest: number, op: DcOperand, v: Nominal, len: number, address: number, env: Omit<EvalEnv, 'loc'>, alreadyWarned: () => boolean): void {
  if (v.kind === 'bytes') {
    const src = v.bytes;
    const chars = op.type === 'C' || op.type === 'CA';
    if (src.length > len && !alreadyWarned()) {
      env.report(
        'truncated',
        v.span,
        `${src.length}-byte value truncated to the explicit length ${len} on the ${chars ? 'right' : 'left'}, as HLASM does; give a larger length or a shorter value`,
      );
    }
    if (chars) {
      if (src.length < len) out.fill(op.type === 'C' ? 0x40 : 0x20, dest, Math.min(dest + len, out.length));
      writeBytes(out, dest, src.length > len ? src.subarray(0, len) : src);
    } else if (src.length >= len) writeBytes(out, dest, src.subarray(src.length - len));
    else if (dest + len - src.length < out.length) writeBytes(out, dest + len - src.length, src);
    return;
  }
  const bits = len * 8;
  const isAddress = v.kind === 'expr';
  // The common case in doubles: a value that plainly fits needs no bigint.
  const fast = v.kind === 'int' ? safeInteger(v.value) : fastValue(v.expr, { ...env, loc: BigInt(address) });
  if (fast === fast) {
    const half = 2 ** (bits - 1);
    if ((fast >= -half && fast < half) || (isAddress && fast >= 0 && fast < 2 * half)) {
      writeNumber(out, dest, fast, len);
      return;
    }
  }
  let value: bigint | undefined;
  if (v.kind === 'int') value = v.value;
  else value = evaluate(v.expr, { ...env, loc: BigInt(address) });
  if (value === undefined) return;
  // F and H are signed numbers; address constants may also be written as unsigned patterns.
  const fits = isAddress ? fitsSigned(value, bits) || fitsUnsigned(value, bits) : fitsSigned(value, bits);
  if (!fits) {
    const shown = value < 0n ? String(value) : `${value} (${hexText(value)})`;
    env.report(
      'outOfRange',
      v.span,
      isAddress
        ? `${op.type} constant value ${shown} does not fit in ${len} byte${len === 1 ? '' : 's'}; use a longer type (A, AD) or a smaller value`
        : `${op.type} constant ${shown} does not fit in ${len} signed byte${len === 1 ? '' : 's'}; use X'..' for an unsigned bit pattern or a longer type`,
    );
    return;
  }
  writeBytes(out, dest, bigEndian(value, len));
}

const SAFE_BIG = BigInt(Number.MAX_SAFE_INTEGER);
const safeInteger = (v: bigint): number => (v >= -SAFE_BIG && v <= SAFE_BIG ? Number(v) : NaN);

/** Length attribute of a DC/DS label: the length of the first operand's first item (HLASM). */
export function firstItemLength(layouts: readonly DcLayout[]): number {
  return layouts[0]?.itemLengths[0] ?? 1;
}
