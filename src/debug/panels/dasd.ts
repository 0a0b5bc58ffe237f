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

/** What a device's panel was last built from, beside the panel: a stop compares the snapshot with it member by member. */
interface Built {
  readonly panel: DasdPanel;
  readonly snapshot: DasdSnapshot;
  readonly touched: readonly TrackTouch[];
}

/**
 * Per device: the panel last built. A member whose inputs did not change is the previous panel's
 * (the same object), and a panel whose members all are is the previous panel: no rows, texts or
 * comparisons of what the step did not touch. The snapshot is compared, not counted (the device's
 * state is mutated by every command family), field by field: a few dozen numbers.
 */
const last = new WeakMap<Dasd3390, Built>();

export function dasdPanels(machine: Machine, recorder: PanelRecorder): DasdPanel[] {
  const out: DasdPanel[] = [];
  for (const d of machine.devices) {
    if (!(d.device instanceof Dasd3390)) continue;
    const s = d.device.snapshot();
    const touched = recorder.tracksOf(d.devno, machine.scheduler.now);
    const before = last.get(d.device);
    const built = panel(hex(d.devno, 4), s, touched, before);
    if (built !== before?.panel) last.set(d.device, { panel: built, snapshot: s, touched });
    out.push(built);
  }
  return out;
}

const sameAddress = (a: { cylinder: number; head: number }, b: { cylinder: number; head: number }): boolean => a.cylinder === b.cylinder && a.head === b.head;

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function sameTouches(a: readonly TrackTouch[], b: readonly TrackTouch[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as TrackTouch;
    const y = b[i] as TrackTouch;
    if (x !== y && (x.cylinder !== y.cylinder || x.head !== y.head || x.kind !== y.kind)) return false;
  }
  return true;
}

type Record_ = DasdSnapshot['record'];
type Locate = DasdSnapshot['locateRecord'];
type Last = DasdSnapshot['lastCommand'];

const sameRecord = (a: Record_, b: Record_): boolean => a === b || (a !== null && b !== null && a.r === b.r && a.cylinder === b.cylinder && a.head === b.head && a.kl === b.kl && a.dl === b.dl);
const sameLocate = (a: Locate, b: Locate): boolean =>
  a === b || (a !== null && b !== null && a.operation === b.operation && a.orientation === b.orientation && a.remaining === b.remaining && a.count === b.count && a.transferLength === b.transferLength);
const sameLast = (a: Last, b: Last): boolean => a === b || (a !== null && b !== null && a.name === b.name && a.code === b.code && a.problem === b.problem);

/** The panel for snapshot `s`; members whose inputs are those of `before` are its members, and `before.panel` itself when all are. */
function panel(devno: string, s: DasdSnapshot, touched: readonly TrackTouch[], before: Built | undefined): DasdPanel {
  const p = before?.panel;
  const b = before?.snapshot;
  const geometry = p && b && b.geometry.cylinders === s.geometry.cylinders && b.geometry.heads === s.geometry.heads && b.geometry.tracks === s.geometry.tracks ? p.geometry : s.geometry;
  const position = p && b && sameAddress(b.position, s.position) ? p.position : s.position;
  const record = p && b && sameRecord(b.record, s.record) ? p.record : s.record;
  const extent =
    p && b && sameAddress(b.extent.begin, s.extent.begin) && sameAddress(b.extent.end, s.extent.end) && b.extent.defined === s.extent.defined
      ? p.extent
      : { begin: cchh(s.extent.begin), end: cchh(s.extent.end), defined: s.extent.defined };
  const fileMask = p && b && b.fileMask === s.fileMask ? p.fileMask : fileMaskRowsOf(devno, s.fileMask);
  const senseSame = p !== undefined && b !== undefined && sameBytes(b.sense, s.sense);
  const sense = senseSame && p ? p.sense : fieldRows(SENSE_24, s.sense, `${devno}/sense`);
  const senseHex = senseSame && p ? p.senseHex : hexBytes(s.sense, 4);
  const lr = s.locateRecord;
  const locateRecord =
    p && b && sameLocate(b.locateRecord, lr)
      ? p.locateRecord
      : lr
        ? `operation X'${hex(lr.operation, 2)}', orientation ${lr.orientation}, ${lr.remaining} of ${lr.count} records left, transfer length ${lr.transferLength}`
        : null;
  const lastCommand =
    p && b && sameLast(b.lastCommand, s.lastCommand)
      ? p.lastCommand
      : s.lastCommand
        ? `${s.lastCommand.name} (X'${hex(s.lastCommand.code, 2)}')${s.lastCommand.problem ? `: ${s.lastCommand.problem}` : ''}`
        : null;
  const touchedRows = p && before && sameTouches(before.touched, touched) ? p.touched : touched.map((t) => ({ cylinder: t.cylinder, head: t.head, kind: t.kind }));
  if (
    p &&
    p.devno === devno &&
    p.model === s.model &&
    p.controlUnit === s.controlUnit &&
    p.volume === s.volume.description &&
    p.readOnly === s.volume.readOnly &&
    p.geometry === geometry &&
    p.position === position &&
    p.orientation === s.orientation &&
    p.record === record &&
    p.extent === extent &&
    p.fileMask === fileMask &&
    p.locateRecord === locateRecord &&
    p.sense === sense &&
    p.senseHex === senseHex &&
    p.senseProblem === s.senseProblem &&
    p.lastCommand === lastCommand &&
    p.tracksRead === s.tracksRead &&
    p.tracksWritten === s.tracksWritten &&
    p.touched === touchedRows
  )
    return p;
  return settled.next(devno, {
    devno,
    model: s.model,
    controlUnit: s.controlUnit,
    volume: s.volume.description,
    readOnly: s.volume.readOnly,
    geometry,
    position,
    orientation: s.orientation,
    record,
    extent,
    fileMask,
    locateRecord,
    sense,
    senseHex,
    senseProblem: s.senseProblem,
    lastCommand,
    tracksRead: s.tracksRead,
    tracksWritten: s.tracksWritten,
    touched: touchedRows,
  });
}

function fileMaskRowsOf(devno: string, fileMask: number): readonly FieldRow[] {
  const mask = new Uint8Array(DEFINE_EXTENT.size);
  mask[0] = fileMask;
  return fileMaskRows(fieldRows(DEFINE_EXTENT, mask, `${devno}/fileMask`));
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
