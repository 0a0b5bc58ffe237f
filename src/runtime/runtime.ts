/**
 * The debugger's view of a machine: threads (the CPU and one per subchannel), where each one
 * stands, and stepping by the model of ARCHITECTURE.md, run in slices so a long or endless
 * channel program never blocks the host (pause takes effect within one slice).
 */
import { hex } from '../arch';
import type { SourceLocation, StorageChunk } from '../asm/image';
import type { ActiveProgram } from '../css';
import type { StatementRecord } from '../driver';
import { guestAddressOf, guestViewOfCcw, type GuestCcwView } from './guestView';
import type { Advance, Machine, MachineDevice } from './machine';
import { TraceCollector, type TraceEntry } from './trace';

export const CPU_THREAD_ID = 1;
const SUBCHANNEL_THREAD_BASE = 100;

export type StopReason = 'entry' | 'step' | 'breakpoint' | 'pause' | 'end' | 'exception';

export interface StopEvent {
  readonly reason: StopReason;
  readonly threadId: number;
  readonly description: string;
}

export interface RuntimeThread {
  readonly id: number;
  readonly name: string;
}

export interface RuntimeFrame {
  readonly id: number;
  readonly name: string;
  readonly loc: SourceLocation | null;
  /** Guest address for CCW frames (instruction pointer reference). */
  readonly address: number | null;
}

/** Where a subchannel thread stands. */
export type SubchannelPosition =
  | { readonly kind: 'idle' }
  | { readonly kind: 'ccw'; readonly view: GuestCcwView; readonly program: ActiveProgram; readonly ticHops: readonly number[] }
  | { readonly kind: 'suspended'; readonly view: GuestCcwView }
  | { readonly kind: 'starting' }
  | { readonly kind: 'status-pending'; readonly lastCcwAddress: number | null };

type StepGoal =
  | { readonly kind: 'continue' }
  | { readonly kind: 'statement' }
  | { readonly kind: 'ccw'; readonly device: MachineDevice }
  | { readonly kind: 'status'; readonly device: MachineDevice };

export interface RuntimeOptions {
  /** Runs `fn` later, letting the host breathe between slices (setTimeout / setImmediate). */
  readonly defer: (fn: () => void) => void;
  readonly onStop: (event: StopEvent) => void;
  readonly onTrace?: (entry: TraceEntry) => void;
  /** Atoms per slice before yielding to the host. */
  readonly sliceAtoms?: number;
}

export class Runtime {
  readonly trace: TraceCollector;
  /** Source breakpoints: file → set of lines. */
  private readonly breakpoints = new Map<string, Set<number>>();
  private goal: StepGoal | null = null;
  private pauseRequested = false;
  private running = false;
  /** Devices whose channel-level status became pending since the last advance. */
  private readonly statusSeen = new Set<number>();
  /** Devices that fetched a new CCW since the last advance. */
  private readonly fetchSeen = new Set<number>();
  /** The thread a stop at status pending left a subchannel on (its next step goes to the CPU). */
  private stoppedAtStatus: MachineDevice | null = null;
  /** Last SSCH record per devno: the bottom frame of a subchannel's stack. */
  private readonly lastStart = new Map<number, StatementRecord>();
  /** Guest address of the last CCW each device executed. */
  private readonly lastCcw = new Map<number, number>();
  private readonly chunks: readonly StorageChunk[];
  private readonly sliceAtoms: number;

  constructor(
    readonly machine: Machine,
    private readonly options: RuntimeOptions,
  ) {
    this.trace = new TraceCollector(machine, options.onTrace);
    this.chunks = [...machine.image.chunks].sort((a, b) => a.address - b.address);
    this.sliceAtoms = options.sliceAtoms ?? 20_000;
    machine.addListener({
      statementCompleted: (record) => {
        const s = record.statement;
        if (s.op === 'SSCH' && record.cc === 0) this.lastStart.set(s.devno, record);
      },
      statusPending: (d) => this.statusSeen.add(d.devno),
      fetched: (d) => this.fetchSeen.add(d.devno),
      ccw: (record, d) => this.lastCcw.set(d.devno, guestViewOfCcw(d, record.address, record.ccw).address),
    });
  }

  // --- threads and positions ------------------------------------------------------------------

  threads(): RuntimeThread[] {
    return [
      { id: CPU_THREAD_ID, name: 'CPU' },
      ...this.machine.devices.map((d, i) => ({
        id: SUBCHANNEL_THREAD_BASE + i,
        name: `subchannel 0.0.${hex(d.schno, 4)} · device ${hex(d.devno, 4)} ${d.device.typeName}`,
      })),
    ];
  }

  deviceOfThread(threadId: number): MachineDevice | undefined {
    return this.machine.devices[threadId - SUBCHANNEL_THREAD_BASE];
  }

  threadOf(device: MachineDevice): number {
    return SUBCHANNEL_THREAD_BASE + this.machine.devices.indexOf(device);
  }

  position(device: MachineDevice): SubchannelPosition {
    const program = this.machine.css.engine.programs.get(device.cssSchno);
    if (program) {
      if (program.phase === 'starting' || program.ccw === null) return { kind: 'starting' };
      const view = guestViewOfCcw(device, program.ccwAddress, program.ccw);
      if (program.phase === 'suspended') return { kind: 'suspended', view };
      return { kind: 'ccw', view, program, ticHops: program.ticHops.map((a) => guestAddressOf(device, a)) };
    }
    const sch = this.machine.css.subchannel(device.cssSchno);
    const guest = this.machine.io.subchannel(device.schno);
    if (sch?.statusPending || guest?.statusPending) return { kind: 'status-pending', lastCcwAddress: this.lastCcw.get(device.devno) ?? null };
    return { kind: 'idle' };
  }

  /** The current CCW of a device (null when no program is running). */
  currentCcw(device: MachineDevice): GuestCcwView | null {
    const p = this.position(device);
    return p.kind === 'ccw' || p.kind === 'suspended' ? p.view : null;
  }

  lastStartOf(devno: number): StatementRecord | undefined {
    return this.lastStart.get(devno);
  }

  /** The device a CPU-thread view should focus on: the one the last statement named, else the first. */
  focusDevice(threadId: number): MachineDevice | undefined {
    const d = this.deviceOfThread(threadId);
    if (d) return d;
    const devno = this.machine.driver.lastDevno ?? this.currentStatementDevno();
    return (devno !== null ? this.machine.deviceByDevno(devno) : undefined) ?? this.machine.devices[0];
  }

  private currentStatementDevno(): number | null {
    const s = this.machine.driver.current;
    return s && (s.op === 'SSCH' || s.op === 'WAIT') ? s.devno : null;
  }

  stack(threadId: number): RuntimeFrame[] {
    if (threadId === CPU_THREAD_ID) {
      const s = this.machine.driver.current;
      if (!s) return [];
      const waiting = this.machine.driver.state === 'waiting' ? ' (waiting for an I/O interruption)' : '';
      return [{ id: frameId(threadId, 0), name: `${s.op}${waiting}`, loc: s.loc, address: null }];
    }
    const device = this.deviceOfThread(threadId);
    if (!device) return [];
    const frames: RuntimeFrame[] = [];
    const p = this.position(device);
    const push = (name: string, loc: SourceLocation | null, address: number | null) =>
      frames.push({ id: frameId(threadId, frames.length), name, loc, address });
    if (p.kind === 'ccw' || p.kind === 'suspended') {
      const name = device.device.commandName(p.view.ccw.cmd) ?? `command X'${hex(p.view.ccw.cmd, 2)}'`;
      push(`${p.kind === 'suspended' ? 'suspended before ' : ''}${name} @${hex(p.view.address, 8)}`, this.sourceOf(p.view.address), p.view.address);
      if (p.kind === 'ccw') for (const tic of [...p.ticHops].reverse()) push(`TIC @${hex(tic, 8)}`, this.sourceOf(tic), tic);
    } else if (p.kind === 'status-pending') {
      const at = p.lastCcwAddress;
      push('status pending', at !== null ? this.sourceOf(at) : null, at);
    } else if (p.kind === 'starting') {
      push('start pending', null, null);
    } else {
      push('idle', null, null);
    }
    const start = this.lastStart.get(device.devno);
    if (start && p.kind !== 'idle') push(`SSCH ${hex(device.devno, 4)}`, start.statement.loc, null);
    return frames;
  }

  /** The storage statement that placed the byte at `address`. */
  sourceOf(address: number): SourceLocation | null {
    return this.chunkAt(address)?.loc ?? null;
  }

  chunkAt(address: number): StorageChunk | null {
    let lo = 0;
    let hi = this.chunks.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const c = this.chunks[mid] as StorageChunk;
      if (address < c.address) hi = mid - 1;
      else if (address >= c.address + c.bytes.length) lo = mid + 1;
      else return c;
    }
    return null;
  }

  // --- breakpoints ----------------------------------------------------------------------------

  /** Sets the source breakpoints of a file; returns, per requested line, the line it binds to or null. */
  setBreakpoints(file: string, lines: readonly number[]): (number | null)[] {
    const valid = new Set<number>();
    for (const s of this.machine.image.statements) if (sameFile(s.loc.file, file)) valid.add(s.loc.line);
    for (const c of this.chunks) if ((c.kind === 'ccw0' || c.kind === 'ccw1') && sameFile(c.loc.file, file)) valid.add(c.loc.line);
    const bound = lines.map((l) => (valid.has(l) ? l : null));
    this.breakpoints.set(file, new Set(bound.filter((l): l is number => l !== null)));
    return bound;
  }

  private breakpointAt(loc: SourceLocation | null): boolean {
    if (!loc) return false;
    for (const [file, lines] of this.breakpoints) if (lines.has(loc.line) && sameFile(file, loc.file)) return true;
    return false;
  }

  // --- execution ------------------------------------------------------------------------------

  get isRunning(): boolean {
    return this.running;
  }

  /** Announces the first stop (on the first statement) without running anything. */
  stopOnEntry(): void {
    this.options.onStop({ reason: 'entry', threadId: CPU_THREAD_ID, description: 'Stopped on the first driver statement' });
  }

  continue(): void {
    this.begin({ kind: 'continue' });
  }

  next(threadId: number): void {
    this.begin(this.stepGoal(threadId));
  }

  stepIn(threadId: number): void {
    const s = this.machine.driver.current;
    if (threadId === CPU_THREAD_ID && s?.op === 'SSCH' && this.machine.driver.state === 'ready') {
      // Start the channel program, then stop at its first CCW.
      const device = this.machine.deviceByDevno(s.devno);
      const advance = this.machine.advance();
      if (device && advance.kind === 'statement' && advance.record.cc === 0) {
        this.begin({ kind: 'ccw', device });
        return;
      }
      this.stop({ reason: 'step', threadId: CPU_THREAD_ID, description: 'Stepped' });
      return;
    }
    this.begin(this.stepGoal(threadId));
  }

  stepOut(threadId: number): void {
    const device = this.deviceOfThread(threadId);
    if (device && this.position(device).kind !== 'idle' && this.stoppedAtStatus !== device) {
      this.begin({ kind: 'status', device });
      return;
    }
    this.begin({ kind: 'statement' });
  }

  pause(): void {
    if (this.running) this.pauseRequested = true;
  }

  private stepGoal(threadId: number): StepGoal {
    const device = this.deviceOfThread(threadId);
    if (!device) return { kind: 'statement' };
    // After the last CCW a step stops once at status pending, then on the CPU's next statement.
    if (this.stoppedAtStatus === device) return { kind: 'statement' };
    const p = this.position(device);
    if (p.kind === 'idle' || p.kind === 'status-pending') return { kind: 'statement' };
    return { kind: 'ccw', device };
  }

  private begin(goal: StepGoal): void {
    if (this.running) return;
    this.goal = goal;
    this.running = true;
    this.pauseRequested = false;
    this.stoppedAtStatus = null;
    this.statusSeen.clear();
    this.options.defer(() => this.slice());
  }

  private slice(): void {
    if (!this.running) return;
    for (let i = 0; i < this.sliceAtoms; i++) {
      if (this.pauseRequested) {
        this.stop({ reason: 'pause', threadId: this.pauseThread(), description: 'Paused' });
        return;
      }
      this.fetchSeen.clear();
      this.statusSeen.clear();
      const advance = this.machine.advance();
      const stop = this.check(advance);
      if (stop) {
        this.stop(stop);
        return;
      }
    }
    this.options.defer(() => this.slice());
  }

  private check(advance: Advance): StopEvent | null {
    const goal = this.goal;
    const driver = this.machine.driver;
    if (advance.kind === 'idle') {
      return { reason: 'end', threadId: CPU_THREAD_ID, description: 'The program has ended and no channel activity is left' };
    }
    if (advance.kind === 'statement') {
      if (advance.record.statement.op === 'END') return { reason: 'end', threadId: CPU_THREAD_ID, description: 'END reached' };
      const next = driver.current;
      if (goal?.kind === 'statement') return { reason: 'step', threadId: CPU_THREAD_ID, description: 'Stepped' };
      if (next && driver.state === 'ready' && this.breakpointAt(next.loc)) {
        return { reason: 'breakpoint', threadId: CPU_THREAD_ID, description: 'Breakpoint' };
      }
      return null;
    }
    if (advance.kind === 'event') {
      // A CCW was just fetched: the device's thread now stands on it.
      for (const devno of this.fetchSeen) {
        const device = this.machine.deviceByDevno(devno);
        if (!device) continue;
        const p = this.position(device);
        if (p.kind !== 'ccw' || p.program.phase !== 'fetched') continue;
        if (goal?.kind === 'ccw' && goal.device === device) {
          return { reason: 'step', threadId: this.threadOf(device), description: 'Stepped one CCW' };
        }
        if (this.breakpointAt(this.sourceOf(p.view.address))) {
          return { reason: 'breakpoint', threadId: this.threadOf(device), description: 'Breakpoint' };
        }
      }
      // The channel program ended: primary status is pending (intermediate status does not stop).
      for (const devno of this.statusSeen) {
        const device = this.machine.deviceByDevno(devno);
        if (!device || this.machine.css.engine.programs.has(device.cssSchno)) continue;
        if ((goal?.kind === 'ccw' || goal?.kind === 'status') && goal.device === device) {
          this.stoppedAtStatus = device;
          return { reason: 'step', threadId: this.threadOf(device), description: 'Status pending' };
        }
      }
    }
    return null;
  }

  private stop(event: StopEvent): void {
    this.running = false;
    this.goal = null;
    this.pauseRequested = false;
    this.options.onStop(event);
  }

  private pauseThread(): number {
    for (const d of this.machine.devices) {
      const p = this.position(d);
      if (p.kind === 'ccw' || p.kind === 'suspended') return this.threadOf(d);
    }
    return CPU_THREAD_ID;
  }
}

function frameId(threadId: number, level: number): number {
  return threadId * 1000 + level;
}

export function threadOfFrame(frame: number): number {
  return Math.floor(frame / 1000);
}

function sameFile(a: string, b: string): boolean {
  return a === b || a.replace(/\\/g, '/').toLowerCase() === b.replace(/\\/g, '/').toLowerCase();
}
