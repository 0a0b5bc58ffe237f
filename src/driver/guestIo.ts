/**
 * What the guest CPU's I/O instructions reach: the channel subsystem directly (PATH direct),
 * or QEMU's virtual subchannels in front of vfio-ccw mediated devices (PATH vfio). The driver
 * runs the same statements over either.
 */
import type { Orb } from '../arch';
import type { FaultSpec } from '../asm/image';
import type { ConditionCode, InstructionResult, SubchannelState } from '../css';

export interface GuestIo {
  readonly path: 'direct' | 'vfio';
  startSubchannel(schno: number, orb: Orb): InstructionResult;
  testSubchannel(schno: number): { cc: ConditionCode; irb: Uint8Array | null };
  haltSubchannel(schno: number): InstructionResult;
  clearSubchannel(schno: number): InstructionResult;
  resumeSubchannel(schno: number): InstructionResult;
  cancelSubchannel(schno: number): InstructionResult;
  storeSubchannel(schno: number): { cc: ConditionCode; schib: Uint8Array | null };
  modifySubchannel(schno: number, schib: Uint8Array): InstructionResult;
  /** TEST PENDING INTERRUPTION: cc 1 and the subchannel whose interruption was taken, or cc 0. */
  testPendingInterruption(): { cc: ConditionCode; schno: number | null };
  /** STORE CHANNEL REPORT WORD: 4 bytes; zeros with cc 1 when none is pending. */
  storeChannelReportWord(): { cc: ConditionCode; crw: Uint8Array };
  /** Lets the VMM handle device notifications (QEMU's eventfd handlers); direct: nothing to do. */
  poll(): void;
  /** The earliest pending I/O interruption among `schnos` (all when null). */
  nextInterruption(schnos: readonly number[] | null): number | null;
  /** Takes the interruption request (the status stays pending for TEST SUBCHANNEL). */
  acceptInterruption(schno: number): void;
  /** The subchannel as the guest sees it (no side effects). */
  subchannel(schno: number): SubchannelState | undefined;
  /** Result of the last region access the VMM made for this subchannel (vfio only). */
  lastRet(schno: number): number | null;
  /**
   * Injects a FAULT (LANGUAGE.md "Faults") for the device with number `devno`; returns null when
   * done, or why it cannot be. Optional: a path without it reports FAULT as not supported.
   */
  injectFault?(fault: FaultSpec): string | null;
  /** Sense bytes an injected unit check left at the device, which a Sense command would return next. */
  injectedSense?(devno: number): Uint8Array | null;
}
