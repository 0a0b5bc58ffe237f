/**
 * Faults a test bench injects into a subchannel's device or paths (LANGUAGE.md "Faults"):
 * held here until the channel meets the event they replace, then consumed once.
 */
import { DS, SCS, type CommandClass } from '../arch';
import type { DeviceResult } from './device';
import type { Subchannel } from './subchannel';

export type ChannelCheck = typeof SCS.CDC | typeof SCS.ICC | typeof SCS.CCC;

export class PendingFaults {
  /** The next command ends with unit check; with sense bytes, the device's sense is replaced by them. */
  unitCheck: { readonly sense: Uint8Array | null } | null = null;
  /** Sense bytes injected by a unit-check fault that the device now holds until a Sense command reads them. */
  heldSense: Uint8Array | null = null;
  /** The device answers the next initial selection with busy. */
  busy = false;
  /** A channel-data, interface-control or channel-control check on the next data transfer. */
  channelCheck: number = 0;
  /** An unsolicited attention waits for the subchannel to be idle. */
  attention = false;

  /** Clear signal / device reset: the device drops what it held. */
  reset(): void {
    this.heldSense = null;
  }
}

/** Sense data an injected unit check gives when the FAULT names none: byte 0 equipment check. */
export const DEFAULT_INJECTED_SENSE = (() => {
  const s = new Uint8Array(32);
  s[0] = 0x10;
  return s;
})();

/**
 * Engine hook before a command reaches the device: the status an injected fault makes the
 * device answer with instead, or null to let the device execute the command.
 */
export function injectedResult(faults: PendingFaults, code: number, klass: CommandClass): DeviceResult | null {
  if (faults.busy) {
    // A busy device does not accept the command (PoO "Busy"): nothing is transferred.
    faults.busy = false;
    return { status: DS.BUSY, rejected: true, timeUs: 1 };
  }
  if (faults.unitCheck) {
    faults.heldSense = (faults.unitCheck.sense ?? DEFAULT_INJECTED_SENSE).slice();
    faults.unitCheck = null;
    return { status: DS.CE | DS.DE | DS.UC, rejected: true, timeUs: 1 };
  }
  // A basic Sense after an injected unit check returns the injected sense, once.
  if (faults.heldSense && klass === 'sense' && (code & 0xff) === BASIC_SENSE) {
    const data = faults.heldSense;
    faults.heldSense = null;
    return { status: DS.CE | DS.DE, data, timeUs: 1 };
  }
  return null;
}

const BASIC_SENSE = 0x04;

/** Engine hook at data transfer: the injected channel check, consumed, or 0. */
export function takeChannelCheck(faults: PendingFaults): number {
  const check = faults.channelCheck;
  faults.channelCheck = 0;
  return check;
}

/**
 * Concurrent sense (PMCW S = 1): with unit check, the sense bytes go into the ECW, with ERW S
 * and the sense count (ERW bits 10-15, the Linux struct erw layout; QEMU's build_irb_virtual
 * puts the count in the wrong byte) and SCSW E (PoO "Concurrent Sense").
 */
export function concurrentSense(sch: Subchannel, dstat: number): void {
  if ((dstat & DS.UC) === 0 || sch.pmcw.S !== 1) return;
  const sense = sch.faults.heldSense ?? sch.device.sense();
  sch.faults.heldSense = null;
  const n = Math.min(32, sense.length);
  sch.ecw.fill(0);
  sch.ecw.set(sense.subarray(0, n));
  sch.esw.erwS = 1;
  sch.esw.scnt = n;
  sch.scsw.E = 1;
}

/**
 * A channel-data, channel-control or interface-control check is reported with a format-0 ESW
 * (SCSW L = 1): the subchannel logout with LPUM and termination code valid, termination code
 * 01 (stop, stack or normal). QEMU's build_irb_virtual likewise switches to format 0 here.
 */
export function channelCheckLogout(sch: Subchannel, cstat: number): void {
  if ((cstat & (SCS.CDC | SCS.CCC | SCS.ICC)) === 0) return;
  sch.scsw.L = 1;
  Object.assign(sch.esw, { fvf: 0b11000, termc: 1 });
}
