/**
 * The fast path: assembles the common, error-free programs without keeping a statement object
 * per line. Each line of the source is scanned where it stands (lineScan.ts, no string per
 * line); the common statements (CCW, ORB, DC and DS of the common forms, SSCH, WAIT, EXPECT,
 * TSCH, DELAY, MSCH) are placed, defined and emitted straight from the text (textExpr.ts and
 * the direct readers), and pass 1 records only numbers (line, kind, addresses, columns) in
 * flat typed arrays. A statement that needs a symbol defined further down waits for pass 2,
 * which reads it again. Everything else, and any form the direct readers do not take, uses the
 * general assembler's own statement parsers, encoders and checks, with a reporter that only
 * notes that something was reported: the first diagnostic of any kind makes the fast path
 * give up (null), and `assemble()` then runs the general assembler, which words it. So the
 * result, when there is one, is what the general assembler gives for a program without
 * diagnostics.
 */
import { CF } from '../../arch';
import { DEFAULT_STORAGE } from '../assembler';
import { ByAddress, checkImage } from '../checks';
import { DiagnosticSink } from '../diagnostics';
import type { AssemblyResult, ChunkKind, DriverStatement, SourceLocation, StorageChunk } from '../image';
import { isSymbolCode, splitLine, type LineParts } from '../lexer';
import { splitLines } from '../source';
import { ByteSlab } from './byteSlab';
import { directCcw, directOrb, type DirectCcw, type DirectOrb } from './ccwDirect';
import { directDc } from './dcDirect';
import { directDelay, directMsch, directSsch, directTsch, directWait } from './driverDirect';
import { directExpect } from './expectDirect';
import { alignUp, Bail, GeneralLines, K, MAX_LOCATION, SCAN_FIELDS } from './generalLines';
import { NOTHING, PROBLEM, scanLine } from './lineScan';
import { isStartCode, Status, TextExpr, upperSlice } from './textExpr';

/** Lines of a source without carriage returns (splitLines would give as many). */
function lineCount(source: string): number {
  let n = 1;
  for (let i = source.indexOf('\n'); i >= 0; i = source.indexOf('\n', i + 1)) n++;
  return n;
}

/** Whether text[from, to) is `word` (upper case) in any case. */
function isWord(text: string, from: number, to: number, word: string): boolean {
  if (to - from !== word.length) return false;
  for (let i = 0; i < word.length; i++) {
    const c = text.charCodeAt(from + i);
    if ((c >= 97 && c <= 122 ? c - 32 : c) !== word.charCodeAt(i)) return false;
  }
  return true;
}

/** The operations `fastLine` reads itself, by the operation field text[from, to); 0 for the rest. */
function directKind(text: string, from: number, to: number): K | 0 {
  switch (text.charCodeAt(from) & ~32) {
    case 67: // C
      return isWord(text, from, to, 'CCW1') ? K.Ccw1 : isWord(text, from, to, 'CCW') || isWord(text, from, to, 'CCW0') ? K.Ccw0 : 0;
    case 68: // D
      return isWord(text, from, to, 'DC') ? K.Dc : isWord(text, from, to, 'DS') ? K.Ds : isWord(text, from, to, 'DELAY') ? K.Delay : 0;
    case 69: // E
      return isWord(text, from, to, 'EXPECT') ? K.Expect : isWord(text, from, to, 'EQU') ? K.Equ : 0;
    case 77: // M
      return isWord(text, from, to, 'MSCH') ? K.Msch : 0;
    case 79: // O
      return isWord(text, from, to, 'ORB') ? K.Orb : 0;
    case 83: // S
      return isWord(text, from, to, 'SSCH') ? K.Ssch : 0;
    case 84: // T
      return isWord(text, from, to, 'TSCH') ? K.Tsch : 0;
    case 87: // W
      return isWord(text, from, to, 'WAIT') ? K.Wait : 0;
    default:
      return 0;
  }
}

/** The kinds that place a chunk (the rest give a driver statement). */
const isStorageKind = (k: K): boolean => k <= K.Orb;

/** The general assembler's order of the chunks: by address, a DS before other chunks at its address. */
const byAddress = (a: StorageChunk, b: StorageChunk): number => a.address - b.address || Number(b.reserved ?? false) - Number(a.reserved ?? false);

/** Whether text[start, end) is a valid label (statements.ts isLabel), as LABEL tests it. */
function isLabelText(text: string, start: number, end: number): boolean {
  if (end - start > 63 || !isStartCode(text.charCodeAt(start))) return false;
  for (let i = start + 1; i < end; i++) if (!isSymbolCode(text.charCodeAt(i))) return false;
  return true;
}

class FastAssembly extends GeneralLines {
  /**
   * The text the lines are read from: the source itself (each line a range of it, no string per
   * line), or, for a source with carriage returns, its lines one by one.
   */
  private readonly lines: string[] | undefined;
  private readonly lineCount: number;
  /** Expressions read from the line text. */
  private readonly x = new TextExpr(this.symbols);
  private readonly slab = new ByteSlab();
  /** The ORBs and SSCHs read directly, for the whole-image checks: numbers only (checkDirect). */
  private readonly orbRecord: number[] = [];
  private readonly orbCpa: number[] = [];
  private readonly orbFormat1: boolean[] = [];
  private readonly sschOrb: number[] = [];
  /** What the direct CCW and ORB readers give besides the bytes (one object each, reused). */
  private readonly orb: DirectOrb = { cpa: 0, format1: false };
  private readonly ccw: DirectCcw = { cmd: 0, flags: 0 };
  /**
   * By deferred record read directly (its index in `deferred`): where its line and the line's
   * parts are in its text (LineScan), SCAN_FIELDS each, for pass 2 to read it again. Kept only
   * for those (a fifth of the statements of a typical program), not for every record.
   */
  private deferredScans = new Int32Array(64 * SCAN_FIELDS);
  /** The records that placed a chunk, in source order (collect). */
  private chunkRecord = new Int32Array(0);
  /** By record: the index of its chunk in the Image's chunks in source order (collect). */
  private chunkIndex = new Int32Array(0);

  constructor(
    private readonly source: string,
    file: string,
  ) {
    const lines = source.indexOf('\r') >= 0 ? splitLines(source) : undefined;
    const count = lines ? lines.length : lineCount(source);
    super(file, count);
    this.lines = lines;
    this.lineCount = count;
  }

  run(): AssemblyResult {
    this.pass1();
    return this.pass2();
  }

  // ---------------------------------------------------------------------------------------
  // Pass 1

  private pass1(): void {
    const lines = this.lines;
    if (lines) {
      for (let i = 0; i < lines.length; i++) this.fastLine(lines[i] as string, 0, (lines[i] as string).length, i);
      return;
    }
    const src = this.source;
    let start = 0;
    for (let i = 0; i < this.lineCount; i++) {
      let end = src.indexOf('\n', start);
      if (end < 0) end = src.length;
      this.fastLine(src, start, end, i);
      start = end + 1;
    }
  }

  /** The text record `n`'s line is in. */
  private textOf(n: number): string {
    return this.lines ? (this.lines[this.lineOf[n] as number] as string) : this.source;
  }

  /**
   * One line of the main file. The common statements are placed, defined and emitted from the
   * line text (scanLine, textExpr.ts and the direct readers); every other operation, and a DC
   * or DS of another form, goes to `line` with the general code's split line.
   */
  private fastLine(text: string, start: number, end: number, index: number): void {
    const s = this.scan;
    const r = scanLine(text, start, end, s);
    if (r === NOTHING) return;
    if (r === PROBLEM || this.ended) throw new Bail();
    const kind = directKind(text, s.opStart, s.opEnd);
    if (kind === 0) {
      this.line(text.slice(start, end), { file: this.file, line: index + 1 }, index, false);
      return;
    }
    let label: string | undefined;
    if (s.hasLabel) {
      // Only storage statements and EQU define a label here (DEFINES_SYMBOL).
      if (!(kind === K.Ccw0 || kind === K.Ccw1 || kind === K.Orb || kind === K.Dc || kind === K.Ds || kind === K.Equ)) throw new Bail();
      if (!isLabelText(text, start, s.labelEnd)) throw new Bail();
      label = upperSlice(text, start, s.labelEnd); // a flag name (CC) is found defined by defineLabel
    }
    if (kind === K.Equ) {
      if (!this.directEqu(text, index, label)) this.line(text.slice(start, end), { file: this.file, line: index + 1 }, index, false);
      return;
    }
    if (kind === K.Dc || kind === K.Ds) {
      if (!this.directDcLine(text, index, kind === K.Ds, label)) this.line(text.slice(start, end), { file: this.file, line: index + 1 }, index, false);
      return;
    }
    const n = this.count;
    if (kind === K.Ccw0 || kind === K.Ccw1 || kind === K.Orb) {
      const size = kind === K.Orb ? 32 : 8;
      const address = alignUp(this.loc, kind === K.Orb ? 4 : 8);
      this.record(kind, index, this.loc, address, size);
      if (label !== undefined) this.defineLabel(label, index, this.address[n] as number, size);
      this.loc = address + size;
      if (this.loc > MAX_LOCATION) throw new Bail();
      if (this.loc > this.highest) this.highest = this.loc;
    } else this.record(kind, index, this.loc, this.loc, 0);
    this.emitted++;
    const status = this.direct(n, text, label);
    if (status === Status.Ok) return;
    if (status === Status.Undefined) {
      this.keepScan(this.deferred.length);
      this.deferred.push(n);
      this.deferredParts.push(undefined);
      return;
    }
    this.tryEmit(n, splitLine(text.slice(start, end)) as LineParts);
  }

  /** The scanned line, for deferred record number `i` (deferredScans). */
  private keepScan(i: number): void {
    const at = i * SCAN_FIELDS;
    if (at + SCAN_FIELDS > this.deferredScans.length) {
      const grown = new Int32Array(this.deferredScans.length * 2);
      grown.set(this.deferredScans);
      this.deferredScans = grown;
    }
    const s = this.scan;
    const scans = this.deferredScans;
    scans[at] = s.lineStart;
    scans[at + 1] = s.lineEnd;
    scans[at + 2] = s.labelEnd;
    scans[at + 3] = s.opStart;
    scans[at + 4] = s.opEnd;
    scans[at + 5] = s.operandsStart;
    scans[at + 6] = s.operandsEnd;
  }

  /**
   * `label EQU value[,length]` read directly: the value and the length must be known at once
   * (a forward reference gives up, as `equ` does); false (nothing done) for what `equ` reads.
   */
  private directEqu(text: string, index: number, label: string | undefined): boolean {
    const s = this.scan;
    if (label === undefined || s.operandsStart < 0) return false;
    const x = this.x;
    x.begin(text, s.operandsStart, s.operandsEnd, this.loc);
    if (x.atEnd || x.at(x.pos) === 44) return false;
    const value = x.value();
    let length = x.leftLength;
    if (x.status === Status.Ok && x.comma() && !x.atEnd) length = x.unsigned(16);
    if (x.status === Status.Undefined) throw new Bail(); // a forward reference: the general assembler waits
    if (x.status !== Status.Ok || !x.atEnd) return false;
    const loc: SourceLocation = { file: this.file, line: index + 1, column: 1, endColumn: Math.max(s.labelEnd - s.lineStart + 1, 2) };
    if (!this.symbols.define(label, BigInt(value), length, 'equ', loc, false)) throw new Bail();
    return true;
  }

  /** A label of the main file: defined at its columns (statements.ts). */
  private defineLabel(name: string, index: number, value: number, length: number): void {
    const s = this.scan;
    if (this.symbols.find(name, 0, name.length)) throw new Bail(); // defined twice, or a flag name
    const loc: SourceLocation = { file: this.file, line: index + 1, column: 1, endColumn: Math.max(s.labelEnd - s.lineStart + 1, 2) };
    this.symbols.add({ name, value, length, kind: 'label', loc }, true);
  }

  /** Where the scanned statement is (statementLoc). */
  private scannedLoc(index: number): SourceLocation {
    const s = this.scan;
    const column = s.hasLabel ? 1 : s.opStart - s.lineStart + 1;
    const endColumn = (s.operandsStart >= 0 ? s.operandsEnd : s.opEnd) - s.lineStart + 1;
    return { file: this.file, line: index + 1, column, endColumn: Math.max(endColumn, column + 1) };
  }

  /**
   * Emits record `n` (the scanned line) from its text: Ok, or Undefined (a symbol not defined
   * yet) or General (the general code's reading is needed), with nothing emitted.
   */
  private direct(n: number, text: string, label: string | undefined): Status {
    const s = this.scan;
    if (s.operandsStart < 0) return Status.General;
    const x = this.x;
    const address = this.address[n] as number;
    const index = this.lineOf[n] as number;
    x.begin(text, s.operandsStart, s.operandsEnd, address);
    const k = this.kind[n] as K;
    const storageSize = this.state.storageSize ?? DEFAULT_STORAGE;
    switch (k) {
      case K.Ccw0:
      case K.Ccw1: {
        const ccw = this.ccw;
        const bytes = directCcw(x, k === K.Ccw1 ? 1 : 0, this.slab, ccw);
        if (!bytes) return x.status;
        this.ccwCmd[n] = ccw.cmd;
        this.ccwFlags[n] = ccw.flags;
        this.putChunk(n, address, bytes, k === K.Ccw1 ? 'ccw1' : 'ccw0', this.scannedLoc(index), label, storageSize);
        return Status.Ok;
      }
      case K.Orb: {
        const orb = this.orb;
        const bytes = directOrb(x, this.slab, orb);
        if (!bytes) return x.status;
        this.putChunk(n, address, bytes, 'orb', this.scannedLoc(index), label, storageSize);
        this.orbRecord.push(n);
        this.orbCpa.push(orb.cpa);
        this.orbFormat1.push(orb.format1);
        return Status.Ok;
      }
      case K.Ssch: {
        const d = directSsch(x, this.scannedLoc(index));
        if (!d) return x.status;
        this.slot[n] = d;
        this.devnos.push(d.devno);
        this.sschOrb.push(d.orb);
        return Status.Ok;
      }
      case K.Wait: {
        const d = directWait(x, this.scannedLoc(index));
        if (!d) return x.status;
        this.slot[n] = d;
        if (d.devno !== null) this.devnos.push(d.devno);
        return Status.Ok;
      }
      case K.Tsch: {
        const d = directTsch(x, storageSize, this.scannedLoc(index));
        if (!d) return x.status;
        this.slot[n] = d;
        this.devnos.push(d.devno);
        return Status.Ok;
      }
      case K.Msch: {
        const d = directMsch(x, this.scannedLoc(index));
        if (!d) return x.status;
        this.slot[n] = d;
        this.devnos.push(d.devno);
        return Status.Ok;
      }
      case K.Delay: {
        const d = directDelay(x, this.scannedLoc(index));
        if (!d) return x.status;
        this.slot[n] = d;
        return Status.Ok;
      }
      case K.Expect: {
        const checks = directExpect(x, this.file, index + 1, s.lineStart, storageSize, this.slab);
        if (!checks) return x.status;
        this.slot[n] = { op: 'EXPECT', checks, loc: this.scannedLoc(index) };
        return Status.Ok;
      }
      default:
        return Status.General;
    }
  }

  /** A chunk in the shapes the general assembler builds (no spreads, no undefined keys). */
  private putChunk(n: number, address: number, bytes: Uint8Array, kind: ChunkKind, loc: SourceLocation, label: string | undefined, storageSize: number): void {
    if (address + bytes.length > storageSize) throw new Bail();
    this.slot[n] = label ? { address, bytes, kind, loc, label } : { address, bytes, kind, loc };
  }

  /** directDc for a scanned DC or DS line; false (nothing done) when its form is not a direct one. */
  private directDcLine(text: string, index: number, isDs: boolean, label: string | undefined): boolean {
    const s = this.scan;
    if (s.operandsStart < 0) return false;
    const storageSize = this.state.storageSize ?? DEFAULT_STORAGE;
    const d = directDc(text, isDs, this.loc, storageSize, s.operandsStart, s.operandsEnd, this.slab);
    if (!d) return false;
    const n = this.count;
    this.record(isDs ? K.Ds : K.Dc, index, this.loc, d.address, d.end - d.address);
    // The address as recorded and the first item's length (at most 65,535) as small integers: see GeneralLines.address.
    if (label !== undefined) this.defineLabel(label, index, this.address[n] as number, d.firstLength | 0);
    this.loc = d.end;
    if (this.loc > MAX_LOCATION) throw new Bail();
    if (this.loc > this.highest) this.highest = this.loc;
    this.emitted++;
    const bytes = d.bytes;
    if (bytes.length === 0) return true;
    const address = this.address[n] as number;
    const loc = this.scannedLoc(index);
    this.slot[n] = label
      ? isDs
        ? { address, bytes, kind: 'data', loc, label, reserved: true }
        : { address, bytes, kind: 'data', loc, label }
      : isDs
        ? { address, bytes, kind: 'data', loc, reserved: true }
        : { address, bytes, kind: 'data', loc };
    return true;
  }










  // ---------------------------------------------------------------------------------------
  // Pass 2: the statements that waited, then the Image and its checks.



  // Each phase of pass 2 is a method of its own with one loop: run once per assembly, each is
  // optimised whole after the first assembly instead of being entered half-way (on-stack
  // replacement) with no type feedback for what follows its loop.
  private pass2(): AssemblyResult {
    this.emitDeferred();
    // Most statements name the device the one before named: a Set lookup only for a change.
    const devnos = this.devnos;
    for (let i = 0, last = -1; i < devnos.length; i++) {
      const devno = devnos[i] as number;
      if (devno !== last && !this.state.declared.has(devno)) throw new Bail();
      last = devno;
    }
    const storageSize = this.state.storageSize ?? DEFAULT_STORAGE;
    const path = this.state.path ?? 'vfio';
    const chunks: StorageChunk[] = [];
    const statements: DriverStatement[] = [];
    const sorted = this.collect(chunks, statements);
    const inSourceOrder = sorted ? chunks : chunks.slice();
    const order = () => new Map(inSourceOrder.map((c, i) => [c, i]));
    if (!sorted) chunks.sort(byAddress);
    if (sorted && this.orbs.length === 0 && this.sschs.length === 0) this.checkInOrder(chunks.length);
    else {
      const sink = new DiagnosticSink();
      checkImage(chunks, order, this.orbs, this.sschs, sink);
      if (sink.list.length > 0) throw new Bail();
    }
    this.checkDirect(chunks, sorted);
    const symbols = this.symbols.images();
    return {
      image: { file: this.file, storageSize, chunks, symbols, devices: this.state.devices, path, statements },
      diagnostics: [],
    };
  }

  /** The records whose symbols were not all defined in pass 1. */
  private emitDeferred(): void {
    for (let i = 0; i < this.deferred.length; i++) {
      const n = this.deferred[i] as number;
      const parts = this.deferredParts[i];
      if (parts) {
        this.emit(n, parts, this.report);
        continue;
      }
      // Read directly in pass 1: again now that every symbol is defined, else the general way.
      const text = this.textOf(n);
      const s = this.scan;
      const scans = this.deferredScans;
      const at = i * SCAN_FIELDS;
      s.lineStart = scans[at] as number;
      s.lineEnd = scans[at + 1] as number;
      s.labelEnd = scans[at + 2] as number;
      s.opStart = scans[at + 3] as number;
      s.opEnd = scans[at + 4] as number;
      s.operandsStart = scans[at + 5] as number;
      s.operandsEnd = scans[at + 6] as number;
      const label = s.hasLabel ? upperSlice(text, s.lineStart, s.labelEnd) : undefined;
      if (this.direct(n, text, label) !== Status.Ok) this.emit(n, splitLine(text.slice(s.lineStart, s.lineEnd)) as LineParts, this.report);
    }
  }

  /**
   * The chunks and driver statements in source order; whether the chunks are in the order the
   * general assembler's (stable) sort gives them already, as in most programs. The order is
   * decided from the records' addresses and kinds (a chunk is reserved exactly when its record
   * is a DS, and its address is the record's), not from the chunk objects: reading a property
   * of each of 50,000 objects spread over the heap costs a cache miss each.
   */
  private collect(chunks: StorageChunk[], statements: DriverStatement[]): boolean {
    let sorted = true;
    let lastAddress = -1;
    let lastReserved = false;
    const chunkIndex = (this.chunkIndex = new Int32Array(this.count));
    const chunkRecord = (this.chunkRecord = new Int32Array(this.count));
    const kinds = this.kind;
    const addresses = this.address;
    const slot = this.slot;
    for (let n = 0; n < this.count; n++) {
      const x = slot[n];
      if (x === undefined) continue;
      const k = kinds[n] as K;
      if (isStorageKind(k)) {
        const address = addresses[n] as number;
        const reserved = k === K.Ds;
        // byAddress(last, this) > 0: a lower address, or a DS at the address of a chunk that is not one.
        if (address < lastAddress || (address === lastAddress && reserved && !lastReserved)) sorted = false;
        lastAddress = address;
        lastReserved = reserved;
        chunkIndex[n] = chunks.length;
        chunkRecord[chunks.length] = n;
        chunks.push(x as StorageChunk);
      } else statements.push(x as DriverStatement);
    }
    return sorted;
  }

  /**
   * checks.ts checkOverlaps and checkChains, as a test only (any of their diagnostics gives up),
   * over the `count` chunks in source order, which is their address order: from the records'
   * numbers (address, length, kind, CCW command and flags) rather than the chunk objects.
   */
  private checkInOrder(count: number): void {
    const records = this.chunkRecord;
    let anyEnd = -1;
    let contentEnd = -1;
    for (let j = 0; j < count; j++) {
      const n = records[j] as number;
      const k = this.kind[n] as K;
      const address = this.address[n] as number;
      const end = address + (this.length[n] as number);
      const reserved = k === K.Ds;
      // An overlap: a chunk below the end of the widest one before it (of content, for a DS).
      if (address < (reserved ? contentEnd : anyEnd)) throw new Bail();
      if (end > anyEnd) anyEnd = end;
      if (!reserved && end > contentEnd) contentEnd = end;
      if (k !== K.Ccw0 && k !== K.Ccw1) continue;
      const cmd = this.ccwCmd[n] as number;
      const tic = k === K.Ccw1 ? cmd === 0x08 : (cmd & 0x0f) === 0x08;
      if (tic || ((this.ccwFlags[n] as number) & (CF.CC | CF.CD)) === 0) continue;
      // Chaining: what is at the next doubleword must be a CCW (the last CCW or ORB placed
      // there, else the first chunk there, as checks.ts ByAddress).
      const next = address + 8;
      let found = -1;
      for (let i = j + 1; i < count; i++) {
        const m = records[i] as number;
        if ((this.address[m] as number) !== next) break;
        const km = this.kind[m] as K;
        if (found < 0 || km === K.Ccw0 || km === K.Ccw1 || km === K.Orb) found = km;
      }
      if (found !== K.Ccw0 && found !== K.Ccw1) throw new Bail();
    }
  }

  /**
   * checks.ts checkOrbs and checkSschs for the ORBs and SSCHs read directly: any of their
   * diagnostics gives up. With the chunks in source order (their address order), what is at
   * an address is found from the records' numbers (kindAt); otherwise by ByAddress.
   */
  private checkDirect(chunks: readonly StorageChunk[], sorted: boolean): void {
    if (sorted) {
      const count = chunks.length;
      const chunkIndex = this.chunkIndex;
      for (let i = 0; i < this.orbCpa.length; i++) {
        const cpa = this.orbCpa[i] as number;
        // The CPA usually names the CCW right after the ORB: the chunk after the ORB's is looked at first.
        const o = chunkIndex[this.orbRecord[i] as number] as number;
        const k = cpa % 8 !== 0 ? 0 : this.kindAt(cpa, cpa > (this.address[this.chunkRecord[o] as number] as number) ? o + 1 : 0, count);
        if (k !== (this.orbFormat1[i] ? K.Ccw1 : K.Ccw0)) throw new Bail();
      }
      for (let i = 0; i < this.sschOrb.length; i++) {
        const orb = this.sschOrb[i] as number;
        if (orb % 4 !== 0 || this.kindAt(orb, 0, count) !== K.Orb) throw new Bail();
      }
      return;
    }
    const at = new ByAddress(chunks);
    for (let i = 0; i < this.orbCpa.length; i++) {
      const cpa = this.orbCpa[i] as number;
      const target = cpa % 8 !== 0 ? undefined : at.get(cpa);
      if (target?.kind !== (this.orbFormat1[i] ? 'ccw1' : 'ccw0')) throw new Bail();
    }
    for (let i = 0; i < this.sschOrb.length; i++) {
      const orb = this.sschOrb[i] as number;
      if (orb % 4 !== 0 || at.get(orb)?.kind !== 'orb') throw new Bail();
    }
  }

  /**
   * ByAddress.get for the `count` chunks in source order, which is their address order, as the
   * kind of the record of what it finds (0: nothing), searching from chunk `from` (every chunk
   * before it lies below `address`): the first chunk at `address`, or the last CCW or ORB there.
   */
  private kindAt(address: number, from: number, count: number): number {
    const records = this.chunkRecord;
    const addresses = this.address;
    let lo = from;
    // The next chunk is usually the one (a CPA naming the CCW right after its ORB).
    if (lo >= count || (addresses[records[lo] as number] as number) !== address) {
      let hi = count;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((addresses[records[mid] as number] as number) < address) lo = mid + 1;
        else hi = mid;
      }
    }
    if (lo >= count || (addresses[records[lo] as number] as number) !== address) return 0;
    let found = this.kind[records[lo] as number] as number;
    for (let j = lo + 1; j < count; j++) {
      const m = records[j] as number;
      if ((addresses[m] as number) !== address) break;
      const k = this.kind[m] as number;
      if (k === K.Ccw0 || k === K.Ccw1 || k === K.Orb) found = k;
    }
    return found;
  }
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
