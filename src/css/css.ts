/**
 * The channel subsystem: subchannels, the I/O instructions the CPU issues to them, and the
 * queue of pending I/O interruptions (PoO chapters 13-17).
 */
import { AC, FC, type Orb } from '../arch';
import type { Device } from './device';
import { ChannelEngine, type CcwRecord, type EngineListener, type ProgramCheckInfo } from './engine';
import type { Scheduler } from './scheduler';
import type { ChannelStorage } from './storage';
import { acceptStart, clearForTest, startRefusal, testRefusal } from './rules';
import { Subchannel } from './subchannel';

export type ConditionCode = 0 | 1 | 2 | 3;

/** An instruction either sets a condition code or is suppressed by a program exception. */
export type InstructionResult = { readonly cc: ConditionCode } | { readonly programException: number; readonly reason: string };

/** Program-interruption codes the I/O instructions can cause (PoO "Program-Interruption Conditions"). */
export const PROGRAM_EXCEPTION = { OPERAND: 0x15, SPECIFICATION: 0x06 } as const;

export interface AttachOptions {
  readonly chpids?: readonly number[];
  /** Interruption subclass; subchannels start enabled with ISC 3, as an operating system leaves them. */
  readonly isc?: number;
  readonly enabled?: boolean;
}

export class ChannelSubsystem {
  readonly engine: ChannelEngine;
  private readonly subchannels = new Map<number, Subchannel>();
  /** Subchannels with an interruption request, in the order the conditions arose. */
  private readonly interruptionQueue: number[] = [];
  private readonly listeners: EngineListener[] = [];

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

  attach(schno: number, device: Device, options: AttachOptions = {}): Subchannel {
    if (this.subchannels.has(schno)) throw new Error(`subchannel ${schno} is already attached`);
    const sch = new Subchannel(schno, device, {
      chpids: options.chpids ?? [0x01],
      isc: options.isc ?? 3,
      enabled: options.enabled ?? true,
    });
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

  /** START SUBCHANNEL (PoO "START SUBCHANNEL"). */
  startSubchannel(schno: number, orb: Orb): InstructionResult {
    const invalid = orbOperandCheck(orb);
    if (invalid) return { programException: PROGRAM_EXCEPTION.OPERAND, reason: invalid };
    const sch = this.subchannels.get(schno);
    const refused = startRefusal(sch);
    if (refused !== null || !sch) return { cc: refused ?? 3 };
    acceptStart(sch, orb);
    this.engine.start(sch, orb);
    return { cc: 0 };
  }

  /**
   * TEST SUBCHANNEL: the IRB, and the status cleared when it was pending (PoO Figure
   * "Conditions and Indications Cleared at the Subchannel by TEST SUBCHANNEL").
   */
  testSubchannel(schno: number): { cc: ConditionCode; irb: Uint8Array | null } {
    const sch = this.subchannels.get(schno);
    const refused = testRefusal(sch);
    if (refused !== null || !sch) return { cc: refused ?? 3, irb: null };
    const irb = sch.irbBytes();
    if (!sch.statusPending) return { cc: 1, irb };
    clearForTest(sch);
    this.withdrawInterruption(sch);
    return { cc: 0, irb };
  }

  /** STORE SUBCHANNEL: the 52-byte SCHIB. */
  storeSubchannel(schno: number): { cc: ConditionCode; schib: Uint8Array | null } {
    const sch = this.subchannels.get(schno);
    if (!sch) return { cc: 3, schib: null };
    return { cc: 0, schib: sch.schibBytes() };
  }

  /** RESUME SUBCHANNEL (PoO "RESUME SUBCHANNEL"). */
  resumeSubchannel(schno: number): InstructionResult {
    const sch = this.subchannels.get(schno);
    if (!sch || sch.pmcw.V !== 1 || sch.pmcw.E !== 1) return { cc: 3 };
    if (sch.statusPending) return { cc: 1 };
    const scsw = sch.scsw;
    if (scsw.fctl !== FC.START || scsw.S !== 1 || (scsw.actl & AC.RESPEND) !== 0) return { cc: 2 };
    scsw.actl |= AC.RESPEND;
    if ((scsw.actl & AC.SUSP) !== 0) this.engine.resume(sch);
    return { cc: 0 };
  }

  /** The earliest pending interruption, optionally only among some subchannels. */
  nextInterruption(accept: (sch: Subchannel) => boolean = () => true): Subchannel | null {
    for (const schno of this.interruptionQueue) {
      const sch = this.subchannels.get(schno);
      if (sch && accept(sch)) return sch;
    }
    return null;
  }

  /** Clears the interruption request (the status stays pending until TEST SUBCHANNEL). */
  withdrawInterruption(sch: Subchannel): void {
    sch.interruptionPending = false;
    const i = this.interruptionQueue.indexOf(sch.schno);
    if (i >= 0) this.interruptionQueue.splice(i, 1);
  }
}

/** ORB fields that make START SUBCHANNEL an operand exception (PoO "START SUBCHANNEL"). */
function orbOperandCheck(orb: Orb): string | null {
  if (orb.reserved !== 0) return 'ORB word 1 bits 26-30 must be zero';
  if (orb.cpa >= 0x8000_0000) return 'ORB channel-program address has bit 0 set';
  if (orb.B === 1) return 'ORB B = 1 (transport mode) is not available on this subchannel';
  return null;
}
