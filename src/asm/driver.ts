/**
 * The driver statements other than SSCH, WAIT, EXPECT and END (LANGUAGE.md "Driver statements"
 * and "Faults"): TSCH, HSCH, CSCH, RSCH, XSCH, STSCH, MSCH, SSKE, STORE, DELAY, AWAIT, TPI,
 * STCRW, IPL, VFIO and FAULT. Parsed in the parse phase (keywords, device numbers and the
 * shape of every operand), evaluated in the second pass into the `DriverStatement` shapes of
 * image.ts (values may name symbols defined anywhere).
 *
 * Storage operands are checked as the instruction checks them: an IRB or SCHIB area must be
 * word aligned (PoO TEST SUBCHANNEL, STORE SUBCHANNEL: otherwise a specification exception),
 * a CRW area is one word (STORE CHANNEL REPORT WORD). Since a test bench may want exactly that
 * program interruption (EXPECT PGM=6), misalignment and areas outside storage are warnings.
 */
import { CRW_REGION, IO_REGION, IRB, MSCH_FIELDS, PMCW, SCHIB, SCHIB_REGION, type AnyField } from '../arch';
import { Cursor } from './cursor';
import type { Report, Span } from './diagnostics';
import { parseHexNumber } from './device';
import { evaluate, evaluateUnsigned, hexText, unsignedField, type EvalEnv } from './evaluate';
import { stringValue } from './expect';
import { parseWholeExpr, type Expr, type ParseContext } from './expr';
import type { AwaitState, DriverStatement, FaultSpec, IoPath, IplRoute, PmcwChange, SourceLocation, VfioOperation } from './image';
import type { Field } from './lexer';

export interface DevnoRef {
  readonly devno: number;
  readonly span: Span;
}

/** A bare hexadecimal device number (1-4 digits), as in its DEVICE statement. */
export function devnoOperand(f: Field | undefined, ctx: ParseContext, stmt: string): DevnoRef | undefined {
  if (!f || f.text === '') return undefined;
  const devno = parseHexNumber(f.text);
  if (devno === undefined) {
    ctx.report('deviceNumber', f, `${stmt}: device number ${f.text} must be 1 to 4 hexadecimal digits, as in its DEVICE statement (e.g. 0190)`);
    return undefined;
  }
  return { devno, span: f };
}

type StoreValue = { readonly kind: 'bytes'; readonly bytes: Uint8Array; readonly span: Span } | { readonly kind: 'expr'; readonly expr: Expr };

interface MschEntry {
  readonly field: string;
  readonly expr: Expr;
  readonly valueSpan: Span;
}

type ParsedVfio =
  | { readonly op: 'WRITEIO'; readonly orb: Expr; readonly fctl: 'START' | 'HALT' | 'CLEAR' }
  | { readonly op: 'CMD'; readonly command: Expr }
  | { readonly op: 'READ'; readonly region: 'SCHIB' | 'CRW' | 'IO'; readonly area: Expr | undefined }
  | { readonly op: 'RESET' | 'CLOSE' | 'OPEN' };

export type ParsedDriver =
  | { readonly op: 'TSCH' | 'STSCH'; readonly devno: DevnoRef; readonly area: Expr | undefined }
  | { readonly op: 'HSCH' | 'CSCH' | 'RSCH' | 'XSCH'; readonly devno: DevnoRef }
  | { readonly op: 'IPL'; readonly devno: DevnoRef; readonly route: IplRoute }
  | { readonly op: 'MSCH'; readonly devno: DevnoRef; readonly changes: readonly MschEntry[] }
  | { readonly op: 'SSKE'; readonly addr: Expr; readonly key: Expr; readonly fetch: boolean }
  | { readonly op: 'STORE'; readonly addr: Expr; readonly value: StoreValue }
  | { readonly op: 'DELAY'; readonly us: Expr }
  | { readonly op: 'AWAIT'; readonly devno: DevnoRef; readonly state: AwaitState }
  | { readonly op: 'TPI' }
  | { readonly op: 'STCRW'; readonly area: Expr | undefined }
  | { readonly op: 'VFIO'; readonly devno: DevnoRef; readonly operation: ParsedVfio; readonly opSpan: Span }
  | { readonly op: 'FAULT'; readonly devno: DevnoRef | undefined; readonly fault: ParsedFault; readonly kindSpan: Span };

type ParsedFault =
  | { readonly kind: 'UNITCHECK'; readonly sense: Uint8Array | null }
  | { readonly kind: 'ATTN' | 'CDC' | 'ICC' | 'CCC' | 'BUSY' | 'NOTOPER' | 'NOPATH' }
  | { readonly kind: 'CHPID'; readonly chpid: number; readonly online: boolean; readonly logical?: true }
  | { readonly kind: 'VFIO'; readonly errno: 'EAGAIN' | 'EFAULT' };

export const DRIVER_OPS = ['TSCH', 'HSCH', 'CSCH', 'RSCH', 'XSCH', 'STSCH', 'MSCH', 'SSKE', 'STORE', 'DELAY', 'AWAIT', 'TPI', 'STCRW', 'IPL', 'VFIO', 'FAULT'] as const;

export const MSCH_FIELD_NAMES: readonly string[] = Object.keys(MSCH_FIELDS);

const width = (f: AnyField): number => (f.kind === 'number' ? f.width : 0);
export const mschBits = (name: string): number => {
  const target = MSCH_FIELDS[name];
  if (!target) return 0;
  return width(target.table === 'SCHIB' ? SCHIB.field(target.field) : PMCW.field(target.field));
};

export const AWAIT_STATES: readonly AwaitState[] = ['ACTIVE', 'SUSPENDED', 'PENDING'];
const SIMPLE_FAULTS = ['ATTN', 'CDC', 'ICC', 'CCC', 'BUSY', 'NOTOPER', 'NOPATH'] as const;
export const FAULT_KINDS: readonly string[] = ['UNITCHECK', ...SIMPLE_FAULTS, 'VFIO', 'OFFLINE', 'ONLINE', 'VARYOFF', 'VARYON'];
/** Channel-path kinds: physical state (reported by CRWs) or logical vary (the path-available mask, nothing reported). */
const CHPID_KINDS = ['OFFLINE', 'ONLINE', 'VARYOFF', 'VARYON'] as const;
export const VFIO_OPS: readonly string[] = ['WRITEIO', 'CMD', 'READ', 'RESET', 'CLOSE', 'OPEN'];
const VFIO_REGIONS = ['SCHIB', 'CRW', 'IO'] as const;
/** Sense bytes a device holds (the 32-byte ECKD sense is the largest). */
const MAX_SENSE = 32;

const after = (f: Span): Span => ({ column: f.endColumn, endColumn: f.endColumn + 1 });
const present = (f: Field | undefined): f is Field => f !== undefined && f.text !== '';

function expr(f: Field, ctx: ParseContext, what: string): Expr | undefined {
  return parseWholeExpr(Cursor.of(f), ctx, what);
}

function extras(operands: readonly Field[], from: number, ctx: ParseContext, usage: string): void {
  for (const extra of operands.slice(from)) ctx.report('extraOperand', extra, `${usage}; remove this operand`);
}

/** The device number operand that every device statement starts with. */
function requiredDevno(operands: readonly Field[], opEnd: Span, ctx: ParseContext, op: string, usage: string): DevnoRef | undefined {
  const f = operands[0];
  if (!present(f)) {
    ctx.report('missingOperand', f ?? opEnd, `${op} needs a device number: ${usage}`);
    return undefined;
  }
  return devnoOperand(f, ctx, op);
}

/** Parses a driver statement; undefined when an operand is missing or malformed (reported). */
export function parseDriver(op: (typeof DRIVER_OPS)[number], operands: readonly Field[], opEnd: Span, ctx: ParseContext): ParsedDriver | undefined {
  switch (op) {
    case 'TSCH':
    case 'STSCH': {
      const usage = `${op} devno[,area]`;
      extras(operands, 2, ctx, `${op} takes devno[,area]`);
      const devno = requiredDevno(operands, opEnd, ctx, op, `${usage}, e.g. ${op} 0190`);
      const a = operands[1];
      const area = present(a) ? expr(a, ctx, `the ${op === 'TSCH' ? 'IRB' : 'SCHIB'} area`) : undefined;
      if (!devno || (present(a) && !area)) return undefined;
      return { op, devno, area };
    }
    case 'HSCH':
    case 'CSCH':
    case 'RSCH':
    case 'XSCH': {
      extras(operands, 1, ctx, `${op} takes only a device number`);
      const devno = requiredDevno(operands, opEnd, ctx, op, `${op} 0190`);
      return devno ? { op, devno } : undefined;
    }
    case 'IPL': {
      extras(operands, 2, ctx, 'IPL takes devno[,BIOS]');
      const devno = requiredDevno(operands, opEnd, ctx, op, 'IPL 0190 or IPL 0190,BIOS');
      const r = operands[1];
      let route: IplRoute = 'architected';
      if (present(r)) {
        if (r.text.toUpperCase() !== 'BIOS') {
          ctx.report('unknownKeyword', r, `${r.text} is not an IPL route; write BIOS (QEMU's s390-ccw BIOS DASD IPL) or leave it out (the architected IPL)`);
          return undefined;
        }
        route = 'bios';
      }
      return devno ? { op, devno, route } : undefined;
    }
    case 'MSCH':
      return parseMsch(operands, opEnd, ctx);
    case 'SSKE': {
      extras(operands, 3, ctx, 'SSKE takes addr,key[,FETCH]');
      const a = operands[0];
      const k = operands[1];
      const f = operands[2];
      if (!present(a) || !present(k)) {
        ctx.report('missingOperand', present(a) ? (k ?? after(a)) : (a ?? opEnd), 'SSKE needs an address and a storage key: SSKE addr,key[,FETCH]');
        return undefined;
      }
      let fetch = false;
      if (present(f)) {
        if (f.text.toUpperCase() === 'FETCH') fetch = true;
        else {
          ctx.report('unknownKeyword', f, `${f.text} is not an SSKE option; write FETCH (fetch protection) or leave it out`);
          return undefined;
        }
      }
      const addr = expr(a, ctx, 'the address');
      const key = expr(k, ctx, 'the storage key');
      return addr && key ? { op, addr, key, fetch } : undefined;
    }
    case 'STORE': {
      extras(operands, 2, ctx, 'STORE takes addr,value');
      const a = operands[0];
      const v = operands[1];
      if (!present(a) || !present(v)) {
        ctx.report('missingOperand', present(a) ? (v ?? after(a)) : (a ?? opEnd), "STORE needs an address and a value: STORE addr,X'00'");
        return undefined;
      }
      const addr = expr(a, ctx, 'the address');
      const c = Cursor.of(v);
      const bytes = stringValue(c, ctx);
      let value: StoreValue | undefined;
      if (bytes) {
        if (bytes.length === 0) {
          ctx.report('dcValue', v, "the value to store is empty; write at least one byte, e.g. X'00'");
          return undefined;
        }
        value = { kind: 'bytes', bytes, span: v };
      } else {
        const e = expr(v, ctx, 'the value');
        if (e) value = { kind: 'expr', expr: e };
      }
      return addr && value ? { op, addr, value } : undefined;
    }
    case 'DELAY': {
      extras(operands, 1, ctx, 'DELAY takes one operand (microseconds)');
      const f = operands[0];
      if (!present(f)) {
        ctx.report('missingOperand', f ?? opEnd, 'DELAY needs the virtual microseconds to let pass: DELAY 100');
        return undefined;
      }
      const us = expr(f, ctx, 'the delay');
      return us ? { op, us } : undefined;
    }
    case 'AWAIT': {
      extras(operands, 2, ctx, 'AWAIT takes devno,state');
      const devno = requiredDevno(operands, opEnd, ctx, op, 'AWAIT 0190,ACTIVE');
      const s = operands[1];
      if (!present(s)) {
        ctx.report('missingOperand', s ?? after(operands[0] ?? opEnd), `AWAIT needs the state to wait for: ${AWAIT_STATES.join(', ')}`);
        return undefined;
      }
      const state = AWAIT_STATES.find((x) => x === s.text.toUpperCase());
      if (!state) {
        ctx.report('unknownKeyword', s, `${s.text} is not a state AWAIT knows; write ${AWAIT_STATES.join(', ')}`);
        return undefined;
      }
      return devno ? { op, devno, state } : undefined;
    }
    case 'TPI':
      extras(operands, 0, ctx, 'TPI takes no operands');
      return { op };
    case 'STCRW': {
      extras(operands, 1, ctx, 'STCRW takes [area]');
      const a = operands[0];
      const area = present(a) ? expr(a, ctx, 'the CRW area') : undefined;
      if (present(a) && !area) return undefined;
      return { op, area };
    }
    case 'VFIO':
      return parseVfio(operands, opEnd, ctx);
    case 'FAULT':
      return parseFault(operands, opEnd, ctx);
  }
}

function parseMsch(operands: readonly Field[], opEnd: Span, ctx: ParseContext): ParsedDriver | undefined {
  const devno = requiredDevno(operands, opEnd, ctx, 'MSCH', 'MSCH 0190,ISC=3');
  const changes: MschEntry[] = [];
  const seen = new Set<string>();
  let ok = true;
  for (const f of operands.slice(1)) {
    if (f.text === '') {
      ctx.report('missingOperand', f, 'an empty MSCH operand; remove the extra comma');
      ok = false;
      continue;
    }
    const c = Cursor.of(f);
    const name = c.name().toUpperCase();
    const keySpan = c.span(0);
    if (!name || !Object.hasOwn(MSCH_FIELDS, name) || !c.eat('=')) {
      const what = name && Object.hasOwn(MSCH_FIELDS, name) ? `${name} needs a value: ${name}=...` : `${f.text} is not a PMCW field MSCH can change`;
      ctx.report('unknownKeyword', name ? keySpan : f, `${what}; the fields are ${MSCH_FIELD_NAMES.join(' ')}`);
      ok = false;
      continue;
    }
    if (seen.has(name)) {
      ctx.report('duplicateKeyword', keySpan, `${name}= is given twice; keep one`);
      ok = false;
      continue;
    }
    seen.add(name);
    const from = c.pos;
    const e = parseWholeExpr(c, ctx, `the value of ${name}`);
    if (!e) {
      ok = false;
      continue;
    }
    changes.push({ field: name, expr: e, valueSpan: c.span(from, f.text.length) });
  }
  if (devno && operands.length < 2) {
    ctx.report('missingOperand', after(operands[0] ?? opEnd), `MSCH needs at least one field=value to change: ${MSCH_FIELD_NAMES.join(' ')}`);
    return undefined;
  }
  return devno && ok ? { op: 'MSCH', devno, changes } : undefined;
}

function parseVfio(operands: readonly Field[], opEnd: Span, ctx: ParseContext): ParsedDriver | undefined {
  const devno = requiredDevno(operands, opEnd, ctx, 'VFIO', 'VFIO 0190,WRITEIO,ORB1');
  const o = operands[1];
  if (!present(o)) {
    ctx.report('missingOperand', o ?? after(operands[0] ?? opEnd), `VFIO needs an operation after the device number: ${VFIO_OPS.join(', ')}`);
    return undefined;
  }
  const name = o.text.toUpperCase();
  const rest = operands.slice(2);
  let operation: ParsedVfio | undefined;
  switch (name) {
    case 'WRITEIO': {
      const [orbF, fctlF] = rest;
      extras(operands, 4, ctx, 'VFIO devno,WRITEIO takes orb[,FCTL=START|HALT|CLEAR]');
      if (!present(orbF)) {
        ctx.report('missingOperand', orbF ?? after(o), 'VFIO WRITEIO needs the ORB to write into orb_area: VFIO 0190,WRITEIO,ORB1');
        return undefined;
      }
      const orb = expr(orbF, ctx, 'the ORB address');
      let fctl: 'START' | 'HALT' | 'CLEAR' = 'START';
      if (present(fctlF)) {
        const m = /^FCTL=(START|HALT|CLEAR)$/i.exec(fctlF.text);
        if (!m?.[1]) {
          ctx.report('unknownKeyword', fctlF, `${fctlF.text}: write FCTL=START (the default), FCTL=HALT or FCTL=CLEAR`);
          return undefined;
        }
        fctl = m[1].toUpperCase() as typeof fctl;
      }
      if (orb) operation = { op: 'WRITEIO', orb, fctl };
      break;
    }
    case 'CMD': {
      extras(operands, 3, ctx, 'VFIO devno,CMD takes one command number');
      const f = rest[0];
      if (!present(f)) {
        ctx.report('missingOperand', f ?? after(o), 'VFIO CMD needs the async command: 1 (HSCH) or 2 (CSCH)');
        return undefined;
      }
      const command = expr(f, ctx, 'the command');
      if (command) operation = { op: 'CMD', command };
      break;
    }
    case 'READ': {
      extras(operands, 4, ctx, 'VFIO devno,READ takes region[,area]');
      const [r, a] = rest;
      if (!present(r)) {
        ctx.report('missingOperand', r ?? after(o), 'VFIO READ needs the region: SCHIB, CRW or IO');
        return undefined;
      }
      const region = VFIO_REGIONS.find((x) => x === r.text.toUpperCase());
      if (!region) {
        ctx.report('unknownKeyword', r, `${r.text} is not a vfio-ccw region VFIO READ knows; write SCHIB, CRW or IO`);
        return undefined;
      }
      const area = present(a) ? expr(a, ctx, 'the area') : undefined;
      if (present(a) && !area) return undefined;
      operation = { op: 'READ', region, area };
      break;
    }
    case 'RESET':
    case 'CLOSE':
    case 'OPEN':
      extras(operands, 2, ctx, `VFIO devno,${name} takes no further operands`);
      operation = { op: name };
      break;
    default:
      ctx.report('unknownKeyword', o, `${o.text} is not a VFIO operation; write ${VFIO_OPS.join(', ')}`);
      return undefined;
  }
  return devno && operation ? { op: 'VFIO', devno, operation, opSpan: o } : undefined;
}

function parseFault(operands: readonly Field[], opEnd: Span, ctx: ParseContext): ParsedDriver | undefined {
  const [t, k, ...rest] = operands;
  const usage = 'FAULT devno,kind or FAULT CHPID=40,OFFLINE';
  if (!present(t)) {
    ctx.report('missingOperand', t ?? opEnd, `FAULT needs a target and a kind: ${usage}`);
    return undefined;
  }
  if (!present(k)) {
    ctx.report('missingOperand', k ?? after(t), `FAULT needs the kind of fault after the target: ${FAULT_KINDS.join(', ')}`);
    return undefined;
  }
  const kind = k.text.toUpperCase();
  const chpidMatch = /^CHPID=(.*)$/i.exec(t.text);
  if (chpidMatch) {
    const text = chpidMatch[1] ?? '';
    const valueSpan: Span = { column: t.column + 6, endColumn: Math.max(t.endColumn, t.column + 7) };
    extras(operands, 2, ctx, 'FAULT CHPID=nn takes OFFLINE, ONLINE, VARYOFF or VARYON only');
    if (!/^[0-9A-Fa-f]{1,2}$/.test(text)) {
      ctx.report('deviceNumber', valueSpan, `CHPID ${text || '(empty)'} must be 1 or 2 hexadecimal digits, e.g. FAULT CHPID=40,OFFLINE`);
      return undefined;
    }
    if (!(CHPID_KINDS as readonly string[]).includes(kind)) {
      ctx.report(
        'unknownKeyword',
        k,
        `${k.text}: a channel path goes OFFLINE or comes back ONLINE, or is varied logically (VARYOFF / VARYON); write FAULT CHPID=${text},OFFLINE`,
      );
      return undefined;
    }
    const chpid = parseInt(text, 16);
    const fault: ParsedFault =
      kind === 'VARYOFF' || kind === 'VARYON'
        ? { kind: 'CHPID', chpid, online: kind === 'VARYON', logical: true }
        : { kind: 'CHPID', chpid, online: kind === 'ONLINE' };
    return { op: 'FAULT', devno: undefined, fault, kindSpan: k };
  }
  const devno = devnoOperand(t, ctx, 'FAULT');
  if ((CHPID_KINDS as readonly string[]).includes(kind)) {
    ctx.report('unknownKeyword', t, `${kind} applies to a channel path: write FAULT CHPID=nn,${kind}`);
    return undefined;
  }
  let fault: ParsedFault | undefined;
  if (kind === 'UNITCHECK') {
    extras(operands, 3, ctx, 'FAULT devno,UNITCHECK takes [SENSE=X\'..\']');
    const s = rest[0];
    let sense: Uint8Array | null = null;
    if (present(s)) {
      const m = /^SENSE=/i.exec(s.text);
      if (!m) {
        ctx.report('unknownKeyword', s, `${s.text}: FAULT UNITCHECK takes SENSE=X'..' (the sense bytes)`);
        return undefined;
      }
      const c = new Cursor(s.text, s.column);
      c.pos = 6;
      const bytes = stringValue(c, ctx);
      if (bytes?.length === 0 && /^[XB]'/i.test(s.text.slice(6))) return undefined; // stringValue said why
      if (!bytes || bytes.length === 0 || bytes.length > MAX_SENSE) {
        ctx.report('dcValue', { column: s.column + 6, endColumn: Math.max(s.endColumn, s.column + 7) }, `SENSE= takes 1 to ${MAX_SENSE} bytes as a string, e.g. SENSE=X'80'`);
        return undefined;
      }
      sense = bytes;
    }
    fault = { kind: 'UNITCHECK', sense };
  } else if ((SIMPLE_FAULTS as readonly string[]).includes(kind)) {
    extras(operands, 2, ctx, `FAULT devno,${kind} takes no further operands`);
    fault = { kind: kind as (typeof SIMPLE_FAULTS)[number] };
  } else if (kind === 'VFIO') {
    extras(operands, 3, ctx, 'FAULT devno,VFIO takes EAGAIN or EFAULT');
    const e = rest[0];
    const errno = e?.text.toUpperCase();
    if (errno !== 'EAGAIN' && errno !== 'EFAULT') {
      ctx.report(present(e) ? 'unknownKeyword' : 'missingOperand', present(e) ? e : after(k), 'FAULT devno,VFIO needs the error the next region access meets: EAGAIN or EFAULT');
      return undefined;
    }
    fault = { kind: 'VFIO', errno };
  } else {
    ctx.report('unknownKeyword', k, `${k.text} is not a fault kind; write ${FAULT_KINDS.join(', ')} (OFFLINE/ONLINE/VARYOFF/VARYON with CHPID=)`);
    return undefined;
  }
  return devno ? { op: 'FAULT', devno, fault, kindSpan: k } : undefined;
}

// -----------------------------------------------------------------------------------------
// Second pass

export interface DriverEnv {
  readonly eval: EvalEnv;
  readonly report: Report;
  readonly storageSize: number;
  readonly path: IoPath;
  readonly loc: SourceLocation;
  /** ORB operands of VFIO WRITEIO, for the "is this an ORB" check over the whole image. */
  readonly orbOperand: (orb: number, span: Span) => void;
}

/** Sizes of what the instructions store (src/arch tables; a CRW is one word of the CRW region). */
export const AREA = {
  IRB: IRB.size,
  SCHIB: SCHIB.size,
  CRW: width(CRW_REGION.field('crw')) / 8,
} as const;
const REGION_SIZE: Readonly<Record<'SCHIB' | 'CRW' | 'IO', number>> = { SCHIB: SCHIB_REGION.size, CRW: CRW_REGION.size, IO: IO_REGION.size };

/**
 * A guest address operand: 31 bits (an error otherwise); misaligned or outside storage is a
 * warning, since the program interruption it causes may be what the test wants.
 */
function address(e: Expr, env: DriverEnv, what: string, size: number, align: number, instr: string): number | undefined {
  const v = evaluateUnsigned(e, env.eval, 31, what, env.report);
  if (v === undefined) return undefined;
  if (align > 1 && v % align !== 0) {
    env.report('areaAlignment', e.span, `${what} ${hexText(v)} is not ${align === 4 ? 'word' : `${align}-byte`} aligned; ${instr} would end in a specification exception (PGM 6). Align it (DS 0F) unless that is the test`);
  }
  if (v + size > env.storageSize) {
    env.report('areaOutside', e.span, `${what} ${hexText(v)}-${hexText(v + size - 1)} lies beyond guest storage (${env.storageSize} bytes); ${instr} would end in an addressing exception (PGM 5). Raise STORAGE or move the area unless that is the test`);
  }
  return v;
}

function optionalArea(e: Expr | undefined, env: DriverEnv, what: string, size: number, align: number, instr: string): number | null | undefined {
  return e ? address(e, env, what, size, align, instr) : null;
}

/** Minimal whole-byte big-endian width of a non-negative value (at least 1). */
function minimalBytes(v: bigint): Uint8Array {
  const out: number[] = [];
  let x = v;
  do {
    out.unshift(Number(x & 0xffn));
    x >>= 8n;
  } while (x > 0n);
  return Uint8Array.from(out);
}

function mschChange(c: MschEntry, env: DriverEnv): PmcwChange | undefined {
  const v = evaluate(c.expr, env.eval);
  if (v === undefined) return undefined;
  if (c.field === 'INTPARM' && v < 0n && v >= -(1n << 31n)) return { field: c.field, value: Number(BigInt.asUintN(32, v)) };
  const bits = mschBits(c.field);
  const n = unsignedField(v, bits, `PMCW ${c.field}`, c.valueSpan, env.report, bits > 1 && bits <= 3);
  if (n === undefined) return undefined;
  if (!Number.isSafeInteger(n)) {
    env.report('outOfRange', c.valueSpan, `MBA ${hexText(v)} is above 2**53, which this version cannot carry exactly`);
    return undefined;
  }
  return { field: c.field, value: n };
}

/** Second pass: the DriverStatement, or undefined when an operand has an error (reported). */
export function assembleDriver(p: ParsedDriver, env: DriverEnv): DriverStatement | undefined {
  const loc = env.loc;
  const report = env.report;
  switch (p.op) {
    case 'TSCH': {
      const area = optionalArea(p.area, env, 'the IRB area', AREA.IRB, 4, 'TEST SUBCHANNEL');
      return area === undefined ? undefined : { op: 'TSCH', devno: p.devno.devno, area, loc };
    }
    case 'STSCH': {
      const area = optionalArea(p.area, env, 'the SCHIB area', AREA.SCHIB, 4, 'STORE SUBCHANNEL');
      return area === undefined ? undefined : { op: 'STSCH', devno: p.devno.devno, area, loc };
    }
    case 'HSCH':
    case 'CSCH':
    case 'RSCH':
    case 'XSCH':
      return { op: p.op, devno: p.devno.devno, loc };
    case 'IPL':
      // `route` is written only for BIOS: absent means the architected IPL (image.ts).
      return p.route === 'bios' ? { op: 'IPL', devno: p.devno.devno, route: 'bios', loc } : { op: 'IPL', devno: p.devno.devno, loc };
    case 'MSCH': {
      const changes: PmcwChange[] = [];
      let ok = true;
      for (const c of p.changes) {
        const ch = mschChange(c, env);
        if (ch) changes.push(ch);
        else ok = false;
      }
      return ok ? { op: 'MSCH', devno: p.devno.devno, changes, loc } : undefined;
    }
    case 'SSKE': {
      const address_ = address(p.addr, env, 'SSKE address', 1, 1, 'SET STORAGE KEY EXTENDED');
      const key = evaluateUnsigned(p.key, env.eval, 4, 'storage key', report, true);
      return address_ === undefined || key === undefined ? undefined : { op: 'SSKE', address: address_, key, fetchProtect: p.fetch, loc };
    }
    case 'STORE': {
      let bytes: Uint8Array | undefined;
      if (p.value.kind === 'bytes') bytes = p.value.bytes;
      else {
        const v = evaluate(p.value.expr, env.eval);
        if (v === undefined) return undefined;
        if (v < 0n) {
          report('outOfRange', p.value.expr.span, `STORE stores unsigned bytes; ${v} is negative. Write the bit pattern as X'..' (X'FF' for a byte of -1)`);
          return undefined;
        }
        bytes = minimalBytes(v);
      }
      const at = address(p.addr, env, 'STORE address', bytes.length, 1, 'the store');
      return at === undefined ? undefined : { op: 'STORE', address: at, bytes, loc };
    }
    case 'DELAY': {
      const us = evaluateUnsigned(p.us, env.eval, 52, 'DELAY (microseconds)', report, true);
      return us === undefined ? undefined : { op: 'DELAY', us, loc };
    }
    case 'AWAIT':
      return { op: 'AWAIT', devno: p.devno.devno, state: p.state, loc };
    case 'TPI':
      return { op: 'TPI', loc };
    case 'STCRW': {
      const area = optionalArea(p.area, env, 'the CRW area', AREA.CRW, 4, 'STORE CHANNEL REPORT WORD');
      return area === undefined ? undefined : { op: 'STCRW', area, loc };
    }
    case 'VFIO': {
      if (env.path === 'direct') {
        report('pathIgnored', p.opSpan, 'VFIO acts on the vfio-ccw mediated device, which PATH direct leaves out; use PATH vfio (or remove the statement)');
      }
      const operation = vfioOperation(p.operation, env);
      return operation ? { op: 'VFIO', devno: p.devno.devno, operation, loc } : undefined;
    }
    case 'FAULT': {
      if (p.fault.kind === 'VFIO' && env.path === 'direct') {
        report('pathIgnored', p.kindSpan, 'a VFIO fault acts on the vfio-ccw mediated device, which PATH direct leaves out; use PATH vfio (or remove the fault)');
      }
      const f = p.fault;
      const devno = p.devno?.devno ?? 0;
      let fault: FaultSpec;
      switch (f.kind) {
        case 'CHPID':
          fault = f;
          break;
        case 'UNITCHECK':
          fault = { kind: 'UNITCHECK', devno, sense: f.sense };
          break;
        case 'VFIO':
          fault = { kind: 'VFIO', devno, errno: f.errno };
          break;
        default:
          fault = { kind: f.kind, devno };
      }
      return { op: 'FAULT', fault, loc };
    }
  }
}

function vfioOperation(p: ParsedVfio, env: DriverEnv): VfioOperation | undefined {
  switch (p.op) {
    case 'WRITEIO': {
      const orb = evaluateUnsigned(p.orb, env.eval, 31, 'the ORB address', env.report);
      if (orb === undefined) return undefined;
      env.orbOperand(orb, p.orb.span);
      return { op: 'WRITEIO', orb, fctl: p.fctl };
    }
    case 'CMD': {
      // ccw_cmd_region.command is a __u32; values other than 1 and 2 are how -EINVAL is tested.
      const command = evaluateUnsigned(p.command, env.eval, 32, 'VFIO CMD command', env.report, true);
      return command === undefined ? undefined : { op: 'CMD', command };
    }
    case 'READ': {
      const area = optionalArea(p.area, env, `the ${p.region} region area`, REGION_SIZE[p.region], 1, `VFIO READ,${p.region}`);
      return area === undefined ? undefined : { op: 'READ', region: p.region, area };
    }
    default:
      return { op: p.op };
  }
}

/** Device numbers a parsed driver statement names (for the "is it declared" check). */
export function driverDevno(p: ParsedDriver): DevnoRef | undefined {
  return 'devno' in p ? p.devno : undefined;
}
