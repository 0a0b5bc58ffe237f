/**
 * Breakpoint conditions, hit conditions, logpoint `{…}` expressions and the debug console's
 * checks are written in the EXPECT language (LANGUAGE.md "Expectations"): `CC=0`,
 * `DSTAT&=UC`, `MEM(LABEL,4)=C'VOL1'`, `SCSW.Z=1`. We parse them with the assembler's own
 * EXPECT parser and evaluate them with the driver's own evaluator, so a condition means
 * exactly what the same text means after EXPECT. Bad input is a message, never a throw.
 */
import type { ImageSymbol } from '../asm/image';
import type { Expectation } from '../asm/image';
import type { Report, Span } from '../asm/diagnostics';
import { evaluateCheck } from '../asm/expect';
import { parseCheck } from '../asm/expect';
import { splitOperands, type Field } from '../asm/lexer';
import { evaluateExpectation, type ExpectContext, type ExpectationResult } from '../driver/expect';

export type ParsedCondition = { readonly checks: readonly Expectation[] } | { readonly error: string };

const NO_LOC = { file: '<condition>', line: 1, column: 1, endColumn: 1 };

/** Parses `field=value[,field=value...]` (all must hold) against the program's symbols. */
export function parseCondition(text: string, symbols: readonly ImageSymbol[], storageSize: number): ParsedCondition {
  const trimmed = text.trim();
  if (trimmed === '') return { error: 'the condition is empty; write it as an EXPECT check, e.g. CC=0 or DSTAT&=UC' };
  if (trimmed.length > 4000) return { error: 'the condition is too long' };
  const problems: string[] = [];
  const report: Report = (_id, _span: Span, message) => void problems.push(message);
  const table = new Map(symbols.map((s) => [s.name.toUpperCase(), s]));
  const whole: Field = { text: trimmed, column: 1, endColumn: trimmed.length + 1 };
  const checks: Expectation[] = [];
  try {
    for (const operand of splitOperands(whole)) {
      const parsed = parseCheck(operand, { codePage: '037', report });
      if (!parsed) continue;
      const e = evaluateCheck(parsed, {
        eval: {
          mode: 'final',
          loc: 0n,
          lookup: (name) => {
            const s = table.get(name.toUpperCase());
            return s ? { value: BigInt(s.value), length: s.length } : 'undefined';
          },
          report,
        },
        storageSize,
        loc: () => NO_LOC,
        report,
      });
      if (e) checks.push(e);
    }
  } catch (e) {
    // The parser is total on assembler input; this guards the debugger against our own bugs.
    problems.push(`cannot read the condition: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (problems.length > 0) return { error: problems.join('; ') };
  if (checks.length === 0) return { error: `"${trimmed}" is not a check; write it as an EXPECT check, e.g. CC=0` };
  return { checks };
}

export interface ConditionOutcome {
  readonly holds: boolean;
  readonly results: readonly ExpectationResult[];
}

/** All checks hold (a check that cannot be evaluated does not hold). */
export function evaluateCondition(checks: readonly Expectation[], ctx: ExpectContext): ConditionOutcome {
  const results = checks.map((c) => evaluateExpectation(c, ctx));
  return { holds: results.every((r) => r.passed), results };
}

/**
 * A value expression: an EXPECT field (`CC`, `DSTAT`, `MEM(LABEL,4)`, `SENSE(0,2)`) shown as
 * EXPECT shows its actual value, or a symbol / self-defining term shown as a number.
 */
export function evaluateValue(text: string, symbols: readonly ImageSymbol[], storageSize: number, ctx: ExpectContext): { value: string } | { error: string } {
  const trimmed = text.trim();
  if (/[=!&]/.test(trimmed.replace(/'[^']*'/g, ''))) {
    const c = parseCondition(trimmed, symbols, storageSize);
    if ('error' in c) return c;
    const out = evaluateCondition(c.checks, ctx);
    return { value: out.holds ? 'true' : `false (${out.results.filter((r) => !r.passed).map((r) => `${r.expectation.field} is ${r.actual}${r.problem ? `: ${r.problem}` : ''}`).join('; ')})` };
  }
  // A field alone: compare it with 0 and show the actual value EXPECT found.
  const probe = parseCondition(`${trimmed}=0`, symbols, storageSize);
  if (!('error' in probe)) {
    const r = evaluateExpectation(probe.checks[0] as Expectation, ctx);
    return r.problem && r.actual === '(none)' ? { error: r.problem } : { value: r.actual };
  }
  const sym = symbols.find((s) => s.name.toUpperCase() === trimmed.toUpperCase());
  if (sym) return { value: `X'${sym.value.toString(16).toUpperCase()}' (${sym.value})` };
  return { error: probe.error };
}

/** `{expr}` pieces of a logpoint message, evaluated; `{{` and `}}` are literal braces. */
export function interpolate(message: string, evaluate: (expr: string) => string): string {
  return message.replace(/\{\{|\}\}|\{([^{}]*)\}/g, (m, expr: string | undefined) => {
    if (m === '{{') return '{';
    if (m === '}}') return '}';
    return evaluate(expr ?? '');
  });
}

export type HitCondition = { readonly op: '>=' | '>' | '=' | '%' | '<' | '<='; readonly n: number };

/** `5`, `>=5`, `>5`, `=5`, `%5`, `<5`: the forms VS Code's hit-count box accepts. */
export function parseHitCondition(text: string): HitCondition | { error: string } {
  const m = /^\s*(>=|<=|==|=|>|<|%)?\s*(\d{1,9})\s*$/.exec(text);
  if (!m) return { error: `hit count "${text}" is not a number (write 5, >=5, =5, >5, <5 or %5)` };
  const n = Number(m[2]);
  const op = (m[1] === '==' ? '=' : (m[1] ?? '>=')) as HitCondition['op'];
  if (op === '%' && n === 0) return { error: 'hit count %0 would divide by zero' };
  return { op, n };
}

export function hitConditionHolds(h: HitCondition, hits: number): boolean {
  switch (h.op) {
    case '>=':
      return hits >= h.n;
    case '>':
      return hits > h.n;
    case '=':
      return hits === h.n;
    case '<':
      return hits < h.n;
    case '<=':
      return hits <= h.n;
    case '%':
      return hits % h.n === 0;
  }
}
