/**
 * Where the access mechanism is and what has just passed under the head: the current track and
 * the orientation within it (reference eckd-dasd.md 4.2; IBM SA22-1025 Read Data / Read Count
 * "end of track" rules), plus the moves between tracks (seek, multitrack step).
 */
import type { TrackAddress } from '../../arch/eckd';
import type { ChainState } from './chainState';
import { parseTrack, type CkdRecord, type CkdTrack } from './ckdTrack';
import { fmt, inExtent, onDevice, type Extent } from './defineExtent';
import { endOfCylinder, equipmentCheck, fileProtected, invalidTrackFormat, noRecordFound, writeInhibited, type SenseCondition } from './sense';
import { INDEX_TO_R1_US, recordPassUs, seekUs } from './timing';
import type { TrackStore } from './trackStore';

/**
 * Orientation (reference 4.1-4.2): nothing known (`none`, at the start of a chain), at the index
 * point (`index`, after a seek), just after the home address (`home address`, after Read, Search
 * or Write Home Address); for both the next area is R0's count. Or just after the count, key or
 * data area of a record (its index in the parsed track).
 */
export type Position =
  | { readonly kind: 'none' }
  | { readonly kind: 'index' }
  | { readonly kind: 'home address' }
  | { readonly kind: 'count' | 'key' | 'data'; readonly record: number };

/** Whether the position is on a record (after its count, key or data). */
/** The index orientation, shared: positions are immutable values and seeks set this one per track. */
export const AT_INDEX: Position = Object.freeze({ kind: 'index' });

export function onRecord(p: Position): p is { readonly kind: 'count' | 'key' | 'data'; readonly record: number } {
  return p.kind === 'count' || p.kind === 'key' || p.kind === 'data';
}

export type Located = { readonly track: CkdTrack; readonly record: CkdRecord; readonly timeUs: number };
export type Failed = { readonly condition: SenseCondition; readonly timeUs: number };

/** What limits a move: the chain's extent and file-mask seek control, and whether a domain is open. */
export interface MoveRules {
  readonly extent: Extent;
  readonly seekControl: number;
  readonly inDomain: boolean;
}

export function failed(x: object): x is Failed {
  return 'condition' in x;
}

export class TrackCursor {
  cylinder = 0;
  head = 0;
  position: Position = { kind: 'none' };
  private cached: CkdTrack | null = null;
  /** Track images read from and written to the store since the last reset (the debugger shows them). */
  tracksRead = 0;
  tracksWritten = 0;

  constructor(readonly store: TrackStore) {}

  /** Moves the access mechanism and orients to the index; returns the seek time. */
  seek(to: TrackAddress): number {
    const time = seekUs(this.cylinder, to.cylinder);
    if (to.cylinder !== this.cylinder || to.head !== this.head) this.cached = null;
    this.cylinder = to.cylinder;
    this.head = to.head;
    this.position = AT_INDEX;
    return time;
  }

  /** Drops the parsed track (after the store changed underneath, or on reset). */
  forget(): void {
    this.cached = null;
  }

  /** The current track, read and parsed. */
  load(): { readonly track: CkdTrack } | { readonly condition: SenseCondition } {
    if (this.cached) return { track: this.cached };
    const read = this.store.readTrack(this.cylinder, this.head);
    if ('error' in read) return { condition: equipmentCheck(read.error) };
    this.tracksRead++;
    const parsed = parseTrack(read.image, this.cylinder, this.head);
    if ('error' in parsed) return { condition: invalidTrackFormat(parsed.error) };
    this.cached = parsed.track;
    return parsed;
  }

  /**
   * Stores a new image of the current track and makes it the parsed track. Returns the
   * condition when the store refuses (read-only volume: write inhibited; a failing image file:
   * equipment check).
   */
  write(image: Uint8Array): SenseCondition | null {
    const parsed = parseTrack(image, this.cylinder, this.head);
    if ('error' in parsed) throw new Error(`TrackCursor.write: built a bad track image: ${parsed.error}`);
    if (this.store.readOnly) return writeInhibited(`the volume is read-only (${this.store.description})`);
    const written = this.store.writeTrack(this.cylinder, this.head, image);
    if ('error' in written) return equipmentCheck(written.error);
    this.tracksWritten++;
    this.cached = parsed.track;
    return null;
  }

  /** The parsed current track if it is loaded (a new value when another is loaded or written), else null; loads nothing. Read-only. */
  get loaded(): CkdTrack | null {
    return this.cached;
  }

  /** The record the device is oriented on (after its count, key or data area), if any. */
  current(): { track: CkdTrack; record: CkdRecord } | null {
    if (!onRecord(this.position)) return null;
    const loaded = this.load();
    if ('condition' in loaded) return null;
    const record = loaded.track.records[this.position.record];
    return record ? { track: loaded.track, record } : null;
  }

  /**
   * Orients to the next count area other than R0 (the first record after the home address), as
   * every read but Read R0 and Read Track does. At the end of the track:
   * - multitrack: step to the next track (see `stepTrack`) and take its first user record;
   * - single-track in a Locate Record domain: go round to the first user record of the same
   *   track, any number of times (SA22-1025, Read Data / Read Count: "oriented to the first user
   *   data record on the same track"). Hercules 3.13 instead reports No Record Found the second
   *   time a Read Count goes round (oracle v_read_count_lr_wrap); the IBM description wins;
   * - single-track outside a domain: go round once; the second time in the same chain is No
   *   Record Found (Hercules, oracle v_read_count_8 and a2_read_count_track0; reference 4.3).
   * A track with no user record is No Record Found.
   */
  nextUserRecord(multitrack: boolean, rules: MoveRules, chain: ChainState): Located | Failed {
    return this.nextRecord({ multitrack, skipR0: true, indexRule: true }, rules, chain);
  }

  /**
   * The next count area. `skipR0` is false for the Search ID commands, which compare R0's count
   * too (reference 4.2, oracle x_search_id_loop). `indexRule` false: the multitrack search
   * commands outside a domain neither set nor test the index-point memory (reference 4.3).
   */
  nextRecord(how: { multitrack: boolean; skipR0: boolean; indexRule: boolean }, rules: MoveRules, chain: ChainState): Located | Failed {
    const { multitrack, skipR0 } = how;
    let time = 0;
    let loaded = this.load();
    if ('condition' in loaded) return { condition: loaded.condition, timeUs: time };
    let index = onRecord(this.position) ? this.position.record + 1 : 0;
    for (let guard = 0; guard < 1_000_000; guard++) {
      if (index === 0 && skipR0) index = 1; // R0 is never the "next record" of these reads
      const record = loaded.track.records[index];
      if (record) {
        this.position = { kind: 'count', record: index };
        return { track: loaded.track, record, timeUs: time + recordPassUs(record.kl, record.dl) };
      }
      const hasUserRecord = loaded.track.records.length > (skipR0 ? 1 : 0);
      if (multitrack) {
        const stepped = this.stepTrack(rules);
        if (typeof stepped !== 'number') return { condition: stepped, timeUs: time };
        time += stepped;
        loaded = this.load();
        if ('condition' in loaded) return { condition: loaded.condition, timeUs: time };
        if (rules.inDomain && loaded.track.records.length <= (skipR0 ? 1 : 0)) {
          return { condition: noRecordFound(`track ${this.cylinder}/${this.head} has no user record`), timeUs: time };
        }
      } else if (!hasUserRecord) {
        return { condition: noRecordFound(`track ${this.cylinder}/${this.head} has no user record`), timeUs: time };
      } else if (!rules.inDomain && how.indexRule) {
        if (chain.indexPassed) {
          return { condition: noRecordFound(`the index point was passed a second time on track ${this.cylinder}/${this.head}`), timeUs: time };
        }
        chain.indexPassed = true;
      }
      time += INDEX_TO_R1_US;
      index = 0;
    }
    throw new Error('nextUserRecord: no end to the track walk');
  }

  /**
   * A multitrack step to the next track (reference 4.4, SA22-1025 "multitrack operations"):
   * outside a domain it needs the file mask to permit multitrack operations and stops at the end
   * of the cylinder; inside a domain it crosses cylinders. Either way it stays in the extent.
   * The cursor does not move when the step is refused. Returns the time of the move.
   */
  stepTrack(rules: MoveRules): SenseCondition | number {
    return this.stepTrackWithin(rules, rules.inDomain);
  }

  /** A step to the next track; `crossCylinders` as in a domain (Read Track, Write CKD Next Track). */
  stepTrackWithin(rules: MoveRules, crossCylinders: boolean): SenseCondition | number {
    const heads = this.store.geometry.heads;
    if (!crossCylinders) {
      if (rules.seekControl === 0b11) return fileProtected('the file mask inhibits multitrack operations');
      if (this.head === heads - 1) return endOfCylinder(`multitrack operation at the last track of cylinder ${this.cylinder}`);
    }
    const next = this.head === heads - 1 ? { cylinder: this.cylinder + 1, head: 0 } : { cylinder: this.cylinder, head: this.head + 1 };
    if (!onDevice(next, this.store.geometry) || !inExtent(next, rules.extent, this.store.geometry)) {
      return fileProtected(`multitrack step to ${fmt(next)} leaves the extent ${fmt(rules.extent.begin)}-${fmt(rules.extent.end)}`);
    }
    return this.seek(next);
  }
}
