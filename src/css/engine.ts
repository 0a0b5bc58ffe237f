/**
 * The command-mode channel-program engine (PoO chapter 15, "Execution of I/O Operations").
 *
 * A channel program runs as a sequence of scheduled events per subchannel:
 *   start ─▶ fetch CCW (following TICs) ─▶ [ccw] execute on the device ─▶ [command-end]
 *        ─▶ chain to the next CCW, or end with status pending.
 * The debugger stops between events, so "about to execute CCW x" is a real machine state.
 */
import { AC, CF, DS, NO_OPERATION, SC, SCS, commandClass, concatBytes, hex, decodeCcw, type Ccw, type CommandClass, type Orb } from '../arch';
import { gather, resolveDataAreas, scatter, type IdaMode } from './dataAddressing';
import type { ChainingMode, DeviceResult } from './device';
import type { Scheduler } from './scheduler';
import type { ChannelStorage } from './storage';
import type { Subchannel } from './subchannel';
import { channelCheckLogout, concurrentSense, injectedResult, takeChannelCheck } from './faults';
import { CCW_FETCH_NS, RESUME_LATENCY_NS, START_LATENCY_NS, STATUS_LATENCY_NS } from './timing';
import { runChain } from './fastPath';

/** What the channel did with one CCW: the raw material of traces and of the debugger. */
export interface CcwRecord {
  readonly schno: number;
  /** Virtual time when the CCW started executing (ns). */
  readonly time: number;
  /** Address of the CCW in the storage the channel works on. */
  readonly address: number;
  readonly ccw: Ccw;
  readonly format1: boolean;
  readonly chaining: ChainingMode | 'data';
  /** TICs followed to reach this CCW, in order. */
  readonly ticHops: readonly number[];
  /** Up to the first 64 bytes transferred (to or from storage). */
  readonly data: Uint8Array;
  /** Bytes transferred for this CCW. */
  readonly transferred: number;
  readonly dstat: number;
  readonly cstat: number;
  readonly residual: number;
  /** True when this CCW ended the channel program. */
  readonly ended: boolean;
  /** The device answered in its initial status: an immediate operation, or a rejected command. */
  readonly initial: 'immediate' | 'rejected' | null;
}

/** Why a channel program stopped early, for trace lines and exception stops. */
export interface ProgramCheckInfo {
  readonly schno: number;
  readonly address: number;
  readonly cstat: number;
  readonly reason: string;
}

export interface EngineListener {
  /** The next CCW is fetched and about to execute. */
  ccwFetched?(sch: Subchannel, address: number, ccw: Ccw): void;
  ccwExecuted?(record: CcwRecord): void;
  /** The channel found a program, protection or chaining problem. */
  check?(info: ProgramCheckInfo): void;
  /** The subchannel became status pending (an interruption condition exists). */
  statusPending?(sch: Subchannel): void;
}

/** The operation of one command, possibly spread over several data-chained CCWs. */
export interface Operation {
  readonly code: number;
  readonly klass: CommandClass;
  readonly result: DeviceResult;
  /** Read: bytes the device offered; write: bytes gathered from storage. */
  readonly bytes: Uint8Array;
  /** Bytes the device handles in total (offered for reads, required for writes). */
  readonly size: number;
  /** Bytes transferred so far, over the data chain. */
  done: number;
  /** A storage fault already met while gathering write data. */
  readonly gatherFault: number;
}

/**
 * CCWs a subchannel has fetched and executed, over all its programs, counted on both paths
 * without allocating: the runaway check, `--max-ccws` and history positions read these, so they
 * need no per-CCW records.
 */
export interface CcwCounter {
  /** CCWs fetched and about to execute (the fetches `ccwFetched` reports). */
  fetched: number;
  /** CCWs executed (the records `ccwExecuted` reports). */
  executed: number;
  /** Channel address of the last CCW executed, or -1. */
  lastExecuted: number;
}

/**
 * Asked by the fast path before it runs a fetched CCW inline: true hands the CCW to the
 * reference path, which fetches it again in the same event (and reports it), so a debugger
 * stops there exactly as it does without batching. `hop` is the TIC followed to reach the CCW
 * (-1 for none); `fetched` is the subchannel's fetch count before this fetch. A predicate may
 * say true where nobody ends up stopping (that only costs speed), never false where somebody would.
 */
export type CcwStopPredicate = (address: number, hop: number, cmd: number, cda: number, count: number, fetched: number) => boolean;

/** The predicate for one subchannel (asked once per batch), or null when none of its CCWs needs the reference path. */
export type StopBefore = (schno: number) => CcwStopPredicate | null;

export interface ActiveProgram {
  readonly orb: Orb;
  readonly counter: CcwCounter;
  readonly format1: boolean;
  readonly ida: IdaMode;
  /** Address of the current CCW (executing, or fetched and about to execute). */
  ccwAddress: number;
  ccw: Ccw | null;
  ticHops: number[];
  chaining: ChainingMode | 'data';
  operation: Operation | null;
  /** The event that will run next for this program (cancelled by halt/clear). */
  eventId: number | null;
  /** The program is fetched up to here and waiting to execute the CCW (a debugger stop point). */
  phase: 'starting' | 'fetched' | 'executing' | 'suspended' | 'resuming';
}

export class ChannelEngine {
  readonly programs = new Map<number, ActiveProgram>();
  /**
   * Nothing needs to stop between CCWs (no breakpoint, no stepping): consecutive command-chained
   * CCWs may run inside one scheduler event (src/css/fastPath.ts) whenever that gives exactly the
   * times and order of one event per CCW. Off (the default) is the reference: an event per CCW.
   * Whoever sets it also keeps `scheduler.horizon` at any deadline the queue does not hold.
   */
  batchCcws = false;
  /**
   * Somebody wants `ccwFetched` / `ccwExecuted` (a trace, a CCW counter). Off, the engine makes no
   * per-CCW records at all, so the fast path allocates nothing per CCW; the other listener calls
   * (checks, status pending) are made either way.
   */
  reportCcws = true;
  /**
   * With `reportCcws` on, whether the CCWs the fast path runs inline are reported too. Off, only
   * the reference path's CCWs are (every CCW that ends a program, is rejected, checks, has
   * incorrect length or an unusual status: everything an exception filter can see), and inline
   * CCWs, plain reads and writes included, are only counted (`counters`). Data breakpoints need
   * the records of reads and writes: the runtime keeps this on while any is set. On by default:
   * a trace needs every CCW.
   */
  reportInline = true;
  /** See `StopBefore`; null: no CCW needs to go back to the reference path. */
  stopBefore: StopBefore | null = null;
  /** The fast path runs no CCW inline once `executed` reaches this (`ccw run --max-ccws` stops exactly). */
  inlineExecuteLimit = Number.POSITIVE_INFINITY;
  /** CCWs executed on all subchannels. */
  executed = 0;
  /** Of those, CCWs the fast path ran inline without a record (`reportInline` off). */
  unreportedInline = 0;
  private readonly counters = new Map<number, CcwCounter>();

  constructor(
    readonly storage: ChannelStorage,
    readonly scheduler: Scheduler,
    readonly listener: EngineListener,
  ) {}

  /** The CCW counts of a subchannel (zeros before its first program). */
  counter(schno: number): CcwCounter {
    let c = this.counters.get(schno);
    if (!c) this.counters.set(schno, (c = { fetched: 0, executed: 0, lastExecuted: -1 }));
    return c;
  }

  /** Begins the start function accepted by START SUBCHANNEL. */
  start(sch: Subchannel, orb: Orb): void {
    const program: ActiveProgram = {
      orb,
      counter: this.counter(sch.schno),
      format1: orb.F === 1,
      ida: { format2: orb.H === 1, twoK: orb.T === 1 },
      ccwAddress: orb.cpa,
      ccw: null,
      ticHops: [],
      chaining: 'start',
      operation: null,
      eventId: null,
      phase: 'starting',
    };
    this.programs.set(sch.schno, program);
    program.eventId = this.scheduler.after(START_LATENCY_NS, { kind: 'start', schno: sch.schno }, () => this.onStart(sch, program));
  }

  /**
   * Hook for halt, clear, cancel and a vanished subchannel: the program stops where it is, with
   * no further event and no status (the caller decides the ending). Returns the program as it
   * was, so a halt can report the interrupted CCW, or null when none was running.
   */
  terminate(sch: Subchannel): ActiveProgram | null {
    const program = this.programs.get(sch.schno);
    if (!program) return null;
    if (program.eventId !== null) this.scheduler.cancel(program.eventId);
    program.eventId = null;
    this.programs.delete(sch.schno);
    return program;
  }

  /** RESUME SUBCHANNEL accepted: refetch the suspended CCW. */
  resume(sch: Subchannel): void {
    const program = this.programs.get(sch.schno);
    if (!program) return;
    program.phase = 'resuming';
    program.eventId = this.scheduler.after(RESUME_LATENCY_NS, { kind: 'start', schno: sch.schno }, () => {
      sch.scsw.actl &= ~(AC.RESPEND | AC.SUSP);
      sch.scsw.actl |= AC.SCHACT | AC.DEVACT;
      program.ticHops = [];
      this.fetch(sch, program, program.ccwAddress, 'start', true);
    });
  }

  private onStart(sch: Subchannel, program: ActiveProgram): void {
    const orb = program.orb;
    const available = orb.lpm & sch.pmcw.pim & sch.pmcw.pam & sch.pmcw.pom;
    // Paths whose channel path is physically offline are found not operational at selection:
    // they leave the POM and enter the PNOM, and the SCSW says so with N (PoO "Path-Not-
    // Operational Mask", "Path Not Operational").
    const lost = available & ~sch.pathsOnline;
    if (lost !== 0) {
      sch.pmcw.pom &= ~lost;
      sch.pmcw.pnom |= lost;
      sch.scsw.N = 1;
    }
    const usable = available & sch.pathsOnline;
    if (usable === 0) {
      // No path in the LPM can be used: deferred condition code 3 (PoO "Deferred Condition Code").
      sch.scsw.cc = 3;
      sch.scsw.actl = 0;
      sch.scsw.N = lost !== 0 ? 1 : 0;
      this.programs.delete(sch.schno);
      this.makeStatusPending(sch, SC.ALERT | SC.PEND);
      return;
    }
    const path = highestBit(usable);
    sch.pmcw.lpum = path;
    sch.esw.lpum = path;
    if (sch.faults.busy) {
      // FAULT BUSY: the device answers the initial selection with busy, so the start function
      // is not performed: deferred condition code 1 with the device status (PoO "Deferred
      // Condition Code"; QEMU's -EBUSY case sets the same alert status).
      sch.faults.busy = false;
      Object.assign(sch.scsw, { cc: 1, actl: 0, dstat: DS.BUSY, cstat: 0 });
      this.programs.delete(sch.schno);
      this.makeStatusPending(sch, SC.ALERT | SC.PEND);
      return;
    }
    sch.scsw.actl = (sch.scsw.actl & ~AC.STARTPEND) | AC.SCHACT | AC.DEVACT;
    this.chain(sch, program, orb.cpa, 'start');
  }

  /** Goes on with the CCW at `address` reached by starting or command chaining: on the fast path when allowed. */
  private chain(sch: Subchannel, program: ActiveProgram, address: number, chaining: 'start' | 'command'): void {
    if (this.batchCcws) runChain(this, sch, program, address, chaining);
    else this.fetch(sch, program, address, chaining, false);
  }

  /**
   * Fetches the CCW at `address` (following TICs), checks it and schedules its execution.
   * `resuming` skips the suspend check for a CCW whose S flag the program has cleared.
   */
  /** @internal (and the fast path's fallback) */
  fetch(sch: Subchannel, program: ActiveProgram, address: number, chaining: ChainingMode | 'data', resuming: boolean): void {
    let at = address;
    let previousWasTic = false;
    for (;;) {
      if (at % 8 !== 0) return this.programCheck(sch, program, at, SCS.PGMCHK, `CCW address X'${hex(at, 1)}' is not doubleword aligned`);
      const raw = this.storage.fetch(at, 8, program.orb.key);
      if (raw === 'addressing') return this.programCheck(sch, program, at, SCS.PGMCHK, `CCW address X'${hex(at, 1)}' is outside storage`);
      if (raw === 'protection') return this.programCheck(sch, program, at, SCS.PROTCHK, `CCW at X'${hex(at, 1)}' is fetch protected for key ${program.orb.key}`);
      const ccw = decodeCcw(raw, 0, program.format1);
      if (commandClass(ccw.cmd, program.format1) !== 'tic') {
        program.ccwAddress = at;
        program.ccw = ccw;
        break;
      }
      if (previousWasTic) return this.programCheck(sch, program, at, SCS.PGMCHK, `TIC at X'${hex(at, 1)}' follows a TIC`);
      if (program.format1 && (ccw.flags !== 0 || ccw.count !== 0)) {
        return this.programCheck(sch, program, at, SCS.PGMCHK, `format-1 TIC at X'${hex(at, 1)}' has nonzero flags or count`);
      }
      if (program.format1 && ccw.cda >= 0x8000_0000) {
        return this.programCheck(sch, program, at, SCS.PGMCHK, `TIC at X'${hex(at, 1)}' has address bit 0 set`);
      }
      program.ticHops.push(at);
      previousWasTic = true;
      at = ccw.cda;
    }

    const ccw = program.ccw as Ccw;
    const problem = this.validate(ccw, program, chaining);
    if (problem) return this.programCheck(sch, program, program.ccwAddress, SCS.PGMCHK, problem);
    sch.scsw.cpa = (program.ccwAddress + 8) >>> 0;

    if ((ccw.flags & CF.S) !== 0 && !resuming) {
      if (program.orb.S !== 1) return this.programCheck(sch, program, program.ccwAddress, SCS.PGMCHK, 'S flag set but the ORB does not allow suspension');
      // RESUME SUBCHANNEL before the program got here: resume pending is consumed and the
      // CCW executes without suspending (PoO "RESUME SUBCHANNEL").
      if ((sch.scsw.actl & AC.RESPEND) !== 0) sch.scsw.actl &= ~AC.RESPEND;
      else return this.suspend(sch, program);
    }
    if ((ccw.flags & CF.PCI) !== 0) this.programControlledInterruption(sch);

    program.chaining = chaining;
    program.phase = 'fetched';
    program.counter.fetched++;
    if (this.reportCcws) this.listener.ccwFetched?.(sch, program.ccwAddress, ccw);
    this.scheduleExecute(sch, program);
  }

  /** @internal The fetched CCW executes after the fetch time. */
  scheduleExecute(sch: Subchannel, program: ActiveProgram): void {
    program.eventId = this.scheduler.after(
      CCW_FETCH_NS,
      { kind: 'ccw', schno: sch.schno, address: program.ccwAddress },
      () => this.execute(sch, program),
    );
  }

  /** CCW checks that end the program with a program check (PoO "Program Check"). */
  private validate(ccw: Ccw, program: ActiveProgram, chaining: ChainingMode | 'data'): string | null {
    if (chaining !== 'data' && commandClass(ccw.cmd, program.format1) === 'invalid') {
      return `command code X'${hex(ccw.cmd, 2)}' is invalid (low-order four bits zero)`;
    }
    if (!program.format1 && ccw.count === 0) return 'format-0 CCW with count 0';
    if (program.format1 && ccw.count === 0 && ((ccw.flags & CF.CD) !== 0 || chaining === 'data')) {
      return 'count 0 in a data-chained format-1 CCW';
    }
    if ((ccw.flags & CF.MIDA) !== 0) {
      // PoO "Modified Indirect Data Addressing": the ORB must allow MIDAWs, and a CCW that
      // uses them specifies neither IDA nor SKIP (skipping is per MIDAW).
      if (program.orb.D !== 1) return 'MIDA flag set but the ORB does not allow MIDAWs';
      if ((ccw.flags & CF.IDA) !== 0) return 'MIDA and IDA flags both set';
      if ((ccw.flags & CF.SKIP) !== 0) return 'MIDA and SKIP flags both set (skipping is per MIDAW)';
    }
    if (chaining === 'data' && (ccw.flags & CF.S) !== 0) return 'S flag in a data-chained CCW';
    return null;
  }

  /** @internal (and the fast path's fallback) */
  execute(sch: Subchannel, program: ActiveProgram): void {
    program.eventId = null;
    program.phase = 'executing';
    const ccw = program.ccw as Ccw;
    const time = this.scheduler.now;
    let operation = program.operation;

    const starts = program.chaining !== 'data' || operation === null;
    const backward = (starts ? commandClass(ccw.cmd, program.format1) : operation?.klass) === 'read backward';
    // The CCW's data areas, resolved once for its whole count: a shorter transfer fills them
    // from the start (or, reading backward, from the data address down).
    const areas = resolveDataAreas(this.storage, program.orb.key, ccw.cda, ccw.count, idaOf(ccw, program), program.format1, backward);
    if (starts || operation === null) {
      // The data address is checked before the command goes to the device (as Hercules does;
      // the PoO allows the check at initiation), so an invalid address never reaches it.
      // NOP (X'03') transfers no data, so its address is never used (vfio_ccw_cp.c agrees).
      if (!Array.isArray(areas) && ccw.cmd !== NO_OPERATION) {
        return this.programCheck(sch, program, program.ccwAddress, areas.cstat, areas.reason);
      }
      operation = this.startOperation(sch, program, ccw);
      program.operation = operation;
    }
    this.finishCcw(sch, program, ccw, operation, areas, time);
  }

  /**
   * @internal The CCW's data transfer, residual count, incorrect length and ending, once the
   * device has the command (`operation`); the fast path hands over here for any outcome it does
   * not handle itself.
   */
  finishCcw(sch: Subchannel, program: ActiveProgram, ccw: Ccw, operation: Operation, areas: ReturnType<typeof resolveDataAreas>, time: number): void {
    const backward = operation.klass === 'read backward';
    // This CCW's share of the operation.
    const isInput = operation.klass === 'read' || operation.klass === 'read backward' || operation.klass === 'sense';
    const share = Math.max(0, Math.min(ccw.count, operation.size - operation.done));
    let cstat = 0;
    let reason = '';
    let transferred = share;
    let shown = new Uint8Array(0);

    const initial = operation.result.rejected === true ? 'rejected' : operation.result.immediate === true ? 'immediate' : null;
    // FAULT CDC/ICC/CCC: the check replaces this data transfer (nothing reaches storage).
    const channelCheck = initial === null && share > 0 ? takeChannelCheck(sch.faults) : 0;
    if (channelCheck !== 0) {
      cstat |= channelCheck;
      reason = 'injected channel check';
      transferred = 0;
    } else if (!isInput && initial === null && operation.gatherFault !== 0 && operation.done + ccw.count > operation.bytes.length) {
      // The channel could not fetch all of this CCW's write data (protection or addressing):
      // the operation ends here with that check, whatever the device did with the bytes it
      // got (PoO "Protection Check": the transfer is ended when the storage access fails).
      shown = operation.bytes.subarray(operation.done, operation.done + Math.min(share, 64)).slice();
      cstat |= operation.gatherFault;
      reason = operation.gatherFault === SCS.PROTCHK
        ? `write data at X'${hex(ccw.cda, 1)}' is protected for key ${program.orb.key}`
        : 'write data could not be fetched from storage';
      transferred = Math.max(0, Math.min(share, operation.bytes.length - operation.done));
    } else if (initial === null && share > 0) {
      if (!Array.isArray(areas)) {
        cstat |= areas.cstat;
        reason = areas.reason;
        transferred = 0;
      } else if (isInput) {
        const part = operation.bytes.subarray(operation.done, operation.done + share);
        shown = part.slice(0, 64);
        if ((ccw.flags & CF.SKIP) === 0) {
          const { stored, fault } = scatter(this.storage, program.orb.key, areas, part, backward);
          if (fault) {
            cstat |= fault;
            reason = fault === SCS.PROTCHK ? `storage at X'${hex(ccw.cda, 1)}' is protected for key ${program.orb.key}` : 'data address outside storage';
            transferred = stored;
          }
        }
      } else {
        shown = operation.bytes.subarray(operation.done, operation.done + Math.min(share, 64)).slice();
      }
    }
    operation.done += share;
    const residual = ccw.count - share;

    // Does the operation continue into the next CCW by data chaining?
    const moreData = operation.done < operation.size;
    // Data chaining takes place when this CCW's count is exhausted; the next CCW continues
    // the same operation (PoO "Data Chaining"). A device with nothing more leaves that CCW's
    // whole count as residual, which is incorrect length there.
    const dataChains =
      (ccw.flags & CF.CD) !== 0 && cstat === 0 && initial === null && residual === 0 &&
      (operation.result.status & ~(DS.CE | DS.DE | DS.SM)) === 0;
    if (dataChains) {
      sch.scsw.count = residual;
      this.countExecuted(program);
      if (this.reportCcws) this.listener.ccwExecuted?.(this.record(sch, program, ccw, time, shown, transferred, 0, 0, residual, false, null));
      program.eventId = this.scheduler.after(CCW_FETCH_NS, { kind: 'command-end', schno: sch.schno }, () =>
        this.fetch(sch, program, program.ccwAddress + 8, 'data', false),
      );
      return;
    }

    // The operation ends with this CCW: incorrect length and ending status.
    const suppress = (ccw.flags & CF.SLI) !== 0 && (ccw.flags & CF.CD) === 0;
    if (cstat === 0 && initial !== 'rejected') {
      if (initial === 'immediate') {
        // PoO "Immediate Operations" (SA22-7201 16-24): with format-1 CCWs a nonzero count is
        // incorrect length unless SLI or the ORB's incorrect-length-suppression mode (L) is on;
        // with format 0 never. Hercules 3.13 never indicates it (oracle e2_nop).
        if (program.format1 && ccw.count !== 0 && !suppress && program.orb.L !== 1) cstat |= SCS.IL;
      } else if ((residual !== 0 || moreData) && !suppress) {
        cstat |= SCS.IL;
      }
    }
    // A command rejected in the initiation sequence is never incorrect length (PoO "Incorrect
    // Length"); Hercules 3.13 indicates it with the whole count (oracle c_invalid_cmd_then_sense).
    if (cstat & (SCS.PGMCHK | SCS.PROTCHK)) {
      this.listener.check?.({ schno: sch.schno, address: program.ccwAddress, cstat, reason });
    }

    const dstat = operation.result.status;
    const chainCommand =
      (ccw.flags & CF.CC) !== 0 && cstat === 0 && (dstat & ~DS.SM) === (DS.CE | DS.DE) && (ccw.flags & CF.CD) === 0;
    const device = Math.max(0, Math.round(operation.result.timeUs * 1000));
    sch.scsw.count = residual;
    sch.scsw.cpa = (program.ccwAddress + 8) >>> 0;
    const ends = !chainCommand;
    this.countExecuted(program);
    if (this.reportCcws) this.listener.ccwExecuted?.(this.record(sch, program, ccw, time, shown, transferred, dstat, cstat, residual, ends, initial));
    this.scheduleCommandEnd(sch, program, device, chainCommand, dstat, cstat);
  }

  /** @internal One more CCW executed (where the reference path makes its record). */
  countExecuted(program: ActiveProgram): void {
    this.executed++;
    program.counter.executed++;
    program.counter.lastExecuted = program.ccwAddress;
  }

  /** @internal The device ends the command after `device` ns: chain to the next CCW, or end the program. */
  scheduleCommandEnd(sch: Subchannel, program: ActiveProgram, device: number, chainCommand: boolean, dstat: number, cstat: number): void {
    program.eventId = this.scheduler.after(device, { kind: 'command-end', schno: sch.schno }, () => {
      program.operation = null;
      if (chainCommand) {
        // Status modifier with channel end and device end skips the next CCW (the search-TIC idiom).
        const next = program.ccwAddress + ((dstat & DS.SM) !== 0 ? 16 : 8);
        program.ticHops = [];
        this.chain(sch, program, next, 'command');
      } else {
        this.endProgram(sch, program, dstat, cstat);
      }
    });
  }

  private startOperation(sch: Subchannel, program: ActiveProgram, ccw: Ccw): Operation {
    const klass = commandClass(ccw.cmd, program.format1);
    const isInput = klass === 'read' || klass === 'read backward' || klass === 'sense';
    let bytes: Uint8Array = new Uint8Array(0);
    let gatherFault = 0;
    if (!isInput) {
      // Output: gather the data of this CCW and of every CCW it data-chains to, so the device
      // sees the whole operation at once.
      const chainAreas = this.outputAreas(program, ccw);
      const parts: Uint8Array[] = [];
      for (const part of chainAreas) {
        const areas = resolveDataAreas(this.storage, program.orb.key, part.cda, part.count, part.ida, program.format1, false);
        if (!Array.isArray(areas)) {
          gatherFault = areas.cstat;
          break;
        }
        const got = gather(this.storage, program.orb.key, areas, part.count);
        parts.push(got.data);
        if (got.fault) {
          gatherFault = got.fault;
          break;
        }
      }
      bytes = concatBytes(...parts);
    }
    const result = injectedResult(sch.faults, ccw.cmd, klass) ?? sch.device.execute({
      code: ccw.cmd,
      flags: ccw.flags,
      count: ccw.count,
      chaining: program.chaining === 'data' ? 'command' : program.chaining,
      data: bytes,
    });
    const size = isInput ? (result.data?.length ?? 0) : Math.min(result.required ?? 0, Number.MAX_SAFE_INTEGER);
    return {
      code: ccw.cmd,
      klass,
      result,
      bytes: isInput ? (result.data ?? new Uint8Array(0)) : bytes,
      size: result.immediate === true || result.rejected === true ? 0 : size,
      done: 0,
      gatherFault,
    };
  }

  /** The CCW's own data area plus those of the CCWs it data-chains to (following TICs). */
  private outputAreas(program: ActiveProgram, first: Ccw): { cda: number; count: number; ida: IdaMode | null }[] {
    const parts = [{ cda: first.cda, count: first.count, ida: idaOf(first, program) }];
    let ccw = first;
    let at = program.ccwAddress;
    let guard = 0;
    while ((ccw.flags & CF.CD) !== 0 && guard++ < 4096) {
      at += 8;
      const raw = this.storage.fetch(at, 8, program.orb.key);
      if (typeof raw === 'string') break;
      let next = decodeCcw(raw, 0, program.format1);
      if (commandClass(next.cmd, program.format1) === 'tic') {
        at = next.cda;
        const target = this.storage.fetch(at, 8, program.orb.key);
        if (typeof target === 'string' || at % 8 !== 0) break;
        next = decodeCcw(target, 0, program.format1);
      }
      parts.push({ cda: next.cda, count: next.count, ida: idaOf(next, program) });
      ccw = next;
    }
    return parts;
  }

  /** @internal */
  record(
    sch: Subchannel,
    program: ActiveProgram,
    ccw: Ccw,
    time: number,
    data: Uint8Array,
    transferred: number,
    dstat: number,
    cstat: number,
    residual: number,
    ended: boolean,
    initial: CcwRecord['initial'],
  ): CcwRecord {
    return {
      schno: sch.schno,
      time,
      address: program.ccwAddress,
      ccw,
      format1: program.format1,
      chaining: program.chaining,
      ticHops: program.ticHops.slice(),
      data,
      transferred,
      dstat,
      cstat,
      residual,
      ended,
      initial,
    };
  }

  private suspend(sch: Subchannel, program: ActiveProgram): void {
    const ccw = program.ccw as Ccw;
    program.phase = 'suspended';
    sch.scsw.actl = (sch.scsw.actl & ~(AC.SCHACT | AC.DEVACT)) | AC.SUSP;
    sch.scsw.cpa = (program.ccwAddress + 8) >>> 0;
    sch.scsw.count = ccw.count;
    sch.scsw.dstat = 0;
    sch.scsw.cstat = 0;
    if (program.orb.U !== 1) this.makeStatusPending(sch, SC.INTER | SC.PEND);
  }

  /** PCI: an intermediate interruption condition while the program goes on (PoO "Program-Controlled Interruption"). */
  private programControlledInterruption(sch: Subchannel): void {
    if (sch.statusPending) return;
    sch.scsw.cstat |= SCS.PCI;
    this.makeStatusPending(sch, SC.INTER | SC.PEND);
  }

  private programCheck(sch: Subchannel, program: ActiveProgram, address: number, cstat: number, reason: string): void {
    this.listener.check?.({ schno: sch.schno, address, cstat, reason });
    sch.scsw.cpa = (address + 8) >>> 0;
    this.endProgram(sch, program, 0, cstat);
  }

  /** Primary and secondary status: the start function ends and an interruption condition arises. */
  private endProgram(sch: Subchannel, program: ActiveProgram, dstat: number, cstat: number): void {
    program.phase = 'executing';
    program.eventId = this.scheduler.after(STATUS_LATENCY_NS, { kind: 'status', schno: sch.schno }, () => {
      this.programs.delete(sch.schno);
      const pciStillPending = (sch.scsw.cstat & SCS.PCI) !== 0 && sch.statusPending;
      sch.scsw.dstat = dstat;
      sch.scsw.cstat = cstat | (pciStillPending ? SCS.PCI : 0);
      sch.scsw.actl &= ~(AC.SCHACT | AC.DEVACT | AC.STARTPEND);
      // Hooks: concurrent sense into the ECW (PMCW S) and the logout of a channel check.
      concurrentSense(sch, dstat);
      channelCheckLogout(sch, cstat);
      const unusual = (sch.scsw.cstat & ~SCS.PCI) !== 0 || (dstat & (DS.UC | DS.UX | DS.ATTN | DS.BUSY)) !== 0;
      this.makeStatusPending(sch, SC.PRIM | SC.SEC | SC.PEND | (unusual ? SC.ALERT : 0), true);
    });
  }

  /** Sets status control bits; `replace` drops intermediate-only status that the final status supersedes. */
  makeStatusPending(sch: Subchannel, stctl: number, replace = false): void {
    sch.scsw.stctl = replace ? stctl : sch.scsw.stctl | stctl;
    sch.interruptionPending = true;
    this.listener.statusPending?.(sch);
  }
}

/** MIDAWs of a CCW (validate() has checked the ORB allows them), IDAWs, or direct addressing. */
const MIDAW_MODE: IdaMode = { format2: false, twoK: false, midaw: true };
function idaOf(ccw: Ccw, program: ActiveProgram): IdaMode | null {
  if ((ccw.flags & CF.MIDA) !== 0) return MIDAW_MODE;
  return (ccw.flags & CF.IDA) !== 0 ? program.ida : null;
}

function highestBit(mask: number): number {
  for (let bit = 0x80; bit !== 0; bit >>= 1) if (mask & bit) return bit;
  return 0;
}
