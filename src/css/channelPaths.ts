/**
 * Channel paths and the host's view of them: physical state (a channel path goes offline or
 * comes back, with a channel report word), logical vary (the path-available mask, no report),
 * and the notifications the host's common I/O layer passes on (the vfio-ccw mediated device
 * reacts to them as the kernel's vfio_ccw_chp_event / sch_event do).
 */
import { ERC, RSC } from '../arch';
import type { CrwQueue } from './crw';
import type { Subchannel } from './subchannel';

export type ChannelPathEvent = 'offline' | 'online' | 'vary-off' | 'vary-on';

export interface HostListener {
  channelPathEvent?(e: { readonly schno: number; readonly chpid: number; readonly event: ChannelPathEvent }): void;
  subchannelEvent?(e: { readonly schno: number; readonly operational: boolean }): void;
}

/** The PMCW path bits (0x80 = CHPID 0) of `sch` that use channel path `chpid`. */
export function pathBitsOf(sch: Subchannel, chpid: number): number {
  let bits = 0;
  for (let i = 0; i < 8; i++) {
    if ((sch.pmcw.pim & (0x80 >> i)) !== 0 && sch.pmcw.chpids[i] === chpid) bits |= 0x80 >> i;
  }
  return bits;
}

export class ChannelPaths {
  private readonly offline = new Set<number>();
  private readonly listeners: HostListener[] = [];

  constructor(private readonly crws: CrwQueue) {}

  addListener(listener: HostListener): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  isOnline(chpid: number): boolean {
    return !this.offline.has(chpid);
  }

  /** Physical path-state mask of a newly attached subchannel. */
  onlineMask(sch: Subchannel): number {
    let mask = 0xff;
    for (const chpid of this.offline) mask &= ~pathBitsOf(sch, chpid);
    return mask;
  }

  /**
   * A channel path goes offline or comes online: a channel-path CRW (RSC 4, RSID = CHPID) with
   * ERC 6 "permanent error, not initialized" going offline and ERC 2 "initialized" coming back
   * (the codes Linux's vfio_ccw_chp_event queues; PoO "Channel-Report Word"). No report when
   * the state does not change.
   */
  setOnline(chpid: number, online: boolean, subchannels: readonly Subchannel[]): void {
    if (online === this.isOnline(chpid)) return;
    if (online) this.offline.delete(chpid);
    else this.offline.add(chpid);
    this.crws.queue([{ S: 0, rsc: RSC.CHANNEL_PATH, A: 0, erc: online ? ERC.INIT : ERC.PERRN, rsid: chpid }]);
    for (const sch of subchannels) {
      const bits = pathBitsOf(sch, chpid);
      if (bits === 0) continue;
      sch.pathsOnline = online ? sch.pathsOnline | bits : sch.pathsOnline & ~bits;
      this.notifyPath(sch.schno, chpid, online ? 'online' : 'offline');
    }
  }

  /** Logical vary: the path-available mask changes, no channel report (PoO "Path-Available Mask"). */
  vary(chpid: number, online: boolean, subchannels: readonly Subchannel[]): void {
    for (const sch of subchannels) {
      const bits = pathBitsOf(sch, chpid);
      if (bits === 0) continue;
      sch.pmcw.pam = online ? sch.pmcw.pam | bits : sch.pmcw.pam & ~bits;
      this.notifyPath(sch.schno, chpid, online ? 'vary-on' : 'vary-off');
    }
  }

  /**
   * A subchannel appears or disappears: a subchannel CRW (RSC 3, ERC 4 "installed parameters
   * initialized", as QEMU's css_generate_sch_crws), chained to a second word with the
   * subchannel-set and CSS IDs, because this channel subsystem reports as one with the
   * multiple-subchannel-set facility.
   */
  subchannelChanged(schno: number, operational: boolean): void {
    this.crws.queue([
      { S: 0, rsc: RSC.SUBCHANNEL, A: 0, erc: ERC.IPI, rsid: schno },
      { S: 0, rsc: RSC.SUBCHANNEL, A: 0, erc: ERC.IPI, rsid: 0 },
    ]);
    this.listeners.forEach((l) => l.subchannelEvent?.({ schno, operational }));
  }

  private notifyPath(schno: number, chpid: number, event: ChannelPathEvent): void {
    this.listeners.forEach((l) => l.channelPathEvent?.({ schno, chpid, event }));
  }
}
