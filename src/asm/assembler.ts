/**
 * The assembler: `.ccw` source → Image (LANGUAGE.md). Pure (no fs, no process): files for
 * COPY come through `readFile`. It never throws; every mistake it can find becomes a
 * diagnostic in the same run.
 *
 * Phases: read (COPY expansion) → parse (syntax, configuration) → pass 1 (location counter,
 * labels, EQUs, with forward references retried until they settle) → pass 2 (bytes, driver
 * statements, expectations) → checks over the whole image (storage bounds, overlaps, chains,
 * ORBs, devices).
 */
import { DiagnosticSink, locate, type LineOrigin, type Report, type Span } from './diagnostics';
import { checkImage, type OrbRecord, type SschRecord } from './checks';
import { encodeDcOperandInto, firstItemLength, layoutDcOperand, type DcLayout, type DcOperand } from './constants';
import { assembleCcw, assembleIdaw, assembleMidaw } from './ccwStatement';
import { assembleDriver, driverDevno, type ParsedDriver } from './driver';
import { evaluate, evaluateUnsigned, hexText, unsignedField, type EvalEnv, type EvalMode } from './evaluate';
import { evaluateCheck, type ParsedCheck } from './expect';
import type { Expr } from './expr';
import type { AssemblyDetail, AssemblyResult, ChunkKind, Diagnostic, DriverStatement, Expectation, Image, ImageSymbol, IoPath, ListedLine, SourceLocation, StorageChunk } from './image';
import { buildDetail } from './detail';
import { exact } from './arrays';
import { assembleOrb } from './orbStatement';
import { readSource, releaseParts, type ReadFile, type SourceLine, type SourceStatement } from './source';
import { ParseState, parseStatement, type Statement } from './statements';
import { leftmostLength, SymbolTable, type LookupResult, type SymbolDef } from './symbols';
import { fastAssemble } from './fast/fastAssemble';

export interface AssembleOptions {
  /** Name of the main file: diagnostics carry it; COPY paths are relative to it. */
  readonly file: string;
  /** Reads a file for COPY; undefined when it does not exist. */
  readonly readFile?: ReadFile;
  /** Also return `detail`: every line read, statement columns and symbol references (listings, editors). */
  readonly detail?: boolean;
}

export const DEFAULT_ORIGIN = 0x1000;
export const DEFAULT_STORAGE = 16 * 1024 * 1024;
/** Highest ORG: a 32-bit address space is more than any guest storage we model. */
const MAX_LOCATION = 2 ** 32;

interface Placement {
  readonly address: number;
  readonly length: number;
  readonly layouts?: readonly DcLayout[];
}

class Assembly {
  private readonly symbols = new SymbolTable();
  private readonly state = new ParseState();
  private statements: Statement[] = [];
  /** Location counter before each statement (for `*` in pass 2), by index in `statements`. */
  private readonly locBefore: number[] = [];
  /** Where pass 1 put each storage statement, by index in `statements` (arrays, not Maps: this is per line). */
  private readonly placed: (Placement | undefined)[] = [];
  private readonly pendingEqu: Statement[] = [];
  /** Where each EQU stood (for `*`) and what it says, for retries of forward references. */
  private readonly equLoc = new Map<Statement, { loc: number; value: Expr; explicitLength: boolean }>();
  /** Only with `detail`: the lines read and the chunk each statement placed. */
  private readonly lines: SourceLine[] | undefined;
  private readonly chunkOf: Map<Statement, StorageChunk> | undefined;

  constructor(
    private readonly source: string,
    private readonly options: AssembleOptions,
    private readonly sink: DiagnosticSink,
  ) {
    this.lines = options.detail ? [] : undefined;
    this.chunkOf = options.detail ? new Map() : undefined;
  }

  run(): AssemblyResult {
    this.parse();
    this.pass1();
    const image = this.pass2();
    const diagnostics = sortDiagnostics(this.sink.list);
    if (!this.lines || !this.chunkOf) return { image, diagnostics };
    const locBefore = new Map(this.statements.map((s, i) => [s, this.locBefore[i] ?? DEFAULT_ORIGIN]));
    const detail: AssemblyDetail = buildDetail(this.statements, this.lines as ListedLine[], this.chunkOf, locBefore, this.symbols);
    return { image, diagnostics, detail };
  }

  private parse(): void {
    const src = readSource(this.options.file, this.source, this.options.readFile, this.sink, this.lines);
    let warnedAfterEnd = false;
    for (let i = 0; i < src.length; i++) {
      const s = src[i] as SourceStatement;
      if (this.state.ended) {
        if (!warnedAfterEnd) {
          warnedAfterEnd = true;
          s.report('afterEnd', s.parts.op ?? s.parts.label ?? { column: 1, endColumn: 2 }, 'this and the following statements come after END and are ignored; move them above END');
        }
        continue;
      }
      const stmt = parseStatement(s, this.state);
      if (stmt) this.statements.push(stmt);
      if (!this.lines) releaseParts(s); // only the listing and the editor read the fields again

    }
  }

  /** One lookup function for every evaluation (not a closure per statement). */
  private readonly lookup = (n: string) => this.symbols.lookup(n);

  /**
   * The environment for one evaluation, reused: every evaluation finishes before the next
   * statement asks for it and nothing keeps it (callers that add fields copy it), so the
   * passes need not allocate one per statement. The location's bigint is kept while the
   * location stays the same (driver statements do not move it).
   */
  private readonly shared: { mode: EvalMode; loc: bigint; lookup: (name: string) => LookupResult; report: Report } = {
    mode: 'final',
    loc: BigInt(DEFAULT_ORIGIN),
    lookup: this.lookup,
    report: () => undefined,
  };
  private sharedLoc = DEFAULT_ORIGIN;

  private env(stmt: Statement, mode: EvalMode, loc: number, report: Report = stmt.src.report): EvalEnv {
    const e = this.shared;
    e.mode = mode;
    if (loc !== this.sharedLoc) {
      this.sharedLoc = loc;
      e.loc = BigInt(loc);
    }
    e.report = report;
    return e;
  }

  private defineLabel(stmt: Statement, value: bigint, length: number, kind: 'label' | 'equ', state: SymbolDef['state'] = 'defined'): SymbolDef | undefined {
    if (!stmt.label) return undefined;
    const loc = locate(stmt.src.origin, stmt.label.span);
    const def: SymbolDef = { name: stmt.label.name, value, length, kind, loc, state, builtin: stmt.src.builtin };
    const old = this.symbols.define(def);
    if (!old) return def;
    if (old.builtin && def.builtin && old.state === 'defined' && state === 'defined' && old.value === value) return undefined; // NOP in both ECKD and UNITREC
    const where = old.loc.file ? `${old.loc.file}:${old.loc.line}` : 'above';
    const how = stmt.src.builtin ? ` (defined by this COPY; rename your symbol)` : '; rename one of them';
    stmt.src.report('duplicateSymbol', stmt.label.span, `${def.name} is already defined at ${where}${how}`);
    return undefined;
  }

  // ---------------------------------------------------------------------------------------
  // Pass 1: addresses and symbols

  private pass1(): void {
    let loc = DEFAULT_ORIGIN;
    let highest = loc;
    const align = (v: number, a: number) => Math.ceil(v / a) * a;
    /** A fixed-size structure: its label's length attribute is its size (CCW 8, ORB 32). */
    const fixed = (index: number, stmt: Statement, size: number, alignment: number) => {
      const address = align(loc, alignment);
      this.placed[index] = { address, length: size };
      if (stmt.label) this.defineLabel(stmt, BigInt(address), size, 'label');
      loc = address + size;
    };
    const statements = this.statements;
    this.placed.length = statements.length;
    for (let index = 0; index < statements.length; index++) {
      const stmt = statements[index] as Statement;
      this.locBefore.push(loc);
      const b = stmt.body;
      switch (b.k) {
        case 'dc':
        case 'ds': {
          let cur = loc;
          const layouts: DcLayout[] = [];
          for (const op of b.operands) {
            const lay = layoutDcOperand(op, cur, b.k === 'ds', this.env(stmt, 'immediate', cur));
            layouts.push(lay);
            cur = lay.address + lay.total;
          }
          const address = layouts[0]?.address ?? loc;
          this.placed[index] = { address, length: cur - address, layouts: exact(layouts) };
          this.defineLabel(stmt, BigInt(address), firstItemLength(layouts), 'label');
          loc = cur;
          break;
        }
        case 'ccw':
          fixed(index, stmt, 8, 8);
          break;
        case 'idaw':
          fixed(index, stmt, b.format === 1 ? 4 : 8, b.format === 1 ? 4 : 8);
          break;
        case 'midaw':
          fixed(index, stmt, 16, 16);
          break;
        case 'orb':
          fixed(index, stmt, 32, 4);
          break;
        case 'equ':
          this.equ(stmt, b.value, b.length, loc);
          break;
        case 'org': {
          if (!b.value) {
            loc = highest; // HLASM: ORG without operand goes to the highest location so far
            break;
          }
          const v = evaluate(b.value, this.env(stmt, 'immediate', loc));
          if (v === undefined) break;
          if (v < 0n || v > BigInt(MAX_LOCATION)) {
            stmt.src.report('orgRange', b.value.span, `ORG ${hexText(v)} is outside guest addresses 0 to ${hexText(MAX_LOCATION)}`);
            break;
          }
          loc = Number(v);
          break;
        }
        default:
          break;
      }
      if (loc > MAX_LOCATION) {
        stmt.src.report('orgRange', stmt.src.parts.op ?? { column: 1, endColumn: 2 }, 'the location counter passes X\'100000000\'; the program does not fit any guest storage');
        loc = MAX_LOCATION;
      }
      highest = Math.max(highest, loc);
    }
    this.settleEqus();
  }

  /** Tries an EQU now; with forward references it waits in `pendingEqu`. */
  private equ(stmt: Statement, value: Expr | undefined, length: Expr | undefined, loc: number): void {
    if (!stmt.label) return;
    if (!value) {
      this.defineLabel(stmt, 0n, 1, 'equ', 'poisoned');
      return;
    }
    let len: number | undefined;
    if (length) {
      len = evaluateUnsigned(length, this.env(stmt, 'immediate', loc), 16, 'EQU length', stmt.src.report, true);
    }
    const result = this.tryEqu(stmt, value, loc, 'first');
    const ok = typeof result === 'object';
    const state = ok ? 'defined' : result === 'waiting' ? 'unresolved' : 'poisoned';
    const def = this.defineLabel(stmt, ok ? result.value : 0n, len ?? (ok ? result.length : 1), 'equ', state);
    if (def && result === 'waiting') this.pendingEqu.push(stmt);
  }

  /** The value, or 'waiting' for symbols not known yet, or 'error' (already reported). */
  private tryEqu(stmt: Statement, value: Expr, loc: number, attempt: 'first' | 'retry'): { value: bigint; length: number } | 'waiting' | 'error' {
    if (attempt === 'first') this.equLoc.set(stmt, { loc, value, explicitLength: stmt.body.k === 'equ' && stmt.body.length !== undefined });
    const missing = new Set<string>();
    const held: [Parameters<Report>[0], Span, string][] = [];
    const hold: Report = (id, span, message) => held.push([id, span, message]);
    const v = evaluate(value, { mode: 'probe', loc: BigInt(loc), lookup: (n) => this.symbols.lookup(n), report: hold, missing });
    if (missing.size > 0) return 'waiting';
    for (const [id, span, message] of held) stmt.src.report(id, span, message);
    if (v === undefined) return 'error';
    return { value: v, length: leftmostLength(value, (name) => this.symbols.lookup(name)) };
  }

  private settleEqus(): void {
    let pending = this.pendingEqu.filter((s) => s.label);
    for (let progress = true; progress && pending.length > 0; ) {
      progress = false;
      const still: Statement[] = [];
      for (const stmt of pending) {
        const info = this.equLoc.get(stmt);
        const def = stmt.label ? this.symbols.get(stmt.label.name) : undefined;
        if (!info || !def) continue;
        const r = this.tryEqu(stmt, info.value, info.loc, 'retry');
        if (r === 'error') def.state = 'poisoned';
        else if (r !== 'waiting') {
          def.value = r.value;
          if (!info.explicitLength) def.length = r.length;
          def.state = 'defined';
          progress = true;
        } else if (def.state === 'unresolved') still.push(stmt);
      }
      pending = still;
    }
    for (const stmt of pending) {
      const info = this.equLoc.get(stmt);
      const def = stmt.label ? this.symbols.get(stmt.label.name) : undefined;
      if (!info || !def) continue;
      // Report what is really undefined; if nothing is, the EQUs wait for each other.
      const before = this.sink.list.length;
      evaluate(info.value, { mode: 'final', loc: BigInt(info.loc), lookup: (n) => this.symbols.lookup(n), report: stmt.src.report });
      if (this.sink.list.length === before) {
        stmt.src.report('circularEqu', info.value.span, `${def.name} depends on itself through other EQUs; define one of them without the others`);
      }
      def.state = 'poisoned';
    }
  }

  // ---------------------------------------------------------------------------------------
  // Pass 2: bytes and driver statements

  private pass2(): Image {
    const storageSize = this.state.storageSize ?? DEFAULT_STORAGE;
    const chunks: StorageChunk[] = [];
    const statements: DriverStatement[] = [];
    const orbs: OrbRecord[] = [];
    const sschs: SschRecord[] = [];
    const devnoRefs: { devno: number; span: Span; report: Report }[] = [];

    /** False (with a diagnostic) when `length` bytes at `address` do not fit guest storage; also false for nothing to place. */
    const fits = (stmt: Statement, address: number, length: number): boolean => {
      if (length === 0) return false;
      if (address + length <= storageSize) return true;
      stmt.src.report(
        'beyondStorage',
        stmt.src.parts.op ?? { column: 1, endColumn: 2 },
        `${stmt.op} places bytes at X'${address.toString(16).toUpperCase()}'-X'${(address + length - 1).toString(16).toUpperCase()}', beyond guest storage (${storageSize} bytes); raise STORAGE or move it with ORG`,
      );
      return false;
    };
    const place = (stmt: Statement, kind: ChunkKind, address: number, data: Uint8Array, reserved: boolean): void => {
      // No spreads: one of four fixed shapes, built for every storage statement.
      const chunk: StorageChunk = stmt.label
        ? reserved
          ? { address, bytes: data, kind, loc: stmt.loc, label: stmt.label.name, reserved }
          : { address, bytes: data, kind, loc: stmt.loc, label: stmt.label.name }
        : reserved
          ? { address, bytes: data, kind, loc: stmt.loc, reserved }
          : { address, bytes: data, kind, loc: stmt.loc };
      chunks.push(chunk);
      this.chunkOf?.set(stmt, chunk);
    };

    const all = this.statements;
    for (let index = 0; index < all.length; index++) {
      const stmt = all[index] as Statement;
      const b = stmt.body;
      const p = this.placed[index];
      const report = stmt.src.report;
      const here = p?.address ?? this.locBefore[index] ?? DEFAULT_ORIGIN;
      const env = this.env(stmt, 'final', here, report);
      switch (b.k) {
        case 'dc':
        case 'ds': {
          if (!p?.layouts || !fits(stmt, p.address, p.length)) break;
          place(stmt, 'data', p.address, dcBytes(b.operands, p.layouts, p.address, p.length, b.k === 'ds', env), b.k === 'ds');
          break;
        }
        case 'ccw':
          if (p && fits(stmt, p.address, 8)) place(stmt, b.ccw.format === 1 ? 'ccw1' : 'ccw0', p.address, assembleCcw(b.ccw, b.stmt, env, report).bytes, false);
          break;
        case 'idaw':
          if (p && fits(stmt, p.address, p.length)) place(stmt, b.format === 1 ? 'idaw1' : 'idaw2', p.address, assembleIdaw(b.format, b.addr, env, report), false);
          break;
        case 'midaw':
          if (p && fits(stmt, p.address, 16)) place(stmt, 'midaw', p.address, assembleMidaw(b.flags, b.count, b.addr, env, report), false);
          break;
        case 'driver': {
          const ref = driverDevno(b.driver);
          if (ref) devnoRefs.push({ devno: ref.devno, span: ref.span, report });
          const d = driverStatement(b.driver, stmt.loc, env, report, storageSize, this.state.path ?? 'vfio', sschs);
          if (d) statements.push(d);
          break;
        }
        case 'orb':
          if (p && fits(stmt, p.address, 32)) {
            const orb = assembleOrb(b.orb, env, report);
            orbs.push({ stmt, orb });
            place(stmt, 'orb', p.address, orb.bytes, false);
          }
          break;
        case 'ssch': {
          if (b.devno) devnoRefs.push({ devno: b.devno.devno, span: b.devno.span, report });
          const orb = b.orb ? evaluateUnsigned(b.orb, env, 31, 'SSCH ORB address', report) : undefined;
          if (b.devno && orb !== undefined && b.orb) {
            statements.push({ op: 'SSCH', devno: b.devno.devno, orb, loc: stmt.loc });
            sschs.push({ orb, span: b.orb.span, report, aligned: true });
          }
          break;
        }
        case 'wait': {
          if (b.devno) devnoRefs.push({ devno: b.devno.devno, span: b.devno.span, report });
          const timeout = b.timeout ? evaluateUnsigned(b.timeout, env, 52, 'WAIT timeout (microseconds)', report, true) : null;
          if (timeout !== undefined) statements.push({ op: 'WAIT', devno: b.devno?.devno ?? null, timeoutUs: timeout, loc: stmt.loc });
          break;
        }
        case 'expect': {
          const checks = expectations(b.checks, stmt.src.origin, env, report, storageSize);
          if (checks.length > 0) statements.push({ op: 'EXPECT', checks, loc: stmt.loc });
          break;
        }
        case 'end':
          statements.push({ op: 'END', loc: stmt.loc });
          break;
        default:
          break;
      }
    }

    for (const ref of devnoRefs) {
      if (!this.state.declared.has(ref.devno)) {
        const hex = ref.devno.toString(16).toUpperCase().padStart(4, '0');
        ref.report('unknownDevice', ref.span, `device ${hex} is not declared; add DEVICE ${hex},type (e.g. DEVICE ${hex},3390-3)`);
      }
    }

    // The source order of the chunks is only needed to word an overlap: keep a copy, map it on demand.
    const inSourceOrder = chunks.slice();
    const order = () => new Map(inSourceOrder.map((c, i) => [c, i]));
    chunks.sort((a, b) => a.address - b.address || Number(b.reserved ?? false) - Number(a.reserved ?? false));
    checkImage(chunks, order, orbs, sschs, this.sink);

    const symbols: ImageSymbol[] = this.symbols
      .userSymbols()
      .filter((s) => s.state === 'defined')
      .map((s) => ({ name: s.name, value: Number(s.value), length: s.length, kind: s.kind === 'equ' ? 'equ' : 'label', loc: s.loc }));

    return {
      file: this.options.file,
      storageSize,
      chunks,
      symbols,
      devices: this.state.devices,
      path: this.state.path ?? 'vfio',
      statements,
    };
  }
}

// Pass-2 helpers outside the statement loop: a closure inside the loop would make every
// iteration allocate a context for the variables it captures.

function driverStatement(p: ParsedDriver, loc: SourceLocation, env: EvalEnv, report: Report, storageSize: number, path: IoPath, sschs: SschRecord[]): DriverStatement | undefined {
  return assembleDriver(p, { eval: env, report, storageSize, path, loc, orbOperand: (orb, span) => sschs.push({ orb, span, report, aligned: false }) });
}

function expectations(parsed: readonly ParsedCheck[], origin: LineOrigin, env: EvalEnv, report: Report, storageSize: number): Expectation[] {
  const checks: Expectation[] = [];
  const loc = (span: Span) => locate(origin, span);
  for (const c of parsed) {
    const e = evaluateCheck(c, { eval: env, storageSize, loc, report });
    if (e) checks.push(e);
  }
  return checks;
}

/** The bytes of a DC or DS statement: each operand at its place (DS leaves zeros). */
function dcBytes(operands: readonly DcOperand[], layouts: readonly DcLayout[], address: number, length: number, isDs: boolean, env: EvalEnv): Uint8Array {
  const out = new Uint8Array(length);
  if (isDs) return out;
  for (let i = 0; i < operands.length; i++) {
    const lay = layouts[i];
    if (!lay || lay.total === 0) continue;
    encodeDcOperandInto(out, lay.address - address, operands[i] as DcOperand, lay, false, env);
  }
  return out;
}

/** Diagnostics in reading order: by file (in order of first appearance), line, column. */
function sortDiagnostics(list: readonly Diagnostic[]): Diagnostic[] {
  const fileOrder = new Map<string, number>();
  for (const d of list) if (!fileOrder.has(d.file)) fileOrder.set(d.file, fileOrder.size);
  return [...list].sort((a, b) => (fileOrder.get(a.file) ?? 0) - (fileOrder.get(b.file) ?? 0) || a.line - b.line || a.column - b.column);
}

export function emptyImage(file: string): Image {
  return { file, storageSize: DEFAULT_STORAGE, chunks: [], symbols: [], devices: [], path: 'vfio', statements: [] };
}

/** Assembles one `.ccw` source. Never throws: every problem is a diagnostic. */
export function assemble(source: string, options: { file: string; readFile?: (path: string) => string | undefined; detail?: boolean }): AssemblyResult {
  if (!options?.detail) {
    // The common error-free program: the fast path (src/asm/fast) gives the same result, or null.
    const fast = fastAssemble(String(source ?? ''), typeof options?.file === 'string' ? options.file : '<source>');
    if (fast) return fast;
  }
  return assembleGeneral(source, options);
}

/** The general assembler alone (every program, every diagnostic); `assemble` tries the fast path first. */
export function assembleGeneral(source: string, options: { file: string; readFile?: (path: string) => string | undefined; detail?: boolean }): AssemblyResult {
  const file = typeof options?.file === 'string' ? options.file : '<source>';
  const sink = new DiagnosticSink();
  try {
    return new Assembly(String(source ?? ''), { ...options, file }, sink).run();
  } catch (e) {
    const what = e instanceof Error ? e.message : String(e);
    sink.add('internal', { file, line: 1, column: 1, endColumn: 2 }, `internal assembler error (${what}); this is a bug in ccw-debug: please report it with the source that caused it`);
    return { image: emptyImage(file), diagnostics: sink.list };
  }
}
