/**
 * Every kind of breakpoint the runtime stops on, bound to guest addresses once when set so the
 * per-CCW check is a map lookup (a hundred breakpoints must not slow a run down):
 * - source lines: a driver statement (stop before it runs), a CCW (stop when fetched), a data
 *   area (stop when a fetched CCW's data area overlaps it);
 * - instruction breakpoints: a guest address (stop when the CCW there is fetched);
 * - function breakpoints: a command by name or code, optionally on one device
 *   (`READ DATA`, `X'63'`, `RDDATA 0190`, `0190`);
 * - data breakpoints: a guest storage range, read or written by the channel, written by the CPU.
 * Conditions, hit counts and logpoint messages are in the EXPECT language (conditions.ts).
 */
import { hex, type Ccw } from '../arch';
import type { Expectation, Image, SourceLocation, StorageChunk } from '../asm/image';
import { parseCondition, parseHitCondition, type HitCondition } from './conditions';

export interface BreakpointOptions {
  readonly condition?: string | undefined;
  readonly hitCondition?: string | undefined;
  readonly logMessage?: string | undefined;
}

export type DataAccess = 'read' | 'write' | 'readWrite';

export interface Breakpoint {
  readonly id: number;
  readonly condition: readonly Expectation[] | null;
  readonly hit: HitCondition | null;
  readonly logMessage: string | null;
  /** Times the location was reached with the condition holding. */
  hits: number;
}

/** What a client is told about one requested breakpoint. */
export interface BoundBreakpoint {
  readonly id: number;
  readonly verified: boolean;
  readonly line?: number;
  readonly message?: string;
  readonly instructionReference?: string;
}

interface FunctionBreakpoint extends Breakpoint {
  readonly cmd: number | null;
  readonly name: string | null;
  readonly devno: number | null;
}

export interface DataBreakpoint extends Breakpoint {
  readonly address: number;
  readonly length: number;
  readonly access: DataAccess;
  /** The bytes at the last check: a CPU write is a change of them by a driver statement. */
  seen: Uint8Array;
}

interface AreaBreakpoint extends Breakpoint {
  readonly address: number;
  readonly length: number;
}

/** A device as breakpoints need it: its number and command names. */
export interface NamedDevice {
  readonly devno: number;
  commandName(code: number): string | null;
}

const MAX_BREAKPOINTS = 10_000;

export class Breakpoints {
  private nextId = 1;
  private changes = 0;
  /** file (normalised) → line → statement breakpoint */
  private readonly statementLines = new Map<string, Map<number, Breakpoint>>();
  /** Per file, the CCW and data-area breakpoints it set (replaced as a whole by setSource). */
  private readonly fileCcws = new Map<string, Map<number, Breakpoint>>();
  private readonly fileAreas = new Map<string, AreaBreakpoint[]>();
  /** CCW address → breakpoints (source CCW lines and instruction breakpoints). */
  private ccwAt = new Map<number, Breakpoint[]>();
  private instructions = new Map<number, Breakpoint>();
  private areas: AreaBreakpoint[] = [];
  private functions: FunctionBreakpoint[] = [];
  data: DataBreakpoint[] = [];
  /** Per file and line, the storage chunks and driver statements there: built on first use (a launch sets none). */
  private lines: { readonly chunks: Map<string, Map<number, StorageChunk[]>>; readonly statements: Map<string, Set<number>> } | null = null;

  constructor(private readonly image: Image) {}

  private get byLine(): Map<string, Map<number, StorageChunk[]>> {
    return (this.lines ??= this.indexLines()).chunks;
  }

  private get statementLinesOf(): Map<string, Set<number>> {
    return (this.lines ??= this.indexLines()).statements;
  }

  private indexLines(): { chunks: Map<string, Map<number, StorageChunk[]>>; statements: Map<string, Set<number>> } {
    const chunks = new Map<string, Map<number, StorageChunk[]>>();
    const statements = new Map<string, Set<number>>();
    for (const c of this.image.chunks) {
      const f = norm(c.loc.file);
      let m = chunks.get(f);
      if (!m) chunks.set(f, (m = new Map()));
      const list = m.get(c.loc.line);
      if (list) list.push(c);
      else m.set(c.loc.line, [c]);
    }
    for (const s of this.image.statements) {
      const f = norm(s.loc.file);
      let set = statements.get(f);
      if (!set) statements.set(f, (set = new Set()));
      set.add(s.loc.line);
    }
    return { chunks, statements };
  }

  get isEmpty(): boolean {
    return this.ccwAt.size === 0 && this.areas.length === 0 && this.functions.length === 0 && this.data.length === 0 && this.statementLines.size === 0;
  }

  /** Bumped by every change, so a compiled view of the breakpoints (src/runtime/stopTable.ts) knows to rebuild. */
  get version(): number {
    return this.changes;
  }

  /** Guest addresses of CCWs with a breakpoint (source CCW lines and instruction breakpoints). */
  ccwAddresses(): IterableIterator<number> {
    return this.ccwAt.keys();
  }

  /** What each function breakpoint matches: a command code or name, on a device or any. */
  functionSpecs(): readonly { readonly cmd: number | null; readonly name: string | null; readonly devno: number | null }[] {
    return this.functions;
  }

  /** Data areas with a source-line breakpoint (a fetched CCW whose data area overlaps one stops). */
  areaRanges(): readonly { readonly address: number; readonly length: number }[] {
    return this.areas;
  }

  get hasFetchBreakpoints(): boolean {
    return this.ccwAt.size > 0 || this.areas.length > 0 || this.functions.length > 0;
  }

  /** Lines of a file where a breakpoint binds: driver statements, CCWs and storage statements. */
  locations(file: string, line: number, endLine = line): number[] {
    const f = norm(file);
    const out = new Set<number>();
    for (let l = line; l <= endLine && l - line < 100_000; l++) {
      if (this.statementLinesOf.get(f)?.has(l) || (this.byLine.get(f)?.get(l)?.length ?? 0) > 0) out.add(l);
    }
    return [...out].sort((a, b) => a - b);
  }

  setSource(file: string, requests: readonly ({ readonly line: number } & BreakpointOptions)[]): BoundBreakpoint[] {
    this.changes++;
    const f = norm(file);
    const statements = new Map<number, Breakpoint>();
    const ccws = new Map<number, Breakpoint>();
    const areas: AreaBreakpoint[] = [];
    const bound = requests.slice(0, MAX_BREAKPOINTS).map((r): BoundBreakpoint => {
      const made = this.make(r);
      if ('error' in made) return { id: this.nextId++, verified: false, line: r.line, message: made.error };
      if (this.statementLinesOf.get(f)?.has(r.line)) {
        statements.set(r.line, made);
        return { id: made.id, verified: true, line: r.line };
      }
      const chunks = this.byLine.get(f)?.get(r.line) ?? [];
      const ccwChunks = chunks.filter((c) => c.kind === 'ccw0' || c.kind === 'ccw1');
      if (ccwChunks.length > 0) {
        for (const c of ccwChunks) for (let a = c.address; a < c.address + c.bytes.length; a += 8) ccws.set(a, made);
        return { id: made.id, verified: true, line: r.line };
      }
      const data = chunks.filter((c) => c.kind === 'data' && c.bytes.length > 0);
      if (data.length > 0) {
        const start = Math.min(...data.map((c) => c.address));
        const end = Math.max(...data.map((c) => c.address + c.bytes.length));
        areas.push({ ...made, address: start, length: end - start });
        return { id: made.id, verified: true, line: r.line };
      }
      return { id: made.id, verified: false, line: r.line, message: 'Not a driver statement, a CCW or a data area a CCW can use' };
    });
    if (statements.size > 0) this.statementLines.set(f, statements);
    else this.statementLines.delete(f);
    this.fileCcws.set(f, ccws);
    this.fileAreas.set(f, areas);
    this.rebuildCcwIndex();
    return bound;
  }

  setInstructions(requests: readonly ({ readonly instructionReference: string; readonly offset?: number | undefined } & BreakpointOptions)[]): BoundBreakpoint[] {
    this.changes++;
    const instructions = new Map<number, Breakpoint>();
    const bound = requests.slice(0, MAX_BREAKPOINTS).map((r): BoundBreakpoint => {
      const base = parseAddress(r.instructionReference);
      const address = base === null ? null : base + (Number.isInteger(r.offset) ? (r.offset as number) : 0);
      const made = this.make(r);
      if ('error' in made) return { id: this.nextId++, verified: false, message: made.error };
      if (address === null || address < 0 || address >= this.image.storageSize) {
        return { id: made.id, verified: false, message: `${String(r.instructionReference)} is not a guest storage address` };
      }
      if (address % 8 !== 0) return { id: made.id, verified: false, message: `X'${hex(address, 8)}' is not doubleword aligned: a CCW can never be there` };
      instructions.set(address, made);
      return { id: made.id, verified: true, instructionReference: `0x${address.toString(16)}` };
    });
    this.instructions = instructions;
    this.rebuildCcwIndex();
    return bound;
  }

  setFunctions(requests: readonly ({ readonly name: string } & BreakpointOptions)[], devices: readonly NamedDevice[]): BoundBreakpoint[] {
    this.changes++;
    this.functions = [];
    return requests.slice(0, MAX_BREAKPOINTS).map((r): BoundBreakpoint => {
      const made = this.make(r);
      if ('error' in made) return { id: this.nextId++, verified: false, message: made.error };
      const spec = parseFunctionName(typeof r.name === 'string' ? r.name : '', devices, this.image);
      if ('error' in spec) return { id: made.id, verified: false, message: spec.error };
      this.functions.push({ ...made, ...spec });
      return { id: made.id, verified: true };
    });
  }

  setData(requests: readonly ({ readonly dataId: string; readonly accessType?: DataAccess | undefined } & BreakpointOptions)[], read: (a: number, n: number) => Uint8Array | null): BoundBreakpoint[] {
    this.changes++;
    this.data = [];
    return requests.slice(0, MAX_BREAKPOINTS).map((r): BoundBreakpoint => {
      const made = this.make(r);
      if ('error' in made) return { id: this.nextId++, verified: false, message: made.error };
      const range = parseDataId(typeof r.dataId === 'string' ? r.dataId : '');
      const bytes = range ? read(range.address, range.length) : null;
      if (!range || !bytes) return { id: made.id, verified: false, message: `${String(r.dataId)} is not a range of guest storage` };
      const access: DataAccess = r.accessType === 'read' || r.accessType === 'readWrite' ? r.accessType : 'write';
      this.data.push({ ...made, ...range, access, seen: bytes });
      return { id: made.id, verified: true };
    });
  }

  /** Breakpoints on the CCW at a guest address (source CCW lines and instruction breakpoints). */
  atAddress(address: number): readonly Breakpoint[] {
    return this.ccwAt.get(address) ?? [];
  }

  isInstruction(b: Breakpoint): boolean {
    for (const x of this.instructions.values()) if (x === b) return true;
    return false;
  }

  isFunction(b: Breakpoint): boolean {
    return this.functions.includes(b as FunctionBreakpoint);
  }

  statementAt(loc: SourceLocation): Breakpoint | undefined {
    if (this.statementLines.size === 0) return undefined;
    return this.statementLines.get(norm(loc.file))?.get(loc.line);
  }

  /** Breakpoints that a fetch of `ccw` (guest form) at guest `address` by `device` reaches. */
  atFetch(address: number, ccw: Ccw, device: NamedDevice): Breakpoint[] {
    const out: Breakpoint[] = [];
    const at = this.ccwAt.get(address);
    if (at) out.push(...at);
    for (const f of this.functions) {
      if (f.devno !== null && f.devno !== device.devno) continue;
      if (f.cmd !== null && f.cmd !== ccw.cmd) continue;
      if (f.name !== null && (device.commandName(ccw.cmd) ?? '').toUpperCase() !== f.name) continue;
      out.push(f);
    }
    if (this.areas.length > 0 && ccw.count > 0 && (ccw.cmd & 0x0f) !== 0x08) {
      for (const a of this.areas) if (ccw.cda < a.address + a.length && a.address < ccw.cda + ccw.count) out.push(a);
    }
    return out;
  }

  private rebuildCcwIndex(): void {
    const index = new Map<number, Breakpoint[]>();
    const add = (a: number, b: Breakpoint) => index.set(a, [...(index.get(a) ?? []), b]);
    for (const m of this.fileCcws.values()) for (const [a, b] of m) add(a, b);
    for (const [a, b] of this.instructions) add(a, b);
    this.ccwAt = index;
    this.areas = [...this.fileAreas.values()].flat();
  }

  private make(o: BreakpointOptions): Breakpoint | { error: string } {
    let condition: readonly Expectation[] | null = null;
    if (typeof o.condition === 'string' && o.condition.trim() !== '') {
      const c = parseCondition(o.condition, this.image.symbols, this.image.storageSize);
      if ('error' in c) return { error: `condition: ${c.error}` };
      condition = c.checks;
    }
    let hit: HitCondition | null = null;
    if (typeof o.hitCondition === 'string' && o.hitCondition.trim() !== '') {
      const h = parseHitCondition(o.hitCondition);
      if ('error' in h) return h;
      hit = h;
    }
    const logMessage = typeof o.logMessage === 'string' && o.logMessage !== '' ? o.logMessage : null;
    return { id: this.nextId++, condition, hit, logMessage, hits: 0 };
  }
}

/** `0x1000`, `X'1000'`, `4096`: a guest address. */
export function parseAddress(text: unknown): number | null {
  if (typeof text !== 'string') return null;
  const t = text.trim();
  let m = /^0x([0-9a-f]{1,16})$/i.exec(t) ?? /^X'([0-9a-f]{1,16})'$/i.exec(t);
  if (m) return parseInt(m[1] as string, 16);
  m = /^(\d{1,16})$/.exec(t);
  return m ? Number(m[1]) : null;
}

/** A data breakpoint's id: `ADDRESS:LENGTH` in decimal. */
export function dataIdOf(address: number, length: number): string {
  return `${address}:${length}`;
}

function parseDataId(id: string): { address: number; length: number } | null {
  const m = /^(\d{1,12}):(\d{1,9})$/.exec(id);
  if (!m) return null;
  const address = Number(m[1]);
  const length = Number(m[2]);
  return length >= 1 && length <= 65536 ? { address, length } : null;
}

/**
 * `READ DATA`, `RDDATA` (a COPY ECKD name), `X'06'`, each optionally followed by a device
 * number (`READ DATA 0190`, `X'63',0190`), or a device number alone (every CCW of it).
 */
function parseFunctionName(text: string, devices: readonly NamedDevice[], image: Image): { cmd: number | null; name: string | null; devno: number | null } | { error: string } {
  let rest = text.trim().toUpperCase().replace(/\s*,\s*/g, ' ');
  if (rest === '') return { error: 'empty function breakpoint: write a command (READ DATA, X\'06\', RDDATA) and/or a device number (0190)' };
  let devno: number | null = null;
  const dev = /(?:^|\s)([0-9A-F]{4})$/.exec(rest);
  if (dev && devices.some((d) => d.devno === parseInt(dev[1] as string, 16))) {
    devno = parseInt(dev[1] as string, 16);
    rest = rest.slice(0, rest.length - 4).trim();
  }
  if (rest === '') return devno === null ? { error: 'no device' } : { cmd: null, name: null, devno };
  const code = /^X'([0-9A-F]{1,2})'$/.exec(rest);
  if (code) return { cmd: parseInt(code[1] as string, 16), name: null, devno };
  const named = devices.filter((d) => devno === null || d.devno === devno);
  for (let c = 0; c < 256; c++) if (named.some((d) => (d.commandName(c) ?? '').toUpperCase() === rest)) return { cmd: null, name: rest, devno };
  const equ = image.symbols.find((s) => s.kind === 'equ' && s.name.toUpperCase() === rest && s.value >= 0 && s.value <= 0xff);
  if (equ) return { cmd: equ.value, name: null, devno };
  if (dev && devno === null) return { error: `no device ${dev[1]} is attached` };
  return { error: `"${text.trim()}" is neither a command of an attached device (e.g. READ DATA), a code (X'06'), an EQU of one, nor a device number` };
}

function norm(file: string): string {
  return file.replace(/\\/g, '/').toLowerCase();
}
