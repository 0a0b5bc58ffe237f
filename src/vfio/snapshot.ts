/**
 * Everything the debugger shows about one mediated device, copied out in one call without side
 * effects: the regions' bytes (decoded through their field tables), the FSM state and history,
 * the queued CRWs, the eventfds, the IOMMU map and pinned pages, and the translated program.
 */
import type { FieldDescription } from '../arch';
import type { CcwChainSegment, TranslationNote } from './cp';
import type { QueuedCrw } from './crwQueue';
import type { FsmState } from './fsm';
import type { DmaMappingView, PinnedPage } from './iommu';
import type { PathNote } from './pathNotes';
import type { FsmTransition, IrqName, PrefetchDivergence, VfioCcwDevice } from './mdev';
import type { RegionInfo } from './regions';

/** A region as registered (index, offset, size, flags, subtype), with its bytes at the snapshot. */
export interface RegionSnapshot extends Omit<RegionInfo, 'layout'> {
  readonly bytes: Uint8Array;
  readonly fields: readonly FieldDescription[];
}

export interface VfioDeviceSnapshot {
  readonly name: string;
  readonly hostSchno: number;
  readonly state: FsmState;
  readonly history: readonly FsmTransition[];
  readonly events: readonly FsmTransition[];
  /** Registered regions (the io region only while the device is closed). */
  readonly regions: readonly RegionSnapshot[];
  readonly crwQueue: readonly QueuedCrw[];
  readonly irqs: readonly { readonly name: IrqName; readonly eventfd: number | null; readonly signals: number; readonly unread: number }[];
  readonly iommu: { readonly mappings: readonly DmaMappingView[]; readonly pinned: readonly PinnedPage[] };
  readonly translation: {
    /** True while a translated program is active (cp initialized). */
    readonly active: boolean;
    readonly segments: readonly CcwChainSegment[];
    readonly notes: readonly TranslationNote[];
  };
  readonly divergences: readonly PrefetchDivergence[];
  /**
   * Where and why the vfio path differs from PATH direct, oldest first: the prefetch differences
   * found at program end (topic 'prefetch-divergence'), the format-0 conversion and its count-0
   * consequence, and the QEMU role's decisions (XSCH / MSCH answered without the host, RSCH sent
   * as a new START, refused requests turned into unit exceptions, …). `guestAddress` is the guest
   * CCW concerned (or the channel program's address), null when no CCW is.
   */
  readonly pathNotes: readonly PathNote[];
  readonly hostLpm: number;
  readonly armedFaults: { readonly eagain: number; readonly efault: number };
}

export function snapshotDevice(d: VfioCcwDevice): VfioDeviceSnapshot {
  const segments = d.cp ? d.cp.segments : d.lastSegments;
  return {
    name: d.name,
    hostSchno: d.hostSchno,
    state: d.state,
    history: d.history.map((t) => ({ ...t })),
    events: d.events.map((t) => ({ ...t })),
    regions: d.regions.all().map((r) => {
      const bytes = d.regions.bytesOf(r.name).slice();
      return { index: r.index, name: r.name, offset: r.offset, size: r.size, flags: r.flags, subtype: r.subtype, bytes, fields: r.layout.describe(bytes) };
    }),
    crwQueue: d.crws.snapshot(),
    irqs: (['IO', 'CRW', 'REQ'] as const).map((name) => {
      const t = d.triggers[name];
      return { name, eventfd: t ? t.fd : null, signals: t ? t.total : 0, unread: t ? t.pending : 0 };
    }),
    iommu: { mappings: d.iommu.mappings(), pinned: d.iommu.pinnedPages().map((p) => ({ ...p })) },
    translation: {
      active: d.cp !== null,
      segments: segments.map((s) => ({
        guestHead: s.guestHead,
        hostHead: s.hostHead,
        ccws: s.ccws.map((c) => ({ ...c, raw: c.raw.slice(), guest: { ...c.guest }, host: { ...c.host }, idal: c.idal ? { ...c.idal } : null })),
      })),
      notes: d.cp ? [...d.cp.notes] : [...d.lastNotes],
    },
    divergences: d.divergences.map((x) => ({ ...x, prefetched: x.prefetched.slice(), current: x.current.slice() })),
    pathNotes: d.pathNotes.all(),
    hostLpm: d.hostLpm,
    armedFaults: d.lock.armed,
  };
}
