/**
 * "DASD Inspector" model: a 3390's geometry, where the access mechanism is and what it is
 * oriented on, the extent and file mask (Define Extent's byte 0, from its table), the last sense
 * decoded, and the tracks the session read and wrote; and, on demand, the records of one track
 * (count, key and data in hex and EBCDIC) read from the volume's store without moving the head.
 */
import { COUNT_FIELD, DEFINE_EXTENT, SENSE_24, equalBytes, hex, hexBytes } from '../../arch';
import { ebcdicToText } from '../../asm';
import { Dasd3390 } from '../../devices';
import { fileMaskOf, type Domain } from '../../devices/dasd/chainState';
import { countBytes, dataBytes, keyBytes, parseTrack, type CkdRecord, type CkdTrack } from '../../devices/dasd/ckdTrack';
import type { LastCommand } from '../../devices/dasd/dasd3390';
import { wholeVolume, type DefinedExtent, type Extent } from '../../devices/dasd/defineExtent';
import { onRecord, type Position } from '../../devices/dasd/trackCursor';
import type { TrackStore } from '../../devices/dasd/trackStore';
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

/**
 * The device state a panel shows, as the device holds it: what its snapshot would be computed
 * from. Objects the device replaces and never changes in place (the position, the parsed track,
 * the Define Extent, the held sense, the last command) are compared by identity; numbers, and the
 * members set in place (the cursor's cylinder, head and counts, the domain's remaining count), by
 * value. The sense the device presents without a unit check is the null sense of its cylinder
 * and head, which are compared.
 */
interface Live {
  readonly devno: number;
  readonly store: TrackStore;
  readonly description: string;
  readonly readOnly: boolean;
  readonly cylinders: number;
  readonly heads: number;
  readonly position: Position;
  readonly track: CkdTrack | null;
  readonly cylinder: number;
  readonly head: number;
  readonly tracksRead: number;
  readonly tracksWritten: number;
  readonly extent: DefinedExtent | null;
  readonly setFileMask: number | null;
  readonly domain: Domain | null;
  readonly remaining: number;
  readonly sense: Uint8Array | null;
  readonly senseProblem: string | null;
  readonly lastCommand: LastCommand | null;
  readonly touched: readonly TrackTouch[];
}

function liveOf(devno: number, d: Dasd3390, touched: readonly TrackTouch[]): Live {
  const c = d.cursor;
  const chain = d.chain;
  const geometry = d.store.geometry;
  return {
    devno,
    store: d.store,
    description: d.store.description,
    readOnly: d.store.readOnly,
    cylinders: geometry.cylinders,
    heads: geometry.heads,
    position: c.position,
    track: c.loaded,
    cylinder: c.cylinder,
    head: c.head,
    tracksRead: c.tracksRead,
    tracksWritten: c.tracksWritten,
    extent: chain.extent,
    setFileMask: chain.setFileMask,
    domain: chain.domain,
    remaining: chain.domain?.remaining ?? 0,
    sense: d.heldSense,
    senseProblem: d.heldSenseProblem,
    lastCommand: d.lastCommand,
    touched,
  };
}

/**
 * The device holds what `was` recorded. A position on a record whose track is not loaded is never
 * the same: showing it loads the track (and counts the read), as the snapshot does.
 */
function unchanged(was: Live, devno: number, d: Dasd3390, touched: readonly TrackTouch[]): boolean {
  const c = d.cursor;
  const chain = d.chain;
  const domain = chain.domain;
  const store = d.store;
  return (
    was.touched === touched &&
    was.position === c.position &&
    was.track === c.loaded &&
    (was.track !== null || !onRecord(c.position)) &&
    was.cylinder === c.cylinder &&
    was.head === c.head &&
    was.tracksRead === c.tracksRead &&
    was.tracksWritten === c.tracksWritten &&
    was.extent === chain.extent &&
    was.setFileMask === chain.setFileMask &&
    was.domain === domain &&
    was.remaining === (domain?.remaining ?? 0) &&
    was.sense === d.heldSense &&
    was.senseProblem === d.heldSenseProblem &&
    was.lastCommand === d.lastCommand &&
    was.devno === devno &&
    was.store === store &&
    was.description === store.description &&
    was.readOnly === store.readOnly &&
    was.cylinders === store.geometry.cylinders &&
    was.heads === store.geometry.heads
  );
}

/** A device's panel and what it was built from: the live state, and the sense bytes, extent and file mask it shows. */
interface Built {
  readonly panel: DasdPanel;
  readonly live: Live;
  readonly sense: Uint8Array;
  readonly extent: Extent;
  readonly fileMask: number;
}

/**
 * Per device: the panel last built. A stop at which the device holds what the panel was built
 * from (a few dozen identities and numbers: no snapshot) is that panel. Otherwise the members
 * whose inputs did not change are the previous panel's (the same objects; what they show is not
 * computed again), and a panel whose members all are is the previous panel. The state is compared,
 * not counted: every command family mutates it, in place too.
 */
const last = new WeakMap<Dasd3390, Built>();

export function dasdPanels(machine: Machine, recorder: PanelRecorder): DasdPanel[] {
  const out: DasdPanel[] = [];
  for (const d of machine.devices) {
    const device = d.device;
    if (!(device instanceof Dasd3390)) continue;
    const touched = recorder.tracksOf(d.devno, machine.scheduler.now);
    const before = last.get(device);
    if (before && unchanged(before.live, d.devno, device, touched)) {
      out.push(before.panel);
      continue;
    }
    const built = panel(d.devno, device, touched, before);
    last.set(device, built);
    out.push(built.panel);
  }
  return out;
}

const sameAddress = (a: { cylinder: number; head: number }, b: { cylinder: number; head: number }): boolean => a.cylinder === b.cylinder && a.head === b.head;

function sameTouches(a: readonly TrackTouch[], b: readonly TrackTouch[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as TrackTouch;
    const y = b[i] as TrackTouch;
    if (x !== y && (x.cylinder !== y.cylinder || x.head !== y.head || x.kind !== y.kind)) return false;
  }
  return true;
}

type Record_ = DasdPanel['record'];

const sameRecord = (a: Record_, b: Record_): boolean => a === b || (a !== null && b !== null && a.r === b.r && a.cylinder === b.cylinder && a.head === b.head && a.kl === b.kl && a.dl === b.dl);

/**
 * The panel of device `d` as it is now (what its snapshot shows: snapshot.ts), built from the
 * members of `before` whose inputs did not change; `before.panel` itself when none did.
 */
function panel(devnoNumber: number, d: Dasd3390, touched: readonly TrackTouch[], before: Built | undefined): Built {
  const c = d.cursor;
  // First, as the snapshot does: on a record, the track is loaded (and its read counted) if it is not.
  const at = onRecord(c.position) ? c.current() : null;
  const live = liveOf(devnoNumber, d, touched);
  const p = before?.panel;
  const was = before?.live;
  const devno = p && was && was.devno === devnoNumber ? p.devno : hex(devnoNumber, 4);
  const sameGeometry = was !== undefined && was.cylinders === live.cylinders && was.heads === live.heads;
  const samePlace = was !== undefined && was.cylinder === live.cylinder && was.head === live.head;
  const geometry = p && sameGeometry ? p.geometry : { cylinders: live.cylinders, heads: live.heads, tracks: live.cylinders * live.heads };
  const position = p && samePlace ? p.position : { cylinder: live.cylinder, head: live.head };
  const record = recordOf(at, p && was && was.position === live.position && was.track === live.track && live.track !== null ? p.record : undefined, p?.record);
  const extentNow = live.extent?.extent ?? (before && sameGeometry && was?.extent === null ? before.extent : wholeVolume(d.store.geometry));
  const extent =
    p && before && sameAddress(before.extent.begin, extentNow.begin) && sameAddress(before.extent.end, extentNow.end) && p.extent.defined === (live.extent !== null)
      ? p.extent
      : { begin: cchh(extentNow.begin), end: cchh(extentNow.end), defined: live.extent !== null };
  const fileMaskNow = fileMaskOf(d.chain);
  const fileMask = p && before && before.fileMask === fileMaskNow ? p.fileMask : fileMaskRowsOf(devno, fileMaskNow);
  // Without a unit check the sense is the null sense, a function of the cylinder and head.
  const senseKept = p && before && was && was.sense === live.sense && (live.sense !== null || (samePlace && sameGeometry));
  const senseBytes = senseKept && before ? before.sense : d.sense();
  const senseSame = p !== undefined && before !== undefined && (senseKept || equalBytes(before.sense, senseBytes));
  const sense = senseSame && p ? p.sense : fieldRows(SENSE_24, senseBytes, `${devno}/sense`);
  const senseHex = senseSame && p ? p.senseHex : hexBytes(senseBytes, 4);
  const locateRecord = p && was && was.domain === live.domain && was.remaining === live.remaining ? p.locateRecord : locateText(live.domain);
  const lastCommand = p && was && was.lastCommand === live.lastCommand ? p.lastCommand : lastText(live.lastCommand);
  const touchedRows = p && was && (was.touched === touched || sameTouches(was.touched, touched)) ? p.touched : touched.map((t) => ({ cylinder: t.cylinder, head: t.head, kind: t.kind }));
  const fresh: DasdPanel = {
    devno,
    model: d.model.name,
    controlUnit: d.controlUnit.name,
    volume: live.description,
    readOnly: live.readOnly,
    geometry,
    position,
    orientation: live.position.kind,
    record,
    extent,
    fileMask,
    locateRecord,
    sense,
    senseHex,
    senseProblem: live.senseProblem,
    lastCommand,
    tracksRead: live.tracksRead,
    tracksWritten: live.tracksWritten,
    touched: touchedRows,
  };
  const shown = p && sameMembers(p, fresh) ? p : settled.next(devno, fresh);
  return { panel: shown, live, sense: senseSame && before ? before.sense : senseBytes, extent: extentNow, fileMask: fileMaskNow };
}

/** The record shown: `kept` when the position and track did not change, else the one `at` is, as `previous` when equal. */
function recordOf(at: { readonly record: CkdRecord } | null, kept: Record_ | undefined, previous: Record_ | undefined): Record_ {
  if (kept !== undefined) return kept;
  const r = at ? { r: at.record.r, cylinder: at.record.cylinder, head: at.record.head, kl: at.record.kl, dl: at.record.dl } : null;
  return previous !== undefined && sameRecord(previous, r) ? previous : r;
}

function locateText(domain: Domain | null): string | null {
  if (!domain || domain.remaining <= 0) return null;
  return `operation X'${hex(domain.operation, 2)}', orientation ${domain.orientation}, ${domain.remaining} of ${domain.request.count} records left, transfer length ${domain.request.transferLength}`;
}

function lastText(l: LastCommand | null): string | null {
  return l ? `${l.name} (X'${hex(l.code, 2)}')${l.problem ? `: ${l.problem}` : ''}` : null;
}

/** Every member the same (the objects among them the same objects). */
function sameMembers(p: DasdPanel, q: DasdPanel): boolean {
  return (
    p.devno === q.devno &&
    p.model === q.model &&
    p.controlUnit === q.controlUnit &&
    p.volume === q.volume &&
    p.readOnly === q.readOnly &&
    p.geometry === q.geometry &&
    p.position === q.position &&
    p.orientation === q.orientation &&
    p.record === q.record &&
    p.extent === q.extent &&
    p.fileMask === q.fileMask &&
    p.locateRecord === q.locateRecord &&
    p.sense === q.sense &&
    p.senseHex === q.senseHex &&
    p.senseProblem === q.senseProblem &&
    p.lastCommand === q.lastCommand &&
    p.tracksRead === q.tracksRead &&
    p.tracksWritten === q.tracksWritten &&
    p.touched === q.touched
  );
}

function fileMaskRowsOf(devno: string, fileMask: number): readonly FieldRow[] {
  const mask = new Uint8Array(DEFINE_EXTENT.size);
  mask[0] = fileMask;
  return fileMaskRows(fieldRows(DEFINE_EXTENT, mask, `${devno}/fileMask`));
}

/** The records of one track, read from the store (the head does not move; nothing is counted). */
export function trackView(machine: Machine, devno: number, cylinder: number, head: number): TrackView {
  const d = machine.deviceByDevno(devno);
  if (!d || !(d.device instanceof Dasd3390)) return { devno: hex(devno, 4), cylinder, head, error: `device ${hex(devno, 4)} is not a 3390` };
  const read = d.device.store.readTrack(cylinder, head);
  if ('error' in read) return { devno: hex(devno, 4), cylinder, head, error: read.error };
  const known = keptView(devno, cylinder, head, read.image);
  if (known) return known;
  const view = buildTrackView(hex(devno, 4), cylinder, head, read.image);
  if (!('error' in view)) keepView(devno, cylinder, head, read.image, view);
  return view;
}

function buildTrackView(devno: string, cylinder: number, head: number, image: Uint8Array): TrackView {
  const parsed = parseTrack(image, cylinder, head);
  if ('error' in parsed) return { devno, cylinder, head, error: parsed.error };
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
  return markShared({ devno, cylinder, head, haFlag: t.haFlag, records: markShared(records) });
}

/** A track's view and the image it shows: `image` is the array the store last handed out, `bytes` a copy of it. */
interface KeptView {
  readonly devno: number;
  readonly cylinder: number;
  readonly head: number;
  image: Uint8Array;
  readonly bytes: Uint8Array;
  readonly view: TrackView;
}

/**
 * Views built, by track, least recently shown first; the last one shown apart (a client asks for
 * the same track at every stop). A view is a function of the track address and the image's bytes:
 * the same image (a store hands out the same one until the track is written) is the same view,
 * and so is an equal image handed out anew (a store rebuilt by a restart, a never-written track
 * built when read), so the client keeps the part it holds.
 */
const views = new Map<string, KeptView>();
let latest: KeptView | undefined;
/** Track images are up to 56 KB: a few tracks' worth. */
const VIEW_LIMIT = 16;

function keptView(devno: number, cylinder: number, head: number, image: Uint8Array): TrackView | undefined {
  let k = latest;
  if (!k || k.devno !== devno || k.cylinder !== cylinder || k.head !== head) {
    k = views.get(trackPlace(devno, cylinder, head));
    if (!k) return undefined;
    latest = k;
  }
  if (k.image === image) return k.view;
  if (!sameImage(k.bytes, image)) return undefined;
  k.image = image;
  return k.view;
}

function keepView(devno: number, cylinder: number, head: number, image: Uint8Array, view: TrackView): void {
  const place = trackPlace(devno, cylinder, head);
  latest = { devno, cylinder, head, image, bytes: image.slice(), view };
  views.delete(place);
  views.set(place, latest);
  if (views.size > VIEW_LIMIT) views.delete(views.keys().next().value as string);
}

const trackPlace = (devno: number, cylinder: number, head: number): string => `${devno}/${cylinder}/${head}`;

/** Equal bytes, a word at a time where both arrays allow it (an image is compared only when the store handed out another array). */
function sameImage(a: Uint8Array, b: Uint8Array): boolean {
  const n = a.length;
  if (n !== b.length) return false;
  let i = 0;
  if (((a.byteOffset | b.byteOffset) & 3) === 0) {
    const x = new Uint32Array(a.buffer, a.byteOffset, n >> 2);
    const y = new Uint32Array(b.buffer, b.byteOffset, n >> 2);
    for (; i < x.length; i++) if (x[i] !== y[i]) return false;
    i <<= 2;
  }
  for (; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
}
