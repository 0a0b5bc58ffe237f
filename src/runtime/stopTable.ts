/**
 * The fast path's stop predicate (`ChannelEngine.stopBefore`): which fetched CCWs must go back
 * to the reference path so the runtime sees them and stops exactly where it stops without
 * batching. Compiled once per breakpoint change into lookups that cost a few nanoseconds per
 * CCW: a bitmap of breakpoint CCW addresses (one bit per doubleword of guest storage), a
 * 256-entry table of command codes per device (function breakpoints by code, by name or by
 * device), the data-area ranges, and the runaway limit.
 *
 * It answers whether a breakpoint *may* be reached; conditions, hit counts and logpoints are the
 * runtime's to evaluate on the reference path, as before. Saying true too often only costs speed.
 */
import type { CcwStopPredicate, StopBefore } from '../css';
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
export function compileStopBefore(breakpoints: Breakpoints, devices: readonly MachineDevice[], storageSize: number, runaway: RunawayWatch | null): StopBefore | null {
  const addresses = [...breakpoints.ccwAddresses()];
  const areas = breakpoints.areaRanges();
  const functions = breakpoints.functionSpecs();
  if (addresses.length === 0 && areas.length === 0 && functions.length === 0 && runaway === null) return null;

  // Breakpoint addresses are doubleword aligned guest addresses inside storage (setInstructions
  // and the assembler see to it); anything else cannot be fetched, so it is not in the map.
  const marked = new Uint8Array(Math.ceil(storageSize / 64));
  for (const a of addresses) if (a >= 0 && a < storageSize && a % 8 === 0) marked[a >>> 6]! |= 1 << ((a >>> 3) & 7);
  const hasAddresses = addresses.length > 0;
  const at = (guest: number): boolean => guest >= 0 && guest < storageSize && guest % 8 === 0 && ((marked[guest >>> 6] ?? 0) & (1 << ((guest >>> 3) & 7))) !== 0;

  const bySchno = new Map<number, CcwStopPredicate | null>();
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
    const vfio = device.mdev !== null;
    const devno = device.devno;
    const predicate: CcwStopPredicate = (address, hop, cmd, cda, count, fetched) => {
      if (codes !== null && codes[cmd] === 1) return true;
      if (hasAddresses) {
        // Breakpoints are on guest addresses; on PATH vfio the channel runs the translated copy.
        if (at(vfio ? guestAddressOf(device, address) : address)) return true;
        if (hop >= 0 && at(vfio ? guestAddressOf(device, hop) : hop)) return true;
      }
      if (areas.length > 0 && count > 0 && (cmd & 0x0f) !== 0x08) {
        // The data address is the guest's on PATH direct; on vfio any area may be reached.
        if (vfio) return true;
        for (const a of areas) if (cda < a.address + a.length && a.address < cda + count) return true;
      }
      return runaway !== null && !runaway.reported(devno) && fetched - runaway.base(devno) >= runaway.maxCcws;
    };
    bySchno.set(device.cssSchno, predicate);
  }
  // A subchannel without a device of ours: every CCW goes to the reference path.
  const always: CcwStopPredicate = () => true;
  return (schno) => bySchno.get(schno) ?? always;
}
