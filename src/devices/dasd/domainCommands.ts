/**
 * Define Extent, Locate Record, Locate Record Extended and Prefix: the commands that set up the
 * chain's extent and open a Locate Record domain (reference eckd-dasd.md 3.2-3.5; IBM SA22-1025
 * p. 4-14ff; Hercules 3.13 in oracle cases v_de_*, v_lr_*, w_lr_*, x_lre_3990, x_sfm).
 */
import { equalBytes } from '../../arch/bytes';
import { hex, hexBytes } from '../../arch/field';
import { LOCATE_RECORD_EXTENDED, PREFIX } from '../../arch/eckd';
import type { DeviceCommand, DeviceResult } from '../../css/device';
import { defineExtent, fmt, inExtent, DEFINE_EXTENT_LENGTH, type DefinedExtent } from './defineExtent';
import { locateRecord, LOCATE_RECORD_LENGTH, LR_OP, type LocateRecordRequest } from './locateRecord';
import { commandReject, fileProtected, MSG, noRecordFound, writeInhibited } from './sense';
import { AVERAGE_LATENCY_US, COMMAND_OVERHEAD_US, recordPassUs, transferUs } from './timing';
import { accept, type DasdUnit } from './unit';

export const LOCATE_RECORD_EXTENDED_LENGTH = LOCATE_RECORD_EXTENDED.size;
export const PREFIX_LENGTH = PREFIX.size;

/** Locate Record operations that write (Write Data, Format Write, Write Track). */
const WRITE_OPERATIONS: ReadonlySet<number> = new Set([LR_OP.WRITE_DATA, LR_OP.FORMAT_WRITE, LR_OP.WRITE_TRACK]);

/**
 * Define Extent: not after Set File Mask or Read IPL (format 0 message 2, oracle x_sfm; reference
 * 3.2), parameters as `defineExtent` checks them.
 */
export function defineExtentCommand(unit: DasdUnit, command: DeviceCommand): DeviceResult {
  const taken = Math.min(command.data.length, DEFINE_EXTENT_LENGTH);
  if (unit.chain.setFileMask !== null || unit.chain.readIpl) {
    return unit.reject(command, commandReject(MSG.INVALID_SEQUENCE, `Define Extent may not follow ${unit.chain.readIpl ? 'Read IPL' : 'Set File Mask'} in the same chain`), taken);
  }
  const result = defineExtent(command.data, unit.geometry, unit.chain.extent);
  if ('reject' in result) return unit.reject(command, result.reject, taken);
  unit.chain.extent = result.defined;
  return accept(DEFINE_EXTENT_LENGTH);
}

/** Locate Record (X'47'): 16 parameter bytes. */
export function locateRecordCommand(unit: DasdUnit, command: DeviceCommand): DeviceResult {
  const taken = Math.min(command.data.length, LOCATE_RECORD_LENGTH);
  const de = unit.chain.extent;
  // The 3990 takes the parameters before it checks the sequence (oracle v_lr_without_de: residual 0).
  if (!de) return unit.reject(command, commandReject(MSG.INVALID_SEQUENCE, 'Locate Record needs a Define Extent earlier in the chain'), taken);
  const checked = locateRecord(command.data, unit.geometry, de);
  if ('reject' in checked) return unit.reject(command, checked.reject, taken);
  return execute(unit, command, checked.request, de, LOCATE_RECORD_LENGTH);
}

/**
 * Locate Record Extended (X'4B'), on control units that have it (a 3990 model C2 does not: format
 * 0 message 1, oracle x_lre_3990). Bytes 0-15 as Locate Record; operation X'3F' takes its real
 * operation from byte 17: Write Any and Read Any (a Write Data / Read Data domain whose search
 * skips R0, an all-zero argument matching the first user record) and Read Trackset (a Read Tracks
 * domain over the tracks whose bits are on in the extended parameters) (reference 3.4).
 */
export function locateRecordExtendedCommand(unit: DasdUnit, command: DeviceCommand): DeviceResult {
  const taken = Math.min(command.data.length, LOCATE_RECORD_EXTENDED_LENGTH);
  if (!unit.controlUnit.locateRecordExtended) {
    return unit.reject(command, commandReject(MSG.INVALID_COMMAND, `a ${unit.controlUnit.name} has no Locate Record Extended`));
  }
  const de = unit.chain.extent;
  if (!de) return unit.reject(command, commandReject(MSG.INVALID_SEQUENCE, 'Locate Record Extended needs a Define Extent (or Prefix) earlier in the chain'), taken);
  const parsed = parseLre(command.data, unit, de);
  if ('reject' in parsed) return unit.reject(command, parsed.reject, Math.min(command.data.length, parsed.taken));
  return execute(unit, command, parsed.request, de, parsed.taken);
}

function parseLre(data: Uint8Array, unit: DasdUnit, de: DefinedExtent): { request: LocateRecordRequest; taken: number } | { reject: ReturnType<typeof commandReject>; taken: number } {
  const invalid = (why: string, taken = LOCATE_RECORD_EXTENDED_LENGTH) => ({ reject: commandReject(MSG.INVALID_PARAMETER, `Locate Record Extended ${why}`), taken });
  if (data.length < LOCATE_RECORD_EXTENDED_LENGTH) {
    return { reject: commandReject(MSG.COUNT_TOO_SMALL, `Locate Record Extended needs ${LOCATE_RECORD_EXTENDED_LENGTH} parameter bytes, the CCW gave ${data.length}`), taken: data.length };
  }
  const p = LOCATE_RECORD_EXTENDED.decode(data);
  const extLength = p.extendedLength;
  const taken = LOCATE_RECORD_EXTENDED_LENGTH + extLength;
  if (p.imbeddedCcw !== 0 || p.imbeddedCount !== 0) return invalid('imbedded CCW and count are not supported (bytes 2 and 16 must be zero)');
  // Bytes 0-15 in Locate Record form: operation X'3F' becomes the base operation of the extended one.
  const base = data.slice(0, LOCATE_RECORD_LENGTH);
  let anyRecord = false;
  let trackset: number[] | undefined;
  if (p.operation === 0x3f) {
    const ext = p.extendedOperation;
    const baseOp = ext === 0x09 ? LR_OP.WRITE_DATA : ext === 0x0a ? LR_OP.READ_DATA : ext === 0x0e ? LR_OP.READ_TRACKS : -1;
    if (baseOp < 0) return invalid(`extended operation X'${hex(ext, 2)}' is not Write Any (09), Read Any (0A) or Read Trackset (0E)`);
    if (data.length < taken) return { reject: commandReject(MSG.COUNT_TOO_SMALL, `Locate Record Extended needs ${taken} bytes with its extended parameters`), taken: data.length };
    if (ext === 0x0e) {
      if (extLength < 1 || extLength > 2) return invalid('Read Trackset needs 1 or 2 bytes of track mask');
      trackset = [];
      for (let bit = 0; bit < extLength * 8; bit++) if (((data[20 + (bit >> 3)] ?? 0) >> (7 - (bit & 7))) & 1) trackset.push(bit);
      if (trackset[0] !== 0) return invalid('the first bit of the Read Trackset mask (the seek address) must be on', taken);
      if (trackset.length !== p.count) return invalid(`the count ${p.count} must equal the ${trackset.length} tracks of the mask`, taken);
    } else {
      if (extLength !== 1) return invalid('Read Any and Write Any take one byte of extended parameters', taken);
      anyRecord = true;
    }
    base[0] = ((base[0] ?? 0) & 0xc0) | baseOp;
  } else if (p.extendedOperation !== 0 || extLength !== 0) {
    return invalid('bytes 17-19 must be zero unless the operation is X\'3F\' (extended)');
  }
  const checked = locateRecord(base, unit.geometry, de);
  if ('reject' in checked) return { reject: checked.reject, taken };
  return { request: { ...checked.request, parameters: data.slice(0, taken), ...(anyRecord ? { anyRecord } : {}), ...(trackset ? { trackset } : {}) }, taken };
}

/**
 * Prefix (X'E7'): Define Extent (and Locate Record Extended) in one command, on control units
 * whose RDC byte 6 has bit X'02' (reference 3.5). Format 0 = Define Extent, 1 = Define Extent +
 * Locate Record Extended; format 2 (with Perform Subsystem Function) is not supported.
 */
export function prefixCommand(unit: DasdUnit, command: DeviceCommand): DeviceResult {
  const data = command.data;
  if ((unit.controlUnit.facilities[0] & 0x02) === 0) {
    return unit.reject(command, commandReject(MSG.INVALID_COMMAND, `a ${unit.controlUnit.name} has no Prefix command (RDC byte 6 bit X'02' off)`));
  }
  if (data.length < PREFIX_LENGTH) return unit.reject(command, commandReject(MSG.COUNT_TOO_SMALL, `Prefix needs ${PREFIX_LENGTH} bytes, the CCW gave ${data.length}`), data.length);
  const p = PREFIX.decode(data);
  if (p.format > 1) return unit.reject(command, commandReject(MSG.INVALID_PARAMETER, `Prefix format ${p.format} is not 0 (Define Extent) or 1 (with Locate Record Extended)`), PREFIX_LENGTH);
  if (unit.chain.extent || unit.chain.setFileMask !== null) {
    return unit.reject(command, commandReject(MSG.INVALID_SEQUENCE, 'Prefix may not follow Define Extent or Set File Mask'), PREFIX_LENGTH);
  }
  const de = defineExtent(p.defineExtent, unit.geometry, null);
  if ('reject' in de) return unit.reject(command, de.reject, PREFIX_LENGTH);
  unit.chain.extent = de.defined;
  if (p.format === 0) return accept(PREFIX_LENGTH);
  const lre = parseLre(data.subarray(44), unit, de.defined);
  if ('reject' in lre) return unit.reject(command, lre.reject, PREFIX_LENGTH);
  const result = execute(unit, command, lre.request, de.defined, PREFIX_LENGTH);
  return result;
}

/**
 * Seek to the Locate Record's track, orient as it asks, open the domain (reference 3.3 steps
 * 2-4). Locate Record searches from R0 (Read Any / Write Any from R1) and reports No Record
 * Found at the first end of track.
 */
function execute(unit: DasdUnit, command: DeviceCommand, lr: LocateRecordRequest, de: DefinedExtent, taken: number): DeviceResult {
  let time = COMMAND_OVERHEAD_US + transferUs(taken);
  if (!inExtent(lr.seek, de.extent, unit.geometry)) {
    return unit.reject(command, fileProtected(`Locate Record seek address ${fmt(lr.seek)} is outside the extent ${fmt(de.extent.begin)}-${fmt(de.extent.end)}`), taken, time);
  }
  if (lr.trackset) {
    const lastTrack = lr.seek.cylinder * unit.geometry.heads + lr.seek.head + (lr.trackset[lr.trackset.length - 1] ?? 0);
    if (lastTrack > de.extent.last) return unit.reject(command, fileProtected('a track of the Read Trackset mask is outside the extent'), taken, time);
  }
  time += unit.cursor.seek(lr.seek) + AVERAGE_LATENCY_US;
  // Reference 4.6: a write domain on a read-only volume is refused at the Locate Record (oracle
  // y_write_inhibited: after the seek, the sense bytes show the Locate Record's track).
  if (unit.store.readOnly && WRITE_OPERATIONS.has(lr.operation)) {
    return unit.reject(command, writeInhibited(`Locate Record operation X'${hex(lr.operation, 2)}' writes and the volume is read-only (${unit.store.description})`, true), taken, time);
  }
  unit.chain.positioned = true;
  unit.chain.domain = null;

  if (lr.orientation !== 'index') {
    const loaded = unit.cursor.load();
    if ('condition' in loaded) return unit.reject(command, loaded.condition, taken, time);
    const track = loaded.track;
    if (lr.orientation === 'home address') {
      // Only the CCHH of the search argument is compared, with the home address.
      if (!equalBytes(track.image.subarray(1, 5), lr.search.subarray(0, 4))) {
        return unit.reject(command, noRecordFound(`home address of track ${fmt(lr.seek)} is not CCHH ${hexBytes(lr.search.subarray(0, 4))}`), taken, time);
      }
      unit.cursor.position = { kind: 'home address' };
    } else {
      const zero = lr.search.every((b) => b === 0);
      const index = track.records.findIndex((r, i) =>
        lr.anyRecord ? i > 0 && (zero || equalBytes(track.image.subarray(r.countOffset, r.countOffset + 5), lr.search)) : equalBytes(track.image.subarray(r.countOffset, r.countOffset + 5), lr.search),
      );
      const found = track.records[index];
      if (!found) return unit.reject(command, noRecordFound(`no record CCHHR ${hexBytes(lr.search)} on track ${fmt(lr.seek)}`), taken, time);
      unit.cursor.position = { kind: lr.orientation === 'data' ? 'data' : 'count', record: index };
      time += lr.orientation === 'data' ? recordPassUs(found.kl, found.dl) : 0;
    }
  }
  if (lr.operation !== LR_OP.ORIENT) {
    unit.chain.domain = { request: lr, operation: lr.operation, orientation: lr.orientation, remaining: lr.count, done: 0 };
  }
  return accept(taken, time);
}
