/**
 * "CCW Regions" panel rows: the io, async-cmd, schib and crw regions of each mediated device,
 * every field from the region's arch table. The bytes are the ones the device holds at the stop;
 * building them reads no region (a pread of the schib region performs STORE SUBCHANNEL, one of
 * the crw region takes the next queued CRW: those are the explicit actions in actions.ts).
 */
import { REGION_FLAG_NAMES, errnoText, hex, maskText } from '../../arch';
import type { Machine, MachineDevice } from '../../runtime/machine';
import type { DeviceRegions, RegionInfo, RegionName } from '../../vfio/regions';
import { fieldRows, type FieldRow } from './fieldRows';
import { HeldBytes } from './heldBytes';
import { markShared } from './parts';
import { predecessorOf, replaces } from './shared';
import { Settled } from './reuse';
import { registerLike } from './schema';

export interface RegionPanel {
  readonly name: RegionName;
  /** VFIO region index and the file offset it is found at (index << 10). */
  readonly index: number;
  readonly fileOffset: number;
  readonly size: number;
  /** READ+WRITE … from struct vfio_region_info. */
  readonly flags: string;
  /** What the bytes are, for the schib and crw regions whose content only a read refreshes. */
  readonly note: string;
  readonly rows: readonly FieldRow[];
}

export interface DeviceRegionsPanel {
  readonly devno: string;
  readonly description: string;
  /** The mediated device's FSM state; null on PATH direct (no mediated device). */
  readonly fsm: string | null;
  readonly regions: readonly RegionPanel[];
  /** CRWs queued for the crw region, not yet read. */
  readonly crwsQueued: number;
}

const NOTES: Readonly<Record<RegionName, string>> = {
  io: 'ORB and SCSW as QEMU last wrote them; IRB of the last interruption; ret_code of the last request',
  'async-cmd': 'the last HALT/CLEAR command QEMU wrote and its ret_code',
  schib: 'the SCHIB as the last read of this region stored it (reading it issues STORE SUBCHANNEL)',
  crw: 'the CRW the last read of this region returned (reading it takes the next queued CRW)',
};

/** Human texts the io region's table leaves numeric: ret_code as an errno name. */
function decorate(rows: readonly FieldRow[]): readonly FieldRow[] {
  const hit = decorated.get(rows);
  if (hit) return hit;
  const out = rows.map((r) => {
    const children = r.children ? { children: decorate(r.children) } : {};
    if (r.name === 'ret_code' && r.dec !== undefined) return { ...r, text: errnoText(Number(r.dec)), ...children };
    return { ...r, ...children };
  });
  markShared(out);
  registerLike(rows, out);
  // The decorated rows follow the decorated rows of the rows these replace, as those do (fieldRows.ts).
  const before = predecessorOf(rows);
  const previous = before && decorated.get(before as readonly FieldRow[]);
  if (previous) replaces(out, previous);
  decorated.set(rows, out);
  return out;
}

/** Rows are shared between stops (fieldRows reuses them): so is their decoration. */
const decorated = new WeakMap<readonly FieldRow[], readonly FieldRow[]>();

const settled = new Settled<DeviceRegionsPanel>();

/** A region's flags never change: their text is made once per value. */
function flagsText(flags: number): string {
  let t = flagTexts.get(flags);
  if (t === undefined) {
    t = maskText(REGION_FLAG_NAMES, flags);
    flagTexts.set(flags, t);
  }
  return t;
}

const flagTexts = new Map<number, string>();

/** Each region of a device's panel: a stop that changes the io region leaves the other three the parts the client holds. */
const settledRegions = new Settled<RegionPanel>();

/** A region's panel and a copy of the bytes it shows (compared with the region's live bytes at a stop). */
interface RegionCopy {
  readonly held: HeldBytes;
  readonly panel: RegionPanel;
}

/** What a device's panel was built from: the FSM state, the CRW count, the regions registered and their bytes. */
interface Shown {
  readonly devno: string;
  description: string;
  mdev: MachineDevice['mdev'];
  fsm: string | null;
  crws: number;
  all: readonly RegionInfo[];
  readonly copies: RegionCopy[];
  panel: DeviceRegionsPanel;
}

/** Per devno (a restart builds new regions with the same bytes: compared by value, they keep their panels). */
const shown = new Map<number, Shown>();
/** Devices per session: few. */
const SHOWN_LIMIT = 256;

export function regionsPanel(machine: Machine): DeviceRegionsPanel[] {
  const out: DeviceRegionsPanel[] = [];
  for (const d of machine.devices) out.push(regionsOf(d));
  return out;
}

/** The device's panel: the one shown when nothing it shows changed; else the regions that changed rebuilt, the others kept. */
function regionsOf(d: MachineDevice): DeviceRegionsPanel {
  const was = shown.get(d.devno);
  const mdev = d.mdev;
  const description = d.device.description;
  if (!mdev) {
    if (was && was.mdev === null && was.description === description) return was.panel;
    const devno = hex(d.devno, 4);
    return remember(d.devno, { devno, description, mdev, fsm: null, crws: 0, all: [], copies: [], panel: settled.settle(devno, { devno, description, fsm: null, regions: [], crwsQueued: 0 }) });
  }
  const all = was && was.mdev === mdev && was.all.length === mdev.regions.count ? was.all : registered(mdev.regions);
  const s = was && was.mdev !== null ? was : first(d.devno, description, mdev, all);
  let changed = s !== was || s.description !== description || s.fsm !== mdev.state || s.crws !== mdev.crws.length || s.all.length !== all.length;
  const copies = s.copies;
  for (let i = 0; i < all.length; i++) {
    const r = all[i] as RegionInfo;
    const live = mdev.regions.bytesOf(r.name);
    const k = copies[i];
    // The same region as before at this index (a restart or an open lists them anew): its bytes are compared.
    if (k && sameInfo(s.all[i] as RegionInfo, r) && k.held.bytes.length === live.length && k.held.heldBy(live)) continue;
    copies[i] = { held: new HeldBytes(live, 0, live.length), panel: regionPanel(s.devno, r, live) };
    changed = true;
  }
  copies.length = all.length;
  s.all = all;
  s.mdev = mdev;
  if (!changed) return s.panel;
  s.description = description;
  s.fsm = mdev.state;
  s.crws = mdev.crws.length;
  s.panel = settled.settle(s.devno, { devno: s.devno, description, fsm: s.fsm, regions: copies.map((k) => k.panel), crwsQueued: s.crws });
  return remember(d.devno, s);
}

function remember(devno: number, s: Shown): DeviceRegionsPanel {
  shown.delete(devno);
  shown.set(devno, s);
  if (shown.size > SHOWN_LIMIT) shown.delete(shown.keys().next().value as number);
  return s.panel;
}

/** A device seen for the first time: nothing shown yet (its panel is set before it is returned). */
function first(devno: number, description: string, mdev: NonNullable<MachineDevice['mdev']>, all: readonly RegionInfo[]): Shown {
  return { devno: hex(devno, 4), description, mdev, fsm: null, crws: 0, all, copies: [], panel: NOT_YET };
}

const NOT_YET: DeviceRegionsPanel = { devno: '', description: '', fsm: null, regions: [], crwsQueued: 0 };

function regionPanel(devno: string, r: RegionInfo, bytes: Uint8Array): RegionPanel {
  return settledRegions.settle(`${devno}/${r.name}`, {
    name: r.name,
    index: r.index,
    fileOffset: r.offset,
    size: r.size,
    flags: flagsText(r.flags),
    note: NOTES[r.name],
    rows: decorate(fieldRows(r.layout, bytes, `${devno}/${r.name}`)),
  });
}

/** The same region (what the panel shows of it: a region's info never changes, but a restart or an open lists it anew). */
const sameInfo = (x: RegionInfo, y: RegionInfo): boolean => x === y || (x.name === y.name && x.index === y.index && x.offset === y.offset && x.size === y.size && x.flags === y.flags);

/** The regions a device has registered: the same list until another is registered (a region's info never changes). */
function registered(regions: DeviceRegions): readonly RegionInfo[] {
  const known = lists.get(regions);
  if (known && known.length === regions.count) return known;
  const all = regions.all();
  lists.set(regions, all);
  return all;
}

const lists = new WeakMap<DeviceRegions, readonly RegionInfo[]>();
