/**
 * The fast path: assembles the common, error-free programs without keeping a statement object
 * per line. Pass 1 reads each line once, places it and defines its label, and records only
 * numbers (line, kind, addresses) in flat typed arrays; pass 2 reads the few fields it needs
 * from the line text again and emits the bytes and driver statements. DC and DS of the common
 * forms are read, laid out and emitted at once from the operand text (dcDirect.ts); everything
 * else uses the general assembler's own statement parsers, encoders and checks, with a reporter that only
 * notes that something was reported: the first diagnostic of any kind makes the fast path
 * give up (null), and `assemble()` then runs the general assembler, which words it. So the
 * result, when there is one, is what the general assembler gives for a program without
 * diagnostics.
 */
import { DEFAULT_ORIGIN, DEFAULT_STORAGE } from '../assembler';
import { assembleCcw, assembleIdaw, assembleMidaw, parseCcw, parseCcwFast, parsePositional } from '../ccwStatement';
import { checkImage, type OrbRecord, type SschRecord } from '../checks';
import { encodeDcOperandInto, firstItemLength, layoutDcOperand, parseDcOperand, type DcLayout, type DcOperand } from '../constants';
import { builtinCopybook } from '../copybooks';
import { Cursor } from '../cursor';
import { DiagnosticSink, locate, type LineOrigin, type Report, type Span } from '../diagnostics';
import { assembleDriver, devnoOperand, driverDevno, DRIVER_OPS } from '../driver';
import { evaluate, evaluateUnsigned, type EvalEnv, type EvalMode } from '../evaluate';
import { evaluateCheck, parseCheck } from '../expect';
import { parseWholeExpr, type Expr, type ParseContext } from '../expr';
import type { AssemblyResult, ChunkKind, DriverStatement, Expectation, ImageSymbol, SourceLocation, StorageChunk } from '../image';
import { splitLine, splitOperands, type Field, type LineParts } from '../lexer';
import { assembleOrb, parseOrb, type AssembledOrb } from '../orbStatement';
import { parseDriver } from '../driver';
import { splitLines, type SourceStatement } from '../source';
import { ParseState, parseStatement, type Statement } from '../statements';
import { isPredefinedFlag, leftmostLength } from '../symbols';
import { directDc } from './dcDirect';
import { FastSymbols } from './symbols';

/** Thrown inside the fast path to give up; caught at its entry, never seen outside. */
class Bail extends Error {}
/**
 * Thrown in pass 1 when a statement needs a symbol defined further down: it waits for pass 2.
 * One plain object, thrown again and again: an Error would capture a stack trace each time.
 */
const DEFER: { readonly defer: true } = Object.freeze({ defer: true });

const MAX_LOCATION = 2 ** 32;

/** Statement kinds recorded for pass 2 (a byte per statement). */
const enum K {
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
}

const DEFINES_SYMBOL: ReadonlySet<string> = new Set(['DC', 'DS', 'CCW', 'CCW0', 'CCW1', 'IDAW1', 'IDAW2', 'MIDAW', 'ORB', 'EQU']);
const DRIVER_OP_SET: ReadonlySet<string> = new Set(DRIVER_OPS);
const LISTING_CONTROLS: ReadonlySet<string> = new Set(['TITLE', 'PRINT', 'SPACE', 'EJECT']);

/** A valid label (statements.ts isLabel): a symbol start, symbol characters, at most 63. */
const LABEL = /^[A-Za-z@#$_][A-Za-z0-9@#$_]{0,62}$/;

const alignUp = (v: number, a: number): number => Math.ceil(v / a) * a;

class FastAssembly {
  private readonly symbols = new FastSymbols();
  private readonly state = new ParseState();
  private readonly lines: string[];
  /** Pass-1 records, one slot per line of the main file at most. */
  private readonly kind: Uint8Array;
  private readonly lineOf: Int32Array;
  private readonly before: Float64Array;
  private readonly address: Float64Array;
  private readonly length: Float64Array;
  private count = 0;
  private ended = false;
  private readonly builtinsDone = new Set<string>();

  /** Every diagnostic the general code would give goes here: the fast path then gives up. */
  private readonly report: Report = () => {
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

  constructor(
    source: string,
    private readonly file: string,
  ) {
    this.lines = splitLines(source);
    const n = this.lines.length;
    this.kind = new Uint8Array(n);
    this.lineOf = new Int32Array(n);
    this.before = new Float64Array(n);
    this.address = new Float64Array(n);
    this.length = new Float64Array(n);
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

  run(): AssemblyResult {
    this.pass1();
    return this.pass2();
  }

  // ---------------------------------------------------------------------------------------
  // Pass 1

  private loc = DEFAULT_ORIGIN;
  private highest = DEFAULT_ORIGIN;

  private pass1(): void {
    const lines = this.lines;
    for (let i = 0; i < lines.length; i++) this.line(lines[i] as string, { file: this.file, line: i + 1 }, i, false);
  }

  /** One line of the main file (`index` >= 0) or of a built-in copybook (origin fixed). */
  private line(text: string, origin: LineOrigin, index: number, builtin: boolean): void {
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
      case 'DC':
      case 'DS':
        if (this.directDc(parts, op === 'DS', label, origin, index)) return;
        this.dc(parts, op === 'DS', label, origin, index);
        break;
      case 'CCW':
      case 'CCW0':
        this.fixed(K.Ccw0, 8, 8, label, parts, origin, index);
        break;
      case 'CCW1':
        this.fixed(K.Ccw1, 8, 8, label, parts, origin, index);
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
      case 'ORB':
        this.fixed(K.Orb, 32, 4, label, parts, origin, index);
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
      case 'SSCH':
        this.record(K.Ssch, index, loc, loc, 0);
        break;
      case 'WAIT':
        this.record(K.Wait, index, loc, loc, 0);
        break;
      case 'EXPECT':
        this.record(K.Expect, index, loc, loc, 0);
        break;
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

  private record(kind: K, index: number, before: number, address: number, length: number): void {
    if (index < 0) throw new Bail();
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
    if (!this.symbols.define({ name: label, value, length, kind, loc, builtin })) throw new Bail();
  }

  private fixed(kind: K, size: number, alignment: number, label: string | undefined, parts: LineParts, origin: LineOrigin, index: number): void {
    const address = alignUp(this.loc, alignment);
    this.record(kind, index, this.loc, address, size);
    this.define(label, parts, origin, BigInt(address), size, 'label', false);
    this.loc = address + size;
  }

  /**
   * A DC or DS of the common forms (dcDirect.ts): laid out, defined and emitted at once, with
   * no operand objects; false (nothing done) for every other form, which the general code reads.
   */
  private directDc(parts: LineParts, isDs: boolean, label: string | undefined, origin: LineOrigin, index: number): boolean {
    const storageSize = this.state.storageSize ?? DEFAULT_STORAGE;
    const d = parts.operands ? directDc(parts.operands.text, isDs, this.loc, storageSize) : undefined;
    if (!d) return false;
    const n = this.count;
    this.record(isDs ? K.Ds : K.Dc, index, this.loc, d.address, d.end - d.address);
    this.define(label, parts, origin, BigInt(d.address), d.firstLength, 'label', false);
    this.loc = d.end;
    if (this.loc > MAX_LOCATION) throw new Bail();
    if (this.loc > this.highest) this.highest = this.loc;
    this.emitted++;
    const bytes = d.bytes;
    if (bytes.length === 0) return true;
    const address = d.address;
    const loc = statementLoc({ file: this.file, line: index + 1 }, parts);
    this.chunkSlot[n] = label
      ? isDs
        ? { address, bytes, kind: 'data', loc, label, reserved: true }
        : { address, bytes, kind: 'data', loc, label }
      : isDs
        ? { address, bytes, kind: 'data', loc, reserved: true }
        : { address, bytes, kind: 'data', loc };
    return true;
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

  // ---------------------------------------------------------------------------------------
  // Emitting: each statement as soon as its symbols are known (in pass 1 for most), the rest
  // (forward references) in pass 2.

  private readonly chunkSlot: (StorageChunk | undefined)[] = [];
  private readonly statementSlot: (DriverStatement | undefined)[] = [];
  private readonly orbs: OrbRecord[] = [];
  private readonly sschs: SschRecord[] = [];
  private readonly devnos: number[] = [];
  /** Pass-2 work: the records whose emission in pass 1 met a symbol not defined yet. */
  private readonly deferred: number[] = [];
  /** The split line of each deferred record, kept so that pass 2 does not split it again. */
  private readonly deferredParts: LineParts[] = [];
  /** The configuration emission used; a later STORAGE or PATH would change it: give up then. */
  private emitted = 0;
  private lastOperands: DcOperand[] | undefined;
  private lastLayouts: DcLayout[] | undefined;

  /** In pass 1, a report means "not yet": the statement waits for pass 2. */
  private readonly defer: Report = () => {
    throw DEFER;
  };

  private tryEmit(n: number, parts: LineParts): void {
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

  private pass2(): AssemblyResult {
    for (let i = 0; i < this.deferred.length; i++) this.emit(this.deferred[i] as number, this.deferredParts[i] as LineParts, this.report);
    for (const devno of this.devnos) if (!this.state.declared.has(devno)) throw new Bail();
    const storageSize = this.state.storageSize ?? DEFAULT_STORAGE;
    const path = this.state.path ?? 'vfio';
    const chunks: StorageChunk[] = [];
    const statements: DriverStatement[] = [];
    for (let n = 0; n < this.count; n++) {
      const c = this.chunkSlot[n];
      if (c) chunks.push(c);
      const d = this.statementSlot[n];
      if (d) statements.push(d);
    }
    const inSourceOrder = chunks.slice();
    const order = () => new Map(inSourceOrder.map((c, i) => [c, i]));
    chunks.sort((a, b) => a.address - b.address || Number(b.reserved ?? false) - Number(a.reserved ?? false));
    const sink = new DiagnosticSink();
    checkImage(chunks, order, this.orbs, this.sschs, sink);
    if (sink.list.length > 0) throw new Bail();

    const symbols: ImageSymbol[] = [];
    for (const s of this.symbols.map.values()) {
      if (s.kind === 'predefined') continue;
      symbols.push({ name: s.name, value: Number(s.value), length: s.length, kind: s.kind, loc: s.loc });
    }
    return {
      image: { file: this.file, storageSize, chunks, symbols, devices: this.state.devices, path, statements },
      diagnostics: [],
    };
  }

  /**
   * The chunk or driver statement of record `n` into its slot; everything else it adds
   * (ORB and SSCH records for the checks, device numbers) only once it has succeeded, so a
   * deferred attempt leaves nothing behind.
   */
  private emit(n: number, parts: LineParts, report: Report, dcOperands?: DcOperand[], dcLayouts?: DcLayout[]): void {
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
        chunk = { kind: format === 1 ? 'ccw1' : 'ccw0', bytes: assembleCcw(p, op, env, report).bytes, reserved: false };
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
        this.statementSlot[n] = { op: 'SSCH', devno, orb: value, loc };
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
        this.statementSlot[n] = { op: 'WAIT', devno: ref?.devno ?? null, timeoutUs: timeout, loc };
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
        this.statementSlot[n] = { op: 'EXPECT', checks, loc };
        break;
      }
      case K.Driver: {
        const op = opSpan.text.toUpperCase() as (typeof DRIVER_OPS)[number];
        const p = parseDriver(op, parts.operands ? splitOperands(parts.operands) : [], opEnd, ctx);
        if (!p) throw new Bail();
        devno = driverDevno(p)?.devno;
        const d = assembleDriver(p, { eval: env, report, storageSize, path, loc, orbOperand });
        if (!d) throw new Bail();
        this.statementSlot[n] = d;
        break;
      }
      case K.End:
        this.statementSlot[n] = { op: 'END', loc };
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
    this.chunkSlot[n] = label
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

/**
 * The AssemblyResult of the general assembler (without detail) for a program it would assemble
 * without any diagnostic; null for every other program (and on any surprise). Never throws.
 */
export function fastAssemble(source: string, file: string): AssemblyResult | null {
  try {
    return new FastAssembly(source, file).run();
  } catch {
    return null;
  }
}
