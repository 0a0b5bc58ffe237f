/**
 * "Subchannels" panel rows: every subchannel with its PMCW and SCSW (the SCHIB that STORE
 * SUBCHANNEL would store, taken without storing it), its channel paths, its state in words, and
 * the FSM state of its mediated device. On PATH vfio the guest's subchannel is QEMU's virtual one;
 * the host subchannel the mediated device drives is shown beside it.
 */
import { SCHIB, hex, maskText, ACTIVITY_CONTROL, FUNCTION_CONTROL, STATUS_CONTROL } from '../../arch';
import type { Subchannel, SubchannelState } from '../../css';
import type { Machine } from '../../runtime/machine';
import { fieldRows, type FieldRow } from './fieldRows';
import { Memo } from './memo';
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
  const parts: string[] = [];
  if (s.fctl) parts.push(`function ${maskText(FUNCTION_CONTROL, s.fctl)}`);
  if (s.actl) parts.push(`activity ${maskText(ACTIVITY_CONTROL, s.actl)}`);
  if (s.stctl) parts.push(`status ${maskText(STATUS_CONTROL, s.stctl)}`);
  if (sch.interruptionPending) parts.push('interruption pending');
  if (sch.pmcw.E === 0) parts.push('disabled');
  return parts.length > 0 ? parts.join(', ') : 'idle';
}

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

/** A subchannel's panel is rebuilt only when its SCHIB, pending interruption, device, FSM or paths online changed (memo.ts). */
const memo = new Memo<SubchannelPanel>();

function panel(sch: SubchannelState, role: 'guest' | 'host', device: string, fsm: string | null, online: number): SubchannelPanel {
  const schid = `0.0.${hex(sch.schno, 4)}`;
  const key = `${role}/${schid}`;
  // The SCHIB bytes hold the PMCW and SCSW the panel shows (the rows need them anyway).
  const schib = sch.schibBytes();
  return memo.get(key, [schib, sch.interruptionPending, device, fsm, online], () =>
    settled.next(key, {
      key,
      schid,
      devno: hex(sch.pmcw.devno, 4),
      device,
      role,
      state: stateText(sch),
      fsm,
      rows: fieldRows(SCHIB, schib, key),
      paths: pathsOf(sch, online),
    }),
  );
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
