/**
 * "Channel Program" rows: the guest's channel program and, on PATH vfio, its translation by the
 * mediated device (the host CCW, its IDAL and the guest pages it stands for) side by side, the
 * current CCW marked. PATH direct has no translation: the guest program is read from storage,
 * from the ORB of the last START SUBCHANNEL along its chain (TICs followed).
 */
import { CCW_FLAGS, ORB, decodeCcw, hex, hexBytes, maskText, type Ccw } from '../../arch';
import type { MachineDevice } from '../../runtime/machine';
import type { Runtime } from '../../runtime/runtime';
import type { SourceRef } from './irbHistory';
import { Settled } from './reuse';

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

function ccwText(device: MachineDevice, c: Ccw): string {
  const name = device.device.commandName(c.cmd) ?? ((c.cmd & 0x0f) === 0x08 ? 'TIC' : 'command');
  const flags = c.flags ? maskText(CCW_FLAGS, c.flags) : 'none';
  return `${name} X'${hex(c.cmd, 2)}'  flags ${flags}  count ${c.count}  data ${hex(c.cda, 8)}`;
}

function walkGuest(runtime: Runtime, device: MachineDevice): { address: number; ccw: Ccw; raw: Uint8Array }[] {
  const start = runtime.lastStartOf(device.devno);
  if (!start || start.statement.op !== 'SSCH') return [];
  const g = runtime.machine.guest;
  const orbBytes = g.read(start.statement.orb, ORB.size);
  if (!orbBytes) return [];
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
  return out;
}

/** What a translated CCW shows that never changes (the translation is immutable): its texts, built once. */
interface Translated {
  readonly guest: string;
  readonly raw: string;
  readonly host: { readonly address: number; readonly text: string; readonly idal: string | null };
}

type HostCcw = NonNullable<MachineDevice['mdev']>['lastSegments'][number]['ccws'][number];

function translated(d: MachineDevice, c: HostCcw): Translated {
  let t = texts.get(c);
  if (!t) {
    t = {
      guest: ccwText(d, c.guest),
      raw: hexBytes(c.raw, 4),
      host: {
        address: c.hostAddress,
        text: ccwText(d, c.host),
        idal: c.idal ? `IDAL ${hex(c.idal.hostAddress, 8)}: ${c.idal.guestAddresses.map((a, i) => `${hex(a, 8)}→${hex(c.idal?.hostAddresses[i] ?? 0, 8)}`).join(' ')}${c.idal.pinned ? ' (pinned)' : ''}` : null,
      },
    };
    texts.set(c, t);
  }
  return t;
}

const texts = new WeakMap<HostCcw, Translated>();

const settled = new Settled<ChannelProgramPanel>();
/** Each CCW too: a step moves the current mark off one CCW and onto another; the others stay the parts the client holds. */
const settledCcws = new Settled<ProgramCcw>();
const settledLists = new Settled<ProgramCcw[]>();

/**
 * What a translated program's panel was last built from: the translation's segments (their CCW
 * records are immutable and replaced when a segment changes), its notes, whether it is active,
 * the current CCW, and which CCWs the program modified in storage. A stop compares those in place
 * (no key is built) and builds the panel again only when one differs.
 */
interface Shown {
  readonly image: object;
  readonly notes: readonly unknown[];
  readonly noteCount: number;
  readonly active: boolean;
  readonly current: number | null;
  readonly lists: readonly (readonly HostCcw[])[];
  readonly modified: readonly boolean[];
  readonly panel: ChannelProgramPanel;
}

const shown = new WeakMap<MachineDevice, Shown>();

export function channelPrograms(runtime: Runtime, clientPath: (p: string) => string): ChannelProgramPanel[] {
  return runtime.machine.devices.map((d) => {
    const current = runtime.currentCcw(d)?.address ?? null;
    const mdev = d.mdev;
    // PATH direct reads the program from storage along its chain: built every time.
    if (!mdev) return settled.settle(hex(d.devno, 4), program(runtime, d, current, clientPath, null));
    const segments = mdev.cp ? mdev.cp.segments : mdev.lastSegments;
    const notes = mdev.cp ? mdev.cp.notes : mdev.lastNotes;
    const active = mdev.cp !== null;
    const image = runtime.machine.image;
    const last = shown.get(d);
    if (last && last.image === image && last.notes === notes && last.noteCount === notes.length && last.active === active && last.current === current && sameProgram(runtime, last, segments)) return last.panel;
    const changed: boolean[] = [];
    const lists: (readonly HostCcw[])[] = [];
    for (const s of segments) {
      lists.push(s.ccws);
      for (const c of s.ccws) changed.push(modified(runtime, c));
    }
    const panel = settled.settle(hex(d.devno, 4), program(runtime, d, current, clientPath, changed));
    shown.set(d, { image, notes, noteCount: notes.length, active, current, lists, modified: changed, panel });
    return panel;
  });
}

/** The segments are the ones `last` was built from, and the program modified in storage the CCWs it had. */
function sameProgram(runtime: Runtime, last: Shown, segments: readonly { readonly ccws: readonly HostCcw[] }[]): boolean {
  if (segments.length !== last.lists.length) return false;
  let n = 0;
  for (let i = 0; i < segments.length; i++) {
    const ccws = (segments[i] as { readonly ccws: readonly HostCcw[] }).ccws;
    if (ccws !== last.lists[i]) return false;
    for (const c of ccws) if (modified(runtime, c) !== last.modified[n++]) return false;
  }
  return true;
}

/** Guest storage holds other bytes now than the translation copied (the program modified itself). */
function modified(runtime: Runtime, c: HostCcw): boolean {
  const g = runtime.machine.guest;
  // Compared where they are (the debugger's side-effect-free view of storage, as read() is): no copy per CCW per stop.
  if (!g.valid(c.guestAddress, 8)) return false;
  const raw = c.raw; // a view made per access
  for (let i = 0; i < 8; i++) if (g.bytes[c.guestAddress + i] !== raw[i]) return true;
  return false;
}

/** The entry last built for a translated CCW: the same marks give the same entry, without building and comparing one. */
const entries = new WeakMap<HostCcw, ProgramCcw>();

function entry(d: MachineDevice, c: HostCcw, place: () => string, current: boolean, isModified: boolean, source: (a: number) => SourceRef | null): ProgramCcw {
  const last = entries.get(c);
  if (last && last.current === current && last.modified === isModified) return last;
  const t = translated(d, c);
  const e = settledCcws.settle(place(), { guestAddress: c.guestAddress, guest: t.guest, raw: t.raw, source: source(c.guestAddress), host: t.host, current, modified: isModified });
  entries.set(c, e);
  return e;
}

/** The notes' messages: the same list (the same object) while they are the same. */
function messagesOf(notes: readonly { readonly message: string }[]): readonly string[] {
  const known = messages.get(notes);
  if (known && known.length === notes.length && known.every((m, i) => m === notes[i]?.message)) return known;
  const list = notes.map((n) => n.message);
  messages.set(notes, list);
  return list;
}

const messages = new WeakMap<object, readonly string[]>();

/** `changed`: for each translated CCW in order, whether the program modified it in storage (as channelPrograms found). */
function program(runtime: Runtime, d: MachineDevice, current: number | null, clientPath: (p: string) => string, changed: readonly boolean[] | null): ChannelProgramPanel {
  const source = (a: number): SourceRef | null => {
    const loc = runtime.sourceOf(a);
    return loc ? { path: clientPath(loc.file), line: loc.line } : null;
  };
  const devno = hex(d.devno, 4);
  if (d.mdev) {
    const segments = d.mdev.cp ? d.mdev.cp.segments : d.mdev.lastSegments;
    let n = 0;
    const ccws = segments.flatMap((s) =>
      s.ccws.map((c, i): ProgramCcw => entry(d, c, () => `${devno}/${s.guestHead}/${i}`, c.guestAddress === current, changed?.[n++] ?? modified(runtime, c), source)),
    );
    const notes = messagesOf(d.mdev.cp ? d.mdev.cp.notes : d.mdev.lastNotes);
    // The list is a part too: a step that moves the current mark sends the two entries that changed, not a name per CCW.
    return { devno, path: 'vfio', active: d.mdev.cp !== null, ccws: settledLists.settle(devno, ccws), notes };
  }
  const ccws = walkGuest(runtime, d).map(
    (c): ProgramCcw => ({ guestAddress: c.address, guest: ccwText(d, c.ccw), raw: hexBytes(c.raw, 4), source: source(c.address), host: null, current: c.address === current, modified: false }),
  );
  return { devno, path: 'direct', active: current !== null, ccws, notes: [] };
}
