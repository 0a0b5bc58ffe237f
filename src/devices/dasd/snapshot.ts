/**
 * The state of a 3390 as one typed value, for the debugger, the panels and `ccw run --json`:
 * geometry, where the access mechanism is and what is under the head, what the channel program
 * has set up (extent, file mask, Locate Record domain), the last sense, the reservation, and how
 * many tracks were read and written. The Device scope rows (inspect.ts) show the same things.
 */
import type { ChainState } from './chainState';
import { fileMaskOf } from './chainState';
import type { ControlUnitProfile } from './controlUnit';
import type { Dasd3390Model } from './geometry';
import { wholeVolume } from './defineExtent';
import type { LastCommand } from './dasd3390';
import { onRecord, type TrackCursor } from './trackCursor';
import type { TrackStore } from './trackStore';

export type DasdOrientation = 'none' | 'index' | 'home address' | 'count' | 'key' | 'data';

export interface DasdTrackAddress {
  readonly cylinder: number;
  readonly head: number;
}

export interface DasdSnapshot {
  readonly devno: number;
  readonly model: string;
  readonly controlUnit: string;
  /** COMPAT=HERCULES is on. */
  readonly hercules: boolean;
  readonly geometry: { readonly cylinders: number; readonly heads: number; readonly tracks: number };
  readonly volume: { readonly description: string; readonly readOnly: boolean };
  readonly position: DasdTrackAddress;
  readonly orientation: DasdOrientation;
  /** The record the head is on (after its count, key or data area), if any. */
  readonly record: { readonly r: number; readonly cylinder: number; readonly head: number; readonly kl: number; readonly dl: number } | null;
  readonly extent: { readonly begin: DasdTrackAddress; readonly end: DasdTrackAddress; readonly defined: boolean };
  readonly fileMask: number;
  readonly locateRecord: { readonly operation: number; readonly orientation: string; readonly remaining: number; readonly count: number; readonly transferLength: number } | null;
  readonly indexPassed: boolean;
  /** The 32 sense bytes held (the null sense when no unit check is pending) and why. */
  readonly sense: Uint8Array;
  readonly senseProblem: string | null;
  readonly reserved: boolean;
  readonly pathGroupId: Uint8Array;
  readonly tracksRead: number;
  readonly tracksWritten: number;
  readonly lastCommand: LastCommand | null;
}

export interface SnapshotInput {
  readonly devno: number;
  readonly model: Dasd3390Model;
  readonly controlUnit: ControlUnitProfile;
  readonly hercules: boolean;
  readonly store: TrackStore;
  readonly cursor: TrackCursor;
  readonly chain: ChainState;
  readonly sense: Uint8Array;
  readonly senseProblem: string | null;
  readonly reserved: boolean;
  readonly pathGroup: Uint8Array;
  readonly last: LastCommand | null;
}

export function snapshotOf(s: SnapshotInput): DasdSnapshot {
  const { cylinders, heads } = s.store.geometry;
  const p = s.cursor.position;
  const at = onRecord(p) ? s.cursor.current() : null;
  const extent = s.chain.extent?.extent ?? wholeVolume(s.store.geometry);
  const d = s.chain.domain && s.chain.domain.remaining > 0 ? s.chain.domain : null;
  return {
    devno: s.devno,
    model: s.model.name,
    controlUnit: s.controlUnit.name,
    hercules: s.hercules,
    geometry: { cylinders, heads, tracks: cylinders * heads },
    volume: { description: s.store.description, readOnly: s.store.readOnly },
    position: { cylinder: s.cursor.cylinder, head: s.cursor.head },
    orientation: p.kind,
    record: at ? { r: at.record.r, cylinder: at.record.cylinder, head: at.record.head, kl: at.record.kl, dl: at.record.dl } : null,
    extent: { begin: extent.begin, end: extent.end, defined: s.chain.extent !== null },
    fileMask: fileMaskOf(s.chain),
    locateRecord: d ? { operation: d.operation, orientation: d.orientation, remaining: d.remaining, count: d.request.count, transferLength: d.request.transferLength } : null,
    indexPassed: s.chain.indexPassed,
    sense: s.sense.slice(),
    senseProblem: s.senseProblem,
    reserved: s.reserved,
    pathGroupId: s.pathGroup.slice(),
    tracksRead: s.cursor.tracksRead,
    tracksWritten: s.cursor.tracksWritten,
    lastCommand: s.last,
  };
}
