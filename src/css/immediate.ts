/**
 * The fast answer a device may give the engine's fast path for an immediate command (NOP and
 * the like) in its plain state, without a DeviceCommand or a DeviceResult per CCW.
 *
 * `immediate` must change the device exactly as `execute` would for the same command with no
 * data, and answer what `execute` would: the status (usually channel end and device end, maybe
 * status modifier) and the time of an immediate operation. When the device is in any state where
 * that is not certain, it answers null, having changed nothing (the engine may ask again for the
 * same CCW), and the engine calls `execute` as usual. It must not look at the scheduler's time or
 * the subchannel: the fast path runs whole strings of immediate CCWs and settles time, counters
 * and the SCSW once at the end of the string (src/css/immediateRun.ts).
 * test/unit/css/differentialDasdNop.test.ts holds the 3390's answers to its `execute`.
 */
import type { ChainingMode, Device } from './device';

/** A constant per command and device: the fast path allocates nothing. */
export interface ImmediateAnswer {
  readonly status: number;
  readonly timeUs: number;
}

export interface ImmediateDevice extends Device {
  immediate(code: number, flags: number, chaining: ChainingMode): ImmediateAnswer | null;
}

export function hasImmediate(device: Device): device is ImmediateDevice {
  return typeof (device as Partial<ImmediateDevice>).immediate === 'function';
}
