/**
 * EXPECT field=value,... (LANGUAGE.md "Expectations"): parsed in the first pass, evaluated in
 * the second (values may name symbols defined anywhere). Relations `=`, `&=` (all these bits
 * set), `!=`. A field's own value names come before symbols: `SCHSTAT=PCI` is X'80' even
 * though PCI is also the CCW flag X'08'.
 */
import { Cursor } from './cursor';
import type { Report, Span } from './diagnostics';
import { bigEndian, evaluate, fastValue, fitsSigned, fitsUnsigned, hexText, type EvalEnv } from './evaluate';
import { EXPECT_FIELDS, expectField, type ExpectFieldSpec } from './expectFields';
import { characterBytes, parseExpr, parseQuoted, type Expr, type ParseContext } from './expr';
import type { ExpectRelation, ExpectValue, Expectation, SourceLocation } from './image';
import { exact } from './arrays';
import type { Field } from './lexer';

export interface ParsedCheck {
  readonly spec: ExpectFieldSpec;
  readonly args: readonly Expr[];
  readonly argsSpan: Span;
  readonly relation: ExpectRelation;
  readonly value: { readonly kind: 'bytes'; readonly bytes: Uint8Array; readonly span: Span } | { readonly kind: 'expr'; readonly expr: Expr; readonly span: Span };
  readonly text: string;
  readonly span: Span;
}

function fieldName(c: Cursor): string {
  let name = c.name();
  while (c.peek() === '.' && name !== '') {
    c.pos++;
    name += '.' + c.name();
  }
  return name.toUpperCase();
}

const STRING_TYPES = ['X', 'B', 'C', 'CA'];

/** A whole-operand string value X'..' B'..' C'..' CA'..' of any length, as bytes. */
export function stringValue(c: Cursor, ctx: ParseContext): Uint8Array | undefined {
  const from = c.pos;
  const type = c.name().toUpperCase();
  if (!STRING_TYPES.includes(type) || c.peek() !== "'") {
    c.pos = from;
    return undefined;
  }
  const silent: ParseContext = { codePage: ctx.codePage, report: () => undefined };
  const q = parseQuoted(c, silent);
  if (!q || !c.eof) {
    c.pos = from; // not a lone string: let the expression parser read (and report) it
    return undefined;
  }
  const span = c.span(from);
  if (type === 'C' || type === 'CA') return characterBytes(q.text, type === 'CA', q.span, ctx);
  const digits = q.text;
  const ok = type === 'X' ? /^[0-9A-Fa-f]+$/ : /^[01]+$/;
  if (!ok.test(digits)) {
    ctx.report('selfDefTerm', span, type === 'X' ? `X'${digits}' must contain hexadecimal digits 0-9 A-F only` : `B'${digits}' must contain binary digits only`);
    return new Uint8Array(0);
  }
  const per = type === 'X' ? 2 : 8;
  const padded = digits.padStart(Math.ceil(digits.length / per) * per, '0');
  const out = new Uint8Array(padded.length / per);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(padded.slice(i * per, (i + 1) * per), type === 'X' ? 16 : 2);
  return out;
}

export function parseCheck(f: Field, ctx: ParseContext): ParsedCheck | undefined {
  const c = Cursor.of(f);
  if (c.eof) {
    ctx.report('missingOperand', f, 'an empty EXPECT operand; write field=value');
    return undefined;
  }
  const nameFrom = c.pos;
  const name = fieldName(c);
  const nameSpan = c.span(nameFrom);
  const spec = name ? expectField(name) : undefined;
  if (!spec) {
    const known = [...EXPECT_FIELDS.keys()].filter((k) => !k.startsWith('PMCW.')).join(' ');
    ctx.report('expectField', name ? nameSpan : c.span(nameFrom, nameFrom + 1), `${name || `'${c.peek()}'`} is not an EXPECT field; use one of ${known}, PMCW.x`);
    return undefined;
  }
  const args: Expr[] = [];
  const argsFrom = c.pos;
  if (c.peek() === '(') {
    if (spec.args === 'none') {
      ctx.report('expectField', c.span(c.pos, c.pos + 1), `${spec.name} takes no arguments; write ${spec.name}=value`);
      return undefined;
    }
    c.pos++;
    for (;;) {
      const e = parseExpr(c, ctx);
      if (!e) return undefined;
      args.push(e);
      if (c.eat(',')) continue;
      if (c.eat(')')) break;
      ctx.report('exprSyntax', c.restSpan(), `expected ',' or ')' in ${spec.name}(start,length)`);
      return undefined;
    }
    if (args.length > 2) {
      ctx.report('expectField', c.span(argsFrom), `${spec.name} takes (start) or (start,length), not ${args.length} arguments`);
      return undefined;
    }
  } else if (spec.args === 'range') {
    ctx.report('expectField', nameSpan, `${spec.name} needs the bytes to check: ${spec.name}(${spec.name === 'MEM' ? 'address' : 'index'},length)`);
    return undefined;
  }
  const argsSpan = c.span(argsFrom);
  let relation: ExpectRelation;
  if (c.eat('=')) relation = '=';
  else if (c.peek() === '&' && c.peek(1) === '=') {
    c.pos += 2;
    relation = '&=';
  } else if (c.peek() === '!' && c.peek(1) === '=') {
    c.pos += 2;
    relation = '!=';
  } else {
    ctx.report('expectField', c.restSpan(), `expected =, &= or != after ${spec.name}`);
    return undefined;
  }
  const valueFrom = c.pos;
  if (c.eof) {
    ctx.report('missingOperand', c.restSpan(), `the value of ${spec.name} is missing`);
    return undefined;
  }
  let value: ParsedCheck['value'] | undefined;
  if (spec.value === 'bytes') {
    const bytes = stringValue(c, ctx);
    if (bytes) value = { kind: 'bytes', bytes, span: c.span(valueFrom) };
  }
  if (!value) {
    const e = parseExpr(c, ctx);
    if (!e) return undefined;
    if (!c.eof) {
      ctx.report('exprSyntax', c.restSpan(), `unexpected '${c.text.slice(c.pos)}' in the value of ${spec.name}; join names with + (CE+DE)`);
      return undefined;
    }
    value = { kind: 'expr', expr: e, span: c.span(valueFrom) };
  }
  return { spec, args: exact(args), argsSpan, relation, value, text: f.text, span: f };
}

export interface CheckEnv {
  readonly eval: Omit<EvalEnv, 'names'>;
  readonly storageSize: number;
  readonly loc: (span: Span) => SourceLocation;
  readonly report: Report;
}

/**
 * The value of a number field in doubles when it is an exact integer that fits the field
 * (the same test as below, for values within ±2^53); undefined sends it down the exact path.
 */
function fastNumber(e: Expr, spec: ExpectFieldSpec, env: EvalEnv): ExpectValue | undefined {
  const n = fastValue(e, env);
  if (n !== n) return undefined;
  const bits = spec.bits ?? 32;
  const ok = spec.signed ? n >= -(2 ** (bits - 1)) && n < 2 ** (bits - 1) : n >= 0 && n < 2 ** bits;
  return ok ? { kind: 'number', value: n } : undefined;
}

/** Second pass: the Expectation, or undefined when the check has an error. */
export function evaluateCheck(p: ParsedCheck, env: CheckEnv): Expectation | undefined {
  const spec = p.spec;
  const report = env.report;
  // A loop, not map/some with arrows: this runs for every check of every EXPECT.
  const argValues: (bigint | undefined)[] = [];
  let argMissing = false;
  for (const a of p.args) {
    const v = evaluate(a, env.eval);
    if (v === undefined) argMissing = true;
    argValues.push(v);
  }
  if (argMissing) return undefined;
  const start = argValues[0] as bigint | undefined;
  const len = argValues[1] as bigint | undefined;
  if (start !== undefined && start < 0n) {
    report('outOfRange', p.argsSpan, `${spec.name} start ${start} is negative`);
    return undefined;
  }
  if (len !== undefined && (len < 1n || len > 65535n)) {
    report('outOfRange', p.argsSpan, `${spec.name} length ${len} must be 1 to 65535`);
    return undefined;
  }
  const fixedLength = spec.args === 'range' ? (len === undefined ? undefined : Number(len)) : spec.length;
  let value: ExpectValue;
  const fast = p.value.kind === 'expr' && spec.value !== 'bytes' ? fastNumber(p.value.expr, spec, spec.names ? { ...env.eval, names: spec.names } : env.eval) : undefined;
  if (fast) value = fast; // a plain number that plainly fits the field: no bigint needed
  else if (p.value.kind === 'bytes') {
    if (spec.value !== 'bytes') return undefined; // stringValue is only tried for byte fields
    if (fixedLength !== undefined && p.value.bytes.length !== fixedLength) {
      report('expectLength', p.value.span, `the value has ${p.value.bytes.length} byte${p.value.bytes.length === 1 ? '' : 's'} but ${spec.name} checks ${fixedLength}; make them agree`);
      return undefined;
    }
    value = { kind: 'bytes', value: p.value.bytes };
  } else {
    const v = evaluate(p.value.expr, spec.names ? { ...env.eval, names: spec.names } : env.eval);
    if (v === undefined) return undefined;
    if (spec.value === 'bytes') {
      if (fixedLength === undefined) {
        report('missingOperand', p.value.span, `a number needs a length to compare bytes: ${spec.name}(start,length)=value, or write the bytes as X'..'`);
        return undefined;
      }
      if (!fitsUnsigned(v, fixedLength * 8) && !fitsSigned(v, fixedLength * 8)) {
        report('outOfRange', p.value.span, `${hexText(v)} does not fit in ${fixedLength} byte${fixedLength === 1 ? '' : 's'}`);
        return undefined;
      }
      value = { kind: 'bytes', value: bigEndian(v, fixedLength) };
    } else {
      const bits = spec.bits ?? 32;
      const ok = spec.signed ? fitsSigned(v, bits) || fitsUnsigned(v, bits - 1) : fitsUnsigned(v, bits);
      if (!ok) {
        const shown = v < 0n || v < 256n ? String(v) : `${v} (${hexText(v)})`;
        report('outOfRange', p.value.span, `${spec.name} is ${spec.signed ? 'a signed' : 'an unsigned'} ${bits}-bit field; ${shown} does not fit`);
        return undefined;
      }
      value = { kind: 'number', value: Number(v) };
    }
  }
  const args: number[] = [];
  if (spec.args === 'range') {
    const s = start ?? 0n;
    const n = value.kind === 'bytes' ? value.value.length : 0;
    const limit = spec.size ?? env.storageSize;
    if (s + BigInt(n) > BigInt(limit)) {
      report('outOfRange', p.argsSpan, `${spec.name}(${s},${n}) reaches beyond ${spec.size !== undefined ? `the ${limit} bytes of ${spec.name}` : `guest storage (${limit} bytes)`}`);
      return undefined;
    }
    args.push(Number(s), n);
  }
  return { field: spec.name, args, relation: p.relation, value, text: p.text, loc: env.loc(p.span) };
}
