/**
 * The write commands of a 3390 (reference eckd-dasd.md 4.2, 4.6, 6.1; IBM SA22-1025 "Write …";
 * Hercules 3.13 in the oracle cases x_write_*, x_lr_format, x_lr_update, x_capacity).
 *
 * Update writes (Write Data, Write Key and Data, Write Update Data / Key and Data) replace the
 * key and data of an existing record; format writes (Write CKD, Write CKD Next Track, Write R0,
 * Erase) write a new record after the current one and erase the rest of the track; Write Home
 * Address rewrites the home address. Every new image is checked against the 3390 track capacity.
 *
 * Where Hercules 3.13 differs (COMPAT=HERCULES reproduces it, README lists them): a file-mask
 * violation is a command reject (format 0 message 2) instead of File Protected, and Hercules does
 * not check the mask for update writes inside a domain at all; a write shorter than the record is
 * zero-filled without incorrect length; only its 56,832-byte track slot limits a track; Write
 * Home Address changes nothing.
 */
import type { DeviceCommand, DeviceResult } from '../../css/device';
import { DS } from '../../arch/status';
import { onRecord, failed } from './trackCursor';
import type { CommandInfo } from './commands';
import { writeControlOf } from './chainState';
import { LR_OP } from './locateRecord';
import { commandReject, fileProtected, invalidTrackFormat, MSG, noRecordFound, type SenseCondition } from './sense';
import { COMMAND_OVERHEAD_US, recordPassUs, transferUs } from './timing';
import { capacityProblem, countLengths, homeAddressOnly, replaceKeyData, truncateAndAppend } from './trackEdit';
import { CE_DE, type DasdUnit } from './unit';
import type { CkdTrack } from './ckdTrack';

type WriteKind = 'update' | 'format' | 'record zero' | 'home address';

/**
 * The file mask's write control (reference 3.2 and 4.6): 01 inhibits every write, 10 allows
 * only update writes, 00 everything but Write R0 and Write HA, 11 everything.
 */
function maskProblem(unit: DasdUnit, kind: WriteKind, name: string): SenseCondition | null {
  const wc = writeControlOf(unit.chain);
  const forbidden = kind === 'update' ? wc === 1 : kind === 'format' ? wc === 1 || wc === 2 : wc !== 3;
  if (!forbidden) return null;
  const why = `the file mask's write control B'${wc.toString(2).padStart(2, '0')}' does not permit ${name}`;
  // Hercules 3.13 reports Write HA as File Protected but every other write as an invalid
  // sequence (oracle x_write_fm, x_write_r0_ha); it skips the check for update writes inside a
  // domain (x_lr_update program 3). The reference gives File Protected for all (4.6).
  if (unit.hercules && kind !== 'home address') {
    if (kind === 'update' && unit.inDomain) return null;
    return commandReject(MSG.INVALID_SEQUENCE, why);
  }
  return fileProtected(why);
}

/** How many bytes the device asks for: the field's size; Hercules asks for no more than the CCW gives (no IL on short writes). */
function wanted(unit: DasdUnit, command: DeviceCommand, size: number): number {
  return unit.hercules && command.count < size ? command.count : size;
}

function fixedData(data: Uint8Array, size: number): Uint8Array {
  if (data.length >= size) return data.subarray(0, size);
  const out = new Uint8Array(size);
  out.set(data);
  return out;
}

/** Stores the new image (after the capacity check); null when it went well. */
function store(unit: DasdUnit, image: Uint8Array): SenseCondition | null {
  const problem = capacityProblem(image, unit.hercules);
  if (problem) return invalidTrackFormat(`track ${unit.cursor.cylinder}/${unit.cursor.head}: ${problem}`);
  return unit.cursor.write(image);
}

/** The record an update write works on: the one oriented on (count or key), or inside a domain the next user record. */
function updateTarget(unit: DasdUnit, command: DeviceCommand, name: string, needKeyOrientation: boolean): { track: CkdTrack; index: number; timeUs: number } | DeviceResult {
  const p = unit.cursor.position;
  const oriented = onRecord(p) && (p.kind === 'count' || (!needKeyOrientation && p.kind === 'key'));
  if (oriented) {
    const at = unit.cursor.current();
    if (at) return { track: at.track, index: p.record, timeUs: 0 };
  }
  if (!unit.inDomain) {
    return unit.reject(command, commandReject(MSG.INVALID_SEQUENCE, `${name} must follow an equal search on the record it writes`));
  }
  // Update writes cross tracks inside their domain like the multitrack reads (Linux writes
  // with X'85' across tracks, reference 3.3).
  const next = unit.cursor.nextUserRecord(true, unit.moveRules(), unit.chain);
  if (failed(next)) return unit.reject(command, next.condition, 0, COMMAND_OVERHEAD_US + next.timeUs);
  return { track: next.track, index: next.track.records.indexOf(next.record), timeUs: next.timeUs };
}

function isResult(x: object): x is DeviceResult {
  return 'status' in x;
}

/**
 * Write Data (X'05'), Write Key and Data (X'0D'), Write Update Data (X'85') and Write Update Key
 * and Data (X'8D'): the key (with key) and data of an existing record; the record's lengths do
 * not change. Outside a domain they need an equal Search ID (or Search Key for Write Data) just
 * before (oracle x_write_data, x_write_kd). In a Write Data domain without CKD conversion mode,
 * the record's length must equal the transfer length factor, else Invalid Track Format (oracle
 * x_lr_update program 2). A record of data length 0: unit exception, nothing written.
 */
export function writeKeyData(unit: DasdUnit, command: DeviceCommand, info: CommandInfo): DeviceResult {
  const withKey = (command.code & 0x7f) === 0x0d;
  const name = info.name;
  const hit = unit.chain.searchHit;
  if (!unit.inDomain && !(hit === 'id' || (hit === 'key' && !withKey))) {
    return unit.reject(command, commandReject(MSG.INVALID_SEQUENCE, `${name} outside a Locate Record domain must follow an equal Search ID${withKey ? '' : ' or Search Key'}`));
  }
  const mask = maskProblem(unit, 'update', name);
  if (mask) return unit.reject(command, mask);
  const target = updateTarget(unit, command, name, withKey);
  if (isResult(target)) return target;
  const record = target.track.records[target.index];
  if (!record) return unit.reject(command, noRecordFound('no record to write'));
  let time = COMMAND_OVERHEAD_US + target.timeUs;
  const size = (withKey ? record.kl : 0) + record.dl;
  const domain = unit.chain.domain;
  const ckdConversion = ((unit.chain.extent?.globalAttributes ?? 0) & 0x20) !== 0;
  if (unit.inDomain && domain && domain.operation === LR_OP.WRITE_DATA && domain.request.tlfGiven && !ckdConversion) {
    if (size !== domain.request.transferLength) {
      return unit.reject(command, invalidTrackFormat(`record ${record.r} has ${withKey ? 'key and data' : 'data'} length ${size}, the transfer length factor is ${domain.request.transferLength}`), 0, time);
    }
  }
  time += recordPassUs(record.kl, record.dl);
  unit.cursor.position = { kind: 'data', record: target.index };
  if (record.dl === 0) return { status: CE_DE | DS.UX, required: 0, timeUs: time };
  const data = fixedData(command.data, size);
  const image = replaceKeyData(target.track, target.index, withKey ? data.subarray(0, record.kl) : null, withKey ? data.subarray(record.kl) : data);
  const failedStore = store(unit, image);
  // The record's bytes were taken before the store refused them (oracle y_write_inhibited: residual 0).
  if (failedStore) return unit.reject(command, failedStore, Math.min(command.data.length, size), time);
  unit.cursor.position = { kind: 'data', record: target.index };
  return { status: CE_DE, required: wanted(unit, command, size), timeUs: time };
}

/** The count field a format write sends first; a CCW count below 8 cannot carry it. */
function countField(unit: DasdUnit, command: DeviceCommand, name: string): { count: Uint8Array; kl: number; dl: number } | DeviceResult {
  if (command.data.length < 8) {
    return unit.reject(command, commandReject(MSG.COUNT_TOO_SMALL, `${name} needs at least the 8-byte count field, the CCW gave ${command.data.length} bytes`));
  }
  const count = command.data.slice(0, 8);
  const { kl, dl } = countLengths(count);
  return { count, kl, dl };
}

/**
 * Write Count Key and Data (X'1D') and Erase (X'11'): a new record after the current one
 * (oracle x_write_ckd), or for Erase none; the rest of the track is erased. Outside a domain
 * they must follow an equal Search ID or Search Key, or another Write CKD / Write R0 (reference
 * 4.3). Key and data shorter than the count field says are zero-filled (oracle x_lr_format:
 * count 8 with SLI gives 256 zero bytes).
 */
export function writeCkd(unit: DasdUnit, command: DeviceCommand, info: CommandInfo): DeviceResult {
  const erase = command.code === 0x11;
  const hit = unit.chain.searchHit;
  if (!unit.inDomain && hit !== 'id' && hit !== 'key' && hit !== 'format') {
    return unit.reject(command, commandReject(MSG.INVALID_SEQUENCE, `${info.name} outside a Locate Record domain must follow an equal Search ID or Search Key, a Write R0 or a Write CKD`));
  }
  const mask = maskProblem(unit, 'format', info.name);
  if (mask) return unit.reject(command, mask);
  const c = countField(unit, command, info.name);
  if (isResult(c)) return c;
  const loaded = unit.cursor.load();
  if ('condition' in loaded) return unit.reject(command, loaded.condition);
  const p = unit.cursor.position;
  const keep = onRecord(p) ? p.record : 0;
  if (!loaded.track.records[keep]) return unit.reject(command, noRecordFound(`track ${unit.cursor.cylinder}/${unit.cursor.head} has no record zero to write after`));
  return writeAfter(unit, command, loaded.track, keep, c, !erase);
}

function writeAfter(unit: DasdUnit, command: DeviceCommand, track: CkdTrack, keep: number, c: { count: Uint8Array; kl: number; dl: number }, append = true, extraUs = 0): DeviceResult {
  const size = 8 + c.kl + c.dl;
  const time = COMMAND_OVERHEAD_US + extraUs + transferUs(size);
  const image = truncateAndAppend(track, keep, append ? { count: c.count, keyData: fixedData(command.data.subarray(8), c.kl + c.dl) } : null);
  const problem = store(unit, image);
  if (problem) return unit.reject(command, problem, 0, time);
  unit.cursor.position = append || keep >= 0 ? { kind: 'data', record: append ? keep + 1 : keep } : { kind: 'home address' };
  unit.chain.searchHit = 'format';
  return { status: CE_DE, required: wanted(unit, command, size), timeUs: time };
}

/**
 * Write CKD Next Track (X'9D'), only in a Format Write domain: steps to the next track (crossing
 * cylinders, inside the extent) and writes the record after its R0 (oracle x_lr_format).
 */
export function writeCkdNextTrack(unit: DasdUnit, command: DeviceCommand, info: CommandInfo): DeviceResult {
  const mask = maskProblem(unit, 'format', info.name);
  if (mask) return unit.reject(command, mask);
  const c = countField(unit, command, info.name);
  if (isResult(c)) return c;
  const stepped = unit.cursor.stepTrackWithin(unit.moveRules(), true);
  if (typeof stepped !== 'number') return unit.reject(command, stepped);
  const loaded = unit.cursor.load();
  if ('condition' in loaded) return unit.reject(command, loaded.condition);
  if (!loaded.track.records[0]) return unit.reject(command, noRecordFound(`track ${unit.cursor.cylinder}/${unit.cursor.head} has no record zero`));
  return writeAfter(unit, command, loaded.track, 0, c, true, stepped);
}

/**
 * Write Record Zero (X'15'): R0 right after the home address, erasing the rest of the track. It
 * needs orientation just after the home address: an equal Search Home Address or a Write Home
 * Address outside a domain, home address orientation inside one (oracle x_write_r0_ha,
 * x_lr_format); and the file mask's write control 11.
 */
export function writeRecordZero(unit: DasdUnit, command: DeviceCommand, info: CommandInfo): DeviceResult {
  if (unit.cursor.position.kind !== 'home address' || (!unit.inDomain && unit.chain.searchHit !== 'home address')) {
    return unit.reject(command, commandReject(MSG.INVALID_SEQUENCE, 'Write R0 must follow an equal Search Home Address or a Write Home Address (or home address orientation in a Format Write domain)'));
  }
  const mask = maskProblem(unit, 'record zero', info.name);
  if (mask) return unit.reject(command, mask);
  const c = countField(unit, command, info.name);
  if (isResult(c)) return c;
  const loaded = unit.cursor.load();
  if ('condition' in loaded) return unit.reject(command, loaded.condition);
  return writeAfter(unit, command, loaded.track, -1, c);
}

/**
 * Write Home Address (X'19'): 5 bytes, flag and CCHH; the file mask's write control must be 11,
 * else File Protected (Hercules agrees, oracle x_write_r0_ha). The home address is written and
 * the rest of the track erased; a Write R0 may follow. Only a good primary track's home address
 * (flag 0, the track's own CCHH) is accepted: alternate-track flags are not modelled (README).
 * Hercules 3.13 accepts the command and changes nothing (oracle x_write_r0_ha: R0 survives).
 */
export function writeHomeAddress(unit: DasdUnit, command: DeviceCommand, info: CommandInfo): DeviceResult {
  const mask = maskProblem(unit, 'home address', info.name);
  if (mask) return unit.reject(command, mask);
  if (command.data.length < 5) return unit.reject(command, commandReject(MSG.COUNT_TOO_SMALL, `Write Home Address needs 5 bytes, the CCW gave ${command.data.length}`));
  const loaded = unit.cursor.load();
  if ('condition' in loaded) return unit.reject(command, loaded.condition);
  const ha = command.data.subarray(0, 5);
  const own = loaded.track.image.subarray(0, 5);
  const time = COMMAND_OVERHEAD_US + transferUs(5);
  if (!unit.hercules) {
    if (ha.some((b, i) => b !== own[i])) {
      return unit.reject(command, commandReject(MSG.INVALID_PARAMETER, 'Write Home Address: only flag 0 and the track\'s own CCHH are supported'), 5, time);
    }
    const problem = store(unit, homeAddressOnly(own));
    if (problem) return unit.reject(command, problem, 5, time);
  }
  unit.cursor.position = { kind: 'home address' };
  unit.chain.searchHit = 'home address';
  return { status: CE_DE, required: 5, timeUs: time };
}

