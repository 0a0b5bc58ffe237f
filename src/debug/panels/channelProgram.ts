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
import { Memo } from './memo';
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

/** A translated program's panel is rebuilt only when the translation, the current CCW or a CCW in guest storage changed (memo.ts). */
const memo = new Memo<ChannelProgramPanel>();

export function channelPrograms(runtime: Runtime, clientPath: (p: string) => string): ChannelProgramPanel[] {
  return runtime.machine.devices.map((d) => {
    const devno = hex(d.devno, 4);
    const current = runtime.currentCcw(d)?.address ?? null;
    const mdev = d.mdev;
    // PATH direct reads the program from storage along its chain: built every time.
    if (!mdev) return settled.settle(devno, program(runtime, d, current, clientPath, null));
    const segments = mdev.cp ? mdev.cp.segments : mdev.lastSegments;
    const notes = mdev.cp ? mdev.cp.notes : mdev.lastNotes;
    // A segment's CCW records are immutable and replaced when it changes; the image holds the source lines.
    const key: unknown[] = [runtime.machine.image, notes, notes.length, mdev.cp !== null, current];
    const changed: boolean[] = [];
    for (const s of segments) {
      key.push(s.ccws);
      for (const c of s.ccws) changed.push(modified(runtime, c));
    }
    key.push(...changed);
    return memo.get(devno, key, () => settled.settle(devno, program(runtime, d, current, clientPath, changed)));
  });
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
    const notes = (d.mdev.cp ? d.mdev.cp.notes : d.mdev.lastNotes).map((n) => n.message);
    // The list is a part too: a step that moves the current mark sends the two entries that changed, not a name per CCW.
    return { devno, path: 'vfio', active: d.mdev.cp !== null, ccws: settledLists.settle(devno, ccws), notes };
  }
  const ccws = walkGuest(runtime, d).map(
    (c): ProgramCcw => ({ guestAddress: c.address, guest: ccwText(d, c.ccw), raw: hexBytes(c.raw, 4), source: source(c.address), host: null, current: c.address === current, modified: false }),
  );
  return { devno, path: 'direct', active: current !== null, ccws, notes: [] };
}
