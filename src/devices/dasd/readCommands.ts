/**
 * The read commands of a 3390 (reference eckd-dasd.md 4.2 and 6.2; IBM SA22-1025 "Read …"
 * descriptions; Hercules 3.13 in the oracle cases x_read_*, a2_read_count_track0, v_read_*).
 *
 * What is read depends on the orientation: Read Data and Read Key and Data take the record the
 * device is oriented on (after its count, or its key for Read Data), otherwise the next record
 * other than R0; Read Count and Read Count Key and Data always take the next record other than
 * R0; Read Record Zero and Read Home Address go back to the index; Read Multiple CKD reads the
 * rest of the track; Read Track whole tracks inside a Read Tracks domain.
 */
import { DS } from '../../arch/status';
import type { DeviceCommand, DeviceResult } from '../../css/device';
import { countKeyDataView, countView, dataView, keyDataView, END_OF_TRACK_LENGTH, TRACK_HEADER_LENGTH, type CkdTrack } from './ckdTrack';
import type { CommandInfo } from './commands';
import { countDl, countKl } from './fieldReaders';
import { recordCells } from './geometry';
import { commandReject, MSG, noRecordFound } from './sense';
import { AVERAGE_LATENCY_US, COMMAND_OVERHEAD_US, INDEX_TO_R1_US, recordPassUs, transferUs } from './timing';
import { AT_INDEX, failed, onRecord, type Located } from './trackCursor';
import { CE_DE, EMPTY, offer, type DasdUnit } from './unit';

/**
 * Right after Read Home Address the next count area under the head is R0's, and a read chained
 * to it operates on R0 (IBM 3990/3390 descriptions of Read Count / Read Data as we know them:
 * R0 is skipped only when the device is oriented to the index; reference 4.2 marks this as the
 * real-device special case Hercules does not model). Hercules 3.13 skips R0 there too (oracle
 * y_read_after_ha); COMPAT=HERCULES does the same. Null when the special case does not apply.
 */
function recordZeroAfterReadHomeAddress(unit: DasdUnit): Located | null {
  if (unit.hercules || ((unit.chain.previous ?? 0) & 0x7f) !== 0x1a || unit.cursor.position.kind !== 'home address') return null;
  const loaded = unit.cursor.load();
  if ('condition' in loaded) return null;
  const r0 = loaded.track.records[0];
  if (!r0) return null;
  unit.cursor.position = { kind: 'count', record: 0 };
  return { track: loaded.track, record: r0, timeUs: recordPassUs(r0.kl, r0.dl) };
}

/** The record a Read Data / Read Key and Data works on: the one oriented on, R0 right after Read Home Address, or the next user record. */
function targetRecord(unit: DasdUnit, info: CommandInfo, orientedKinds: readonly string[]): Located | { condition: ReturnType<typeof noRecordFound>; timeUs: number } {
  const zero = recordZeroAfterReadHomeAddress(unit);
  if (zero) return zero;
  const p = unit.cursor.position;
  if (onRecord(p) && orientedKinds.includes(p.kind)) {
    const at = unit.cursor.current();
    if (at) return { ...at, timeUs: recordPassUs(0, at.record.dl) };
  }
  return unit.cursor.nextUserRecord(info.multitrack, unit.moveRules(), unit.chain);
}

/**
 * Read Data: the data area (SA22-1025; oracle v_lr_data_op06). A data length of 0 is an
 * end-of-file record: unit exception, nothing transferred (oracle v_zero_length).
 */
export function readData(unit: DasdUnit, command: DeviceCommand, info: CommandInfo): DeviceResult {
  const located = targetRecord(unit, info, ['count', 'key']);
  if (failed(located)) return unit.reject(command, located.condition, 0, COMMAND_OVERHEAD_US + located.timeUs);
  const time = COMMAND_OVERHEAD_US + located.timeUs;
  unit.cursor.position = { kind: 'data', record: located.track.records.indexOf(located.record) };
  if (located.record.dl === 0) return { status: CE_DE | DS.UX, data: EMPTY, timeUs: time };
  return offer(dataView(located.track, located.record), time);
}

/** Read Key and Data: key and data of the record oriented on (after its count) or the next one (oracle x_read_kd_ckd). */
export function readKeyAndData(unit: DasdUnit, command: DeviceCommand, info: CommandInfo): DeviceResult {
  const located = targetRecord(unit, info, ['count']);
  if (failed(located)) return unit.reject(command, located.condition, 0, COMMAND_OVERHEAD_US + located.timeUs);
  const time = COMMAND_OVERHEAD_US + located.timeUs;
  unit.cursor.position = { kind: 'data', record: located.track.records.indexOf(located.record) };
  const bytes = keyDataView(located.track, located.record);
  return { status: located.record.dl === 0 ? CE_DE | DS.UX : CE_DE, data: bytes, timeUs: time };
}

/** Read Count: the count area of the next record other than R0, or R0's right after Read Home Address (SA22-1025; oracle a2, v_read_count_*, y_read_after_ha). */
export function readCount(unit: DasdUnit, command: DeviceCommand, info: CommandInfo): DeviceResult {
  const next = recordZeroAfterReadHomeAddress(unit) ?? unit.cursor.nextUserRecord(info.multitrack, unit.moveRules(), unit.chain);
  if (failed(next)) return unit.reject(command, next.condition, 0, COMMAND_OVERHEAD_US + next.timeUs);
  return offer(countView(next.track, next.record), COMMAND_OVERHEAD_US + next.timeUs);
}

/** Read Count Key and Data: the whole next record other than R0 (reference 4.2; oracle x_read_kd_ckd). */
export function readCountKeyAndData(unit: DasdUnit, command: DeviceCommand, info: CommandInfo): DeviceResult {
  const next = recordZeroAfterReadHomeAddress(unit) ?? unit.cursor.nextUserRecord(info.multitrack, unit.moveRules(), unit.chain);
  if (failed(next)) return unit.reject(command, next.condition, 0, COMMAND_OVERHEAD_US + next.timeUs);
  unit.cursor.position = { kind: 'data', record: next.track.records.indexOf(next.record) };
  const bytes = countKeyDataView(next.track, next.record);
  return { status: next.record.dl === 0 ? CE_DE | DS.UX : CE_DE, data: bytes, timeUs: COMMAND_OVERHEAD_US + next.timeUs };
}

/**
 * Back to the index before Read Record Zero and Read Home Address: the multitrack form outside a
 * domain first steps to the next track (reference 4.4; oracle x_read_kd_ckd: X'9A' after a seek
 * to 0/1 reads the home address of 0/2); otherwise the device waits for the index of this track.
 */
function toIndex(unit: DasdUnit, info: CommandInfo): number | ReturnType<typeof noRecordFound> {
  const p = unit.cursor.position.kind;
  if (info.multitrack && !unit.inDomain) {
    const stepped = unit.cursor.stepTrack(unit.moveRules());
    if (typeof stepped !== 'number') return stepped;
    return stepped;
  }
  // Just after the home address (Read Home Address) R0 is next: no wait for the index either.
  return p === 'index' || p === 'home address' ? 0 : AVERAGE_LATENCY_US;
}

/**
 * Read Record Zero: count, key and data of R0 (SA22-1025 "Read Record Zero"). In a domain it
 * needs home address or index orientation.
 */
export function readRecordZero(unit: DasdUnit, command: DeviceCommand, info: CommandInfo): DeviceResult {
  const domain = unit.chain.domain;
  if (unit.inDomain && domain && domain.orientation !== 'home address' && domain.orientation !== 'index') {
    return unit.reject(command, commandReject(MSG.INVALID_SEQUENCE, 'Read Record Zero in a Locate Record domain needs home address or index orientation'));
  }
  let time = COMMAND_OVERHEAD_US;
  const moved = toIndex(unit, info);
  if (typeof moved !== 'number') return unit.reject(command, moved, 0, time);
  time += moved;
  unit.cursor.position = { kind: 'index' };
  const loaded = unit.cursor.load();
  if ('condition' in loaded) return unit.reject(command, loaded.condition, 0, time);
  const r0 = loaded.track.records[0];
  if (!r0) return unit.reject(command, noRecordFound(`track ${unit.cursor.cylinder}/${unit.cursor.head} has no record zero`), 0, time);
  unit.cursor.position = { kind: 'data', record: 0 };
  time += recordPassUs(r0.kl, r0.dl);
  const bytes = countKeyDataView(loaded.track, r0);
  return { status: r0.dl === 0 ? CE_DE | DS.UX : CE_DE, data: bytes, timeUs: time };
}

/** Read Home Address: flag byte and CCHH (5 bytes, reference 2.1; oracle x_read_kd_ckd). */
export function readHomeAddress(unit: DasdUnit, command: DeviceCommand, info: CommandInfo): DeviceResult {
  let time = COMMAND_OVERHEAD_US;
  const moved = toIndex(unit, info);
  if (typeof moved !== 'number') return unit.reject(command, moved, 0, time);
  time += moved;
  const loaded = unit.cursor.load();
  if ('condition' in loaded) return unit.reject(command, loaded.condition, 0, time);
  unit.cursor.position = { kind: 'home address' };
  return offer(loaded.track.image.slice(0, TRACK_HEADER_LENGTH), time + transferUs(TRACK_HEADER_LENGTH));
}

/**
 * Read IPL: seek to cylinder 0 head 0 and read the data of R1 (reference 6.3; oracle x_read_ipl:
 * chained reads then continue with R2). Rejected after Define Extent or Set File Mask (format 0
 * message 2, oracle x_read_ipl).
 */
export function readIpl(unit: DasdUnit, command: DeviceCommand): DeviceResult {
  if (unit.chain.extent || unit.chain.setFileMask !== null) {
    return unit.reject(command, commandReject(MSG.INVALID_SEQUENCE, 'Read IPL may not follow Define Extent or Set File Mask'));
  }
  let time = COMMAND_OVERHEAD_US + unit.cursor.seek({ cylinder: 0, head: 0 }) + AVERAGE_LATENCY_US;
  unit.chain.positioned = true;
  unit.chain.readIpl = true;
  const loaded = unit.cursor.load();
  if ('condition' in loaded) return unit.reject(command, loaded.condition, 0, time);
  const index = loaded.track.records.findIndex((r) => r.r === 1);
  const r1 = loaded.track.records[index];
  if (!r1) return unit.reject(command, noRecordFound('cylinder 0 head 0 has no record 1'), 0, time);
  time += INDEX_TO_R1_US + recordPassUs(r1.kl, r1.dl);
  unit.cursor.position = { kind: 'data', record: index };
  if (r1.dl === 0) return { status: CE_DE | DS.UX, data: EMPTY, timeUs: time };
  return offer(dataView(loaded.track, r1), time);
}

/**
 * Records from `first` to the end of the track as count, key, data: one view into the image, no
 * copy. Works from the count offsets alone (no record objects: Read Track's hot path). The view
 * is safe to hand out: the device never changes an image in place (writes build a new one,
 * trackEdit.ts) and the channel copies the bytes into storage before the next command runs.
 */
function recordsFrom(track: CkdTrack, first: number, withEndMarker: boolean): Uint8Array {
  const offsets = track.countOffsets;
  const end = offsets[track.recordCount] as number;
  const from = first < track.recordCount ? (offsets[first] as number) : end;
  return track.image.subarray(from, end + (withEndMarker ? END_OF_TRACK_LENGTH : 0));
}

/** Time for the records from `first` to pass the head (lengths read in place from the count fields). */
function passUs(track: CkdTrack, first: number): number {
  const offsets = track.countOffsets;
  let cells = 0;
  for (let i = first; i < track.recordCount; i++) {
    const at = offsets[i] as number;
    cells += recordCells(countKl(track.image, at), countDl(track.image, at));
  }
  return transferUs(cells * 34);
}

/**
 * Read Multiple Count Key and Data: every record after the current position to the end of the
 * track, R0 skipped, no end marker (reference 6.2; oracle x_read_kd_ckd: 160 bytes for R1, R2).
 */
export function readMultipleCkd(unit: DasdUnit, command: DeviceCommand): DeviceResult {
  const loaded = unit.cursor.load();
  if ('condition' in loaded) return unit.reject(command, loaded.condition);
  const p = unit.cursor.position;
  const first = Math.max(1, onRecord(p) ? p.record + 1 : 1);
  const bytes = recordsFrom(loaded.track, first, false);
  const time = COMMAND_OVERHEAD_US + passUs(loaded.track, first);
  const lastIndex = loaded.track.records.length - 1;
  unit.cursor.position = lastIndex >= 1 ? { kind: 'data', record: lastIndex } : { kind: 'index' };
  return offer(bytes, time);
}

/**
 * Read Track, only in a Read Tracks (X'0C') domain (reference 6.2): the first one reads the
 * located track from the current orientation (after a count orientation on R0 that is from R1,
 * as Hercules does, oracle x_read_track; after home address orientation from R0), each further
 * one the whole next track from R0. The bytes are one view into the track image; the channel's
 * copy into storage is the only copy. Hercules 3.13 appends its 8-byte X'FF' end-of-track
 * marker (oracle x_read_track, x_lr_format); a real 3990 has no such record on the track, so
 * only COMPAT=HERCULES transfers it.
 */
export function readTrack(unit: DasdUnit, command: DeviceCommand): DeviceResult {
  const domain = unit.chain.domain;
  let time = COMMAND_OVERHEAD_US;
  const trackset = domain?.request.trackset;
  if (domain && domain.done > 0 && trackset) {
    // Read Trackset: the next track whose bit is on (Locate Record Extended checked them all).
    const t = domain.request.seek.cylinder * unit.geometry.heads + domain.request.seek.head + (trackset[domain.done] ?? 0);
    time += unit.cursor.seek({ cylinder: Math.floor(t / unit.geometry.heads), head: t % unit.geometry.heads });
  } else if (domain && domain.done > 0) {
    const stepped = unit.cursor.stepTrackWithin(unit.moveRules(), true);
    if (typeof stepped !== 'number') return unit.reject(command, stepped, 0, time);
    time += stepped;
  }
  if (domain) domain.done++;
  const loaded = unit.cursor.load();
  if ('condition' in loaded) return unit.reject(command, loaded.condition, 0, time);
  const track = loaded.track;
  const p = unit.cursor.position;
  const first = onRecord(p) ? p.record + 1 : 0;
  const bytes = recordsFrom(track, first, unit.hercules);
  time += passUs(track, first);
  unit.cursor.position = track.recordCount > 0 ? { kind: 'data', record: track.recordCount - 1 } : AT_INDEX;
  return offer(bytes, time);
}

/**
 * Read Sector: the sector of the current position (1 byte). Hercules models no rotation and
 * returns 0 (oracle x_sector); so do we, and say so in the README: the sector numbers of a real
 * 3390 depend on timing this model does not keep.
 */
export function readSector(_unit: DasdUnit, _command: DeviceCommand): DeviceResult {
  return offer(Uint8Array.of(0));
}

