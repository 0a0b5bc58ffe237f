/**
 * The channel subsystem: subchannels, the I/O instructions the CPU issues to them, the queue
 * of pending I/O interruptions, channel paths and channel report words (PoO chapters 13-17).
 * Every instruction returns a condition code or a program exception; none throws.
 */
import { AC, DS, FC, SC, SCHIB, SCS, type Orb } from '../arch';
import { ChannelPaths, pathBitsOf, type HostListener } from './channelPaths';
import { CrwQueue } from './crw';
import type { Device } from './device';
import { ChannelEngine, type CcwRecord, type EngineListener, type ProgramCheckInfo } from './engine';
import { channelCheckLogout, type ChannelCheck } from './faults';
import type { Scheduler } from './scheduler';
import type { ChannelStorage } from './storage';
import {
  acceptCancel,
  acceptClear,
  acceptHalt,
  acceptStart,
  activityOf,
  applyModify,
  cancelRefusal,
  clearForTest,
  clearRefusal,
  completeClear,
  completeHalt,
  endOnPathLoss,
  haltReachesDevice,
  haltRefusal,
  modifyRefusal,
  resumeRefusal,
  schibOperandCheck,
  startRefusal,
  testRefusal,
} from './rules';
import { Subchannel } from './subchannel';
import { NS_PER_US } from './scheduler';

export type ConditionCode = 0 | 1 | 2 | 3;

/** An instruction either sets a condition code or is suppressed by a program exception. */
export type InstructionResult = { readonly cc: ConditionCode } | { readonly programException: number; readonly reason: string };

/** Program-interruption codes the I/O instructions can cause (PoO "Program-Interruption Conditions"). */
export const PROGRAM_EXCEPTION = { ADDRESSING: 0x05, SPECIFICATION: 0x06, OPERAND: 0x15 } as const;

/** From HALT SUBCHANNEL to the halt signal's ending at the subchannel. */
export const HALT_LATENCY_NS = 1 * NS_PER_US;
/** From CLEAR SUBCHANNEL to the clear signal's completion. */
export const CLEAR_LATENCY_NS = 1 * NS_PER_US;
/** From the device raising attention to the subchannel being status pending. */
export const ATTENTION_LATENCY_NS = 1 * NS_PER_US;

export interface AttachOptions {
  readonly chpids?: readonly number[];
  /** Interruption subclass; subchannels start enabled with ISC 3, as an operating system leaves them. */
  readonly isc?: number;
  readonly enabled?: boolean;
}

export class ChannelSubsystem {
  readonly engine: ChannelEngine;
  readonly crws = new CrwQueue();
  readonly paths = new ChannelPaths(this.crws);
  private readonly subchannels = new Map<number, Subchannel>();
  /** Subchannels with an interruption request, in the order the conditions arose. */
  private readonly interruptionQueue: number[] = [];
  private readonly listeners: EngineListener[] = [];
  /** The scheduled completion of a halt or clear function, per subchannel. */
  private readonly functionEvents = new Map<number, number>();

  constructor(
    readonly storage: ChannelStorage,
    readonly scheduler: Scheduler,
  ) {
    this.engine = new ChannelEngine(storage, scheduler, {
      ccwFetched: (sch, address, ccw) => this.listeners.forEach((l) => l.ccwFetched?.(sch, address, ccw)),
      ccwExecuted: (record: CcwRecord) => this.listeners.forEach((l) => l.ccwExecuted?.(record)),
      check: (info: ProgramCheckInfo) => this.listeners.forEach((l) => l.check?.(info)),
      statusPending: (sch) => {
        if (!this.interruptionQueue.includes(sch.schno)) this.interruptionQueue.push(sch.schno);
        this.listeners.forEach((l) => l.statusPending?.(sch));
      },
    });
  }

  addListener(listener: EngineListener): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  /** The host's common I/O layer: channel-path and subchannel events (what vfio-ccw reacts to). */
  addHostListener(listener: HostListener): () => void {
    return this.paths.addListener(listener);
  }

  attach(schno: number, device: Device, options: AttachOptions = {}): Subchannel {
    if (this.subchannels.has(schno)) throw new Error(`subchannel ${schno} is already attached`);
    const sch = new Subchannel(schno, device, {
      chpids: options.chpids ?? [0x01],
      isc: options.isc ?? 3,
      enabled: options.enabled ?? true,
    });
    sch.pathsOnline = this.paths.onlineMask(sch);
    this.subchannels.set(schno, sch);
    return sch;
  }

  subchannel(schno: number): Subchannel | undefined {
    return this.subchannels.get(schno);
  }

  byDevno(devno: number): Subchannel | undefined {
    for (const sch of this.subchannels.values()) if (sch.pmcw.devno === devno) return sch;
    return undefined;
  }

  all(): Subchannel[] {
    return [...this.subchannels.values()].sort((a, b) => a.schno - b.schno);
  }

  /** The subchannel as the I/O instructions see it: absent once it has become not operational. */
  private provided(schno: number): Subchannel | undefined {
    const sch = this.subchannels.get(schno);
    return sch && sch.operational ? sch : undefined;
  }

  /** START SUBCHANNEL (PoO "START SUBCHANNEL"). */
  startSubchannel(schno: number, orb: Orb): InstructionResult {
    const invalid = orbOperandCheck(orb);
    if (invalid) return { programException: PROGRAM_EXCEPTION.OPERAND, reason: invalid };
    const sch = this.provided(schno);
    const refused = startRefusal(sch);
    if (refused !== null || !sch) return { cc: refused ?? 3 };
    if (!sch.deviceAnswers) {
      // The device answers on no path: the paths tried are not operational (FAULT NOPATH).
      sch.pmcw.pnom |= orb.lpm & sch.pmcw.pim & sch.pmcw.pam & sch.pmcw.pom;
      return { cc: 3 };
    }
    acceptStart(sch, orb);
    // PoO "Operation-Request Block", LPM: the ORB's logical-path mask is placed in the
    // subchannel (PMCW LPM) when START SUBCHANNEL is executed.
    sch.pmcw.lpm = orb.lpm;
    this.engine.start(sch, orb);
    return { cc: 0 };
  }

  /**
   * TEST SUBCHANNEL: the IRB, and the status cleared when it was pending (PoO Figure
   * "Conditions and Indications Cleared at the Subchannel by TEST SUBCHANNEL").
   */
  testSubchannel(schno: number): { cc: ConditionCode; irb: Uint8Array | null } {
    const sch = this.provided(schno);
    const refused = testRefusal(sch);
    if (refused !== null || !sch) return { cc: refused ?? 3, irb: null };
    const irb = sch.irbBytes();
    if (!sch.statusPending) return { cc: 1, irb };
    clearForTest(sch);
    this.withdrawInterruption(sch);
    if (sch.faults.attention) this.presentAttention(sch.schno);
    return { cc: 0, irb };
  }

  /** STORE SUBCHANNEL: the 52-byte SCHIB, also of a disabled subchannel (PoO "STORE SUBCHANNEL"). */
  storeSubchannel(schno: number): { cc: ConditionCode; schib: Uint8Array | null } {
    const sch = this.provided(schno);
    if (!sch) return { cc: 3, schib: null };
    return { cc: 0, schib: sch.schibBytes() };
  }

  /** MODIFY SUBCHANNEL with a 52-byte SCHIB (PoO "MODIFY SUBCHANNEL"). */
  modifySubchannel(schno: number, schib: Uint8Array): InstructionResult {
    if (schib.length < SCHIB.size) return { programException: PROGRAM_EXCEPTION.OPERAND, reason: `the SCHIB has ${schib.length} bytes, not 52` };
    const decoded = SCHIB.decode(schib);
    const invalid = schibOperandCheck(decoded);
    if (invalid) return { programException: PROGRAM_EXCEPTION.OPERAND, reason: invalid };
    const sch = this.provided(schno);
    const refused = modifyRefusal(sch);
    if (refused === 'ignored') return { cc: 0 };
    if (refused !== null || !sch) return { cc: refused ?? 3 };
    applyModify(sch, decoded);
    return { cc: 0 };
  }

  /** RESUME SUBCHANNEL (PoO "RESUME SUBCHANNEL"). */
  resumeSubchannel(schno: number): InstructionResult {
    const sch = this.provided(schno);
    const refused = resumeRefusal(sch);
    if (refused !== null || !sch) return { cc: refused ?? 3 };
    sch.scsw.actl |= AC.RESPEND;
    if (activityOf(sch) === 'suspended') this.engine.resume(sch);
    return { cc: 0 };
  }

  /**
   * HALT SUBCHANNEL (PoO "HALT SUBCHANNEL", "Halt Function"). The program stops at once (no
   * further CCW is fetched); the halt signal's ending makes the subchannel status pending
   * HALT_LATENCY_NS later, with the status completeHalt gives for what the subchannel was doing.
   */
  haltSubchannel(schno: number): InstructionResult {
    const sch = this.provided(schno);
    const refused = haltRefusal(sch);
    if (refused !== null || !sch) return { cc: refused ?? 3 };
    const prior = activityOf(sch);
    const program = this.engine.terminate(sch);
    // A CCW fetched but not yet executed transferred nothing: its whole count is residual.
    if (program && program.phase === 'fetched' && program.ccw) sch.scsw.count = program.ccw.count;
    acceptHalt(sch);
    if (sch.scsw.stctl === 0) this.withdrawInterruption(sch);
    this.scheduleFunction(sch, HALT_LATENCY_NS, () => {
      // The halt signal reaches the device: a device in a channel program ends its operation and
      // chain (the DASD's Locate Record domain, ...), then presents the ending status completeHalt
      // stores (PoO "Halt Function"). Idle or start pending: the device has no operation.
      if (haltReachesDevice(prior)) sch.device.halt?.();
      const stctl = completeHalt(sch, prior, this.pathFor(sch));
      this.engine.makeStatusPending(sch, stctl, true);
    });
    return { cc: 0 };
  }

  /**
   * CLEAR SUBCHANNEL (PoO "CLEAR SUBCHANNEL", "Clear Function"): any program and pending status
   * are discarded, the path-management fields reset, and the clear signal resets the device.
   */
  clearSubchannel(schno: number): InstructionResult {
    const sch = this.provided(schno);
    const refused = clearRefusal(sch);
    if (refused !== null || !sch) return { cc: refused ?? 3 };
    this.engine.terminate(sch);
    this.cancelFunction(sch);
    this.withdrawInterruption(sch);
    acceptClear(sch);
    sch.faults.attention = false;
    this.scheduleFunction(sch, CLEAR_LATENCY_NS, () => {
      // PoO "Clear Function": the clear signal resets the device (it drops its operation, chain
      // state and contingent allegiance/sense), a stronger signal than halt's.
      sch.device.reset();
      sch.faults.reset();
      const stctl = completeClear(sch, this.pathFor(sch));
      this.engine.makeStatusPending(sch, stctl, true);
    });
    return { cc: 0 };
  }

  /** CANCEL SUBCHANNEL (PoO "CANCEL SUBCHANNEL"): the start function is withdrawn, no interruption. */
  cancelSubchannel(schno: number): InstructionResult {
    const sch = this.provided(schno);
    const refused = cancelRefusal(sch);
    if (refused !== null || !sch) return { cc: refused ?? 3 };
    this.engine.terminate(sch);
    acceptCancel(sch);
    return { cc: 0 };
  }

  /**
   * TEST PENDING INTERRUPTION (PoO "TEST PENDING INTERRUPTION"): cc 1 and the subchannel whose
   * interruption request was taken (its status stays pending for TEST SUBCHANNEL), or cc 0
   * when none is pending. Every ISC is enabled (CR6 all ones).
   */
  testPendingInterruption(): { cc: ConditionCode; schno: number | null } {
    const sch = this.nextInterruption();
    if (!sch) return { cc: 0, schno: null };
    this.withdrawInterruption(sch);
    return { cc: 1, schno: sch.schno };
  }

  /** STORE CHANNEL REPORT WORD: the oldest CRW (cc 0), or zeros with cc 1 when none is pending. */
  storeChannelReportWord(): { cc: ConditionCode; crw: Uint8Array } {
    return this.crws.store();
  }

  /**
   * A channel path goes physically offline or comes back: CRWs and host notifications. Going
   * offline also ends, at once, every operation active on that path (endOnPathLoss) before the
   * CRW is queued, as the channel subsystem notices the loss on the interface before software
   * hears of it; a program start pending or suspended meets the loss at its next path selection.
   */
  setChannelPathOnline(chpid: number, online: boolean): void {
    if (!online && this.paths.isOnline(chpid)) for (const sch of this.all()) this.loseActivePath(sch, chpid);
    this.paths.setOnline(chpid, online, this.all());
  }

  /** Ends `sch`'s operation when it is active on a path of channel path `chpid`. */
  private loseActivePath(sch: Subchannel, chpid: number): void {
    const lost = pathBitsOf(sch, chpid) & sch.esw.lpum;
    if (lost === 0 || activityOf(sch) !== 'active' || (sch.scsw.fctl & (FC.HALT | FC.CLEAR)) !== 0) return;
    const program = this.engine.terminate(sch);
    if (!program) return;
    // A CCW fetched but not yet executed transferred nothing: its whole count is residual.
    if (program.phase === 'fetched' && program.ccw) sch.scsw.count = program.ccw.count;
    // The device loses the path mid-operation: its operation and chain end, as with halt.
    sch.device.halt?.();
    const stctl = endOnPathLoss(sch, lost);
    channelCheckLogout(sch, SCS.ICC);
    this.engine.makeStatusPending(sch, stctl, true);
  }

  /** Vary a channel path logically offline or online (the path-available mask; no CRW). */
  varyChannelPath(chpid: number, online: boolean): void {
    this.paths.vary(chpid, online, this.all());
  }

  /**
   * FAULT NOTOPER (`scope` 'subchannel'): the subchannel disappears (every instruction gets
   * cc 3, its program and status are lost) with a subchannel CRW and a host subchannel event;
   * `operational` true brings it back, idle. FAULT NOPATH (`scope` 'device'): the device stops
   * answering on every path, so START SUBCHANNEL gets cc 3; nothing is reported.
   */
  setDeviceOperational(schno: number, operational: boolean, scope: 'subchannel' | 'device' = 'subchannel'): void {
    const sch = this.subchannels.get(schno);
    if (!sch) return;
    if (scope === 'device') {
      sch.deviceAnswers = operational;
      return;
    }
    if (sch.operational === operational) return;
    sch.operational = operational;
    if (!operational) {
      this.engine.terminate(sch);
      this.cancelFunction(sch);
      this.withdrawInterruption(sch);
      Object.assign(sch.scsw, { fctl: 0, actl: 0, stctl: 0, dstat: 0, cstat: 0 });
    }
    this.paths.subchannelChanged(schno, operational);
  }

  /** FAULT UNITCHECK: the next command ends with unit check; `sense` replaces the device's sense. */
  injectUnitCheck(schno: number, sense: Uint8Array | null): boolean {
    const sch = this.subchannels.get(schno);
    if (!sch) return false;
    // Sense data is 32 bytes (SENSE_MAX_COUNT); shorter FAULT sense is padded with zeros.
    const padded = sense ? new Uint8Array(32) : null;
    if (sense && padded) padded.set(sense.subarray(0, 32));
    sch.faults.unitCheck = { sense: padded };
    return true;
  }

  /** FAULT CDC / ICC / CCC: the check on the next data transfer. */
  injectChannelCheck(schno: number, check: ChannelCheck): boolean {
    const sch = this.subchannels.get(schno);
    if (!sch) return false;
    sch.faults.channelCheck = check;
    return true;
  }

  /** FAULT BUSY: the device answers busy once. */
  injectBusy(schno: number): boolean {
    const sch = this.subchannels.get(schno);
    if (!sch) return false;
    sch.faults.busy = true;
    return true;
  }

  /**
   * FAULT ATTN: the device presents attention, unsolicited. An idle subchannel becomes status
   * pending with alert status and device status attention (PoO "Attention"; Linux counts an SCSW
   * with cc 0 and alert + status pending alone as unsolicited); a busy one gets it once idle.
   */
  presentAttention(schno: number): boolean {
    const sch = this.subchannels.get(schno);
    if (!sch) return false;
    if (sch.scsw.fctl !== 0 || sch.statusPending || !sch.operational) {
      sch.faults.attention = true;
      return true;
    }
    sch.faults.attention = false;
    this.scheduler.after(ATTENTION_LATENCY_NS, { kind: 'status', schno }, () => {
      if (sch.scsw.fctl !== 0 || sch.statusPending || !sch.operational) {
        sch.faults.attention = true;
        return;
      }
      Object.assign(sch.scsw, { cc: 0, actl: 0, dstat: DS.ATTN, cstat: 0 });
      this.engine.makeStatusPending(sch, SC.ALERT | SC.PEND, true);
    });
    return true;
  }

  /** The earliest pending interruption, optionally only among some subchannels. */
  nextInterruption(accept: (sch: Subchannel) => boolean = () => true): Subchannel | null {
    for (const schno of this.interruptionQueue) {
      const sch = this.subchannels.get(schno);
      if (sch && sch.operational && accept(sch)) return sch;
    }
    return null;
  }

  /** Clears the interruption request (the status stays pending until TEST SUBCHANNEL). */
  withdrawInterruption(sch: Subchannel): void {
    sch.interruptionPending = false;
    const i = this.interruptionQueue.indexOf(sch.schno);
    if (i >= 0) this.interruptionQueue.splice(i, 1);
  }

  /** The path a halt or clear signal goes out on: the last path used, else the first usable one. */
  private pathFor(sch: Subchannel): number {
    const usable = sch.pmcw.pim & sch.pmcw.pam & sch.pathsOnline;
    if ((sch.esw.lpum & usable) !== 0) return sch.esw.lpum;
    for (let bit = 0x80; bit !== 0; bit >>= 1) if ((usable & bit) !== 0) return bit;
    return 0;
  }

  private scheduleFunction(sch: Subchannel, delay: number, complete: () => void): void {
    this.cancelFunction(sch);
    const id = this.scheduler.after(delay, { kind: 'status', schno: sch.schno }, () => {
      this.functionEvents.delete(sch.schno);
      complete();
    });
    this.functionEvents.set(sch.schno, id);
  }

  private cancelFunction(sch: Subchannel): void {
    const id = this.functionEvents.get(sch.schno);
    if (id !== undefined) this.scheduler.cancel(id);
    this.functionEvents.delete(sch.schno);
  }
}

/** ORB fields that make START SUBCHANNEL an operand exception (PoO "START SUBCHANNEL"). */
function orbOperandCheck(orb: Orb): string | null {
  if (orb.reserved !== 0) return 'ORB word 1 bits 26-30 must be zero';
  if (orb.cpa >= 0x8000_0000) return 'ORB channel-program address has bit 0 set';
  if (orb.B === 1) return 'ORB B = 1 (transport mode) is not available on this subchannel';
  return null;
}
