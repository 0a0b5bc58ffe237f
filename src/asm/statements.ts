/**
 * The parse phase: every source statement becomes a typed statement with its operands parsed
 * (syntax errors reported once, here). Configuration statements (DEVICE, PATH, STORAGE,
 * CODEPAGE) take effect here, in source order, because they need no symbols; CODEPAGE must,
 * since it decides the bytes of the C'..' terms that follow it.
 */
import { parseDcOperand, type DcOperand } from './constants';
import { parseCcw, parseCcwFast, parsePositional, type ParsedCcw } from './ccwStatement';
import { devnoOperand, DRIVER_OPS, parseDriver, type DevnoRef, type ParsedDriver } from './driver';
import { Cursor } from './cursor';
import { cover, locate, type Span } from './diagnostics';
import { parseDevice } from './device';
import type { CodePage } from './ebcdic';
import { parseCheck, type ParsedCheck } from './expect';
import { parseWholeExpr, type Expr, type ParseContext } from './expr';
import type { DeviceSpec, IoPath, SourceLocation } from './image';
import { exact } from './arrays';
import { isSymbolChar, isSymbolStart, splitOperands, type Field } from './lexer';
import { parseOrb, type ParsedOrb } from './orbStatement';
import type { SourceStatement } from './source';
import { isPredefinedFlag } from './symbols';

export type Body =
  | { readonly k: 'dc' | 'ds'; readonly operands: readonly DcOperand[] }
  | { readonly k: 'ccw'; readonly stmt: string; readonly ccw: ParsedCcw }
  | { readonly k: 'idaw'; readonly format: 1 | 2; readonly addr?: Expr }
  | { readonly k: 'midaw'; readonly flags?: Expr; readonly count?: Expr; readonly addr?: Expr }
  | { readonly k: 'orb'; readonly orb: ParsedOrb }
  | { readonly k: 'equ'; readonly value?: Expr; readonly length?: Expr }
  | { readonly k: 'org'; readonly value?: Expr }
  | { readonly k: 'ssch'; readonly devno?: DevnoRef; readonly orb?: Expr }
  | { readonly k: 'wait'; readonly devno?: DevnoRef; readonly timeout?: Expr }
  | { readonly k: 'expect'; readonly checks: readonly ParsedCheck[] }
  | { readonly k: 'driver'; readonly driver: ParsedDriver }
  | { readonly k: 'end' }
  | { readonly k: 'none' };

export type { DevnoRef };

export interface Statement {
  readonly src: SourceStatement;
  /** A valid label on a statement that defines a symbol. */
  readonly label?: { readonly name: string; readonly span: Span };
  readonly op: string;
  readonly body: Body;
  /** The whole statement, for chunks and driver statements. */
  readonly loc: SourceLocation;
}

/** Statements whose label defines a symbol. */
const DEFINES_SYMBOL = new Set(['DC', 'DS', 'CCW', 'CCW0', 'CCW1', 'IDAW1', 'IDAW2', 'MIDAW', 'ORB', 'EQU']);

const NONE: Body = { k: 'none' };

const LISTING_CONTROLS = ['TITLE', 'PRINT', 'SPACE', 'EJECT'];

export const KNOWN_OPS = [...DEFINES_SYMBOL, 'ORG', 'DEVICE', 'PATH', 'STORAGE', 'CODEPAGE', 'COPY', 'SSCH', 'WAIT', 'EXPECT', 'END', ...DRIVER_OPS, ...LISTING_CONTROLS];
const KNOWN_OP_SET = new Set(KNOWN_OPS);
const DRIVER_OP_SET: ReadonlySet<string> = new Set(DRIVER_OPS);

/** A valid label: a symbol start, then symbol characters, at most 63 in all (LANGUAGE.md "Lines"). */
function isLabel(text: string): boolean {
  const n = text.length;
  if (n === 0 || n > 63 || !isSymbolStart(text[0])) return false;
  for (let i = 1; i < n; i++) if (!isSymbolChar(text[i])) return false;
  return true;
}

/** Configuration gathered while parsing, in source order. */
export class ParseState {
  codePage: CodePage = '037';
  storageSize: number | undefined;
  path: IoPath | undefined;
  readonly devices: DeviceSpec[] = [];
  /** Every device number a DEVICE statement declared (also those with a bad type). */
  readonly declared = new Set<number>();
  private deviceStatements = 0;
  private readonly devnoAt = new Map<number, SourceLocation>();
  private readonly schAt = new Map<number, SourceLocation>();
  ended = false;

  addDevice(stmt: SourceStatement, operands: readonly Field[], opSpan: Span, loc: SourceLocation): void {
    const index = this.deviceStatements++;
    const d = parseDevice(operands, opSpan, stmt.report);
    if (!d) return;
    const where = (l: SourceLocation) => `${l.file}:${l.line}`;
    const prev = this.devnoAt.get(d.devno);
    if (prev) {
      stmt.report('deviceDuplicate', d.devnoSpan, `device ${hex4(d.devno)} is already declared at ${where(prev)}; use another device number`);
      return;
    }
    this.devnoAt.set(d.devno, loc);
    this.declared.add(d.devno);
    const schno = d.schno ?? index;
    const prevSch = this.schAt.get(schno);
    if (prevSch) {
      stmt.report(
        'deviceDuplicate',
        d.schSpan ?? d.devnoSpan,
        d.schSpan
          ? `subchannel ${hex4(schno)} is already used by the device at ${where(prevSch)}; choose another SCH=`
          : `the default subchannel number ${hex4(schno)} (order of the DEVICE statements) is already used by the device at ${where(prevSch)}; give SCH=`,
      );
      return;
    }
    this.schAt.set(schno, loc);
    if (d.valid) this.devices.push({ devno: d.devno, type: d.type, schno, options: d.options, loc });
  }
}

export const hex4 = (n: number): string => n.toString(16).toUpperCase().padStart(4, '0');

/** Where the whole statement is: from its label (or operation) to the end of its operands. */
function statementLoc(src: SourceStatement): SourceLocation {
  const origin = src.origin;
  if (origin.fixed) return origin.fixed;
  const p = src.parts;
  const first = p.label ?? p.op;
  const last = p.operands ?? p.op ?? first;
  // cover() and locate() without their intermediate objects: this runs for every statement.
  const column = first && last ? Math.min(first.column, last.column) : 1;
  const endColumn = first && last ? Math.max(first.endColumn, last.endColumn) : 2;
  return { file: origin.file, line: origin.line, column, endColumn: Math.max(endColumn, column + 1) };
}

function parseStorageSize(text: string): number | undefined {
  const m = /^([0-9]+)([KMG]?)$/i.exec(text);
  if (!m) return undefined;
  const unit = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3 }[(m[2] ?? '').toUpperCase() as '' | 'K' | 'M' | 'G'];
  return Number(m[1]) * unit;
}

const MIN_STORAGE = 64 * 1024;
const MAX_STORAGE = 2 * 1024 ** 3;

/** Two object shapes for every statement (no spread, no closure): this runs for every line. */
function mk(src: SourceStatement, label: Statement['label'], op: string, loc: SourceLocation, body: Body): Statement {
  return label ? { src, label, op, body, loc } : { src, op, body, loc };
}

/** Parses one statement (the caller stops at END); undefined when nothing is left of it. */
export function parseStatement(src: SourceStatement, st: ParseState): Statement | undefined {
  const { parts, report } = src;
  if (parts.problems.length > 0) for (const p of parts.problems) report(p.id, p, p.message);
  const loc = statementLoc(src);
  const ctx: ParseContext = { codePage: st.codePage, report };
  if (!parts.op) {
    report('unknownOp', parts.label ?? { column: 1, endColumn: 2 }, `the operation is missing after the label ${parts.label?.text ?? ''}; a label alone names nothing (use DS 0H to name a location)`);
    return undefined;
  }
  const opSpan: Span = parts.op;
  const op = parts.op.text.toUpperCase();
  const opEnd: Span = { column: opSpan.endColumn, endColumn: opSpan.endColumn + 1 };

  let label: Statement['label'];
  if (parts.label) {
    const text = parts.label.text;
    const name = text.toUpperCase();
    if (!isLabel(text)) {
      report(
        'labelSyntax',
        parts.label,
        text.length > 63
          ? `label ${text} is ${text.length} characters long; a label has at most 63`
          : /^[0-9]/.test(text)
            ? `label ${text} starts with a digit; a label starts with a letter or @ # $ _`
            : `label ${text} may contain only letters, digits and @ # $ _`,
      );
    } else if (isPredefinedFlag(name)) {
      report('labelReserved', parts.label, `${name} is a predefined CCW flag name and cannot be used as a label; choose another name`);
    } else if (DEFINES_SYMBOL.has(op)) {
      label = { name, span: parts.label };
    } else if (KNOWN_OP_SET.has(op)) {
      report('labelIgnored', parts.label, `a label on ${op} defines nothing and is ignored; remove it (or put it on a DS 0H above)`);
    }
  }

  if (parts.operands && (op === 'CCW1' || op === 'CCW' || op === 'CCW0')) {
    const fast = parseCcwFast(op === 'CCW1' ? 1 : 0, parts.operands, st.codePage);
    if (fast) return mk(src, label, op, loc, { k: 'ccw', stmt: op, ccw: fast });
  }
  const operands = parts.operands ? splitOperands(parts.operands) : [];


  switch (op) {
    case 'DC':
    case 'DS': {
      if (operands.length === 0) {
        report('missingOperand', opEnd, `${op} needs at least one operand, e.g. ${op === 'DC' ? "DC X'00'" : 'DS CL80'}`);
        return mk(src, label, op, loc, { k: op === 'DC' ? 'dc' : 'ds', operands: [] });
      }
      // Loops, not map/filter with arrows: an arrow here would make every call allocate a context.
      const parsed: DcOperand[] = [];
      for (const f of operands) {
        const o = parseDcOperand(f, op === 'DS', ctx);
        if (o) parsed.push(o);
      }
      return mk(src, label, op, loc, { k: op === 'DC' ? 'dc' : 'ds', operands: exact(parsed) });
    }
    case 'CCW':
    case 'CCW0':
    case 'CCW1':
      return mk(src, label, op, loc, { k: 'ccw', stmt: op, ccw: parseCcw(op === 'CCW1' ? 1 : 0, op, operands, opEnd, ctx) });
    case 'IDAW1':
    case 'IDAW2': {
      const [addr] = parsePositional(operands, ['data address'], opEnd, op, ctx);
      return mk(src, label, op, loc, { k: 'idaw', format: op === 'IDAW1' ? 1 : 2, ...(addr ? { addr } : {}) });
    }
    case 'MIDAW': {
      // The flags operand knows the MIDAW flag names first (SKIP is X'40' here, not the CCW's X'10').
      const [flags, count, addr] = parsePositional(operands, ['flags', 'count', 'data address'], opEnd, op, ctx);
      return mk(src, label, op, loc, { k: 'midaw', ...(flags ? { flags } : {}), ...(count ? { count } : {}), ...(addr ? { addr } : {}) });
    }
    case 'ORB':
      return mk(src, label, op, loc, { k: 'orb', orb: parseOrb(operands, opEnd, ctx) });
    case 'EQU': {
      if (!parts.label) report('missingLabel', opSpan, 'EQU defines the symbol in its label; write NAME EQU value');
      const value = operands[0];
      const length = operands[1];
      for (const extra of operands.slice(2)) report('extraOperand', extra, 'EQU takes value[,length]; remove this operand');
      const v = value && value.text !== '' ? parseWholeExpr(Cursor.of(value), ctx, 'the EQU value') : undefined;
      if (!value || value.text === '') report('missingOperand', value ?? opEnd, 'EQU needs a value: NAME EQU expression[,length]');
      const l = length && length.text !== '' ? parseWholeExpr(Cursor.of(length), ctx, 'the length') : undefined;
      return mk(src, label, op, loc, v ? (l ? { k: 'equ', value: v, length: l } : { k: 'equ', value: v }) : l ? { k: 'equ', length: l } : { k: 'equ' });
    }
    case 'ORG': {
      for (const extra of operands.slice(1)) report('extraOperand', extra, 'ORG takes one operand; remove this one');
      const f = operands[0];
      if (!f || f.text === '') return mk(src, label, op, loc, { k: 'org' });
      const value = parseWholeExpr(Cursor.of(f), ctx, 'the ORG address');
      return value ? mk(src, label, op, loc, { k: 'org', value }) : mk(src, label, op, loc, NONE);
    }
    case 'DEVICE':
      st.addDevice(src, operands, opEnd, loc);
      return mk(src, label, op, loc, NONE);
    case 'PATH': {
      const f = operands[0];
      for (const extra of operands.slice(1)) report('extraOperand', extra, 'PATH takes one operand; remove this one');
      const v = f?.text.toUpperCase();
      if (v !== 'VFIO' && v !== 'DIRECT') {
        report('configValue', f ?? opEnd, `PATH ${f?.text ?? ''} is not a path; write PATH vfio (the default) or PATH direct`);
      } else if (st.path !== undefined) {
        report('configTwice', f ?? opSpan, `PATH is already given above (${st.path}); keep one PATH statement`);
      } else st.path = v === 'VFIO' ? 'vfio' : 'direct';
      return mk(src, label, op, loc, NONE);
    }
    case 'STORAGE': {
      const f = operands[0];
      for (const extra of operands.slice(1)) report('extraOperand', extra, 'STORAGE takes one operand; remove this one');
      const size = f ? parseStorageSize(f.text) : undefined;
      if (size === undefined || size < MIN_STORAGE || size > MAX_STORAGE || size % 4096 !== 0) {
        report('configValue', f ?? opEnd, `STORAGE ${f?.text ?? ''} is not a valid size; write a multiple of 4K from 64K to 2G, e.g. STORAGE 16M`);
      } else if (st.storageSize !== undefined) {
        report('configTwice', f ?? opSpan, 'STORAGE is already given above; keep one STORAGE statement');
      } else st.storageSize = size;
      return mk(src, label, op, loc, NONE);
    }
    case 'CODEPAGE': {
      const f = operands[0];
      for (const extra of operands.slice(1)) report('extraOperand', extra, 'CODEPAGE takes one operand; remove this one');
      const v = f?.text.replace(/^0+(?=\d{3})/, '');
      if (v === '037' || v === '37') st.codePage = '037';
      else if (v === '1047') st.codePage = '1047';
      else report('configValue', f ?? opEnd, `CODEPAGE ${f?.text ?? ''} is not supported; write CODEPAGE 037 or CODEPAGE 1047`);
      return mk(src, label, op, loc, NONE);
    }
    case 'SSCH': {
      for (const extra of operands.slice(2)) report('extraOperand', extra, 'SSCH takes devno,orb; remove this operand');
      const d = operands[0];
      const o = operands[1];
      if (!d || d.text === '') report('missingOperand', d ?? opEnd, 'SSCH needs a device number and an ORB: SSCH 0190,ORB1');
      const devno = devnoOperand(d, ctx, 'SSCH');
      if (d && d.text !== '' && (!o || o.text === '')) report('missingOperand', o ?? { column: d.endColumn, endColumn: d.endColumn + 1 }, 'SSCH needs the ORB after the device number: SSCH 0190,ORB1');
      const orb = o && o.text !== '' ? parseWholeExpr(Cursor.of(o), ctx, 'the ORB address') : undefined;
      return mk(src, label, op, loc, devno ? (orb ? { k: 'ssch', devno, orb } : { k: 'ssch', devno }) : orb ? { k: 'ssch', orb } : { k: 'ssch' });
    }
    case 'WAIT': {
      for (const extra of operands.slice(2)) report('extraOperand', extra, 'WAIT takes [devno][,timeout]; remove this operand');
      const d = operands[0];
      const t = operands[1];
      const devno = devnoOperand(d, ctx, 'WAIT');
      const timeout = t && t.text !== '' ? parseWholeExpr(Cursor.of(t), ctx, 'the timeout') : undefined;
      return mk(src, label, op, loc, devno ? (timeout ? { k: 'wait', devno, timeout } : { k: 'wait', devno }) : timeout ? { k: 'wait', timeout } : { k: 'wait' });
    }
    case 'EXPECT': {
      if (operands.length === 0) {
        report('missingOperand', opEnd, 'EXPECT needs at least one field=value, e.g. EXPECT CC=0');
        return mk(src, label, op, loc, NONE);
      }
      const checks: ParsedCheck[] = [];
      for (const f of operands) {
        const c = parseCheck(f, ctx);
        if (c) checks.push(c);
      }
      return mk(src, label, op, loc, { k: 'expect', checks: exact(checks) });
    }
    case 'END':
      if (operands.length > 0) report('ignoredOperand', parts.operands ?? opSpan, 'END takes no operand here (a .ccw program has no entry point); it is ignored');
      st.ended = true;
      return mk(src, label, op, loc, { k: 'end' });
    default:
      if (DRIVER_OP_SET.has(op)) {
        const driver = parseDriver(op as (typeof DRIVER_OPS)[number], operands, opEnd, ctx);
        return driver ? mk(src, label, op, loc, { k: 'driver', driver }) : mk(src, label, op, loc, NONE);
      }
      if (LISTING_CONTROLS.includes(op)) return mk(src, label, op, loc, NONE);
      report('unknownOp', opSpan, `${parts.op.text} is not a .ccw statement; the statements are ${KNOWN_OPS.join(' ')}`);
      return mk(src, label, op, loc, NONE);
  }
}
