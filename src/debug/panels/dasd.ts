/**
 * "DASD Inspector" model: a 3390's geometry, where the access mechanism is and what it is
 * oriented on, the extent and file mask (Define Extent's byte 0, from its table), the last sense
 * decoded, and the tracks the session read and wrote; and, on demand, the records of one track
 * (count, key and data in hex and EBCDIC) read from the volume's store without moving the head.
 */
import { COUNT_FIELD, DEFINE_EXTENT, SENSE_24, hex, hexBytes } from '../../arch';
import { ebcdicToText } from '../../asm';
import { Dasd3390, type DasdSnapshot } from '../../devices';
import { countBytes, dataBytes, keyBytes, parseTrack } from '../../devices/dasd/ckdTrack';
import type { Machine } from '../../runtime/machine';
import { fieldRows, type FieldRow } from './fieldRows';
import { markShared } from './parts';
import { Memo, inputs } from './memo';
import type { PanelRecorder, TrackTouch } from './recorder';
import { Successions } from './reuse';

export interface DasdPanel {
  readonly devno: string;
  readonly model: string;
  readonly controlUnit: string;
  readonly volume: string;
  readonly readOnly: boolean;
  readonly geometry: { readonly cylinders: number; readonly heads: number; readonly tracks: number };
  readonly position: { readonly cylinder: number; readonly head: number };
  /** index, home address, count, key, data, none. */
  readonly orientation: string;
  readonly record: { readonly r: number; readonly cylinder: number; readonly head: number; readonly kl: number; readonly dl: number } | null;
  readonly extent: { readonly begin: string; readonly end: string; readonly defined: boolean };
  readonly fileMask: readonly FieldRow[];
  readonly locateRecord: string | null;
  readonly sense: readonly FieldRow[];
  readonly senseHex: string;
  readonly senseProblem: string | null;
  readonly lastCommand: string | null;
  readonly tracksRead: number;
  readonly tracksWritten: number;
  /** Tracks read or written in the session (a track read and written appears twice). */
  readonly touched: readonly { readonly cylinder: number; readonly head: number; readonly kind: 'read' | 'written' }[];
}

export interface TrackRecord {
  readonly r: number;
  readonly cylinder: number;
  readonly head: number;
  readonly kl: number;
  readonly dl: number;
  readonly count: string;
  readonly countRows: readonly FieldRow[];
  readonly keyHex: string;
  readonly keyText: string;
  readonly dataHex: string;
  readonly dataText: string;
}

export type TrackView =
  | { readonly devno: string; readonly cylinder: number; readonly head: number; readonly haFlag: number; readonly records: readonly TrackRecord[] }
  | { readonly devno: string; readonly cylinder: number; readonly head: number; readonly error: string };

/** The file mask is Define Extent parameter byte 0: its rows are the table's byte-0 fields (kept with the rows, so shared like them). */
function fileMaskRows(rows: readonly FieldRow[]): readonly FieldRow[] {
  let hit = byteZero.get(rows);
  if (!hit) {
    hit = markShared(rows.filter((r) => r.offset === 0 && r.length === 1));
    byteZero.set(rows, hit);
  }
  return hit;
}

const byteZero = new WeakMap<readonly FieldRow[], readonly FieldRow[]>();

const cchh = (a: { cylinder: number; head: number }): string => `cylinder ${a.cylinder} head ${a.head}`;

const settled = new Successions<DasdPanel>();

export function dasdPanels(machine: Machine, recorder: PanelRecorder): DasdPanel[] {
  const out: DasdPanel[] = [];
  for (const d of machine.devices) {
    if (!(d.device instanceof Dasd3390)) continue;
    const s = d.device.snapshot();
    const devno = hex(d.devno, 4);
    const touched = recorder.tracksOf(d.devno, machine.scheduler.now);
    out.push(memo.get(devno, inputs([], s, touched), () => panel(devno, s, touched)));
  }
  return out;
}

/** A DASD panel is rebuilt only when the device's snapshot or the tracks touched changed (memo.ts). */
const memo = new Memo<DasdPanel>();

function panel(devno: string, s: DasdSnapshot, touched: readonly TrackTouch[]): DasdPanel {
  const mask = new Uint8Array(DEFINE_EXTENT.size);
  mask[0] = s.fileMask;
  const lr = s.locateRecord;
  return settled.next(devno, {
    devno,
    model: s.model,
    controlUnit: s.controlUnit,
    volume: s.volume.description,
    readOnly: s.volume.readOnly,
    geometry: s.geometry,
    position: s.position,
    orientation: s.orientation,
    record: s.record,
    extent: { begin: cchh(s.extent.begin), end: cchh(s.extent.end), defined: s.extent.defined },
    fileMask: fileMaskRows(fieldRows(DEFINE_EXTENT, mask, `${devno}/fileMask`)),
    locateRecord: lr ? `operation X'${hex(lr.operation, 2)}', orientation ${lr.orientation}, ${lr.remaining} of ${lr.count} records left, transfer length ${lr.transferLength}` : null,
    sense: fieldRows(SENSE_24, s.sense, `${devno}/sense`),
    senseHex: hexBytes(s.sense, 4),
    senseProblem: s.senseProblem,
    lastCommand: s.lastCommand ? `${s.lastCommand.name} (X'${hex(s.lastCommand.code, 2)}')${s.lastCommand.problem ? `: ${s.lastCommand.problem}` : ''}` : null,
    tracksRead: s.tracksRead,
    tracksWritten: s.tracksWritten,
    touched: touched.map((t) => ({ cylinder: t.cylinder, head: t.head, kind: t.kind })),
  });
}

/** The records of one track, read from the store (the head does not move; nothing is counted). */
export function trackView(machine: Machine, devno: number, cylinder: number, head: number): TrackView {
  const d = machine.deviceByDevno(devno);
  const base = { devno: hex(devno, 4), cylinder, head };
  if (!d || !(d.device instanceof Dasd3390)) return { ...base, error: `device ${hex(devno, 4)} is not a 3390` };
  const read = d.device.store.readTrack(cylinder, head);
  if ('error' in read) return { ...base, error: read.error };
  // A store hands out the same image until the track is written: its view is built once.
  const cached = viewOf.get(read.image);
  if (cached && cached.devno === base.devno && cached.cylinder === cylinder && cached.head === head) return cached;
  const parsed = parseTrack(read.image, cylinder, head);
  if ('error' in parsed) return { ...base, error: parsed.error };
  const t = parsed.track;
  const records = t.records.map((r): TrackRecord => {
    const count = countBytes(t, r);
    const key = keyBytes(t, r);
    const data = dataBytes(t, r);
    return {
      r: r.r,
      cylinder: r.cylinder,
      head: r.head,
      kl: r.kl,
      dl: r.dl,
      count: hexBytes(count, 4),
      countRows: fieldRows(COUNT_FIELD, count, `track/${r.r}/count`),
      keyHex: hexBytes(key),
      keyText: ebcdicToText(key),
      dataHex: hexBytes(data),
      dataText: ebcdicToText(data),
    };
  });
  const view = markShared({ ...base, haFlag: t.haFlag, records: markShared(records) });
  viewOf.set(read.image, view);
  return view;
}

/** The view of a track image (a store hands out the same image until the track is written). */
const viewOf = new WeakMap<Uint8Array, TrackView>();
