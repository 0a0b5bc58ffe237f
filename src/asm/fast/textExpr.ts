/**
 * Expressions evaluated straight from the line text, without Expr trees or Cursor objects: the
 * grammar of src/asm/expr.ts (unary + -, then * /, then + -, parentheses; terms: decimal
 * numbers, symbols, `*`, `L'sym`, X'..' and C'..'), evaluated in doubles as `fastValue` does
 * (exact while every term and intermediate result stays within ±(2^53 - 1)).
 *
 * It reads one operand from `pos` and stops at the first character that cannot continue the
 * expression, as `parseExpr` does; the caller checks that a comma or the end of the operand
 * field follows. Since such a comma lies outside quotes and parentheses, it is one that
 * `splitOperands` splits at, so the general code reads the same operand text into the same
 * expression. Anything the general code might word (a syntax error, an overflow, a term kind not
 * read here) ends with `status` General and the caller leaves the statement to the general
 * code; a symbol not defined yet ends with `status` Undefined (the statement waits for pass 2).
 */
import { ebcdicByte } from '../ebcdic';
import { isSymbolCode } from '../lexer';
import type { FastSymbols } from './symbols';
import { HASH_START, hashEnd, hashStep } from './textTable';

export const enum Status {
  Ok = 0,
  /** A symbol that is not defined (yet). */
  Undefined = 1,
  /** Something the general code decides (and may report). */
  General = 2,
}

const SAFE = Number.MAX_SAFE_INTEGER;
/** 2^n for n = 0..64: field limits are compared for every operand (`2 ** bits` with a variable is a call). */
export const POW2: readonly number[] = Array.from({ length: 65 }, (_, n) => 2 ** n);
/** Below expr.ts MAX_DEPTH (64), so that nothing near its limit is read here. */
const MAX_DEPTH = 48;
const QUOTE = 39;

/** Symbol start (A-Z a-z @ # $ _), as lexer.ts isSymbolStart. */
export const isStartCode = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 64 || c === 35 || c === 36 || c === 95;
const isDigitCode = (c: number): boolean => c >= 48 && c <= 57;
const hexDigit = (c: number): number => {
  if (c >= 48 && c <= 57) return c - 48;
  const u = c & ~32;
  return u >= 65 && u <= 70 ? u - 55 : -1;
};

/** Printable ASCII to EBCDIC 037 (the fast path's only code page); -1 for the quote and the rest. */
const EBCDIC = new Int16Array(128).fill(-1);
for (let c = 32; c < 127; c++) if (c !== QUOTE) EBCDIC[c] = ebcdicByte(c, '037') ?? -1;

/** The EBCDIC 037 byte of a printable ASCII code unit other than the quote; -1 otherwise. */
export const ebcdic037 = (c: number): number => (c < 128 ? (EBCDIC[c] as number) : -1);

/** The text text[from, to) in upper case, sliced once (most of a program is upper case already). */
export function upperSlice(text: string, from: number, to: number): string {
  const s = text.slice(from, to);
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c >= 97 && c <= 122) return s.toUpperCase();
  }
  return s;
}

export class TextExpr {
  text = '';
  pos = 0;
  /** End of the operand field: nothing at or after it belongs to the expression. */
  end = 0;
  /** The location counter `*` stands for. */
  loc = 0;
  /** Names that come before symbols (EXPECT fields); undefined elsewhere. */
  names: Readonly<Record<string, number>> | undefined = undefined;
  status: Status = Status.Ok;
  /** The length attribute of the leftmost term of the last expression (symbols.ts leftmostLength). */
  leftLength = 1;
  private leftSeen = false;

  constructor(private readonly symbols: FastSymbols) {}

  /** Starts reading the operand field text[from, end). */
  begin(text: string, from: number, end: number, loc: number): void {
    this.text = text;
    this.pos = from;
    this.end = end;
    this.loc = loc;
    this.names = undefined;
    this.status = Status.Ok;
  }

  /**
   * The code unit at `i`, -1 at or past the end of the operand field: a small integer either
   * way (NaN would make every comparison a double one).
   */
  at(i: number): number {
    return i < this.end ? this.text.charCodeAt(i) : -1;
  }

  /** One expression from `pos`: its value, NaN when `status` is not Ok. */
  value(): number {
    this.leftSeen = false;
    this.leftLength = 1;
    if (this.status !== Status.Ok) return NaN;
    const v = this.sum(0);
    return this.status === Status.Ok ? v : NaN;
  }

  /** An unsigned field of `bits` bits; NaN (status General) when the value does not fit. */
  unsigned(bits: number): number {
    const v = this.value();
    if (v >= 0 && v < (POW2[bits] as number)) return v;
    if (this.status === Status.Ok) this.status = Status.General;
    return NaN;
  }

  /** True (and past it) when a comma follows; the end of the field is not a comma. */
  comma(): boolean {
    if (this.at(this.pos) !== 44) return false;
    this.pos++;
    return true;
  }

  get atEnd(): boolean {
    return this.pos >= this.end;
  }

  /** Where the keyword or symbol name starting at `from` ends, or -1 when no name starts there. */
  nameEnd(from: number): number {
    if (!isStartCode(this.at(from))) return -1;
    const text = this.text;
    let p = from + 1;
    while (p < this.end && isSymbolCode(text.charCodeAt(p))) p++;
    return p;
  }

  /** Gives up on the statement: the general code reads it. */
  general(): number {
    if (this.status === Status.Ok) this.status = Status.General;
    return NaN;
  }

  private fits(v: number): number {
    return v >= -SAFE && v <= SAFE ? v : this.general();
  }

  private sum(depth: number): number {
    let l = this.product(depth);
    for (;;) {
      if (this.status !== Status.Ok) return NaN;
      const c = this.at(this.pos);
      if (c !== 43 && c !== 45) return l;
      this.pos++;
      const r = this.product(depth);
      if (this.status !== Status.Ok) return NaN;
      l = this.fits(c === 43 ? l + r : l - r);
    }
  }

  private product(depth: number): number {
    let l = this.unary(depth);
    for (;;) {
      if (this.status !== Status.Ok) return NaN;
      const c = this.at(this.pos);
      if (c !== 42 && c !== 47) return l;
      this.pos++;
      const r = this.unary(depth);
      if (this.status !== Status.Ok) return NaN;
      if (c === 42) l = this.fits(l * r + 0);
      else if (r === 0) return this.general(); // the general code reports the division by zero
      else l = this.fits(Math.trunc(l / r) + 0); // exact: see evaluate.ts fastValue
    }
  }

  private unary(depth: number): number {
    const c = this.at(this.pos);
    if (c !== 43 && c !== 45) return this.primary(depth);
    if (depth >= MAX_DEPTH) return this.general();
    this.pos++;
    if (c === 45) this.leftmost(1); // a negated leftmost term has no length of its own
    const v = this.unary(depth + 1);
    return c === 45 ? 0 - v : v; // 0 - v, not -v: never -0
  }

  private leftmost(length: number): void {
    if (this.leftSeen) return;
    this.leftSeen = true;
    this.leftLength = length;
  }

  private primary(depth: number): number {
    const text = this.text;
    const from = this.pos;
    const c = this.at(from);
    if (c === 40) {
      if (depth >= MAX_DEPTH) return this.general();
      this.pos++;
      const v = this.sum(depth + 1);
      if (this.status !== Status.Ok) return NaN;
      if (this.at(this.pos) !== 41) return this.general();
      this.pos++;
      return v;
    }
    if (c === 42) {
      this.pos++;
      this.leftmost(1);
      return this.fits(this.loc);
    }
    if (isDigitCode(c)) {
      let v = 0;
      let p = from;
      while (isDigitCode(this.at(p))) v = v * 10 + (text.charCodeAt(p++) - 48);
      this.pos = p;
      if (p - from > 15 || isStartCode(this.at(p))) return this.general();
      this.leftmost(1);
      return v;
    }
    if (!isStartCode(c)) return this.general();
    const hash = this.hashName(from, c);
    const p = this.pos;
    if (this.at(p) === QUOTE) {
      if (p !== from + 1) return this.general(); // CA'..', B'..' and the rest: the general code
      this.leftmost(1);
      const t = c & ~32;
      if (t === 76) return this.lengthOf(p + 1);
      if (t === 88) return this.hex(p + 1);
      if (t === 67) return this.character(p + 1);
      return this.general();
    }
    const names = this.names;
    if (names !== undefined) {
      const name = upperSlice(text, from, p);
      if (Object.hasOwn(names, name)) {
        this.leftmost(1);
        return names[name] ?? 0;
      }
    }
    const symbols = this.symbols;
    const s = this.lookup(hash, from);
    if (s < 0) return NaN;
    this.leftmost(symbols.lengthOf(s));
    const v = symbols.exactValue(s);
    return v === v ? v : this.general();
  }

  /** L'sym, the quote at `q - 1`. */
  private lengthOf(q: number): number {
    const c = this.at(q);
    if (!isStartCode(c)) return this.general(); // L'* and the rest: the general code
    const s = this.lookup(this.hashName(q, c), q);
    return s < 0 ? NaN : this.symbols.lengthOf(s);
  }

  /**
   * Reads the name that starts at `from` (its first code unit `c`): leaves `pos` at its end and
   * returns its hash, found in the same pass (the lookup need not read it again to hash it).
   */
  private hashName(from: number, c: number): number {
    const text = this.text;
    const end = this.end;
    let p = from + 1;
    let h = hashStep(HASH_START, c);
    while (p < end) {
      const ch = text.charCodeAt(p);
      if (!isSymbolCode(ch)) break;
      h = hashStep(h, ch);
      p++;
    }
    this.pos = p;
    return hashEnd(h);
  }

  /** The symbol named by text[from, pos) with its `hash`, or -1 (status Undefined: pass 2 may know it). */
  private lookup(hash: number, from: number): number {
    const s = this.symbols.indexOfHashed(hash, this.text, from, this.pos);
    if (s < 0 && this.status === Status.Ok) this.status = Status.Undefined;
    return s;
  }

  /** X'..' of 1 to 13 digits (exact in a double). */
  private hex(q: number): number {
    let p = q;
    let v = 0;
    for (;;) {
      const d = hexDigit(this.at(p));
      if (d < 0) break;
      v = v * 16 + d;
      p++;
    }
    if (p === q || p - q > 13 || this.at(p) !== QUOTE) return this.general();
    this.pos = p + 1;
    return v;
  }

  /** C'..' of 1 to 6 printable characters (no doubled quote), EBCDIC 037. */
  private character(q: number): number {
    let p = q;
    let v = 0;
    for (;;) {
      const ch = this.at(p);
      if (ch === QUOTE) break;
      const b = ch >= 0 && ch < 128 ? (EBCDIC[ch] as number) : -1; // -1: the end
      if (b < 0) return this.general();
      v = v * 256 + b;
      p++;
    }
    if (p === q || p - q > 6 || this.at(p + 1) === QUOTE) return this.general();
    this.pos = p + 1;
    return v;
  }
}
