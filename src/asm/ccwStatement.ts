/**
 * CCW / CCW0 / CCW1 cmd,addr,flags,count (LANGUAGE.md; HLASM operand order for both formats),
 * doubleword aligned, length attribute 8, encoded by the CCW0/CCW1 tables of src/arch.
 * Also IDAW1 / IDAW2 addr: plain address words, word / doubleword aligned; and MIDAW
 * flags,count,addr (16 bytes, quadword aligned), by the MIDAW table.
 */
import { CCW0, CCW1, CF, hex, IDAW1, IDAW2, MIDAW, MIDAW_FLAGS } from '../arch';
import { Cursor } from './cursor';
import type { Report, Span } from './diagnostics';
import { evaluate, evaluateUnsigned, fitsUnsigned, hexText, unsignedField, type EvalEnv } from './evaluate';
import { parseExpr, parseWholeExpr, type Expr, type ParseContext } from './expr';
import type { CodePage } from './ebcdic';
import type { Field } from './lexer';

export interface ParsedCcw {
  readonly format: 0 | 1;
  readonly cmd?: Expr;
  readonly addr?: Expr;
  readonly flags?: Expr;
  readonly count?: Expr;
}

const NAMES = ['command code', 'data address', 'flags', 'count'] as const;

/** Parses exactly `count` positional expressions; missing or extra ones are reported. */
export function parsePositional(operands: readonly Field[], names: readonly string[], opSpan: Span, stmt: string, ctx: ParseContext): (Expr | undefined)[] {
  const out: (Expr | undefined)[] = [];
  for (let i = 0; i < names.length; i++) {
    const f = operands[i];
    if (!f || f.text === '') {
      const at = f ?? (operands.length > 0 ? { column: operands[operands.length - 1]!.endColumn, endColumn: operands[operands.length - 1]!.endColumn + 1 } : opSpan);
      ctx.report('missingOperand', at, `${stmt} operand ${i + 1} (${names[i]}) is missing; write ${stmt} ${names.join(',')}`);
      out.push(undefined);
      continue;
    }
    out.push(parseWholeExpr(Cursor.of(f), ctx, `the ${names[i]}`));
  }
  for (let i = names.length; i < operands.length; i++) {
    ctx.report('extraOperand', operands[i] as Field, `${stmt} takes ${names.length} operand${names.length === 1 ? '' : 's'} (${names.join(',')}); remove this one`);
  }
  return out;
}

export function parseCcw(format: 0 | 1, stmt: string, operands: readonly Field[], opSpan: Span, ctx: ParseContext): ParsedCcw {
  const e = parsePositional(operands, NAMES, opSpan, stmt, ctx);
  // Indexing, not destructuring: array destructuring goes through an iterator.
  const cmd = e[0];
  const addr = e[1];
  const flags = e[2];
  const count = e[3];
  // Absent operands are absent keys (not undefined values), without spreads: this runs for every CCW.
  const p: { format: 0 | 1; cmd?: Expr; addr?: Expr; flags?: Expr; count?: Expr } = { format };
  if (cmd) p.cmd = cmd;
  if (addr) p.addr = addr;
  if (flags) p.flags = flags;
  if (count) p.count = count;
  return p;
}

/** Set by SILENT when the fast path's parse meets anything worth a diagnostic. */
let silentProblem = false;
const SILENT: Report = () => {
  silentProblem = true;
};
const SILENT_CONTEXT: Readonly<Record<CodePage, ParseContext>> = { '037': { codePage: '037', report: SILENT }, '1047': { codePage: '1047', report: SILENT } };

/**
 * The common CCW, read straight from the operand field: four expressions separated by commas,
 * without splitting the field into operands first. It gives up (undefined) on anything that
 * would be reported, and `parseCcw` then reads the statement again and reports it; otherwise
 * its expressions are those `parseCcw` would build (same parser, same columns), since a comma
 * that ends a valid expression is one that `splitOperands` splits at.
 */
export function parseCcwFast(format: 0 | 1, field: Field, codePage: CodePage): ParsedCcw | undefined {
  const ctx = SILENT_CONTEXT[codePage];
  const c = Cursor.of(field);
  silentProblem = false;
  const e: Expr[] = [];
  for (let i = 0; i < 4; i++) {
    if (i > 0 && !c.eat(',')) return undefined;
    if (c.eof || c.peek() === ',') return undefined; // an empty operand: parseCcw words it
    const x = parseExpr(c, ctx);
    if (!x || silentProblem) return undefined;
    e.push(x);
  }
  if (!c.eof) return undefined;
  return { format, cmd: e[0] as Expr, addr: e[1] as Expr, flags: e[2] as Expr, count: e[3] as Expr };
}

export interface AssembledCcw {
  readonly bytes: Uint8Array;
  readonly cmd: number;
  readonly flags: number;
}

/** Second pass: the 8 CCW bytes (fields with errors are left zero). */
export function assembleCcw(p: ParsedCcw, stmt: string, env: EvalEnv, report: Report): AssembledCcw {
  const field = (e: Expr | undefined, bits: number, what: string, dec = false): number => {
    if (!e) return 0;
    return evaluateUnsigned(e, env, bits, what, report, dec) ?? 0;
  };
  const cmd = field(p.cmd, 8, `${stmt} command code`);
  const cda = field(p.addr, p.format === 1 ? 31 : 24, `${stmt} address`);
  const flags = field(p.flags, 8, `${stmt} flags`);
  const count = field(p.count, 16, `${stmt} count`, true);
  const bytes = p.format === 1 ? CCW1.encode({ cmd, flags, count, cda }) : CCW0.encode({ cmd, cda, flags, count });
  if (p.cmd && p.flags && flags !== 0) checkFlags(p.format, cmd, flags, p.flags.span, report);
  return { bytes, cmd, flags };
}

/** Names of the flag bits that are set, for messages (`CC+SLI`). */
function flagNames(flags: number): string {
  return Object.entries(CF)
    .filter(([, bit]) => (flags & bit) !== 0)
    .map(([name]) => name)
    .join('+');
}

/**
 * Flags that mean nothing for the command, or contradict each other (PoO "Channel-Command
 * Word", "Chain-Data Flag", "Skip Flag", "Transfer in Channel", "Modified Indirect Data
 * Addressing"): likely mistakes, so warnings.
 */
function checkFlags(format: 0 | 1, cmd: number, flags: number, span: Span, report: Report): void {
  const tic = format === 1 ? cmd === 0x08 : (cmd & 0x0f) === 0x08;
  if (tic) {
    report('ccwFlags', span, `a TIC ignores its flags (${flagNames(flags)}): it only names the next CCW. Put the flags on the CCW it transfers to, or write 0`);
    return;
  }
  if ((flags & CF.CD) !== 0 && (flags & CF.CC) !== 0) {
    report('ccwFlags', span, 'CD and CC together: chain data takes precedence and this CC is ignored; the CC of the last CCW of the data chain decides. Remove CC here');
  }
  const type = cmd & 0x03;
  if ((flags & CF.SKIP) !== 0 && (type === 0x01 || type === 0x03)) {
    report('ccwFlags', span, `SKIP suppresses data transfer into storage on read, read-backward, sense and sense-ID commands; on this ${type === 0x01 ? 'write' : 'control'} command (X'${hex(cmd, 2)}') it has no effect. Remove SKIP`);
  }
  if ((flags & CF.IDA) !== 0 && (flags & CF.MIDA) !== 0) {
    report('ccwFlags', span, 'IDA and MIDA together are a program check when the channel fetches this CCW; use one of them');
  }
}

/** IDAW1 (31-bit address, 4 bytes) or IDAW2 (64-bit address, 8 bytes), by the IDAW tables of src/arch. */
export function assembleIdaw(format: 1 | 2, addr: Expr | undefined, env: EvalEnv, report: Report): Uint8Array {
  const table = format === 1 ? IDAW1 : IDAW2;
  if (!addr) return new Uint8Array(table.size);
  const v = evaluate(addr, env);
  if (v === undefined) return new Uint8Array(table.size);
  const bits = format === 1 ? 31 : 64;
  if (!fitsUnsigned(v, bits)) {
    report('outOfRange', addr.span, `IDAW${format} address ${v < 0n ? String(v) : hexText(v)} does not fit in ${bits} bits`);
    return new Uint8Array(table.size);
  }
  if (BigInt(Number(v)) !== v) {
    // The field tables carry numbers; an address that a double cannot hold exactly is refused, not rounded.
    report('outOfRange', addr.span, `IDAW${format} address ${hexText(v)} is above 2**53, which this version cannot encode exactly`);
    return new Uint8Array(table.size);
  }
  return table.encode({ address: Number(v) });
}

/**
 * MIDAW flags,count,addr by the MIDAW table of src/arch. In the flags operand the MIDAW flag
 * names LAST X'80', SKIP X'40', DTI X'20' come before symbols (a CCW's SKIP is X'10').
 */
export function assembleMidaw(flags: Expr | undefined, count: Expr | undefined, addr: Expr | undefined, env: EvalEnv, report: Report): Uint8Array {
  const f = flags ? evaluateUnsigned(flags, { ...env, names: MIDAW_FLAGS.names }, 8, 'MIDAW flags', report) : 0;
  const n = count ? evaluateUnsigned(count, env, 16, 'MIDAW count', report, true) : 0;
  let address = 0;
  if (addr) {
    const v = evaluate(addr, env);
    if (v !== undefined && !fitsUnsigned(v, 64)) report('outOfRange', addr.span, `MIDAW address ${v < 0n ? String(v) : hexText(v)} does not fit in 64 bits`);
    else if (v !== undefined && BigInt(Number(v)) !== v) report('outOfRange', addr.span, `MIDAW address ${hexText(v)} is above 2**53, which this version cannot encode exactly`);
    else if (v !== undefined) address = Number(v);
  }
  return MIDAW.encode({ flags: f ?? 0, count: n ?? 0, address });
}
