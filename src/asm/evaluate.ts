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

/** X'1F' for diagnostics (negative values as -n). */
export function hexText(v: bigint | number): string {
  const b = BigInt(v);
  if (b < 0n) return `-${(-b).toString()}`;
  const h = b.toString(16).toUpperCase();
  return `X'${h.length % 2 === 1 ? '0' + h : h}'`;
}

export const fitsUnsigned = (v: bigint, bits: number): boolean => v >= 0n && v < 1n << BigInt(bits);
export const fitsSigned = (v: bigint, bits: number): boolean => v >= -(1n << BigInt(bits - 1)) && v < 1n << BigInt(bits - 1);

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
