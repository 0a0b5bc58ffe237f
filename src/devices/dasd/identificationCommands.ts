/**
 * Sense, identification and path commands: Sense, Sense ID, Read Device Characteristics, Read
 * Configuration Data, Sense / Set Path Group ID, Device Reserve / Release / Unconditional
 * Reserve (reference eckd-dasd.md 1.4-1.7, 3.6; Hercules 3.13 in oracle cases b_sense_id_rdc,
 * w_sense_*, x_ident).
 */
import { PATH_GROUP } from '../../arch/eckd';
import type { DeviceCommand, DeviceResult } from '../../css/device';
import { commandReject, MSG } from './sense';
import { accept, offer, type DasdUnit } from './unit';

export const PATH_GROUP_LENGTH = PATH_GROUP.size;

/** Sense: the 32 sense bytes held (or the null sense), then none are held (reference 5.1). */
export function senseCommand(unit: DasdUnit): DeviceResult {
  return offer(unit.takeSense(true));
}

/**
 * Sense Path Group ID (X'34'): 12 bytes, path state and the group ID last set. Hercules 3.13
 * answers path state 0 also while the device is reserved (oracle x_ident); so do we. Must be
 * first in the chain and last (reference 1.7).
 */
export function sensePathGroupId(unit: DasdUnit, command: DeviceCommand): DeviceResult {
  if (unit.chain.commands > 0) return unit.reject(command, commandReject(MSG.INVALID_SEQUENCE, 'Sense Path Group ID must be the first command of its chain'));
  unit.chain.lastInChain = 'Sense Path Group ID';
  const out = new Uint8Array(PATH_GROUP_LENGTH);
  PATH_GROUP.encodeInto(out, 0, { function: 0, pgid: unit.pathGroup });
  return offer(out);
}

/**
 * Set Path Group ID (X'AF'): 12 bytes: function (bit 0 multipath, bits 1-2 establish 00 /
 * disband 01 / resign 10, bits 3-7 zero) and the 11-byte ID. Establishing an all-zero ID is a
 * command reject without a message number, as Hercules 3.13 answers it (oracle x_ident).
 */
export function setPathGroupId(unit: DasdUnit, command: DeviceCommand): DeviceResult {
  if (unit.chain.commands > 0) return unit.reject(command, commandReject(MSG.INVALID_SEQUENCE, 'Set Path Group ID must be the first command of its chain'));
  if (command.data.length < PATH_GROUP_LENGTH) {
    return unit.reject(command, commandReject(MSG.COUNT_TOO_SMALL, `Set Path Group ID needs ${PATH_GROUP_LENGTH} bytes, the CCW gave ${command.data.length}`), command.data.length);
  }
  unit.chain.lastInChain = 'Set Path Group ID';
  const p = PATH_GROUP.decode(command.data);
  const fn = (p.function >> 5) & 3;
  if ((p.function & 0x1f) !== 0 || fn === 3) return unit.reject(command, commandReject(MSG.INVALID_PARAMETER, `Set Path Group ID function byte X'${p.function.toString(16).toUpperCase().padStart(2, '0')}' is not valid`), PATH_GROUP_LENGTH);
  if (fn === 0) {
    if (p.pgid.every((b) => b === 0)) return unit.reject(command, commandReject(MSG.NONE, 'Set Path Group ID: a path group ID of zeros cannot be established'), PATH_GROUP_LENGTH);
    unit.pathGroup = p.pgid.slice();
  } else {
    unit.pathGroup = new Uint8Array(11);
  }
  return accept(PATH_GROUP_LENGTH);
}

/**
 * Device Reserve (X'B4'), Unconditional Reserve (X'14') and Device Release (X'94'): each
 * transfers the 32 sense bytes (and clears them). Reserve must be the first command of its
 * chain; Release may not follow Define Extent, Set File Mask or Read IPL (format 0 message 2,
 * oracle x_ident).
 */
export function reserveRelease(unit: DasdUnit, command: DeviceCommand): DeviceResult {
  const release = command.code === 0x94;
  if (!release && unit.chain.commands > 0) return unit.reject(command, commandReject(MSG.INVALID_SEQUENCE, 'Device Reserve must be the first command of its chain'));
  if (release && (unit.chain.extent || unit.chain.setFileMask !== null || unit.chain.readIpl)) {
    return unit.reject(command, commandReject(MSG.INVALID_SEQUENCE, 'Device Release may not follow Define Extent, Set File Mask or Read IPL'));
  }
  unit.reserved = !release;
  return offer(unit.takeSense(true));
}
