/**
 * The fast path's records and its general way of reading a line: the state pass 1 and pass 2
 * share (flat typed arrays by record, the symbol table, the configuration, what the
 * whole-image checks need), and, for the lines and forms the direct readers of fastAssemble.ts
 * do not take, the general assembler's own statement parsers, encoders and checks with a
 * reporter that gives up on any report (Bail). A statement whose symbols are not all defined in
 * pass 1 waits for pass 2 (DEFER).
 */
import { DEFAULT_ORIGIN, DEFAULT_STORAGE } from '../assembler';
import { assembleCcw, assembleIdaw, assembleMidaw, parseCcw, parseCcwFast, parsePositional } from '../ccwStatement';
import type { OrbRecord, SschRecord } from '../checks';
import { encodeDcOperandInto, firstItemLength, layoutDcOperand, parseDcOperand, type DcLayout, type DcOperand } from '../constants';
import { builtinCopybook } from '../copybooks';
import { Cursor } from '../cursor';
import { locate, type LineOrigin, type Report, type Span } from '../diagnostics';
import { assembleDriver, devnoOperand, driverDevno, DRIVER_OPS, parseDriver } from '../driver';
import { evaluate, evaluateUnsigned, type EvalEnv, type EvalMode } from '../evaluate';
import { evaluateCheck, parseCheck } from '../expect';
import { parseWholeExpr, type ParseContext } from '../expr';
import type { ChunkKind, DriverStatement, Expectation, SourceLocation, StorageChunk } from '../image';
import { splitLine, splitOperands, type Field, type LineParts } from '../lexer';
import { assembleOrb, parseOrb, type AssembledOrb } from '../orbStatement';
import type { SourceStatement } from '../source';
import { ParseState, parseStatement, type Statement } from '../statements';
import { isPredefinedFlag, leftmostLength } from '../symbols';
import { LineScan } from './lineScan';
import { FastSymbols } from './symbols';

/** Thrown inside the fast path to give up; caught at its entry, never seen outside. */
export class Bail extends Error {}
/**
 * Thrown in pass 1 when a statement needs a symbol defined further down: it waits for pass 2.
 * One plain object, thrown again and again: an Error would capture a stack trace each time.
 */
const DEFER: { readonly defer: true } = Object.freeze({ defer: true });

export const MAX_LOCATION = 2 ** 32;
/** LineScan fields kept per record: lineStart, lineEnd, labelEnd, opStart, opEnd, operandsStart, operandsEnd. */
export const SCAN_FIELDS = 7;

/** Statement kinds recorded for pass 2 (a byte per statement); the storage kinds first, up to Orb. */
export const enum K {
  Dc = 1,
  Ds,
  Ccw0,
  Ccw1,
  Idaw1,
  Idaw2,
  Midaw,
  Orb,
  Ssch,
  Wait,
  Expect,
  Driver,
  End,
  /** Driver statements read directly (driverDirect.ts); the general code reads them as Driver. */
  Tsch,
  Delay,
  Msch,
  /** Not a record: an EQU line read directly (fastLine). */
  Equ,
}

const DEFINES_SYMBOL: ReadonlySet<string> = new Set(['DC', 'DS', 'CCW', 'CCW0', 'CCW1', 'IDAW1', 'IDAW2', 'MIDAW', 'ORB', 'EQU']);
const DRIVER_OP_SET: ReadonlySet<string> = new Set(DRIVER_OPS);
const LISTING_CONTROLS: ReadonlySet<string> = new Set(['TITLE', 'PRINT', 'SPACE', 'EJECT']);

/** A valid label (statements.ts isLabel): a symbol start, symbol characters, at most 63. */
const LABEL = /^[A-Za-z@#$_][A-Za-z0-9@#$_]{0,62}$/;

export const alignUp = (v: number, a: number): number => Math.ceil(v / a) * a;

/** The fast path's shared state and its general reading of a line; FastAssembly adds the direct readers and the passes. */
export abstract class GeneralLines {
  protected readonly symbols = new FastSymbols();
  protected readonly state = new ParseState();
  /** Pass-1 records, one slot per line of the main file at most. */
  protected readonly kind: Uint8Array;
  protected readonly lineOf: Int32Array;
  /**
   * Where the location counter was, the address and the length, unsigned 32-bit (a record at
   * 2^32 or above gives up): read back as small integers, so that the chunk and symbol objects
   * built from them hold small integers too. A number read from a Float64Array is a heap
   * number in unoptimised code, and one such value stored in an object literal's field makes
   * V8 box that field (a heap number per object) in every object of that shape from then on.
   */
  protected readonly before: Uint32Array;
  protected readonly address: Uint32Array;
  protected readonly length: Uint32Array;
  /** CCW records: the command code and flags they were encoded with (for the chain check). */
  protected readonly ccwCmd: Uint8Array;
  protected readonly ccwFlags: Uint8Array;
  /**
   * By record: its chunk (storage kinds) or driver statement (the others), one array for both;
   * one slot per line at most, so made at full size, never grown.
   */
  protected readonly slot: (StorageChunk | DriverStatement | undefined)[];
  protected count = 0;
  protected ended = false;
  private readonly builtinsDone = new Set<string>();
  /** The line being read, as column numbers. */
  protected readonly scan = new LineScan();
  protected loc = DEFAULT_ORIGIN;
  protected highest = DEFAULT_ORIGIN;

  /** Every diagnostic the general code would give goes here: the fast path then gives up. */
  protected readonly report: Report = () => {
    throw new Bail();
  };
  private readonly ctx: ParseContext = { codePage: '037', report: this.report };
  private readonly env: { mode: EvalMode; loc: bigint; lookup: EvalEnv['lookup']; report: Report } = {
    mode: 'final',
    loc: BigInt(DEFAULT_ORIGIN),
    lookup: this.symbols.lookup,
    report: this.report,
  };
  private envLoc = DEFAULT_ORIGIN;

  // What the whole-image checks need (checks.ts), and the device numbers used.
  protected readonly orbs: OrbRecord[] = [];
  protected readonly sschs: SschRecord[] = [];
  protected readonly devnos: number[] = [];
  /** Pass-2 work: the records whose emission in pass 1 met a symbol not defined yet. */
  protected readonly deferred: number[] = [];
  /** The split line of each deferred record the general way reads (undefined: a direct reader's). */
  protected readonly deferredParts: (LineParts | undefined)[] = [];
  /** The configuration emission used; a later STORAGE or PATH would change it: give up then. */
  protected emitted = 0;
  private lastOperands: DcOperand[] | undefined;
  private lastLayouts: DcLayout[] | undefined;

  /** `lines`: the most records there can be (one per line of the main file). */
  constructor(
    protected readonly file: string,
    lines: number,
  ) {
    this.kind = new Uint8Array(lines);
    this.lineOf = new Int32Array(lines);
    this.slot = new Array<StorageChunk | DriverStatement | undefined>(lines);
    this.before = new Uint32Array(lines);
    this.address = new Uint32Array(lines);
    this.length = new Uint32Array(lines);
    this.ccwCmd = new Uint8Array(lines);
    this.ccwFlags = new Uint8Array(lines);
  }

  private at(mode: EvalMode, loc: number, report: Report = this.report): EvalEnv {
    const e = this.env;
    e.mode = mode;
    e.report = report;
    if (loc !== this.envLoc) {
      this.envLoc = loc;
      e.loc = BigInt(loc);
    }
    return e;
  }

  /** One line of the main file (`index` >= 0) or of a built-in copybook (origin fixed). */
  protected line(text: string, origin: LineOrigin, index: number, builtin: boolean): void {
    const parts = splitLine(text);
    if (!parts) return;
    if (this.ended || parts.problems.length > 0 || !parts.op) throw new Bail();
    const opText = parts.op.text;
    const op = opText.toUpperCase();
    if (op === 'COPY') {
      this.copy(parts, origin, builtin);
      return;
    }
    let label: string | undefined;
    if (parts.label) {
      const t = parts.label.text;
      label = t.toUpperCase();
      if (!LABEL.test(t) || isPredefinedFlag(label) || !DEFINES_SYMBOL.has(op)) throw new Bail();
    }
    if (builtin && op !== 'EQU') throw new Bail(); // the copybooks hold EQUs only
    const loc = this.loc;
    const records = this.count;
    switch (op) {
      // CCW, ORB, SSCH, WAIT, EXPECT, TSCH, DELAY and MSCH lines, and DC and DS lines of the
      // direct forms, are fastLine's: their kinds do not come here.
      case 'DC':
      case 'DS':
        this.dc(parts, op === 'DS', label, origin, index);
        break;
      case 'IDAW1':
        this.fixed(K.Idaw1, 4, 4, label, parts, origin, index);
        break;
      case 'IDAW2':
        this.fixed(K.Idaw2, 8, 8, label, parts, origin, index);
        break;
      case 'MIDAW':
        this.fixed(K.Midaw, 16, 16, label, parts, origin, index);
        break;
      case 'EQU':
        this.equ(parts, label, origin, builtin);
        break;
      case 'ORG':
        this.org(parts);
        break;
      case 'DEVICE':
      case 'PATH':
      case 'STORAGE': {
        // Rare: the general parser, on a statement of its own, sets the configuration. What was
        // emitted so far used the configuration as it was: a change now would make it wrong.
        if (op !== 'DEVICE' && this.emitted > 0) throw new Bail();
        const src: SourceStatement = { origin, parts, builtin, report: this.report, seq: -1 };
        parseStatement(src, this.state);
        break;
      }
      case 'END':
        if (parts.operands) throw new Bail();
        this.record(K.End, index, loc, loc, 0);
        this.ended = true;
        break;
      default:
        if (DRIVER_OP_SET.has(op)) this.record(K.Driver, index, loc, loc, 0);
        else if (!LISTING_CONTROLS.has(op)) throw new Bail(); // CODEPAGE, unknown operations
    }
    if (this.loc > MAX_LOCATION) throw new Bail();
    if (this.loc > this.highest) this.highest = this.loc;
    if (this.count > records) this.tryEmit(this.count - 1, parts);
  }

  protected record(kind: K, index: number, before: number, address: number, length: number): void {
    if (index < 0 || before >= MAX_LOCATION || address >= MAX_LOCATION || length >= MAX_LOCATION) throw new Bail();
    const n = this.count++;
    this.kind[n] = kind;
    this.lineOf[n] = index;
    this.before[n] = before;
    this.address[n] = address;
    this.length[n] = length;
  }

  private define(label: string | undefined, parts: LineParts, origin: LineOrigin, value: bigint, length: number, kind: 'label' | 'equ', builtin: boolean): void {
    if (label === undefined || !parts.label) return;
    const loc = locate(origin, parts.label);
    if (!this.symbols.define(label, value, length, kind, loc, builtin)) throw new Bail();
  }

  private fixed(kind: K, size: number, alignment: number, label: string | undefined, parts: LineParts, origin: LineOrigin, index: number): void {
    const address = alignUp(this.loc, alignment);
    this.record(kind, index, this.loc, address, size);
    this.define(label, parts, origin, BigInt(address), size, 'label', false);
    this.loc = address + size;
  }

  private dc(parts: LineParts, isDs: boolean, label: string | undefined, origin: LineOrigin, index: number): void {
    const operands: DcOperand[] = [];
    const layouts = this.layout(parts, isDs, this.loc, operands);
    this.lastOperands = operands;
    this.lastLayouts = layouts;
    const first = layouts[0];
    const address = first ? first.address : this.loc;
    let end = this.loc;
    for (const l of layouts) end = l.address + l.total;
    this.record(isDs ? K.Ds : K.Dc, index, this.loc, address, end - address);
    this.define(label, parts, origin, BigInt(address), firstItemLength(layouts), 'label', false);
    this.loc = end;
  }

  /** The operands of a DC or DS and their layouts from `loc` (the general code's). */
  private layout(parts: LineParts, isDs: boolean, loc: number, operands?: DcOperand[]): DcLayout[] {
    if (!parts.operands) throw new Bail();
    const fields = splitOperands(parts.operands);
    const layouts: DcLayout[] = [];
    let cur = loc;
    for (let i = 0; i < fields.length; i++) {
      const o = parseDcOperand(fields[i] as Field, isDs, this.ctx);
      if (!o) throw new Bail();
      operands?.push(o);
      const lay = layoutDcOperand(o, cur, isDs, this.at('immediate', cur));
      layouts.push(lay);
      cur = lay.address + lay.total;
    }
    return layouts;
  }

  private equ(parts: LineParts, label: string | undefined, origin: LineOrigin, builtin: boolean): void {
    if (!label || !parts.operands) throw new Bail();
    const fields = splitOperands(parts.operands);
    if (fields.length > 2) throw new Bail();
    const value = fields[0] as Field;
    const lengthField = fields[1];
    if (value.text === '') throw new Bail();
    const v = parseWholeExpr(Cursor.of(value), this.ctx, 'the EQU value');
    const l = lengthField && lengthField.text !== '' ? parseWholeExpr(Cursor.of(lengthField), this.ctx, 'the length') : undefined;
    if (!v || (lengthField && lengthField.text !== '' && !l)) throw new Bail();
    let len: number | undefined;
    if (l) len = evaluateUnsigned(l, this.at('immediate', this.loc), 16, 'EQU length', this.report, true);
    // A forward reference would make the general assembler wait and retry: give up instead
    // ('immediate' reports an undefined symbol, which bails).
    const n = evaluate(v, this.at('immediate', this.loc));
    if (n === undefined) throw new Bail();
    this.define(label, parts, origin, n, len ?? leftmostLength(v, this.symbols.lookup), 'equ', builtin);
  }

  private org(parts: LineParts): void {
    const fields = parts.operands ? splitOperands(parts.operands) : [];
    if (fields.length > 1) throw new Bail();
    const f = fields[0];
    if (!f || f.text === '') {
      this.loc = this.highest;
      return;
    }
    const e = parseWholeExpr(Cursor.of(f), this.ctx, 'the ORG address');
    if (!e) throw new Bail();
    const v = evaluate(e, this.at('immediate', this.loc));
    if (v === undefined || v < 0n || v > BigInt(MAX_LOCATION)) throw new Bail();
    this.loc = Number(v);
  }

  private copy(parts: LineParts, origin: LineOrigin, builtin: boolean): void {
    if (builtin || parts.label || !parts.operands) throw new Bail();
    const fields = splitOperands(parts.operands);
    const first = fields[0] as Field;
    if (fields.length !== 1) throw new Bail();
    const key = first.text.toUpperCase();
    const lines = builtinCopybook(key); // a quoted name or a file: the general path reads it
    if (!lines || this.builtinsDone.has(key)) throw new Bail();
    this.builtinsDone.add(key);
    const at = locate(origin, first);
    const fixed: LineOrigin = { file: at.file, line: at.line, fixed: at };
    for (let i = 0; i < lines.length; i++) this.line(lines[i] as string, fixed, -1, true);
  }

  /** In pass 1, a report means "not yet": the statement waits for pass 2. */
  private readonly defer: Report = () => {
    throw DEFER;
  };

  protected tryEmit(n: number, parts: LineParts): void {
    this.emitted++;
    const operands = this.lastOperands;
    const layouts = this.lastLayouts;
    this.lastOperands = this.lastLayouts = undefined;
    try {
      this.emit(n, parts, this.defer, operands, layouts);
    } catch (e) {
      if (e !== DEFER) throw e;
      this.deferred.push(n);
      this.deferredParts.push(parts);
    }
  }

  /**
   * The chunk or driver statement of record `n` into its slot; everything else it adds
   * (ORB and SSCH records for the checks, device numbers) only once it has succeeded, so a
   * deferred attempt leaves nothing behind.
   */
  protected emit(n: number, parts: LineParts, report: Report, dcOperands?: DcOperand[], dcLayouts?: DcLayout[]): void {
    const storageSize = this.state.storageSize ?? DEFAULT_STORAGE;
    const path = this.state.path ?? 'vfio';
    const ctx: ParseContext = report === this.report ? this.ctx : { codePage: '037', report };
    const index = this.lineOf[n] as number;
    const origin: LineOrigin = { file: this.file, line: index + 1 };
    const loc = statementLoc(origin, parts);
    const opSpan = parts.op as Field;
    const opEnd: Span = { column: opSpan.endColumn, endColumn: opSpan.endColumn + 1 };
    const address = this.address[n] as number;
    const length = this.length[n] as number;
    const k = this.kind[n] as K;
    const env = this.at('final', address, report);
    let chunk: { kind: ChunkKind; bytes: Uint8Array; reserved: boolean } | undefined;
    let orb: AssembledOrb | undefined;
    let devno: number | undefined;
    const ssch: SschRecord[] = [];
    const orbOperand = (o: number, span: Span): void => {
      ssch.push({ orb: o, span, report: this.report, aligned: false });
    };
    switch (k) {
      case K.Dc:
      case K.Ds: {
        if (length === 0) break;
        if (address + length > storageSize) throw new Bail();
        const bytes = new Uint8Array(length);
        if (k === K.Dc) {
          let operands = dcOperands;
          let layouts = dcLayouts;
          if (!operands || !layouts) {
            operands = [];
            layouts = this.layout(parts, false, this.before[n] as number, operands);
          }
          const env2 = this.at('final', address, report);
          for (let i = 0; i < operands.length; i++) {
            const lay = layouts[i] as DcLayout;
            if (lay.total === 0) continue;
            encodeDcOperandInto(bytes, lay.address - address, operands[i] as DcOperand, lay, false, env2);
          }
        }
        chunk = { kind: 'data', bytes, reserved: k === K.Ds };
        break;
      }
      case K.Ccw0:
      case K.Ccw1: {
        const format = k === K.Ccw1 ? 1 : 0;
        const op = opSpan.text.toUpperCase();
        const p = (parts.operands && parseCcwFast(format, parts.operands, '037')) || parseCcw(format, op, parts.operands ? splitOperands(parts.operands) : [], opEnd, ctx);
        const ccw = assembleCcw(p, op, env, report);
        this.ccwCmd[n] = ccw.cmd;
        this.ccwFlags[n] = ccw.flags;
        chunk = { kind: format === 1 ? 'ccw1' : 'ccw0', bytes: ccw.bytes, reserved: false };
        break;
      }
      case K.Idaw1:
      case K.Idaw2: {
        const op = k === K.Idaw1 ? 'IDAW1' : 'IDAW2';
        const [addr] = parsePositional(parts.operands ? splitOperands(parts.operands) : [], ['data address'], opEnd, op, ctx);
        chunk = { kind: k === K.Idaw1 ? 'idaw1' : 'idaw2', bytes: assembleIdaw(k === K.Idaw1 ? 1 : 2, addr, env, report), reserved: false };
        break;
      }
      case K.Midaw: {
        const [flags, count, addr] = parsePositional(parts.operands ? splitOperands(parts.operands) : [], ['flags', 'count', 'data address'], opEnd, 'MIDAW', ctx);
        chunk = { kind: 'midaw', bytes: assembleMidaw(flags, count, addr, env, report), reserved: false };
        break;
      }
      case K.Orb: {
        orb = assembleOrb(parseOrb(parts.operands ? splitOperands(parts.operands) : [], opEnd, ctx), env, report);
        chunk = { kind: 'orb', bytes: orb.bytes, reserved: false };
        break;
      }
      case K.Ssch: {
        const f = parts.operands ? splitOperands(parts.operands) : [];
        const d = f[0];
        const o = f[1];
        if (f.length !== 2 || !d || !o || o.text === '') throw new Bail();
        const ref = devnoOperand(d, ctx, 'SSCH');
        const e = parseWholeExpr(Cursor.of(o), ctx, 'the ORB address');
        if (!ref || !e) throw new Bail();
        devno = ref.devno;
        const value = evaluateUnsigned(e, env, 31, 'SSCH ORB address', report);
        if (value === undefined) throw new Bail();
        this.slot[n] = { op: 'SSCH', devno, orb: value, loc };
        ssch.push({ orb: value, span: e.span, report: this.report, aligned: true });
        break;
      }
      case K.Wait: {
        const f = parts.operands ? splitOperands(parts.operands) : [];
        if (f.length > 2) throw new Bail();
        const ref = devnoOperand(f[0], ctx, 'WAIT');
        const t = f[1];
        const e = t && t.text !== '' ? parseWholeExpr(Cursor.of(t), ctx, 'the timeout') : undefined;
        if (t && t.text !== '' && !e) throw new Bail();
        devno = ref?.devno;
        const timeout = e ? evaluateUnsigned(e, env, 52, 'WAIT timeout (microseconds)', report, true) : null;
        if (timeout === undefined) throw new Bail();
        this.slot[n] = { op: 'WAIT', devno: ref?.devno ?? null, timeoutUs: timeout, loc };
        break;
      }
      case K.Expect: {
        if (!parts.operands) throw new Bail();
        const f = splitOperands(parts.operands);
        const checks: Expectation[] = [];
        const where = (span: Span): SourceLocation => locate(origin, span);
        for (let i = 0; i < f.length; i++) {
          const c = parseCheck(f[i] as Field, ctx);
          const e = c ? evaluateCheck(c, { eval: env, storageSize, loc: where, report }) : undefined;
          if (!e) throw new Bail();
          checks.push(e);
        }
        this.slot[n] = { op: 'EXPECT', checks, loc };
        break;
      }
      case K.Driver:
      case K.Tsch:
      case K.Delay:
      case K.Msch: {
        const op = opSpan.text.toUpperCase() as (typeof DRIVER_OPS)[number];
        const p = parseDriver(op, parts.operands ? splitOperands(parts.operands) : [], opEnd, ctx);
        if (!p) throw new Bail();
        devno = driverDevno(p)?.devno;
        const d = assembleDriver(p, { eval: env, report, storageSize, path, loc, orbOperand });
        if (!d) throw new Bail();
        this.slot[n] = d;
        break;
      }
      case K.End:
        this.slot[n] = { op: 'END', loc };
        break;
    }
    // Success: commit what the whole-image checks need.
    if (devno !== undefined) this.devnos.push(devno);
    for (let i = 0; i < ssch.length; i++) this.sschs.push(ssch[i] as SschRecord);
    if (orb) this.orbs.push({ stmt: ORB_STATEMENT, orb });
    if (!chunk) return;
    if (address + chunk.bytes.length > storageSize) throw new Bail();
    const { kind, bytes, reserved } = chunk;
    const label = parts.label?.text.toUpperCase();
    // The four shapes the general assembler builds (no spreads, no undefined keys).
    this.slot[n] = label
      ? reserved
        ? { address, bytes, kind, loc, label, reserved }
        : { address, bytes, kind, loc, label }
      : reserved
        ? { address, bytes, kind, loc, reserved }
        : { address, bytes, kind, loc };
  }
}

/**
 * checkImage reads an ORB's statement only to report at it; the fast path's reporter gives up
 * on any report, so one stand-in with that reporter serves every ORB.
 */
const ORB_STATEMENT = {
  src: {
    report: (): void => {
      throw new Bail();
    },
  },
} as unknown as Statement;

/** Where the whole statement is (statements.ts statementLoc). */
function statementLoc(origin: LineOrigin, p: LineParts): SourceLocation {
  const first = p.label ?? p.op;
  const last = p.operands ?? p.op ?? first;
  const column = first && last ? Math.min(first.column, last.column) : 1;
  const endColumn = first && last ? Math.max(first.endColumn, last.endColumn) : 2;
  return { file: origin.file, line: origin.line, column, endColumn: Math.max(endColumn, column + 1) };
}
