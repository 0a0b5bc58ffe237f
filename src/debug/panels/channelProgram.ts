/**
 * "Channel Program" rows: the guest's channel program and, on PATH vfio, its translation by the
 * mediated device (the host CCW, its IDAL and the guest pages it stands for) side by side, the
 * current CCW marked. PATH direct has no translation: the guest program is read from storage,
 * from the ORB of the last START SUBCHANNEL along its chain (TICs followed).
 *
 * Built at every stop, and most stops change little: a CCW step moves the current mark from one
 * CCW to the next. So a device's panel remembers what it was built from (Shown) and a stop
 * compares that in place: nothing changed gives the same panel; a moved mark, a CCW the program
 * modified in storage, the translation ending or its notes give a successor panel whose list is
 * the old one with just the entries whose marks changed made anew, each a successor of the one it
 * replaces (shared.ts), so the client is sent their changed members only. A new program (a new
 * translation, another START, a restart) builds the list again, keeping the entries that show the
 * same at the same place.
 */
import { CCW_FLAGS, ORB, decodeCcw, hex, hexBytes, maskText, sameBytesAt, type Ccw } from '../../arch';
import type { StatementRecord } from '../../driver';
import type { GuestStorage } from '../../css/storage';
import type { MachineDevice } from '../../runtime/machine';
import type { Runtime } from '../../runtime/runtime';
import type { CcwChainSegment, TranslatedCcw, TranslatedIdal, TranslationNote } from '../../vfio';
import type { SourceRef } from './irbHistory';
import { markShared, replaces } from './shared';

export interface ProgramCcw {
  readonly guestAddress: number;
  /** `READ DATA X'86'  flags SLI  count 80  data 00000C40` */
  readonly guest: string;
  /** The 8 bytes as the channel (or the translation) saw them. */
  readonly raw: string;
  readonly source: SourceRef | null;
  readonly host: { readonly address: number; readonly text: string; readonly idal: string | null } | null;
  readonly current: boolean;
  /** Guest storage holds other bytes now than the translation copied (the program modified itself). */
  readonly modified: boolean;
}

export interface ChannelProgramPanel {
  readonly devno: string;
  readonly path: 'vfio' | 'direct';
  /** Translation active (cp initialized) on PATH vfio. */
  readonly active: boolean;
  readonly ccws: readonly ProgramCcw[];
  readonly notes: readonly string[];
}

/** At most this many CCWs of a program read from storage (a TIC loop would never end). */
const WALK_LIMIT = 256;

/** What a device's panel was last built from, compared in place at the next stop. */
interface Shown {
  /** The machine's device (a restart makes new ones) and the image (the sources, the device types). */
  readonly device: MachineDevice;
  readonly image: object;
  readonly program: TranslatedProgram | WalkedProgram;
  /** The current CCW's guest address the entries are marked with. */
  current: number | null;
  panel: ChannelProgramPanel;
  /** The basis the panel before this one left: where a later translation looks when this panel lists none (see Basis). */
  readonly basis: Basis | null;
}

/**
 * The last translation with CCWs and its entries: what a new translation's entries are found in,
 * place by place. Kept past a panel without CCWs (a restart's first stop), so the program started
 * again after a restart shows the texts it showed before without building them.
 */
interface Basis {
  readonly image: object;
  readonly program: TranslatedProgram;
  readonly entries: readonly ProgramCcw[];
}

function basisOf(last: Shown | undefined): Basis | null {
  if (!last) return null;
  if (last.program.kind === 'vfio' && last.program.addresses.length > 0) return { image: last.image, program: last.program, entries: last.panel.ccws };
  return last.basis;
}

/**
 * The CCWs as listed: each one's guest address and its 8 bytes as translated (or read), in one
 * array, so a stop compares them with guest storage without visiting a record per CCW.
 */
interface ListedCcws {
  readonly addresses: readonly number[];
  readonly bytes: Uint8Array;
}

/**
 * A translation: its segments (their CCW records are immutable, and made again when a segment
 * changes), its notes, and for each CCW in list order whether the program modified it in storage.
 */
interface TranslatedProgram extends ListedCcws {
  readonly kind: 'vfio';
  readonly segments: readonly CcwChainSegment[];
  readonly lists: readonly (readonly TranslatedCcw[])[];
  notes: readonly TranslationNote[];
  noteCount: number;
  /** 1 where guest storage holds other bytes than the translation copied, by list index; updated in place. */
  readonly modified: Uint8Array;
}

/** A program read from storage: the START it came from and its ORB's bytes (with the CCWs, all the walk read). */
interface WalkedProgram extends ListedCcws {
  readonly kind: 'direct';
  readonly start: StatementRecord | undefined;
  readonly orbAddress: number;
  readonly orb: Uint8Array | null;
}

/** By devno, not by device: a restart's new machine still shows its panels as successors of the old ones. */
const shown = new Map<number, Shown>();

export function channelPrograms(runtime: Runtime, clientPath: (p: string) => string): ChannelProgramPanel[] {
  const devices = runtime.machine.devices;
  const panels: ChannelProgramPanel[] = [];
  for (const d of devices) panels.push(channelProgram(runtime, d, clientPath));
  return panels;
}

function channelProgram(runtime: Runtime, d: MachineDevice, clientPath: (p: string) => string): ChannelProgramPanel {
  const current = runtime.currentCcwAddress(d);
  const last = shown.get(d.devno);
  // Another machine (a restart, another session) is compared with nothing: built again, as a successor.
  const known = last !== undefined && last.device === d ? last : undefined;
  const mdev = d.mdev;
  if (mdev) {
    const segments = mdev.cp ? mdev.cp.segments : mdev.lastSegments;
    if (known?.program.kind === 'vfio' && sameSegments(known.program, segments)) return updatedTranslation(runtime.machine.guest, known, known.program, current, mdev.cp !== null, notesOf(mdev));
    return rebuiltTranslation(runtime, d, segments, current, clientPath, last);
  }
  if (known?.program.kind === 'direct' && sameWalk(runtime, d, known.program)) return updatedWalk(known, known.program, current);
  return rebuiltWalk(runtime, d, current, clientPath, last);
}

type Mdev = NonNullable<MachineDevice['mdev']>;

function notesOf(mdev: Mdev): readonly TranslationNote[] {
  return mdev.cp ? mdev.cp.notes : mdev.lastNotes;
}

// --- PATH vfio: the translation --------------------------------------------------------------

/** The segments and their CCW records are the ones the panel was built from. */
function sameSegments(p: TranslatedProgram, segments: readonly CcwChainSegment[]): boolean {
  if (segments !== p.segments || segments.length !== p.lists.length) return false;
  for (let k = 0; k < segments.length; k++) if ((segments[k] as CcwChainSegment).ccws !== p.lists[k]) return false;
  return true;
}

/** List indexes whose marks may have changed at this stop (a scratch list, reused). */
const touched: number[] = [];

/** The same translation: its marks, notes and activity compared in place; the panel, or its successor. */
function updatedTranslation(g: GuestStorage, last: Shown, p: TranslatedProgram, current: number | null, active: boolean, notes: readonly TranslationNote[]): ChannelProgramPanel {
  touched.length = 0;
  collectModified(g, p, touched);
  if (current !== last.current) {
    collectAt(p, last.current, touched);
    collectAt(p, current, touched);
    last.current = current;
  }
  const prev = last.panel;
  const ccws = touched.length > 0 ? remarked(prev.ccws, touched, current, p.modified) : prev.ccws;
  let messages = prev.notes;
  if (notes !== p.notes || notes.length !== p.noteCount) {
    messages = messagesOf(notes, prev.notes);
    p.notes = notes;
    p.noteCount = notes.length;
  }
  if (ccws === prev.ccws && messages === prev.notes && active === prev.active) return prev;
  last.panel = successor({ devno: prev.devno, path: prev.path, active, ccws, notes: messages }, prev);
  return last.panel;
}

/** Records in `p.modified` which CCWs the program modified in storage now, and adds those that flipped to `into`. */
function collectModified(g: GuestStorage, p: TranslatedProgram, into: number[]): void {
  const { addresses, bytes, modified } = p;
  for (let n = 0; n < addresses.length; n++) {
    const m = differs(g, addresses[n] as number, bytes, n * 8) ? 1 : 0;
    if (m !== modified[n]) {
      modified[n] = m;
      into.push(n);
    }
  }
}

/** Adds to `into` the list indexes of the CCWs at guest `address` (segments may overlap: each is marked). */
function collectAt(p: ListedCcws, address: number | null, into: number[]): void {
  if (address === null) return;
  const addresses = p.addresses;
  for (let n = 0; n < addresses.length; n++) if (addresses[n] === address) into.push(n);
}

/** The 8 bytes at `address` in guest storage differ from `raw` at `at`; an address outside storage is not a change. */
function differs(g: GuestStorage, address: number, raw: Uint8Array, at: number): boolean {
  // Compared where they are (the debugger's side-effect-free view of storage, as read() is): no copy.
  return g.valid(address, 8) && !sameBytesAt(g.bytes, address, raw, at, 8);
}

/** A new translation (or a new machine): the list built again; an entry that shows what the one at its place showed is that one. */
function rebuiltTranslation(runtime: Runtime, d: MachineDevice, segments: readonly CcwChainSegment[], current: number | null, clientPath: (p: string) => string, last: Shown | undefined): ChannelProgramPanel {
  const mdev = d.mdev as Mdev;
  const g = runtime.machine.guest;
  const image = runtime.machine.image;
  const basis = basisOf(last);
  // The same image has the same sources and device types: a CCW translated the same shows the same texts.
  const sameImage = basis?.image === image;
  const lists = segments.map((s) => s.ccws);
  const listed = listedCcws(lists.flat());
  const flags = new Uint8Array(listed.addresses.length);
  const ccws: ProgramCcw[] = [];
  for (let k = 0; k < segments.length; k++) {
    const guestHead = (segments[k] as CcwChainSegment).guestHead;
    const place = basis ? placeOf(basis.program, basis.entries, guestHead) : null;
    (lists[k] as readonly TranslatedCcw[]).forEach((c, i) => {
      const n = ccws.length;
      // Guest storage holds other bytes now than the translation copied: the program modified itself.
      const m = differs(g, c.guestAddress, listed.bytes, n * 8);
      flags[n] = m ? 1 : 0;
      // At the same place, copied from the same bytes (compared in the listed copies: a record's `raw` is a view made per read).
      const old = place && i < place.records.length && sameBytesAt(listed.bytes, n * 8, place.bytes, (place.offset + i) * 8, 8) ? { record: place.records[i] as TranslatedCcw, entry: place.entries[place.offset + i] as ProgramCcw } : null;
      ccws.push(translatedEntry(runtime, d, c, c.guestAddress === current, m, clientPath, old, sameImage));
    });
  }
  const notes = notesOf(mdev);
  const program: TranslatedProgram = { kind: 'vfio', ...listed, segments, lists, notes, noteCount: notes.length, modified: flags };
  return settledPanel(d, image, program, current, { devno: hex(d.devno, 4), path: 'vfio', active: mdev.cp !== null, ccws, notes: notes.map((n) => n.message) }, last);
}

/** The CCWs' addresses and bytes in list order (each record's `raw` read once, here). */
function listedCcws(ccws: readonly { readonly guestAddress: number; readonly raw: Uint8Array }[]): ListedCcws {
  const bytes = new Uint8Array(ccws.length * 8);
  ccws.forEach((c, n) => bytes.set(c.raw, n * 8));
  return { addresses: ccws.map((c) => c.guestAddress), bytes };
}

/** Where the previous translation had a segment at `guestHead`: its records, and where its entries and bytes start in the list. */
function placeOf(before: TranslatedProgram, entries: readonly ProgramCcw[], guestHead: number): { records: readonly TranslatedCcw[]; entries: readonly ProgramCcw[]; bytes: Uint8Array; offset: number } | null {
  let offset = 0;
  for (let k = 0; k < before.lists.length; k++) {
    const records = before.lists[k] as readonly TranslatedCcw[];
    if ((before.segments[k] as CcwChainSegment).guestHead === guestHead) return { records, entries, bytes: before.bytes, offset };
    offset += records.length;
  }
  return null;
}

/** The entry of translated CCW `c`; `old`: the record and entry at its place in the previous translation, copied from the same bytes. */
function translatedEntry(runtime: Runtime, d: MachineDevice, c: TranslatedCcw, current: boolean, isModified: boolean, clientPath: (p: string) => string, old: { record: TranslatedCcw; entry: ProgramCcw } | null, sameImage: boolean): ProgramCcw {
  // Translated the same (a program started again, before or after a restart): its texts and source are the old entry's.
  if (old && sameImage && sameTranslation(old.record, c)) return marked(old.entry, current, isModified);
  const fresh: ProgramCcw = {
    guestAddress: c.guestAddress,
    guest: ccwText(d, c.guest),
    raw: hexBytes(c.raw, 4),
    source: sourceRef(runtime, c.guestAddress, clientPath),
    host: { address: c.hostAddress, text: ccwText(d, c.host), idal: c.idal ? idalText(c.idal) : null },
    current,
    modified: isModified,
  };
  return settled(fresh, old?.entry, sameEntry);
}

function idalText(idal: TranslatedIdal): string {
  const pairs = idal.guestAddresses.map((a, i) => `${hex(a, 8)}→${hex(idal.hostAddresses[i] ?? 0, 8)}`).join(' ');
  return `IDAL ${hex(idal.hostAddress, 8)}: ${pairs}${idal.pinned ? ' (pinned)' : ''}`;
}

/** Two translated CCW records copied from the same bytes show the same texts: the same guest and host CCWs, addresses and IDAL. */
function sameTranslation(a: TranslatedCcw, b: TranslatedCcw): boolean {
  return a.guestAddress === b.guestAddress && a.hostAddress === b.hostAddress && sameCcw(a.guest, b.guest) && sameCcw(a.host, b.host) && sameIdal(a.idal, b.idal);
}

function sameCcw(a: Ccw, b: Ccw): boolean {
  return a.cmd === b.cmd && a.flags === b.flags && a.count === b.count && a.cda === b.cda;
}

function sameIdal(a: TranslatedIdal | null, b: TranslatedIdal | null): boolean {
  if (a === null || b === null) return a === b;
  return a.hostAddress === b.hostAddress && a.pinned === b.pinned && sameNumbers(a.guestAddresses, b.guestAddresses) && sameNumbers(a.hostAddresses, b.hostAddresses);
}

function sameNumbers(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The notes' messages: `prev` while they are the same. */
function messagesOf(notes: readonly TranslationNote[], prev: readonly string[]): readonly string[] {
  if (notes.length === prev.length && notes.every((n, i) => n.message === prev[i])) return prev;
  return notes.map((n) => n.message);
}

// --- PATH direct: the program in storage ------------------------------------------------------

/** The program read from storage again would be the same: the same START, and its ORB's and CCWs' bytes unchanged. */
function sameWalk(runtime: Runtime, d: MachineDevice, p: WalkedProgram): boolean {
  if (runtime.lastStartOf(d.devno) !== p.start) return false;
  const g = runtime.machine.guest;
  // The walk's course follows from these bytes alone (where storage ends is the machine's): unchanged, it goes the same way.
  if (p.orb && !sameBytesAt(g.bytes, p.orbAddress, p.orb, 0, p.orb.length)) return false;
  for (let k = 0; k < p.addresses.length; k++) if (!sameBytesAt(g.bytes, p.addresses[k] as number, p.bytes, k * 8, 8)) return false;
  return true;
}

/** The same program in storage: only the current mark (and with it `active`) can have moved. */
function updatedWalk(last: Shown, p: WalkedProgram, current: number | null): ChannelProgramPanel {
  if (current === last.current) return last.panel;
  touched.length = 0;
  collectAt(p, last.current, touched);
  collectAt(p, current, touched);
  last.current = current;
  const prev = last.panel;
  const ccws = touched.length > 0 ? remarked(prev.ccws, touched, current, null) : prev.ccws;
  const active = current !== null;
  if (ccws === prev.ccws && active === prev.active) return prev;
  last.panel = successor({ devno: prev.devno, path: prev.path, active, ccws, notes: prev.notes }, prev);
  return last.panel;
}

function rebuiltWalk(runtime: Runtime, d: MachineDevice, current: number | null, clientPath: (p: string) => string, last: Shown | undefined): ChannelProgramPanel {
  const walk = walkGuest(runtime, d);
  const before = last?.panel.path === 'direct' ? last.panel.ccws : null;
  const ccws = walk.ccws.map((c, i): ProgramCcw => {
    const fresh = { guestAddress: c.address, guest: ccwText(d, c.ccw), raw: hexBytes(c.raw, 4), source: sourceRef(runtime, c.address, clientPath), host: null, current: c.address === current, modified: false };
    return settled(fresh, before?.[i], sameEntry);
  });
  const listed = listedCcws(walk.ccws.map((c) => ({ guestAddress: c.address, raw: c.raw })));
  const program: WalkedProgram = { kind: 'direct', ...listed, start: walk.start, orbAddress: walk.orbAddress, orb: walk.orb };
  return settledPanel(d, runtime.machine.image, program, current, { devno: hex(d.devno, 4), path: 'direct', active: current !== null, ccws, notes: [] }, last);
}

interface Walk {
  readonly start: StatementRecord | undefined;
  readonly orbAddress: number;
  /** The ORB's bytes (null when there is none to read). */
  readonly orb: Uint8Array | null;
  readonly ccws: { address: number; ccw: Ccw; raw: Uint8Array }[];
}

function walkGuest(runtime: Runtime, device: MachineDevice): Walk {
  const start = runtime.lastStartOf(device.devno);
  if (!start || start.statement.op !== 'SSCH') return { start, orbAddress: 0, orb: null, ccws: [] };
  const g = runtime.machine.guest;
  const orbAddress = start.statement.orb;
  const orbBytes = g.read(orbAddress, ORB.size);
  if (!orbBytes) return { start, orbAddress, orb: null, ccws: [] };
  const orb = ORB.decode(orbBytes);
  const out: { address: number; ccw: Ccw; raw: Uint8Array }[] = [];
  const seen = new Set<number>();
  let at = orb.cpa;
  while (out.length < WALK_LIMIT && !seen.has(at)) {
    seen.add(at);
    const raw = g.read(at, 8);
    if (!raw) break;
    const ccw = decodeCcw(raw, 0, orb.F === 1);
    out.push({ address: at, ccw, raw });
    if ((ccw.cmd & 0x0f) === 0x08) at = ccw.cda;
    else if (ccw.flags & 0xc0) at += 8; // chain data or chain command
    else break;
  }
  return { start, orbAddress, orb: orbBytes, ccws: out };
}

// --- both paths -------------------------------------------------------------------------------

function ccwText(device: MachineDevice, c: Ccw): string {
  const name = device.device.commandName(c.cmd) ?? ((c.cmd & 0x0f) === 0x08 ? 'TIC' : 'command');
  const flags = c.flags ? maskText(CCW_FLAGS, c.flags) : 'none';
  return `${name} X'${hex(c.cmd, 2)}'  flags ${flags}  count ${c.count}  data ${hex(c.cda, 8)}`;
}

function sourceRef(runtime: Runtime, address: number, clientPath: (p: string) => string): SourceRef | null {
  const loc = runtime.sourceOf(address);
  return loc ? { path: clientPath(loc.file), line: loc.line } : null;
}

/**
 * `list` with the entries at `indexes` marked anew (current: at guest address `current`;
 * modified: as `modified` says, by index, or not at all), or `list` itself when none changed. The
 * list is a part too: a step that moves the current mark sends the two entries that changed, not
 * a name per CCW.
 */
function remarked(list: readonly ProgramCcw[], indexes: readonly number[], current: number | null, modified: Uint8Array | null): readonly ProgramCcw[] {
  let next: ProgramCcw[] | null = null;
  for (const i of indexes) {
    const e = (next ?? list)[i] as ProgramCcw;
    const m = marked(e, e.guestAddress === current, modified !== null && modified[i] === 1);
    if (m === e) continue;
    next ??= list.slice();
    next[i] = m;
  }
  return next ? successor(next, list) : list;
}

/** `e` with these marks: `e` itself when it has them, else its successor (the client is sent the marks only). */
function marked(e: ProgramCcw, current: boolean, isModified: boolean): ProgramCcw {
  if (e.current === current && e.modified === isModified) return e;
  return successor({ guestAddress: e.guestAddress, guest: e.guest, raw: e.raw, source: e.source, host: e.host, current, modified: isModified }, e);
}

/** `fresh` as what replaced `prev` at its place (shared.ts): the client holding `prev` is sent what differs. */
function successor<T extends object>(fresh: T, prev: T): T {
  replaces(fresh, prev);
  return fresh;
}

/** `fresh`, or `prev` when it shows the same (the part the client holds); shared either way. */
function settled<T extends object>(fresh: T, prev: T | undefined, same: (a: T, b: T) => boolean): T {
  if (prev === undefined) return markShared(fresh);
  return same(fresh, prev) ? prev : successor(fresh, prev);
}

/** A rebuilt panel, settled against the previous one at its devno, remembered with what it was built from. */
function settledPanel(d: MachineDevice, image: object, program: TranslatedProgram | WalkedProgram, current: number | null, fresh: ChannelProgramPanel, last: Shown | undefined): ChannelProgramPanel {
  const prev = last?.panel;
  const ccws = prev && sameElements(fresh.ccws, prev.ccws) ? prev.ccws : settled(fresh.ccws, prev?.ccws, () => false);
  const notes = prev && sameElements(fresh.notes, prev.notes) ? prev.notes : fresh.notes;
  const panel = settled({ ...fresh, ccws, notes }, prev, samePanel);
  shown.set(d.devno, { device: d, image, program, current, panel, basis: basisOf(last) });
  return panel;
}

function samePanel(a: ChannelProgramPanel, b: ChannelProgramPanel): boolean {
  return a.devno === b.devno && a.path === b.path && a.active === b.active && a.ccws === b.ccws && a.notes === b.notes;
}

function sameEntry(a: ProgramCcw, b: ProgramCcw): boolean {
  return (
    a.guestAddress === b.guestAddress &&
    a.guest === b.guest &&
    a.raw === b.raw &&
    a.current === b.current &&
    a.modified === b.modified &&
    (a.source === b.source || (a.source !== null && b.source !== null && a.source.path === b.source.path && a.source.line === b.source.line)) &&
    (a.host === b.host || (a.host !== null && b.host !== null && a.host.address === b.host.address && a.host.text === b.host.text && a.host.idal === b.host.idal))
  );
}

function sameElements<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
