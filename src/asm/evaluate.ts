/**
 * Evaluating expressions against the symbol table, in 64-bit signed arithmetic.
 *
 * Three modes, because HLASM needs some values at once and others only at the end:
 * - `final` (second pass): every symbol is known; an unknown one is an error.
 * - `immediate` (first pass: ORG, duplication factors, length modifiers): the symbol must be
 *   defined above this point.
 * - `probe` (first pass: EQU): unknown symbols are collected silently and the EQU is retried.
 */
import type { Report, Span } from './diagnostics';
import { INT64_MAX, INT64_MIN, type Expr } from './expr';
import type { LookupResult } from './symbols';

export type EvalMode = 'final' | 'immediate' | 'probe';

export interface EvalEnv {
  readonly mode: EvalMode;
  /** Location counter: the address of the statement (or of the constant) being assembled. */
  readonly loc: bigint;
  readonly lookup: (name: string) => LookupResult;
  /** Names that come before symbols (EXPECT fields: DSTAT=CE+DE, SCHSTAT=PCI). */
  readonly names?: Readonly<Record<string, number>>;
  readonly report: Report;
  /** probe mode: the names that were not known yet. */
  readonly missing?: Set<string>;
}

function symbolValue(name: string, span: Span, env: EvalEnv, wantLength: boolean): bigint | undefined {
  if (!wantLength && env.names && Object.hasOwn(env.names, name)) return BigInt(env.names[name] ?? 0);
  const r = env.lookup(name);
  if (typeof r === 'object') return wantLength ? BigInt(r.length) : r.value;
  if (r === 'poisoned') return undefined; // its definition already has an error
  if (env.mode === 'probe') {
    env.missing?.add(name);
    return undefined;
  }
  const ref = wantLength ? `L'${name}` : name;
  if (env.mode === 'immediate') {
    env.report('notYetDefined', span, `${ref} must be defined above this statement, because its value is needed at once here`);
  } else if (r === 'undefined') {
    const hint = env.names ? ` (names for this field: ${Object.keys(env.names).join(' ')})` : '';
    env.report('undefinedSymbol', span, `${name} is not defined; define it with a label or EQU, or check the spelling${hint}`);
  }
  // 'unresolved' in final mode: the circular-EQU diagnostic is given at the EQU itself.
  return undefined;
}

function checked(v: bigint, span: Span, env: EvalEnv): bigint | undefined {
  if (v < INT64_MIN || v > INT64_MAX) {
    env.report('overflow', span, 'the result does not fit in 64 signed bits; simplify the expression');
    return undefined;
  }
  return v;
}

export function evaluate(e: Expr, env: EvalEnv): bigint | undefined {
  switch (e.k) {
    case 'num':
      return e.value;
    case 'loc':
      return env.loc;
    case 'sym':
      return symbolValue(e.name, e.span, env, false);
    case 'len':
      return symbolValue(e.name, e.span, env, true);
    case 'neg': {
      const v = evaluate(e.e, env);
      return v === undefined ? undefined : checked(-v, e.span, env);
    }
    case 'bin': {
      const l = evaluate(e.l, env);
      const r = evaluate(e.r, env);
      if (l === undefined || r === undefined) return undefined;
      switch (e.op) {
        case '+':
          return checked(l + r, e.span, env);
        case '-':
          return checked(l - r, e.span, env);
        case '*':
          return checked(l * r, e.span, env);
        case '/':
          if (r === 0n) {
            env.report('divideByZero', e.r.span, 'division by zero; HLASM would give 0 here, which hides the mistake, so this is an error');
            return undefined;
          }
          return checked(l / r, e.span, env);
      }
    }
  }
}

/** Beyond ±(2^53 - 1) a double is no longer exact: the fast path gives up there and bigint decides. */
const SAFE = Number.MAX_SAFE_INTEGER;
const SAFE_BIG = BigInt(SAFE);

/** A defined symbol's value as a double, NaN when it is not exactly one. */
function safeNumber(v: bigint): number {
  return v >= -SAFE_BIG && v <= SAFE_BIG ? Number(v) : NaN;
}

/**
 * The value of `e` in plain doubles, for the common case: every term and every intermediate
 * result is an integer within ±(2^53 - 1), where doubles are exact, and every symbol is defined.
 * NaN otherwise, and then `evaluate` decides with bigints and gives the diagnostics: this
 * function has no side effects, so falling back never reports twice.
 */
export function fastValue(e: Expr, env: EvalEnv): number {
  switch (e.k) {
    case 'num':
      return safeNumber(e.value);
    case 'loc':
      return safeNumber(env.loc);
    case 'sym': {
      const names = env.names;
      if (names !== undefined && Object.hasOwn(names, e.name)) return names[e.name] ?? 0;
      const r = env.lookup(e.name);
      return typeof r === 'object' ? safeNumber(r.value) : NaN;
    }
    case 'len': {
      const r = env.lookup(e.name);
      return typeof r === 'object' ? r.length : NaN;
    }
    case 'neg':
      return 0 - fastValue(e.e, env); // 0 - v, not -v: never -0
    case 'bin': {
      const l = fastValue(e.l, env);
      if (l !== l) return NaN;
      const r = fastValue(e.r, env);
      if (r !== r) return NaN;
      let v: number;
      if (e.op === '+') v = l + r;
      else if (e.op === '-') v = l - r;
      else if (e.op === '*') v = l * r + 0; // + 0 turns -0 into 0
      else if (r === 0) return NaN; // the bigint path reports the division by zero
      // |l| <= 2^53 - 1: the quotient's rounding error is smaller than its distance to the
      // next integer, so truncating the double quotient is exact (as bigint division truncates).
      else v = Math.trunc(l / r) + 0;
      // An inexact sum or product lands at or beyond 2^53 in magnitude, so this catches it.
      return v >= -SAFE && v <= SAFE ? v : NaN;
    }
  }
}

/**
 * `unsignedField(evaluate(e, env), ...)` without bigints when the value is a plain in-range
 * number (nearly always); anything else takes the exact path, diagnostics included.
 */
export function evaluateUnsigned(e: Expr, env: EvalEnv, bits: number, what: string, report: Report, dec = false): number | undefined {
  const n = fastValue(e, env);
  if (n >= 0 && n < 2 ** bits) return n;
  return unsignedField(evaluate(e, env), bits, what, e.span, report, dec);
}

/** X'1F' for diagnostics (negative values as -n). */
export function hexText(v: bigint | number): string {
  const b = BigInt(v);
  if (b < 0n) return `-${(-b).toString()}`;
  const h = b.toString(16).toUpperCase();
  return `X'${h.length % 2 === 1 ? '0' + h : h}'`;
}

/** 2^n for n = 0..128, made once: range checks run for every field of every statement. */
const POW2: readonly bigint[] = Array.from({ length: 129 }, (_, n) => 1n << BigInt(n));
const pow2 = (n: number): bigint => POW2[n] ?? 1n << BigInt(n);

export const fitsUnsigned = (v: bigint, bits: number): boolean => v >= 0n && v < pow2(bits);
export const fitsSigned = (v: bigint, bits: number): boolean => v >= -pow2(bits - 1) && v < pow2(bits - 1);

/**
 * Checks an unsigned field; reports `<what> X'..' does not fit in N bits` and returns undefined
 * when it does not. Counts, lengths and times read better in decimal (`dec`).
 */
export function unsignedField(v: bigint | undefined, bits: number, what: string, span: Span, report: Report, dec = false): number | undefined {
  if (v === undefined) return undefined;
  if (!fitsUnsigned(v, bits)) {
    const shown = v < 0n || dec ? String(v) : hexText(v);
    const max = (1n << BigInt(bits)) - 1n;
    report('outOfRange', span, `${what} ${shown} does not fit in ${bits} bits (0 to ${dec ? String(max) : hexText(max)})`);
    return undefined;
  }
  return Number(v);
}

/** Big-endian two's complement of `v` in `len` bytes (the caller has checked the range). */
export function bigEndian(v: bigint, len: number): Uint8Array {
  const out = new Uint8Array(len);
  let x = BigInt.asUintN(len * 8, v);
  for (let i = len - 1; i >= 0; i--) {
    out[i] = Number(x & 0xffn);
    x >>= 8n;
  }
  return out;
}
