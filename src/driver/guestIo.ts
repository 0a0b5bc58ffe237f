/**
 * What the guest CPU's I/O instructions reach: the channel subsystem directly (PATH direct),
 * or QEMU's virtual subchannels in front of vfio-ccw mediated devices (PATH vfio). The driver
 * runs the same statements over either.
 */
import type { Orb } from '../arch';
import type { ConditionCode, InstructionResult, SubchannelState } from '../css';

export interface GuestIo {
  readonly path: 'direct' | 'vfio';
  startSubchannel(schno: number, orb: Orb): InstructionResult;
  testSubchannel(schno: number): { cc: ConditionCode; irb: Uint8Array | null };
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
}
