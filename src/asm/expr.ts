/**
 * Expressions (LANGUAGE.md "Expressions"; HLASM precedence): terms are decimal numbers,
 * self-defining terms X'1F' B'1010' C'A' (EBCDIC, in the code page in force) CA'A' (ASCII),
 * symbols, `*` (location counter) and `L'sym`; operators are unary + -, then * /, then + -,
 * with parentheses. Values are 64-bit signed (bigint here, checked where they land).
 */
import type { CodePage } from './ebcdic';
import { encodeAscii, encodeEbcdic } from './ebcdic';
import { Cursor } from './cursor';
import type { Report, Span } from './diagnostics';
import { isDigit, isSymbolStart } from './lexer';

export type BinaryOp = '+' | '-' | '*' | '/';

export type Expr =
  | { readonly k: 'num'; readonly value: bigint; readonly span: Span }
  | { readonly k: 'sym'; readonly name: string; readonly span: Span }
  | { readonly k: 'loc'; readonly span: Span }
  | { readonly k: 'len'; readonly name: string; readonly span: Span }
  | { readonly k: 'neg'; readonly e: Expr; readonly span: Span }
  | { readonly k: 'bin'; readonly op: BinaryOp; readonly l: Expr; readonly r: Expr; readonly span: Span };

export const INT64_MIN = -(1n << 63n);
export const INT64_MAX = (1n << 63n) - 1n;

export interface ParseContext {
  readonly codePage: CodePage;
  readonly report: Report;
}

/** Deep enough for any real expression, shallow enough for the JavaScript stack. */
const MAX_DEPTH = 64;

/** Reads a quoted string at the cursor (which is on the opening quote). */
export function parseQuoted(c: Cursor, ctx: ParseContext): { text: string; span: Span } | undefined {
  const from = c.pos;
  // The common string has no doubled quote: find its end and take it in one slice.
  const close = c.text.indexOf("'", from + 1);
  if (close >= 0 && c.text.charCodeAt(close + 1) !== 39) {
    c.pos = close + 1;
    return { text: c.text.slice(from + 1, close), span: c.span(from) };
  }
  c.pos++;
  let text = '';
  while (!c.eof) {
    const ch = c.next();
    if (ch === "'") {
      if (c.peek() === "'") {
        c.pos++;
        text += "'";
        continue;
      }
      return { text, span: c.span(from) };
    }
    text += ch;
  }
  ctx.report('unterminated', c.span(from), 'this string has no closing quote; add one (write a quote inside a string twice)');
  return undefined;
}

/**
 * Bytes of C'..' (EBCDIC) or CA'..' (ASCII) text; reports each character without a code at its
 * own column. `quote` is the span of the quoted string, opening quote included.
 */
export function characterBytes(text: string, ascii: boolean, quote: Span, ctx: ParseContext): Uint8Array {
  const r = ascii ? encodeAscii(text) : encodeEbcdic(text, ctx.codePage);
  for (const u of r.unmappable) {
    // Column of the character: count UTF-16 units before it, and the doubled quotes written for it.
    const before = [...text].slice(0, u.index).join('');
    const column = quote.column + 1 + before.length + (before.split("'").length - 1);
    const cp = u.char.codePointAt(0) ?? 0;
    const where = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
    ctx.report(
      'unmappableChar',
      { column, endColumn: column + u.char.length },
      ascii
        ? `'${u.char}' (${where}) is not an ASCII character; CA constants take U+0000..U+007F only (use X'..' for other bytes)`
        : `'${u.char}' (${where}) has no code in EBCDIC code page ${ctx.codePage}; write its bytes with X'..' instead`,
    );
  }
  return r.bytes;
}

export function bytesToBigInt(bytes: Uint8Array): bigint {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return v;
}

/** Interprets an unsigned 64-bit pattern as signed (X'FFFFFFFFFFFFFFFF' is -1, as HLASM does in 32 bits). */
function toSigned64(v: bigint): bigint {
  return v > INT64_MAX ? v - (1n << 64n) : v;
}

/** Parses the self-defining term whose type letters have been read (cursor on the quote). */
function selfDefining(type: string, c: Cursor, typeFrom: number, ctx: ParseContext): Expr | undefined {
  const q = parseQuoted(c, ctx);
  if (!q) return undefined;
  const span = c.span(typeFrom);
  const body = q.text;
  switch (type) {
    case 'X':
    case 'B': {
      const digits = type === 'X' ? /^[0-9A-Fa-f]+$/ : /^[01]+$/;
      const max = type === 'X' ? 16 : 64;
      if (!digits.test(body)) {
        ctx.report('selfDefTerm', span, type === 'X' ? `X'${body}' must contain hexadecimal digits 0-9 A-F only` : `B'${body}' must contain binary digits 0 and 1 only`);
        return undefined;
      }
      if (body.length > max) {
        ctx.report('selfDefTerm', span, `${type}'${body}' has ${body.length} digits; a self-defining term holds at most ${max} (64 bits). Use a DC constant for longer values`);
        return undefined;
      }
      return { k: 'num', value: toSigned64(BigInt((type === 'X' ? '0x' : '0b') + body)), span };
    }
    case 'C':
    case 'CA': {
      if (body.length === 0) {
        ctx.report('selfDefTerm', span, `${type}'' is empty; a character self-defining term needs 1 to 8 characters`);
        return undefined;
      }
      const bytes = characterBytes(body, type === 'CA', q.span, ctx);
      if (bytes.length > 8) {
        ctx.report('selfDefTerm', span, `${type}'${body}' has ${bytes.length} characters; a self-defining term holds at most 8 (64 bits). Use a DC constant for longer text`);
        return undefined;
      }
      return { k: 'num', value: toSigned64(bytesToBigInt(bytes)), span };
    }
    default:
      ctx.report('selfDefTerm', span, `${type}'..' is not a self-defining term; use X'..', B'..', C'..' or CA'..'`);
      return undefined;
  }
}

/** Bigints of numbers below 4096, made once and shared (bigints are immutable): most numbers in a program are small. */
const SMALL = new Array<bigint | undefined>(4096);

/** The value of the decimal digits text[from, to). */
export function decimalValue(text: string, from: number, to: number): bigint {
  if (to - from > 6) return BigInt(text.slice(from, to));
  let n = 0;
  for (let i = from; i < to; i++) n = n * 10 + text.charCodeAt(i) - 48;
  if (n >= 4096) return BigInt(n);
  return (SMALL[n] ??= BigInt(n));
}

function primary(c: Cursor, ctx: ParseContext, depth: number): Expr | undefined {
  const from = c.pos;
  const ch = c.peek();
  if (ch === '(') {
    if (depth >= MAX_DEPTH) {
      ctx.report('exprSyntax', c.restSpan(), `parentheses nest deeper than ${MAX_DEPTH}; simplify the expression`);
      return undefined;
    }
    c.pos++;
    const e = sum(c, ctx, depth + 1);
    if (!e) return undefined;
    if (!c.eat(')')) {
      ctx.report('exprSyntax', c.span(from, Math.max(c.pos, from + 1)), "missing ')' to close this parenthesis");
      return undefined;
    }
    return e;
  }
  if (ch === '*') {
    c.pos++;
    return { k: 'loc', span: c.span(from) };
  }
  if (isDigit(ch)) {
    while (c.atDigit()) c.pos++;
    const value = decimalValue(c.text, from, c.pos);
    const digits = c.text.slice(from, c.pos);
    if (value > INT64_MAX) {
      ctx.report('overflow', c.span(from), `${digits} does not fit in 64 bits (largest ${INT64_MAX})`);
      return undefined;
    }
    if (isSymbolStart(c.peek())) {
      ctx.report('exprSyntax', c.span(from, c.pos + 1), `'${digits}${c.peek()}…': a symbol cannot start with a digit (write hexadecimal as X'..')`);
      return undefined;
    }
    return { k: 'num', value, span: c.span(from) };
  }
  if (isSymbolStart(ch)) {
    const raw = c.name();
    const name = raw.toUpperCase();
    if (c.peek() === "'") {
      if (name === 'L') {
        c.pos++;
        if (c.eat('*')) {
          ctx.report('notSupported', c.span(from), "L'* is not supported yet; write L'label");
          return undefined;
        }
        const symFrom = c.pos;
        const sym = c.name();
        if (!sym) {
          ctx.report('exprSyntax', c.span(from), "L' must be followed by a symbol: L'LABEL");
          return undefined;
        }
        return { k: 'len', name: sym.toUpperCase(), span: c.span(from, Math.max(c.pos, symFrom)) };
      }
      return selfDefining(name, c, from, ctx);
    }
    return { k: 'sym', name, span: c.span(from) };
  }
  if (c.eof) {
    ctx.report('exprSyntax', c.restSpan(), 'an expression is missing here');
  } else {
    ctx.report('exprSyntax', c.span(from, from + 1), `'${ch}' cannot start a term; expected a number, symbol, self-defining term (X'..', C'..'), * or (`);
  }
  return undefined;
}

function unary(c: Cursor, ctx: ParseContext, depth: number): Expr | undefined {
  const from = c.pos;
  if (c.peek() === '+' || c.peek() === '-') {
    if (depth >= MAX_DEPTH) {
      ctx.report('exprSyntax', c.restSpan(), `too many signs in a row; simplify the expression`);
      return undefined;
    }
    const sign = c.next();
    const e = unary(c, ctx, depth + 1);
    if (!e) return undefined;
    return sign === '-' ? { k: 'neg', e, span: c.span(from) } : e;
  }
  return primary(c, ctx, depth);
}

function product(c: Cursor, ctx: ParseContext, depth: number): Expr | undefined {
  const from = c.pos;
  let l = unary(c, ctx, depth);
  while (l && (c.peek() === '*' || c.peek() === '/')) {
    const op = c.next() as BinaryOp;
    const r = unary(c, ctx, depth);
    if (!r) return undefined;
    l = { k: 'bin', op, l, r, span: c.span(from) };
  }
  return l;
}

function sum(c: Cursor, ctx: ParseContext, depth: number): Expr | undefined {
  const from = c.pos;
  let l = product(c, ctx, depth);
  while (l && (c.peek() === '+' || c.peek() === '-')) {
    const op = c.next() as BinaryOp;
    const r = product(c, ctx, depth);
    if (!r) return undefined;
    l = { k: 'bin', op, l, r, span: c.span(from) };
  }
  return l;
}

/** Parses an expression starting at the cursor; stops at the first character that cannot continue it. */
export function parseExpr(c: Cursor, ctx: ParseContext): Expr | undefined {
  return sum(c, ctx, 0);
}

/** Parses an expression that must fill the whole cursor (one operand). */
export function parseWholeExpr(c: Cursor, ctx: ParseContext, what: string): Expr | undefined {
  if (c.eof) {
    ctx.report('missingOperand', c.restSpan(), `${what} is missing`);
    return undefined;
  }
  const e = parseExpr(c, ctx);
  if (e && !c.eof) {
    ctx.report('exprSyntax', c.restSpan(), `unexpected '${c.text.slice(c.pos)}' after ${what}; an operand ends at a comma`);
    return undefined;
  }
  return e;
}
