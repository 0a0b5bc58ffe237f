/**
 * The debugger's view of a machine: threads (the CPU and one per subchannel), where each one
 * stands, stepping by the model of ARCHITECTURE.md, breakpoints of every kind, exception
 * filters and reverse execution. Everything runs in slices so a long or endless channel
 * program never blocks the host (pause takes effect within one slice); replays for reverse
 * execution run in the same slices.
 *
 * Runs that stop only at breakpoints (continue, statement steps, stepOut, replays) use the
 * engine's fast path: the stop table (stopTable.ts) sends every CCW a breakpoint or the runaway
 * check may stop at back to the reference path, so stops are where they are without batching.
 * Instruction and CCW steps, and data breakpoints, run one event per CCW. History positions are
 * the machine's `position`, the same batched or not.
 *
 * What is recorded (issue 7: a debug session's continue at fast-path speed): making a trace entry
 * for every CCW costs more than running it, so CCWs the fast path runs inline are recorded only
 * when somebody reads every CCW (`recordEveryCcw`: the Debug Console trace is on, or data
 * breakpoints watch every access). Otherwise the trace holds every statement, interruption,
 * check and reference-path CCW (each CCW that ends a program, is rejected, transfers data or has
 * unusual status), and an `unrecorded` entry counting the inline CCWs where they ran; stack
 * frames take the last CCW from the engine's counters, the IRB History panel reads the
 * statements. Chosen over recording every CCW compactly (a typed-array ring) because the engine
 * has no primitive per-CCW hook: with `reportInline` on it allocates a Ccw and a CcwRecord per
 * CCW and calls the listeners whatever the runtime stores, which caps a recorded run far below
 * an unrecorded one.
 */
import { commandClass, hex, type Ccw } from '../arch';
import type { SourceLocation, StorageChunk } from '../asm/image';
import type { ActiveProgram, CcwRecord } from '../css';
import type { StatementRecord } from '../driver';
import { Breakpoints, type Breakpoint } from './breakpoints';
import { evaluateCondition, evaluateValue, hitConditionHolds, interpolate } from './conditions';
import { statementExceptions, statusExceptions, type ExceptionFilterId, type ExceptionHit } from './exceptions';
import { expectContextOf } from './expectContext';
import { guestAddressOf, guestCcwAddress, guestViewOfCcw, type GuestCcwView } from './guestView';
import { History, type StopPoint } from './history';
import { compileStopBefore } from './stopTable';
import type { Advance, Machine, MachineDevice } from './machine';
import { TraceCollector, type TraceEntry } from './trace';
import type { Expectation } from '../asm/image';

export const CPU_THREAD_ID = 1;
const SUBCHANNEL_THREAD_BASE = 100;

export type StopReason = 'entry' | 'step' | 'breakpoint' | 'pause' | 'end' | 'exception' | 'function breakpoint' | 'data breakpoint' | 'instruction breakpoint';

export interface StopEvent {
  readonly reason: StopReason;
  readonly threadId: number;
  readonly description: string;
  readonly hitBreakpointIds?: readonly number[];
  readonly exception?: ExceptionHit;
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
  /** Instruction granularity: the next CCW fetched on any subchannel, or the next statement. */
  | { readonly kind: 'instruction' }
  | { readonly kind: 'ccw'; readonly device: MachineDevice }
  | { readonly kind: 'status'; readonly device: MachineDevice };

type Mode =
  | { readonly kind: 'forward'; readonly goal: StepGoal }
  /** Replaying a fresh machine up to position `target`, then stopping with `event`. */
  /**
   * Inline CCWs are recorded from position `recordFrom` on (when the runtime records every CCW):
   * the stop keeps only the last 1,000 of more than 10,000 trace entries, so a long replay needs
   * records only for its tail. `tracedAtRecordFrom` counts the entries made before that position.
   */
  | { readonly kind: 'replay'; readonly target: number; readonly statusDevno: number | null; readonly event: StopEvent; readonly recordFrom: number; tracedAtRecordFrom: number | null }
  /** reverseContinue, phase 1: replaying up to the present, noting the last breakpoint hit. */
  | { readonly kind: 'search'; readonly target: number; readonly from: number; lastHit: { atom: number; ids: number[]; threadId: number } | null };

export type Granularity = 'statement' | 'line' | 'instruction';

export interface RuntimeOptions {
  /** Runs `fn` later, letting the host breathe between slices (setTimeout / setImmediate). */
  readonly defer: (fn: () => void) => void;
  readonly onStop: (event: StopEvent) => void;
  readonly onTrace?: (entry: TraceEntry) => void;
  /** A logpoint's message (its `{…}` already evaluated). */
  readonly onLog?: (text: string, loc: SourceLocation | null) => void;
  /** Atoms per slice before yielding to the host. */
  readonly sliceAtoms?: number;
  /** Builds a fresh machine from the same Image and configuration: reverse execution replays on it. */
  readonly rebuild?: () => Machine | null;
  /** How many earlier stops reverse execution can return to (0 turns history off). */
  readonly historyLimit?: number;
  /** A channel program that fetches more CCWs than this without ending is a runaway. */
  readonly maxCcws?: number;
  /**
   * Record every CCW, also those the fast path runs inline (trace entries for each). Default:
   * when `onTrace` is given. Off, inline CCWs (chained immediate commands that end normally) are
   * counted and the trace says how many ran where (`unrecorded` entries); every other CCW is
   * recorded as before. `Runtime.recordEveryCcw` changes it later (the console's `trace on`).
   */
  readonly recordEveryCcw?: boolean;
  /** Use the engine's fast path where nothing stops between CCWs (default). False: one event per CCW everywhere, the reference. */
  readonly batch?: boolean;
}

/** Trace entries kept while running before the oldest go (the stop keeps the last 1,000 of more than 10,000). */
const TRACE_KEEP_WHILE_RUNNING = 20_000;
/** Positions at the end of a replay run with every CCW recorded (about 20,000 CCWs); more if that gave too few trace entries. */
const REPLAY_RECORDED_TAIL = 40_000;

export const DEFAULT_HISTORY_LIMIT = 10_000;
export const DEFAULT_MAX_CCWS = 1_000_000;

export class Runtime {
  private _machine: Machine;
  private _trace!: TraceCollector;
  readonly breakpoints: Breakpoints;
  readonly history: History;
  /** Enabled exception filters, with an optional EXPECT-language condition each. */
  private readonly exceptionFilters = new Map<ExceptionFilterId, readonly Expectation[] | null>();
  private mode: Mode | null = null;
  private pauseRequested = false;
  private running = false;
  private replaying = false;
  private readonly maxCcws: number;
  /** Devices whose channel-level status became pending during the current atom. */
  private readonly statusSeen = new Set<number>();
  /** Devices that fetched a new CCW during the current atom. */
  private readonly fetchSeen = new Set<number>();
  private executed: { record: CcwRecord; device: MachineDevice }[] = [];
  private checks: { cstat: number; address: number; reason: string; device: MachineDevice }[] = [];
  /** The thread a stop at status pending left a subchannel on (its next step goes to the CPU). */
  private stoppedAtStatus: MachineDevice | null = null;
  /** Last SSCH record per devno: the bottom frame of a subchannel's stack. */
  private readonly lastStart = new Map<number, StatementRecord>();
  /** Guest address of the last CCW each device executed, with its subchannel's executed count then. */
  private readonly lastCcw = new Map<number, { address: number; executed: number }>();
  /** The trace dropped entries while running (see TRACE_KEEP_WHILE_RUNNING). */
  private traceTrimmed = false;
  /** Trace entries made since the machine was attached. */
  private traced = 0;
  /** The fast path's stop table, for the breakpoints' version it was compiled from. */
  private stopTable: { version: number; runaway: boolean; stopBefore: ReturnType<typeof compileStopBefore> } | null = null;
  private recordAll: boolean;
  /** Fetch count of each device's subchannel when its current program started (runaway check). */
  private readonly fetchBase = new Map<number, number>();
  private readonly runawayReported = new Set<number>();
  private lastException: ExceptionHit | null = null;
  private readonly chunks: readonly StorageChunk[];
  private readonly sliceAtoms: number;
  private detach: (() => void) | null = null;

  constructor(
    machine: Machine,
    private readonly options: RuntimeOptions,
  ) {
    this._machine = machine;
    this.chunks = [...machine.image.chunks].sort((a, b) => a.address - b.address);
    this.sliceAtoms = options.sliceAtoms ?? 20_000;
    this.maxCcws = options.maxCcws ?? DEFAULT_MAX_CCWS;
    this.recordAll = options.recordEveryCcw ?? options.onTrace !== undefined;
    this.breakpoints = new Breakpoints(machine.image);
    this.history = new History(options.historyLimit ?? DEFAULT_HISTORY_LIMIT);
    this.attach(machine);
  }

  get machine(): Machine {
    return this._machine;
  }

  /** Whether CCWs the fast path runs inline get trace entries (see RuntimeOptions.recordEveryCcw); takes effect from the next slice. */
  get recordEveryCcw(): boolean {
    return this.recordAll;
  }

  set recordEveryCcw(on: boolean) {
    this.recordAll = on;
  }

  get trace(): TraceCollector {
    return this._trace;
  }

  /** Where in history the machine stands: its position (the same batched or not). */
  get atoms(): number {
    return this.machine.position;
  }

  private get atom(): number {
    return this.machine.position;
  }

  get exception(): ExceptionHit | null {
    return this.lastException;
  }

  private attach(machine: Machine): void {
    this.detach?.();
    this._machine = machine;
    this.traceTrimmed = false;
    this.traced = 0;
    const trace = (this._trace = new TraceCollector(machine, (e) => {
      // A long run must not hold every entry: what the stop keeps is decided as if it had.
      if (trace.entries.length > TRACE_KEEP_WHILE_RUNNING) {
        trace.entries.splice(0, trace.entries.length - 10_001);
        this.traceTrimmed = true;
      }
      // `traced` counts the entries a run recording every CCW would make (see traceComplete).
      if (e.kind !== 'unrecorded') this.traced++;
      if (!this.replaying) this.options.onTrace?.(e);
    }));
    this.stopTable = null;
    this.lastStart.clear();
    this.lastCcw.clear();
    this.fetchBase.clear();
    this.runawayReported.clear();
    this.detach = machine.addListener({
      statementCompleted: (record) => {
        const s = record.statement;
        if (s.op === 'SSCH' && record.cc === 0) {
          this.lastStart.set(s.devno, record);
          const d = machine.deviceByDevno(s.devno);
          if (d) this.fetchBase.set(d.devno, machine.fetchCount.get(d.cssSchno) ?? 0);
          this.runawayReported.delete(s.devno);
        }
      },
      statusPending: (d) => this.statusSeen.add(d.devno),
      fetched: (d) => this.fetchSeen.add(d.devno),
      ccw: (record, d) => {
        // Updated in place: a batched run records thousands of CCWs per atom.
        const address = guestCcwAddress(d, record.address);
        const executed = machine.css.engine.counter(d.cssSchno).executed;
        const last = this.lastCcw.get(d.devno);
        if (last) {
          last.address = address;
          last.executed = executed;
        } else {
          this.lastCcw.set(d.devno, { address, executed });
        }
        this.executed.push({ record, device: d });
      },
      check: (info, d) => {
        this.checks.push({ cstat: info.cstat, address: guestAddressOf(d, info.address), reason: info.reason, device: d });
      },
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
    return Number.isInteger(threadId) ? this.machine.devices[threadId - SUBCHANNEL_THREAD_BASE] : undefined;
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
    if (sch?.statusPending || guest?.statusPending) return { kind: 'status-pending', lastCcwAddress: this.lastCcwOf(device) };
    return { kind: 'idle' };
  }

  /** The last CCW a device executed: as recorded, or, after CCWs the fast path ran unrecorded, the last of those. */
  private lastCcwOf(device: MachineDevice): number | null {
    const counter = this.machine.css.engine.counter(device.cssSchno);
    const recorded = this.lastCcw.get(device.devno);
    if (recorded && recorded.executed === counter.executed) return recorded.address;
    return counter.lastExecuted >= 0 ? guestCcwAddress(device, counter.lastExecuted) : (recorded?.address ?? null);
  }

  /** The current CCW of a device (null when no program is running). */
  currentCcw(device: MachineDevice): GuestCcwView | null {
    const p = this.position(device);
    return p.kind === 'ccw' || p.kind === 'suspended' ? p.view : null;
  }

  /**
   * currentCcw(device)?.address without building the view (the Channel Program panel asks at
   * every stop): the guest address of the CCW running or suspended, null when none is.
   */
  currentCcwAddress(device: MachineDevice): number | null {
    const program = this.machine.css.engine.programs.get(device.cssSchno);
    if (!program || program.phase === 'starting' || program.ccw === null) return null;
    return guestCcwAddress(device, program.ccwAddress);
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
    let found: StorageChunk | null = null;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const c = this.chunks[mid] as StorageChunk;
      if (address < c.address) hi = mid - 1;
      else if (address >= c.address + c.bytes.length) lo = mid + 1;
      else {
        // Content placed over a DS area comes after it: prefer the latest chunk that covers the byte.
        found = c;
        lo = mid + 1;
      }
    }
    return found;
  }

  // --- breakpoints ----------------------------------------------------------------------------

  /** Plain line breakpoints of a file; per requested line, the line it binds to or null. */
  setBreakpoints(file: string, lines: readonly number[]): (number | null)[] {
    return this.breakpoints.setSource(file, lines.map((line) => ({ line }))).map((b) => (b.verified ? (b.line ?? null) : null));
  }

  /** Enables exception filters; a filter's condition is in the EXPECT language. */
  setExceptionFilters(filters: ReadonlyMap<ExceptionFilterId, readonly Expectation[] | null>): void {
    this.exceptionFilters.clear();
    for (const [id, c] of filters) this.exceptionFilters.set(id, c);
  }

  /** Evaluates an EXPECT-language value or check at the current state (side-effect free). */
  evaluate(expression: string): { value: string } | { error: string } {
    return evaluateValue(expression, this.machine.image.symbols, this.machine.image.storageSize, expectContextOf(this.machine));
  }

  // --- the user's changes -----------------------------------------------------------------------

  /** Stores bytes into guest storage as the user asked (journalled, so replays repeat it). */
  writeGuest(address: number, bytes: Uint8Array): boolean {
    if (this.running || !this.machine.guest.write(address, bytes)) return false;
    this.history.record({ atom: this.atom, address, bytes: bytes.slice() });
    for (const d of this.breakpoints.data) if (address < d.address + d.length && d.address < address + bytes.length) d.seen = this.machine.guest.read(d.address, d.length) ?? d.seen;
    return true;
  }

  // --- execution ------------------------------------------------------------------------------

  get isRunning(): boolean {
    return this.running;
  }

  get canReverse(): boolean {
    return this.options.rebuild !== undefined && this.history.depth > 0;
  }

  /** Announces the first stop (on the first statement) without running anything. */
  stopOnEntry(): void {
    this.options.onStop({ reason: 'entry', threadId: CPU_THREAD_ID, description: 'Stopped on the first driver statement' });
  }

  continue(): void {
    this.begin({ kind: 'continue' });
  }

  next(threadId: number, granularity?: Granularity): void {
    this.begin(granularity === 'instruction' ? { kind: 'instruction' } : this.stepGoal(threadId));
  }

  stepIn(threadId: number, granularity?: Granularity): void {
    if (this.running) return;
    if (granularity === 'instruction') return this.begin({ kind: 'instruction' });
    const s = this.machine.driver.current;
    if (threadId === CPU_THREAD_ID && s?.op === 'SSCH' && this.machine.driver.state === 'ready') {
      // Start the channel program, then stop at its first CCW.
      const device = this.machine.deviceByDevno(s.devno);
      this.rememberStop();
      const advance = this.advanceAtom();
      if (device && advance.kind === 'statement' && advance.record.cc === 0) {
        this.begin({ kind: 'ccw', device }, false);
        return;
      }
      this.running = true;
      this.options.defer(() => this.stop({ reason: 'step', threadId: CPU_THREAD_ID, description: 'Stepped' }));
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

  /** Back to the previous stop: the exact state it had (storage, subchannels, devices, FSM). */
  stepBack(): string | null {
    if (this.running) return 'The program is running; pause it first.';
    if (!this.options.rebuild) return 'Reverse execution needs a machine that can be rebuilt.';
    const back = this.history.pop();
    if (!back) return this.history.limit <= 0 ? 'History is off (historyLimit is 0).' : 'There is no earlier stop to go back to.';
    this.history.truncate(back.atom);
    const threadId = back.statusDevno !== null ? this.threadOfDevno(back.statusDevno) : null;
    this.beginReplay(back.atom, back.statusDevno, { reason: 'step', threadId: threadId ?? CPU_THREAD_ID, description: 'Stepped back' }, true);
    return null;
  }

  /** Back to the latest earlier breakpoint hit, or to the oldest stop history still holds. */
  reverseContinue(): string | null {
    if (this.running) return 'The program is running; pause it first.';
    if (!this.options.rebuild) return 'Reverse execution needs a machine that can be rebuilt.';
    const oldest = this.history.oldest;
    if (!oldest) return this.history.limit <= 0 ? 'History is off (historyLimit is 0).' : 'There is no earlier stop to go back to.';
    if (!this.rebuildMachine()) return 'The machine could not be rebuilt.';
    this.mode = { kind: 'search', target: this.searchTarget, from: oldest.atom, lastHit: null };
    this.startSlices();
    return null;
  }

  /** Rebuilds the machine from the Image and stops on entry (the restart request). */
  restart(): string | null {
    if (!this.options.rebuild) return 'This session cannot rebuild its machine.';
    this.running = false;
    this.mode = null;
    this.history.truncate(-1);
    const m = this.options.rebuild();
    if (!m) return 'The machine could not be rebuilt.';
    this.attach(m);
    this.stoppedAtStatus = null;
    for (const d of this.breakpoints.data) d.seen = m.guest.read(d.address, d.length) ?? d.seen;
    this.stopOnEntry();
    return null;
  }

  /** The present, remembered while a search replays from the start. */
  private searchTarget = 0;

  private rebuildMachine(): boolean {
    const m = this.options.rebuild?.();
    if (!m) return false;
    this.searchTarget = this.atom;
    this.attach(m);
    this.stoppedAtStatus = null;
    this.applyChanges(0);
    return true;
  }

  private beginReplay(target: number, statusDevno: number | null, event: StopEvent, rebuild: boolean): void {
    if (rebuild && !this.rebuildMachine()) {
      this.options.defer(() => this.options.onStop({ ...event, description: 'The machine could not be rebuilt' }));
      return;
    }
    this.mode = { kind: 'replay', target, statusDevno, event, recordFrom: Math.max(0, target - REPLAY_RECORDED_TAIL), tracedAtRecordFrom: null };
    this.startSlices();
  }

  /**
   * At the end of a replay: whether the trace holds what a replay recording every CCW would keep
   * at the stop. Otherwise the replay starts over with a longer recorded tail (false).
   */
  private traceComplete(mode: Extract<Mode, { kind: 'replay' }>): boolean {
    const skipped = this.machine.css.engine.unreportedInline;
    if (!this.recordAll || skipped === 0) return true;
    const total = this.traced + skipped;
    const tail = this.traced - (mode.tracedAtRecordFrom ?? this.traced);
    // The stop keeps the last 1,000 of more than 10,000 entries: those must all be recorded ones.
    if (total > 10_000 && tail >= 1_000) {
      this.traceTrimmed = true;
      return true;
    }
    const longer = total > 10_000 ? Math.max(0, mode.target - 8 * (mode.target - mode.recordFrom)) : 0;
    if (!this.rebuildMachine()) return true;
    this.mode = { ...mode, recordFrom: longer, tracedAtRecordFrom: null };
    this.options.defer(() => this.slice());
    return false;
  }

  private threadOfDevno(devno: number): number | null {
    const d = this.machine.deviceByDevno(devno);
    return d ? this.threadOf(d) : null;
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

  private rememberStop(): void {
    this.history.push({ atom: this.atom, statusDevno: this.stoppedAtStatus?.devno ?? null });
  }

  private begin(goal: StepGoal, remember = true): void {
    if (this.running) return;
    if (remember) this.rememberStop();
    this.mode = { kind: 'forward', goal };
    this.stoppedAtStatus = null;
    this.startSlices();
  }

  private startSlices(): void {
    this.running = true;
    this.pauseRequested = false;
    this.replaying = this.mode?.kind !== 'forward';
    this.statusSeen.clear();
    this.options.defer(() => this.slice());
  }

  /**
   * Sets the engine up for the current mode: the fast path wherever nothing needs to stop
   * between CCWs other than at a breakpoint (or the runaway check), with the stop table; one
   * event per CCW for instruction and CCW steps and while data breakpoints watch every access.
   */
  private configureEngine(mode: Mode): void {
    const engine = this.machine.css.engine;
    const watchesData = this.breakpoints.data.length > 0;
    const goal = mode.kind === 'forward' ? mode.goal.kind : null;
    const stepsCcws = goal === 'instruction' || goal === 'ccw';
    // A replay stops nowhere but at its target; a search looks for breakpoints as a run does.
    const batch = this.options.batch !== false && !stepsCcws && (mode.kind === 'replay' || !watchesData);
    this.machine.batching = batch;
    engine.reportCcws = true;
    engine.reportInline = this.recordAll || watchesData;
    if (!batch || mode.kind === 'replay') {
      engine.stopBefore = null;
      return;
    }
    const runaway = mode.kind === 'forward' && this.exceptionFilters.has('runaway');
    const table = this.stopTable;
    if (!table || table.version !== this.breakpoints.version || table.runaway !== runaway) {
      const stopBefore = compileStopBefore(
        this.breakpoints,
        this.machine.devices,
        this.machine.guest.size,
        runaway
          ? {
              maxCcws: this.maxCcws,
              base: (devno) => this.fetchBase.get(devno) ?? 0,
              reported: (devno) => this.runawayReported.has(devno),
            }
          : null,
      );
      this.stopTable = { version: this.breakpoints.version, runaway, stopBefore };
    }
    engine.stopBefore = this.stopTable?.stopBefore ?? null;
  }

  /**
   * Lets the next advance run inline only as far as `target` (a replay lands exactly on a stop
   * or a journalled change): each inline event is one position.
   */
  private capAt(target: number): void {
    const scheduler = this.machine.scheduler;
    scheduler.inlineLimit = scheduler.inlined + Math.max(0, target - this.atom - 1);
  }

  private advanceAtom(): Advance {
    this.fetchSeen.clear();
    this.statusSeen.clear();
    if (this.executed.length > 0) this.executed = [];
    if (this.checks.length > 0) this.checks = [];
    return this.machine.advance();
  }

  private applyChanges(atom: number): void {
    if (!this.history.hasChanges) return;
    for (const c of this.history.changesAt(atom)) this.machine.guest.write(c.address, c.bytes);
  }

  private slice(): void {
    if (!this.running) return;
    const mode = this.mode;
    if (!mode) return;
    // Breakpoints may have changed between slices: the stop table follows.
    this.configureEngine(mode);
    if (mode.kind === 'forward') this.machine.scheduler.inlineLimit = Number.POSITIVE_INFINITY;
    // A batched atom may stand for thousands of positions: a slice ends after as many positions
    // as 50 atoms each (5 when every CCW is recorded, which is slower), so pause still takes
    // effect within a few tens of milliseconds.
    const sliceEnd = this.atom + this.sliceAtoms * (this.machine.css.engine.reportInline ? 5 : 50);
    for (let i = 0; i < this.sliceAtoms && this.atom < sliceEnd; i++) {
      if (this.pauseRequested) {
        if (mode.kind !== 'forward') this.history.truncate(this.atom);
        this.stop({ reason: 'pause', threadId: this.pauseThread(), description: 'Paused' });
        return;
      }
      if (mode.kind === 'replay') {
        if (this.atom >= mode.target) {
          if (!this.traceComplete(mode)) return;
          const d = mode.statusDevno !== null ? this.machine.deviceByDevno(mode.statusDevno) : undefined;
          this.stop(mode.event);
          this.stoppedAtStatus = d ?? null;
          return;
        }
        const recording = this.atom >= mode.recordFrom;
        if (recording && mode.tracedAtRecordFrom === null) mode.tracedAtRecordFrom = this.traced;
        this.machine.css.engine.reportInline = this.recordAll && recording;
        this.capAt(this.history.nextChangeAfter(this.atom, recording ? mode.target : mode.recordFrom));
        this.advanceAtom();
        this.applyChanges(this.atom);
        continue;
      }
      if (mode.kind === 'search') {
        if (this.atom >= mode.target) {
          const hit = mode.lastHit;
          const target = hit ? hit.atom : mode.from;
          this.history.truncate(target);
          const event: StopEvent = hit
            ? { reason: 'breakpoint', threadId: hit.threadId, description: 'Breakpoint (going backwards)', hitBreakpointIds: hit.ids }
            : { reason: target === 0 ? 'entry' : 'step', threadId: CPU_THREAD_ID, description: 'Reached the oldest recorded stop' };
          this.beginReplay(target, null, event, true);
          return;
        }
        this.capAt(this.history.nextChangeAfter(this.atom, mode.target));
        const advance = this.advanceAtom();
        this.applyChanges(this.atom);
        if (this.atom > mode.from && this.atom < mode.target) {
          const hit = this.breakpointStop(advance, false);
          if (hit) mode.lastHit = { atom: this.atom, ids: [...(hit.hitBreakpointIds ?? [])], threadId: hit.threadId };
        }
        continue;
      }
      const advance = this.advanceAtom();
      const stop = this.check(advance, mode.goal);
      if (stop) {
        this.stop(stop);
        return;
      }
    }
    this.options.defer(() => this.slice());
  }

  private check(advance: Advance, goal: StepGoal): StopEvent | null {
    const driver = this.machine.driver;
    if (advance.kind === 'idle') {
      return { reason: 'end', threadId: CPU_THREAD_ID, description: 'The program has ended and no channel activity is left' };
    }
    const exception = this.exceptionStop(advance);
    if (advance.kind === 'statement') {
      if (advance.record.statement.op === 'END') return { reason: 'end', threadId: CPU_THREAD_ID, description: 'END reached' };
      if (exception) return exception;
      if (goal.kind === 'statement' || goal.kind === 'instruction') return { reason: 'step', threadId: CPU_THREAD_ID, description: 'Stepped' };
      return this.breakpointStop(advance, true);
    }
    if (advance.kind === 'event') {
      // A CCW was just fetched: the device's thread now stands on it.
      for (const devno of this.fetchSeen) {
        const device = this.machine.deviceByDevno(devno);
        if (!device) continue;
        const p = this.position(device);
        if (p.kind !== 'ccw' || p.program.phase !== 'fetched') continue;
        if ((goal.kind === 'ccw' && goal.device === device) || goal.kind === 'instruction') {
          return { reason: 'step', threadId: this.threadOf(device), description: 'Stepped one CCW' };
        }
      }
      if (exception) return exception;
      const bp = this.breakpointStop(advance, true);
      if (bp) return bp;
      // The channel program ended: primary status is pending (intermediate status does not stop).
      for (const devno of this.statusSeen) {
        const device = this.machine.deviceByDevno(devno);
        if (!device || this.machine.css.engine.programs.has(device.cssSchno)) continue;
        if ((goal.kind === 'ccw' || goal.kind === 'status') && goal.device === device) {
          this.stoppedAtStatus = device;
          return { reason: 'step', threadId: this.threadOf(device), description: 'Status pending' };
        }
      }
    }
    return null;
  }

  /**
   * Breakpoints reached by the atom just run. With `live`, hit counts advance and logpoints
   * print; a search for reverseContinue only asks where a breakpoint would stop.
   */
  private breakpointStop(advance: Advance, live: boolean): StopEvent | null {
    const bps = this.breakpoints;
    if (bps.isEmpty) return null;
    const driver = this.machine.driver;
    if (advance.kind === 'statement') {
      const next = driver.current;
      const dataIds = this.cpuWrites(advance.record, live);
      if (dataIds.length > 0) return { reason: 'data breakpoint', threadId: CPU_THREAD_ID, description: 'The CPU wrote a watched storage range', hitBreakpointIds: dataIds };
      if (next && driver.state === 'ready') {
        const bp = bps.statementAt(next.loc);
        const ids = bp ? this.consider([bp], next.loc, live) : [];
        if (ids.length > 0) return { reason: 'breakpoint', threadId: CPU_THREAD_ID, description: 'Breakpoint', hitBreakpointIds: ids };
      }
      return null;
    }
    if (advance.kind !== 'event') return null;
    if (bps.data.length > 0) {
      const hit = this.channelAccesses(live);
      if (hit) return hit;
    }
    if (!bps.hasFetchBreakpoints) return null;
    for (const devno of this.fetchSeen) {
      const device = this.machine.deviceByDevno(devno);
      if (!device) continue;
      const p = this.position(device);
      if (p.kind !== 'ccw' || p.program.phase !== 'fetched') continue;
      const reached = bps.atFetch(p.view.address, p.view.ccw, { devno: device.devno, commandName: (c) => device.device.commandName(c) });
      // TICs are followed while fetching, so a breakpoint on a TIC is reached with the CCW it leads to.
      for (const tic of p.ticHops) reached.push(...bps.atAddress(tic));
      if (reached.length === 0) continue;
      const ids = this.consider(reached, this.sourceOf(p.view.address), live);
      if (ids.length > 0) {
        const instruction = reached.some((b) => ids.includes(b.id) && this.breakpoints.isInstruction(b));
        const fn = reached.some((b) => ids.includes(b.id) && this.breakpoints.isFunction(b));
        return {
          reason: fn ? 'function breakpoint' : instruction ? 'instruction breakpoint' : 'breakpoint',
          threadId: this.threadOf(device),
          description: fn ? `Function breakpoint: ${device.device.commandName(p.view.ccw.cmd) ?? `X'${hex(p.view.ccw.cmd, 2)}'`} on ${hex(device.devno, 4)}` : 'Breakpoint',
          hitBreakpointIds: ids,
        };
      }
    }
    return null;
  }

  /** The breakpoints among `list` that stop (conditions, hit counts; logpoints print instead). */
  private consider(list: readonly Breakpoint[], loc: SourceLocation | null, live: boolean): number[] {
    const ids: number[] = [];
    let ctx: ReturnType<typeof expectContextOf> | null = null;
    for (const bp of list) {
      if (bp.condition) {
        ctx ??= expectContextOf(this.machine);
        if (!evaluateCondition(bp.condition, ctx).holds) continue;
      }
      if (!live) {
        if (!bp.logMessage) ids.push(bp.id);
        continue;
      }
      bp.hits++;
      if (bp.hit && !hitConditionHolds(bp.hit, bp.hits)) continue;
      if (bp.logMessage) {
        const text = interpolate(bp.logMessage, (e) => {
          const v = this.evaluate(e);
          return 'value' in v ? v.value : `<${v.error}>`;
        });
        this.options.onLog?.(text, loc);
        continue;
      }
      ids.push(bp.id);
    }
    return ids;
  }

  /** Data breakpoints the CCWs executed in this atom reach (the channel reads or writes storage). */
  private channelAccesses(live: boolean): StopEvent | null {
    for (const { record, device } of this.executed) {
      const view = guestViewOfCcw(device, record.address, record.ccw);
      const klass = commandClass(view.ccw.cmd, true);
      const areas = this.dataAreas(view.ccw, record.transferred, device);
      const channelWrites = klass === 'read' || klass === 'read backward' || klass === 'sense';
      const hits: Breakpoint[] = [];
      for (const d of this.breakpoints.data) {
        const ccwRead = view.address < d.address + d.length && d.address < view.address + 8;
        const overlaps = areas.some((a) => a.address < d.address + d.length && d.address < a.address + a.length);
        const read = ccwRead || (overlaps && !channelWrites);
        const write = overlaps && channelWrites;
        if ((d.access === 'read' && read) || (d.access === 'write' && write) || (d.access === 'readWrite' && (read || write))) hits.push(d);
        if (write) d.seen = this.machine.guest.read(d.address, d.length) ?? d.seen;
      }
      if (hits.length === 0) continue;
      const ids = this.consider(hits, this.sourceOf(view.address), live);
      if (ids.length > 0) {
        const name = device.device.commandName(view.ccw.cmd) ?? `X'${hex(view.ccw.cmd, 2)}'`;
        return { reason: 'data breakpoint', threadId: this.threadOf(device), description: `${name} @${hex(view.address, 8)} ${channelWrites ? 'stored into' : 'fetched from'} a watched storage range`, hitBreakpointIds: ids };
      }
    }
    return null;
  }

  /** Guest storage a CCW's data transfer touched: its data address, or the blocks of its IDAL. */
  private dataAreas(ccw: Ccw, transferred: number, device: MachineDevice): { address: number; length: number }[] {
    if (transferred <= 0) return [];
    if ((ccw.flags & 0x04) === 0) return [{ address: ccw.cda, length: transferred }];
    // Indirect data addressing: the CCW names an IDAL; each IDAW covers up to its block's end.
    const format2 = this.machine.io.subchannel(device.schno)?.orb?.H === 1;
    const size = format2 ? 8 : 4;
    const out: { address: number; length: number }[] = [];
    let left = transferred;
    for (let i = 0; left > 0 && i < 256; i++) {
      const w = this.machine.guest.read(ccw.cda + i * size, size);
      if (!w) break;
      const address = format2 ? (w[4]! * 2 ** 24 + (w[5]! << 16) + (w[6]! << 8) + w[7]!) : ((w[0]! & 0x7f) * 2 ** 24 + (w[1]! << 16) + (w[2]! << 8) + w[3]!);
      const block = 4096 - (address % 4096);
      const n = Math.min(left, i === 0 ? block : 4096);
      out.push({ address, length: n });
      left -= n;
    }
    return out;
  }

  /** Data breakpoints whose bytes a driver statement changed (a CPU store). */
  private cpuWrites(_record: StatementRecord, live: boolean): number[] {
    const hits: Breakpoint[] = [];
    for (const d of this.breakpoints.data) {
      const now = this.machine.guest.read(d.address, d.length);
      if (!now) continue;
      const changed = now.some((b, i) => b !== d.seen[i]);
      d.seen = now;
      if (changed && d.access !== 'read') hits.push(d);
    }
    return hits.length > 0 ? this.consider(hits, null, live) : [];
  }

  /** Enabled exception filters the atom just run reaches. */
  private exceptionStop(advance: Advance): StopEvent | null {
    if (this.exceptionFilters.size === 0) return null;
    const found: { hit: ExceptionHit; threadId: number }[] = [];
    if (advance.kind === 'statement') {
      for (const hit of statementExceptions(advance.record)) found.push({ hit, threadId: CPU_THREAD_ID });
    }
    for (const { record, device } of this.executed) {
      const view = guestViewOfCcw(device, record.address, record.ccw);
      const name = device.device.commandName(view.ccw.cmd) ?? `X'${hex(view.ccw.cmd, 2)}'`;
      for (const hit of statusExceptions(record.dstat, record.cstat, `at ${name} @${hex(view.address, 8)} on ${hex(device.devno, 4)}`)) found.push({ hit, threadId: this.threadOf(device) });
    }
    for (const c of this.checks) {
      for (const hit of statusExceptions(0, c.cstat, `at @${hex(c.address, 8)} on ${hex(c.device.devno, 4)}: ${c.reason}`)) {
        if (!found.some((f) => f.hit.filter === hit.filter)) found.push({ hit, threadId: this.threadOf(c.device) });
      }
    }
    for (const devno of this.statusSeen) {
      // Unsolicited status (attention) arrives without a CCW.
      const device = this.machine.deviceByDevno(devno);
      const sch = device ? this.machine.css.subchannel(device.cssSchno) : undefined;
      if (!device || !sch || this.executed.some((e) => e.device === device)) continue;
      for (const hit of statusExceptions(sch.scsw.dstat & 0x80, 0, `on ${hex(device.devno, 4)} (unsolicited)`)) found.push({ hit, threadId: this.threadOf(device) });
    }
    if (this.exceptionFilters.has('runaway')) {
      for (const devno of this.fetchSeen) {
        const device = this.machine.deviceByDevno(devno);
        if (!device || this.runawayReported.has(devno)) continue;
        const n = (this.machine.fetchCount.get(device.cssSchno) ?? 0) - (this.fetchBase.get(devno) ?? 0);
        if (n > this.maxCcws) {
          this.runawayReported.add(devno);
          found.push({
            hit: { filter: 'runaway', description: `Runaway channel program on ${hex(devno, 4)}: more than ${this.maxCcws} CCWs`, details: `The channel program started by the last SSCH to ${hex(devno, 4)} has fetched ${n} CCWs without ending (maxCcws ${this.maxCcws}). Pause is possible at any time; terminate ends the session.` },
            threadId: this.threadOf(device),
          });
        }
      }
    }
    for (const f of found) {
      if (!this.exceptionFilters.has(f.hit.filter)) continue;
      const cond = this.exceptionFilters.get(f.hit.filter);
      if (cond && !evaluateCondition(cond, expectContextOf(this.machine)).holds) continue;
      this.lastException = f.hit;
      return { reason: 'exception', threadId: f.threadId, description: f.hit.description, exception: f.hit };
    }
    return null;
  }

  private stop(event: StopEvent): void {
    // What the watched ranges hold now is the base for the next CPU-write check.
    for (const d of this.breakpoints.data) d.seen = this.machine.guest.read(d.address, d.length) ?? d.seen;
    // CCWs run without records since the last entry are counted in the trace before it is cut.
    this.trace.flushUnrecorded();
    // The trace collector keeps every entry for `ccw run`; a debug session only needs the recent ones.
    const entries = this.trace.entries;
    if (entries.length > 10_000 || this.traceTrimmed) entries.splice(0, entries.length - 1_000);
    this.traceTrimmed = false;
    this.running = false;
    this.replaying = false;
    this.mode = null;
    this.pauseRequested = false;
    if (event.reason !== 'exception') this.lastException = null;
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

export type { StopPoint };
