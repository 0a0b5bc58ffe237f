/**
 * "Subchannels" panel rows: every subchannel with its PMCW and SCSW (the SCHIB that STORE
 * SUBCHANNEL would store, taken without storing it), its channel paths, its state in words, and
 * the FSM state of its mediated device. On PATH vfio the guest's subchannel is QEMU's virtual one;
 * the host subchannel the mediated device drives is shown beside it.
 */
import { PMCW, SCHIB, SCSW, hex, maskText, ACTIVITY_CONTROL, FUNCTION_CONTROL, STATUS_CONTROL } from '../../arch';
import type { Subchannel, SubchannelState } from '../../css';
import type { Machine } from '../../runtime/machine';
import { fieldRows, type FieldRow } from './fieldRows';
import { Successions } from './reuse';

export interface PathRow {
  /** Path index 0-7 (PMCW bit position in the path masks: 0 is the leftmost bit). */
  readonly index: number;
  readonly chpid: string;
  readonly installed: boolean;
  readonly available: boolean;
  readonly operational: boolean;
  readonly logical: boolean;
  readonly lastUsed: boolean;
  /** The host channel path is online (the host subchannel's view; always true for the guest's virtual one). */
  readonly online: boolean;
}

export interface SubchannelPanel {
  readonly key: string;
  /** `0.0.0000` */
  readonly schid: string;
  readonly devno: string;
  readonly device: string;
  readonly role: 'guest' | 'host';
  /** `start pending`, `status pending (primary+secondary)`, `idle` … in the SCSW's words. */
  readonly state: string;
  readonly fsm: string | null;
  readonly rows: readonly FieldRow[];
  readonly paths: readonly PathRow[];
}

/** The SCSW's function, activity and status control in words. */
export function stateText(sch: SubchannelState): string {
  const s = sch.scsw;
  // Made once per combination (a stop asks for every subchannel the step changed).
  const key = ((s.fctl & 0x7) << 14) | ((s.actl & 0x7f) << 7) | ((s.stctl & 0x1f) << 2) | (sch.interruptionPending ? 2 : 0) | (sch.pmcw.E === 0 ? 1 : 0);
  const known = stateTexts.get(key);
  if (known !== undefined) return known;
  const parts: string[] = [];
  if (s.fctl) parts.push(`function ${maskText(FUNCTION_CONTROL, s.fctl)}`);
  if (s.actl) parts.push(`activity ${maskText(ACTIVITY_CONTROL, s.actl)}`);
  if (s.stctl) parts.push(`status ${maskText(STATUS_CONTROL, s.stctl)}`);
  if (sch.interruptionPending) parts.push('interruption pending');
  if (sch.pmcw.E === 0) parts.push('disabled');
  const text = parts.length > 0 ? parts.join(', ') : 'idle';
  // The fields are as wide as the SCSW's (3, 7, 5 bits): any other value is not cached.
  if (s.fctl === (s.fctl & 0x7) && s.actl === (s.actl & 0x7f) && s.stctl === (s.stctl & 0x1f)) stateTexts.set(key, text);
  return text;
}

const stateTexts = new Map<number, string>();

function pathsOf(sch: SubchannelState, online: number): PathRow[] {
  const p = sch.pmcw;
  const rows: PathRow[] = [];
  for (let i = 0; i < 8; i++) {
    const bit = 0x80 >> i;
    if ((p.pim & bit) === 0) continue;
    rows.push({
      index: i,
      chpid: hex(p.chpids[i] ?? 0, 2),
      installed: true,
      available: (p.pam & bit) !== 0,
      operational: (p.pom & bit) !== 0,
      logical: (p.lpm & bit) !== 0,
      lastUsed: (p.lpum & bit) !== 0,
      online: (online & bit) !== 0,
    });
  }
  return rows;
}

const settled = new Successions<SubchannelPanel>();

/**
 * What a subchannel's panel was last built from: the PMCW and SCSW as the machine held them
 * (copies of their members), the measurement-block address, the pending interruption, the
 * device, FSM and paths online. A stop compares those field by field (a few dozen numbers) and
 * builds the panel again only when one differs: no SCHIB is encoded for a subchannel the step
 * did not touch. Compared, not counted: the SCHIB is mutated in place all over the channel
 * subsystem, and a mutation that missed a counter would leave the panel stale.
 *
 * The record is updated in place (a CCW step changes one SCSW at most stops): its copies, its
 * SCHIB image and the texts naming the subchannel are kept, not made again.
 */
interface Seen {
  readonly role: 'guest' | 'host';
  readonly schno: number;
  readonly schid: string;
  readonly key: string;
  /** The SCHIB the panel was built from (fieldRows keeps copies of the bytes it shows). */
  schib: Uint8Array;
  pmcw: unknown[];
  readonly scsw: unknown[];
  mba: number;
  pending: boolean;
  device: string;
  fsm: string | null;
  online: number;
  /** Null only while the record is being made. */
  panel: SubchannelPanel | null;
}

/** Per subchannel object (the guest's virtual one and the host's are different objects): looked up without building its key. */
const seen = new WeakMap<SubchannelState, Seen>();

/** The members the SCHIB is encoded from (its table's fields): what the panel shows of the PMCW and SCSW. */
const PMCW_KEYS: readonly string[] = PMCW.fields.map((f) => f.name);
const SCSW_KEYS: readonly string[] = SCSW.fields.map((f) => f.name);
const SCSW_AT = SCHIB.offsetOf('scsw');

/** `out` made to hold the values of `keys` of a decoded structure, in order (byte members copied: they are mutated in place). */
function copyInto(out: unknown[], o: object, keys: readonly string[]): unknown[] {
  for (let i = 0; i < keys.length; i++) {
    const v = (o as Record<string, unknown>)[keys[i] as string];
    out[i] = v instanceof Uint8Array || Array.isArray(v) ? v.slice() : v;
  }
  return out;
}

/** `live` holds in `keys` the values `copy` holds. */
function sameAs(copy: readonly unknown[], live: object, keys: readonly string[]): boolean {
  for (let i = 0; i < keys.length; i++) {
    const v = (live as Record<string, unknown>)[keys[i] as string];
    const c = copy[i];
    if (v === c) continue;
    if (typeof v !== 'object' || v === null || typeof c !== 'object' || c === null) return false;
    // Byte members (the CHPIDs): compared byte by byte.
    const x = v as ArrayLike<unknown>;
    const y = c as ArrayLike<unknown>;
    if (x.length !== y.length) return false;
    for (let j = 0; j < x.length; j++) if (x[j] !== y[j]) return false;
  }
  return true;
}

function panel(sch: SubchannelState, role: 'guest' | 'host', device: string, fsm: string | null, online: number): SubchannelPanel {
  let last = seen.get(sch);
  if (last && (last.role !== role || last.schno !== sch.schno)) last = undefined;
  const samePmcw = last !== undefined && sameAs(last.pmcw, sch.pmcw, PMCW_KEYS);
  if (last && last.panel && samePmcw && last.pending === sch.interruptionPending && last.mba === sch.mba && last.device === device && last.fsm === fsm && last.online === online && sameAs(last.scsw, sch.scsw, SCSW_KEYS)) return last.panel;
  if (!last) {
    const schid = `0.0.${hex(sch.schno, 4)}`;
    last = { role, schno: sch.schno, schid, key: `${role}/${schid}`, schib: sch.schibBytes(), pmcw: [], scsw: [], mba: sch.mba, pending: false, device, fsm, online, panel: null };
    copyInto(last.pmcw, sch.pmcw, PMCW_KEYS);
    seen.set(sch, last);
  } else if (samePmcw && last.mba === sch.mba) {
    // The SCHIB bytes hold the PMCW and SCSW the panel shows (its rows are built from them). When
    // only the SCSW changed (a CCW step), the SCHIB built last has the rest: the SCSW is encoded
    // into it, as SCHIB.encode would encode it there.
    SCSW.encodeInto(last.schib, SCSW_AT, sch.scsw);
  } else {
    last.schib = sch.schibBytes();
    copyInto(last.pmcw, sch.pmcw, PMCW_KEYS);
  }
  const before = last.panel;
  // The paths come from the PMCW and the paths online alone: a SCSW change keeps them (the same object).
  const paths = before && samePmcw && last.online === online ? before.paths : pathsOf(sch, online);
  copyInto(last.scsw, sch.scsw, SCSW_KEYS);
  last.mba = sch.mba;
  last.pending = sch.interruptionPending;
  last.device = device;
  last.fsm = fsm;
  last.online = online;
  last.panel = settled.next(last.key, {
    key: last.key,
    schid: last.schid,
    devno: hex(sch.pmcw.devno, 4),
    device,
    role,
    state: stateText(sch),
    fsm,
    rows: fieldRows(SCHIB, last.schib, last.key),
    paths,
  });
  return last.panel;
}

export function subchannelsPanel(machine: Machine): SubchannelPanel[] {
  const out: SubchannelPanel[] = [];
  for (const d of machine.devices) {
    const fsm = d.mdev?.state ?? null;
    const guest = machine.io.subchannel(d.schno);
    if (guest) out.push(panel(guest, 'guest', d.device.description, fsm, 0xff));
    if (d.mdev) {
      const host: Subchannel | undefined = machine.css.subchannel(d.cssSchno);
      if (host) out.push(panel(host, 'host', d.device.description, fsm, host.pathsOnline));
    }
  }
  return out;
}
