/**
 * The fast path's stop predicate (`ChannelEngine.stopBefore`): which fetched CCWs must go back
 * to the reference path so the runtime sees them and stops exactly where it stops without
 * batching. Compiled once per breakpoint change into lookups that cost a few nanoseconds per
 * CCW: a Set of breakpoint CCW addresses, a 256-entry table of command codes per device (function
 * breakpoints by code, by name or by device), the data-area ranges, and the runaway limit.
 *
 * It answers whether a breakpoint *may* be reached; conditions, hit counts and logpoints are the
 * runtime's to evaluate on the reference path, as before. Saying true too often only costs speed.
 */
import type { StopBefore } from '../css';
import type { Breakpoints } from './breakpoints';
import { guestAddressOf } from './guestView';
import type { MachineDevice } from './machine';

export interface RunawayWatch {
  readonly maxCcws: number;
  /** Fetch count of the device's subchannel when its current program started. */
  base(devno: number): number;
  reported(devno: number): boolean;
}

/** The predicate, or null when no CCW needs the reference path. */
export function compileStopBefore(breakpoints: Breakpoints, devices: readonly MachineDevice[], runaway: RunawayWatch | null): StopBefore | null {
  const addresses = new Set<number>(breakpoints.ccwAddresses());
  const areas = breakpoints.areaRanges();
  const functions = breakpoints.functionSpecs();
  if (addresses.size === 0 && areas.length === 0 && functions.length === 0 && runaway === null) return null;

  // Per CSS subchannel: the device, and the command codes a function breakpoint stops on.
  const bySchno = new Map<number, { device: MachineDevice; codes: Uint8Array | null }>();
  for (const device of devices) {
    let codes: Uint8Array | null = null;
    for (const f of functions) {
      if (f.devno !== null && f.devno !== device.devno) continue;
      codes ??= new Uint8Array(256);
      for (let c = 0; c < 256; c++) {
        if (f.cmd !== null && f.cmd !== c) continue;
        if (f.name !== null && (device.device.commandName(c) ?? '').toUpperCase() !== f.name) continue;
        codes[c] = 1;
      }
    }
    bySchno.set(device.cssSchno, { device, codes });
  }
  const checkAddresses = addresses.size > 0;

  return (schno, address, hop, cmd, cda, count, fetched) => {
    const entry = bySchno.get(schno);
    if (!entry) return true;
    const device = entry.device;
    if (entry.codes !== null && entry.codes[cmd] === 1) return true;
    if (checkAddresses) {
      // Breakpoints are on guest addresses; on PATH vfio the channel runs the translated copy.
      const guest = device.mdev ? guestAddressOf(device, address) : address;
      if (addresses.has(guest)) return true;
      if (hop >= 0 && addresses.has(device.mdev ? guestAddressOf(device, hop) : hop)) return true;
    }
    if (areas.length > 0 && count > 0 && (cmd & 0x0f) !== 0x08) {
      // The data address is the guest's on PATH direct; on vfio any area may be reached (conservative).
      if (device.mdev) return true;
      for (const a of areas) if (cda < a.address + a.length && a.address < cda + count) return true;
    }
    if (runaway !== null && !runaway.reported(device.devno) && fetched - runaway.base(device.devno) >= runaway.maxCcws) return true;
    return false;
  };
}
