/**
 * The search commands (reference eckd-dasd.md 3.6, 4.3; IBM SA22-1025 "Search …"; Hercules 3.13
 * in oracle cases x_search_*). A search compares the bytes the channel sends with an area of the
 * next record; when the condition is met it ends with status modifier, and the channel skips
 * the TIC that loops back to the search. Equal searches over the whole argument let a write
 * follow (the chain's `searchHit`).
 */
import { DS } from '../../arch/status';
import type { DeviceCommand, DeviceResult } from '../../css/device';
import type { CommandInfo } from './commands';
import { COMMAND_OVERHEAD_US, transferUs } from './timing';
import { failed, onRecord } from './trackCursor';
import { CE_DE, type DasdUnit } from './unit';

/** Bits of the command code: X'20' equal, X'40' high (X'60' equal or high). */
function met(code: number, comparison: number): boolean {
  const equal = (code & 0x20) !== 0;
  const high = (code & 0x40) !== 0;
  return (equal && comparison === 0) || (high && comparison > 0);
}

/** Unsigned left-to-right comparison of `a` (from the record) with `b` (the argument). */
function compare(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < b.length; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

function ended(hit: boolean, compared: number, timeUs: number): DeviceResult {
  return { status: hit ? CE_DE | DS.SM : CE_DE, required: compared, timeUs };
}

/**
 * Search ID Equal / High / Equal or High: the CCHHR of the next count area, R0 included
 * (oracle x_search_id_loop: R0, R1, R2 are compared in turn). A CCW count below 5 compares only
 * that many bytes (x_search_id_short). The multitrack forms go on to the next track at the end
 * of a track and do not count index points (reference 4.3).
 */
export function searchId(unit: DasdUnit, command: DeviceCommand, info: CommandInfo): DeviceResult {
  const n = Math.min(command.data.length, 5);
  const next = unit.cursor.nextRecord({ multitrack: info.multitrack, skipR0: false, indexRule: !info.multitrack }, unit.moveRules(), unit.chain);
  if (failed(next)) return unit.reject(command, next.condition, 0, COMMAND_OVERHEAD_US + next.timeUs);
  const id = next.track.image.subarray(next.record.countOffset, next.record.countOffset + n);
  const hit = met(command.code, compare(id, command.data.subarray(0, n)));
  unit.cursor.position = { kind: 'count', record: next.track.records.indexOf(next.record) };
  unit.chain.searchHit = hit && (command.code & 0x7f) === 0x31 && n === 5 ? 'id' : null;
  return ended(hit, n, COMMAND_OVERHEAD_US + next.timeUs);
}

/**
 * Search Key Equal / High / Equal or High: the key of the record oriented on (after its count),
 * else of the next record other than R0. A keyless record is never a hit and takes no bytes, so
 * the channel reports incorrect length unless SLI, as Hercules shows (oracle x_search_key
 * program 2); the reference (4.2) does not say otherwise.
 */
export function searchKey(unit: DasdUnit, command: DeviceCommand, info: CommandInfo): DeviceResult {
  const p = unit.cursor.position;
  let located = p.kind === 'count' ? unit.cursor.current() : null;
  let time = COMMAND_OVERHEAD_US;
  if (!located) {
    const next = unit.cursor.nextRecord({ multitrack: info.multitrack, skipR0: true, indexRule: !info.multitrack }, unit.moveRules(), unit.chain);
    if (failed(next)) return unit.reject(command, next.condition, 0, time + next.timeUs);
    located = next;
    time += next.timeUs;
  }
  const record = located.record;
  const index = located.track.records.indexOf(record);
  unit.cursor.position = { kind: 'key', record: index };
  const n = Math.min(command.data.length, record.kl);
  if (record.kl === 0) {
    unit.chain.searchHit = null;
    return ended(false, 0, time);
  }
  const key = located.track.image.subarray(record.keyOffset, record.keyOffset + n);
  const hit = met(command.code, compare(key, command.data.subarray(0, n)));
  unit.chain.searchHit = hit && (command.code & 0x7f) === 0x29 && n === record.kl ? 'key' : null;
  return ended(hit, n, time + transferUs(n));
}

/**
 * Search Home Address Equal: back to the index (the multitrack form first to the next track) and
 * compare the home address's CCHH (oracle x_search_ha).
 */
export function searchHomeAddress(unit: DasdUnit, command: DeviceCommand, info: CommandInfo): DeviceResult {
  let time = COMMAND_OVERHEAD_US;
  if (info.multitrack && !unit.inDomain) {
    const stepped = unit.cursor.stepTrack(unit.moveRules());
    if (typeof stepped !== 'number') return unit.reject(command, stepped, 0, time);
    time += stepped;
  } else if (onRecord(unit.cursor.position)) {
    time += transferUs(1_000);
  }
  const loaded = unit.cursor.load();
  if ('condition' in loaded) return unit.reject(command, loaded.condition, 0, time);
  const n = Math.min(command.data.length, 4);
  const hit = compare(loaded.track.image.subarray(1, 1 + n), command.data.subarray(0, n)) === 0;
  unit.cursor.position = { kind: 'home address' };
  unit.chain.searchHit = hit && n === 4 ? 'home address' : null;
  return ended(hit, n, time);
}
