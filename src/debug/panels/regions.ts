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
import { Memo } from './memo';
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

/** A device's regions panel is rebuilt only when one of its inputs changed (memo.ts). */
const memo = new Memo<DeviceRegionsPanel>();
/** Each region too: a stop that changes the io region leaves the other three the parts the client holds. */
const settledRegions = new Settled<RegionPanel>();

export function regionsPanel(machine: Machine): DeviceRegionsPanel[] {
  return machine.devices.map((d) => {
    const devno = hex(d.devno, 4);
    const all = d.mdev ? registered(d.mdev.regions) : [];
    return memo.get(devno, inputsOf(d, all), () => settled.settle(devno, device(d, all)));
  });
}

/** The regions a device has registered: the same list until another is registered (a region's info never changes). */
function registered(regions: DeviceRegions): readonly RegionInfo[] {
  const known = lists.get(regions);
  if (known && known.length === regions.count) return known;
  const all = regions.all();
  lists.set(regions, all);
  return all;
}

const lists = new WeakMap<DeviceRegions, readonly RegionInfo[]>();

/** Everything device() reads: the regions registered, their bytes, the FSM state, the CRW queue's length. */
function inputsOf(d: MachineDevice, all: readonly RegionInfo[]): unknown[] {
  const mdev = d.mdev;
  const out: unknown[] = [d.device.description];
  if (!mdev) return out;
  out.push(mdev.state, mdev.crws.length);
  for (const r of all) out.push(r.name, r.index, r.offset, r.size, r.flags, mdev.regions.bytesOf(r.name));
  return out;
}

function device(d: MachineDevice, all: readonly RegionInfo[]): DeviceRegionsPanel {
  const devno = hex(d.devno, 4);
  const mdev = d.mdev;
  if (!mdev) return { devno, description: d.device.description, fsm: null, regions: [], crwsQueued: 0 };
  const regions = all.map((r) =>
    settledRegions.settle(`${devno}/${r.name}`, {
      name: r.name,
      index: r.index,
      fileOffset: r.offset,
      size: r.size,
      flags: flagsText(r.flags),
      note: NOTES[r.name],
      rows: decorate(fieldRows(r.layout, mdev.regions.bytesOf(r.name), `${devno}/${r.name}`)),
    }),
  );
  return { devno, description: d.device.description, fsm: mdev.state, regions, crwsQueued: mdev.crws.length };
}
