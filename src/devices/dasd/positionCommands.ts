/**
 * Positioning and control commands outside Locate Record: Seek, Seek Cylinder, Seek Head,
 * Recalibrate, Set File Mask, Set Sector and No-operation (reference eckd-dasd.md 3.6, 4.6;
 * Hercules 3.13 in oracle cases x_seek_cyl_head, x_sfm, x_sector, x_recal).
 */
import { hexBytes } from '../../arch/field';
import { DEFINE_EXTENT, SEEK_ADDRESS } from '../../arch/eckd';
import type { DeviceCommand, DeviceResult } from '../../css/device';
import { seekControlOf } from './chainState';
import { fmt, inExtent, wholeVolume } from './defineExtent';
import { commandReject, fileProtected, MSG } from './sense';
import { AVERAGE_LATENCY_US, COMMAND_OVERHEAD_US, transferUs } from './timing';
import { accept, CE_DE, type DasdUnit } from './unit';

const SEEK_LENGTH = SEEK_ADDRESS.size;

/** Seek controls (file mask bits 3-4) under which each seek command is allowed (reference 3.2). */
const SEEK_ALLOWED: Readonly<Record<number, readonly number[]>> = {
  0x07: [0],
  0x0b: [0, 1],
  0x1b: [0, 1, 2],
  0x13: [0],
};

/**
 * Seek (X'07'), Seek Cylinder (X'0B') and Seek Head (X'1B'): BBCCHH. The order of the checks is
 * Hercules' (oracle x_seek_cyl_head, x_sfm): count (format 0 message 3), the file mask (File
 * Protected, before the address is taken), BB and the address on the device (message 4), then
 * the extent (File Protected). Seek Head takes only
 * HH and stays on the current cylinder.
 */
export function seek(unit: DasdUnit, command: DeviceCommand): DeviceResult {
  const data = command.data;
  const name = command.code === 0x07 ? 'Seek' : command.code === 0x0b ? 'Seek Cylinder' : 'Seek Head';
  if (data.length < SEEK_LENGTH) {
    return unit.reject(command, commandReject(MSG.COUNT_TOO_SMALL, `${name} needs ${SEEK_LENGTH} bytes, the CCW gave ${data.length}`), data.length);
  }
  // The file mask is checked before the address is taken (oracle x_sfm: residual 6, so IL).
  const control = seekControlOf(unit.chain);
  if (!(SEEK_ALLOWED[command.code] ?? []).includes(control)) {
    return unit.reject(command, fileProtected(`the file mask's seek control B'${control.toString(2).padStart(2, '0')}' does not permit ${name}`), 0);
  }
  const p = SEEK_ADDRESS.decode(data, 0);
  const to = { cylinder: command.code === 0x1b ? unit.cursor.cylinder : p.cc, head: p.hh };
  const time = COMMAND_OVERHEAD_US + transferUs(SEEK_LENGTH);
  const { cylinders, heads } = unit.geometry;
  if (p.bb !== 0 || to.cylinder >= cylinders || to.head >= heads) {
    return unit.reject(command, commandReject(MSG.INVALID_PARAMETER, `${name} address ${hexBytes(data.subarray(0, 6))} is not BB=0, a cylinder below ${cylinders} and a head below ${heads}`), SEEK_LENGTH, time);
  }
  const extent = unit.chain.extent?.extent ?? wholeVolume(unit.geometry);
  if (!inExtent(to, extent, unit.geometry)) {
    return unit.reject(command, fileProtected(`${name} address ${fmt(to)} is outside the extent ${fmt(extent.begin)}-${fmt(extent.end)}`), SEEK_LENGTH, time);
  }
  unit.chain.positioned = true;
  return accept(SEEK_LENGTH, time + unit.cursor.seek(to) + AVERAGE_LATENCY_US);
}

/**
 * Recalibrate (X'13'): back to cylinder 0 head 0, as a Seek there (reference 4.6: seek control
 * 00 and track 0/0 inside the extent, else File Protected). Hercules 3.13 rejects it for a 3390
 * (format 0 message 1, oracle x_recal); COMPAT=HERCULES does the same.
 */
export function recalibrate(unit: DasdUnit, command: DeviceCommand): DeviceResult {
  if (unit.hercules) return unit.reject(command, commandReject(MSG.INVALID_COMMAND, 'Hercules 3.13 does not support Recalibrate on a 3390'));
  const origin = { cylinder: 0, head: 0 };
  const control = seekControlOf(unit.chain);
  if (control !== 0) return unit.reject(command, fileProtected(`the file mask's seek control B'${control.toString(2).padStart(2, '0')}' does not permit Recalibrate`));
  const extent = unit.chain.extent?.extent ?? wholeVolume(unit.geometry);
  if (!inExtent(origin, extent, unit.geometry)) return unit.reject(command, fileProtected(`cylinder 0 head 0 is outside the extent ${fmt(extent.begin)}-${fmt(extent.end)}`));
  unit.chain.positioned = true;
  return { status: CE_DE, immediate: true, timeUs: COMMAND_OVERHEAD_US + unit.cursor.seek(origin) };
}

/**
 * Set File Mask (X'1F'): one byte in Define Extent's byte-0 format. Not after a Define Extent or
 * another Set File Mask (format 0 message 2, before the byte is taken); the reserved bit 2 set is
 * an invalid parameter (oracle x_sfm).
 */
export function setFileMask(unit: DasdUnit, command: DeviceCommand): DeviceResult {
  if (unit.chain.extent || unit.chain.setFileMask !== null) {
    return unit.reject(command, commandReject(MSG.INVALID_SEQUENCE, `Set File Mask may not follow ${unit.chain.extent ? 'Define Extent' : 'another Set File Mask'} in the same chain`));
  }
  if (command.data.length < 1) return unit.reject(command, commandReject(MSG.COUNT_TOO_SMALL, 'Set File Mask needs 1 byte'));
  const mask = command.data[0] ?? 0;
  const fields = DEFINE_EXTENT.decode(Uint8Array.of(mask, 0xc0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
  if (fields.maskReserved !== 0) return unit.reject(command, commandReject(MSG.INVALID_PARAMETER, 'Set File Mask bit 2 is reserved and must be zero'), 1);
  unit.chain.setFileMask = mask;
  return accept(1);
}

/**
 * Set Sector (X'23'): one byte. Rotational position is not modelled (reference 1.3, as in
 * Hercules): the sector is taken and the next record is found as without it. Hercules 3.13
 * accepts any value, also X'E0' (oracle x_sector); so do we.
 */
export function setSector(unit: DasdUnit, command: DeviceCommand): DeviceResult {
  if (command.data.length < 1) return unit.reject(command, commandReject(MSG.COUNT_TOO_SMALL, 'Set Sector needs 1 byte'));
  return accept(1);
}

export function noOperation(): DeviceResult {
  return { status: CE_DE, immediate: true, timeUs: COMMAND_OVERHEAD_US };
}
