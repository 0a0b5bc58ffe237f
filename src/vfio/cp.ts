/**
 * Channel-program translation as Linux's drivers/s390/cio/vfio_ccw_cp.c does it: the guest's
 * program is copied into host (kernel) memory segment by segment, every data-moving CCW gets a
 * format-2 IDAL pointing at pinned guest pages, TICs are retargeted to the host copies, and on
 * completion the SCSW's CCW address is mapped back to a guest address.
 *
 * The whole program is prefetched at START time whatever the ORB's P bit says, so a program
 * that modifies its own CCWs behaves here exactly as it does through the real vfio-ccw.
 */
import { CF, ERRNO, NO_OPERATION, commandClass, hex, readCcw0, readCcw1, readIdaw1, readIdaw2, writeCcw1, writeIdaw2, type Ccw, type Orb } from '../arch';
import type { HostMemory } from './hostMemory';
import type { PinnedPage, Type1Iommu } from './iommu';
import { PrefetchedCcw, type IdalShape } from './prefetchedCcw';

/** vfio_ccw_cp.h CCWCHAIN_LEN_MAX: CCWs copied per segment head (2 KiB). */
export const CCWCHAIN_LEN_MAX = 256;

export interface TranslatedIdal {
  /** Host address of the host IDAL (format-2 IDAWs). */
  readonly hostAddress: number;
  /** Guest addresses the IDAWs stand for (page_array pa_iova). */
  readonly guestAddresses: readonly number[];
  /** Host addresses written into the host IDAL. */
  readonly hostAddresses: readonly number[];
  /** Whether the pages were pinned (only for CCWs that move data). */
  readonly pinned: boolean;
}

export interface TranslatedCcw {
  readonly guestAddress: number;
  /** The 8 bytes as they were in guest storage at prefetch time (to spot later changes). */
  readonly raw: Uint8Array;
  /** The guest CCW as copied at translation time, in format-1 form. */
  readonly guest: Ccw;
  readonly hostAddress: number;
  /** The CCW the host channel runs. */
  host: Ccw;
  idal: TranslatedIdal | null;
}

export interface CcwChainSegment {
  /** ch_iova: guest address of the segment's first CCW. */
  readonly guestHead: number;
  /** Host address of the host CCW array. */
  readonly hostHead: number;
  readonly ccws: TranslatedCcw[];
}

/** What the translation noticed that a user should see (the kernel logs these). */
export interface TranslationNote {
  readonly kind: 'prefetch-forced' | 'segment' | 'error';
  readonly message: string;
}

/** What fetchCcw needs to give the next CCW the same IDAL. */
interface ReusableIdal {
  readonly first: number;
  readonly count: number;
  readonly block: number;
  readonly moves: boolean;
  /** The address lists, shared by every CCW given this IDAL. */
  readonly shape: IdalShape;
  readonly hostAddresses: readonly number[];
  readonly pages: readonly PinnedPage[];
  /** Host address of the latest IDAL with these entries. */
  hostAddress: number;
}

export class ChannelProgramTranslation {
  /**
   * The segments; cp_free replaces the array rather than emptying it, so that a caller holding
   * the old one (the device's lastSegments, for the debugger) keeps an intact picture without
   * copying every CCW of every START.
   */
  segments: CcwChainSegment[] = [];
  readonly notes: TranslationNote[] = [];
  initialized = false;
  private orb: Orb | null = null;
  /** By segment: the 2 KiB read from guest storage at its head (every CCW's `raw` is a view of it). */
  private prefetched: Uint8Array[] = [];
  /** By segment: its CCWs' records as made (segments[i].ccws holds the same objects). */
  private ccwsOf: PrefetchedCcw[][] = [];
  /**
   * The page records of every pin the translated IDALs hold, IDAL by IDAL in pin order, with
   * consecutive identical IDALs (a chain reading into one buffer) kept as one entry and a count
   * (heldTimes): released by cp_free with one decrement per page and entry.
   */
  private heldPages: (readonly PinnedPage[])[] = [];
  private heldTimes: number[] = [];
  /** The last IDAL fabricated for direct addressing, and where its latest copy is (see fetchCcw). */
  private lastIdal: ReusableIdal | null = null;
  /** By IDAW position: the page the last pinned IDAL had there (see pinIdal). */
  private recentPages: PinnedPage[] = [];

  constructor(
    private readonly iommu: Type1Iommu,
    private readonly host: HostMemory,
  ) {}

  /** cp_init: discovers the segments starting at the ORB's CPA and at every TIC target. */
  init(orb: Orb): number {
    if (this.initialized) return -ERRNO.EBUSY;
    if (orb.P !== 1) {
      this.notes.push({
        kind: 'prefetch-forced',
        message: 'Prefetching channel program even though prefetch not specified in ORB (vfio-ccw always prefetches)',
      });
    }
    this.orb = { ...orb };
    const ret = this.handleSegment(orb.cpa);
    if (ret === 0) this.initialized = true;
    else this.releaseSegments();
    return ret;
  }

  /** ccwchain_handle_ccw: copy 2 KiB at `cda`, count the chain, allocate it, recurse into TIC targets. */
  private handleSegment(cda: number): number {
    const raw = this.iommu.dmaRead(cda, CCWCHAIN_LEN_MAX * 8);
    if (typeof raw === 'number') {
      this.notes.push({ kind: 'error', message: `cannot read the CCWs at guest X'${hex(cda, 1)}': ${raw}` });
      return raw;
    }
    const format1 = (this.orb as Orb).F === 1;
    // Format 0 is converted in place for all 256 slots, as convert_ccw0_to_ccw1 does; format 1 is read as it is.
    const slots = format1 ? raw : convertFormat0(raw);
    const length = chainLength(slots, cda);
    if (length < 0) {
      this.notes.push({
        kind: 'error',
        message: `the chain at guest X'${hex(cda, 1)}' is longer than ${CCWCHAIN_LEN_MAX - 1} CCWs without ending (vfio-ccw's limit)`,
      });
      return length;
    }
    const hostHead = this.host.alloc(length * 8, 'ccwchain', cda);
    if (hostHead === null) return -ERRNO.ENOMEM;
    const segment: CcwChainSegment = {
      guestHead: cda,
      hostHead,
      ccws: [],
    };
    const ccws: PrefetchedCcw[] = [];
    for (let i = 0; i < length; i++) {
      const guest = readCcw1(slots, i * 8);
      const t = new PrefetchedCcw(cda + i * 8, raw, i * 8, guest, hostHead + i * 8);
      segment.ccws.push(t);
      ccws.push(t);
    }
    this.segments.push(segment);
    this.prefetched.push(raw);
    this.ccwsOf.push(ccws);
    this.notes.push({ kind: 'segment', message: `segment of ${length} CCW(s) at guest X'${hex(cda, 1)}', host X'${hex(hostHead, 1)}'` });

    // ccwchain_loop_tic
    for (const t of ccws) {
      if (t.guest.cmd !== 0x08) continue;
      if (this.segments.some((s) => withinRange(t.guest.cda, s.guestHead, s.ccws.length))) continue;
      const ret = this.handleSegment(t.guest.cda);
      if (ret !== 0) return ret;
    }
    return 0;
  }

  /** cp_prefetch: translate every CCW (TIC targets, IDALs, pinning). */
  prefetch(): number {
    if (!this.initialized) return -ERRNO.EINVAL;
    for (const ccws of this.ccwsOf) {
      for (const t of ccws) {
        const ret = t.guest.cmd === 0x08 ? this.fetchTic(t) : this.fetchCcw(t);
        if (ret !== 0) {
          this.notes.push({ kind: 'error', message: `translating the CCW at guest X'${hex(t.guestAddress, 1)}' failed: ${ret}` });
          this.writeHostCcws();
          return ret;
        }
      }
    }
    this.writeHostCcws();
    return 0;
  }

  private fetchTic(t: TranslatedCcw): number {
    const target = this.segments.find((s) => withinRange(t.guest.cda, s.guestHead, s.ccws.length));
    if (!target) return -ERRNO.EFAULT;
    t.host = { ...t.host, cda: target.hostHead + (t.guest.cda - target.guestHead) };
    return 0;
  }

  private fetchCcw(t: PrefetchedCcw): number {
    const orb = this.orb as Orb;
    const c64 = orb.H === 1;
    const twoK = !c64 || orb.T === 1;
    const block = twoK ? 2048 : 4096;
    const guest = t.guest;
    const bytes = guest.count === 0 ? 1 : guest.count;
    const ida = (guest.flags & CF.IDA) !== 0;

    // ccw_count_idaws: the first IDAW (or the data address) decides how many IDAWs the data spans.
    let first = guest.cda;
    if (ida) {
      const idaw = this.iommu.dmaRead(guest.cda, c64 ? 8 : 4);
      if (typeof idaw === 'number') return idaw;
      first = c64 ? readIdaw2(idaw, 0) : readIdaw1(idaw, 0);
    }
    const firstBlock = Math.floor(first / block) * block;
    const count = Math.floor((first - firstBlock + bytes + block - 1) / block);
    const moves = doesDataTransfer(guest);

    // A CCW with direct addressing whose IDAL is the previous such CCW's (a chain reading into
    // one buffer): the same guest and host addresses (the pages are still pinned, so at the
    // same host frames). The kernel still allocates, pins and writes it: so here too, sharing
    // only the (read-only) address lists and copying the previous IDAL's bytes.
    const same = this.lastIdal;
    if (!ida && same !== null && same.first === first && same.count === count && same.block === block && same.moves === moves) {
      const idalAddress = this.host.alloc(count * 8, 'idal', t.guestAddress);
      if (idalAddress === null) return -ERRNO.ENOMEM;
      if (moves) {
        const pages = same.pages;
        for (let i = 0; i < pages.length; i++) this.iommu.repin(pages[i] as PinnedPage);
        this.hold(pages);
      }
      const kernel = this.host.kernel;
      const from = this.host.kernelOffset(same.hostAddress);
      kernel.copyWithin(this.host.kernelOffset(idalAddress), from, from + count * 8);
      t.setIdal(idalAddress, same.shape);
      // t.host is this CCW's own copy (handleSegment made it): set in place.
      t.host.flags |= CF.IDA;
      t.host.cda = idalAddress;
      same.hostAddress = idalAddress;
      return 0;
    }

    // get_guest_idal: the guest's IDAL, or one fabricated from the data address (every later
    // IDAW at the next block boundary).
    const guestAddresses: number[] = [];
    if (ida) {
      const list = this.iommu.dmaRead(guest.cda, count * 8);
      if (typeof list === 'number') return list;
      for (let i = 0; i < count; i++) guestAddresses.push(c64 ? readIdaw2(list, i * 8) : readIdaw1(list, i * 4));
    } else {
      guestAddresses.push(first);
      for (let i = 1; i < count; i++) guestAddresses.push(firstBlock + i * block);
    }

    const idalAddress = this.host.alloc(count * 8, 'idal', t.guestAddress);
    if (idalAddress === null) return -ERRNO.ENOMEM;
    let hostAddresses: number[];
    let pages: PinnedPage[] = [];
    if (moves) {
      hostAddresses = [];
      const pinned = this.pinIdal(guestAddresses, hostAddresses);
      if (typeof pinned === 'number') {
        this.host.free(idalAddress);
        return pinned;
      }
      pages = pinned;
      this.hold(pages);
    } else {
      hostAddresses = guestAddresses.slice();
    }
    // The host IDAL is written straight into kernel memory (alloc zeroed it; every entry is set here).
    const kernel = this.host.kernel;
    const at = this.host.kernelOffset(idalAddress);
    for (let i = 0; i < count; i++) writeIdaw2(kernel, at + i * 8, hostAddresses[i] as number);
    const shape: IdalShape = { guestAddresses, hostAddresses, pinned: moves };
    t.setIdal(idalAddress, shape);
    t.host.flags |= CF.IDA;
    t.host.cda = idalAddress;
    this.lastIdal = ida ? null : { first, count, block, moves, shape, hostAddresses, pages, hostAddress: idalAddress };
    return 0;
  }

  /** Records one more pin of every page of `pages` (one IDAL's). */
  private hold(pages: readonly PinnedPage[]): void {
    const last = this.heldPages.length - 1;
    if (last >= 0 && this.heldPages[last] === pages) (this.heldTimes[last] as number)++;
    else {
      this.heldPages.push(pages);
      this.heldTimes.push(1);
    }
  }

  /**
   * page_array_pin: pins the page of every IDAW (a page once per IDAW, as vfio_pin_pages counts
   * it), fills `hostAddresses` and returns the pages' records, or -errno with nothing of this
   * IDAL left pinned. Pages the previous IDAL pinned at the same positions are counted again
   * through their records, without a lookup.
   */
  private pinIdal(guestAddresses: readonly number[], hostAddresses: number[]): PinnedPage[] | number {
    const recent = this.recentPages;
    const pages: PinnedPage[] = [];
    for (let i = 0; i < guestAddresses.length; i++) {
      const g = guestAddresses[i] as number;
      const page = Math.floor(g / 4096) * 4096;
      let p = recent[i];
      if (p !== undefined && p.iovaPage === page && p.refs > 0) {
        this.iommu.repin(p);
      } else {
        const pinned = this.iommu.pinPage(g);
        if (typeof pinned === 'number') {
          for (const q of pages) this.iommu.release(q);
          return pinned;
        }
        p = pinned;
        recent[i] = p;
      }
      pages.push(p);
      hostAddresses.push(p.hostAddress + (g - page));
    }
    return pages;
  }

  private writeHostCcws(): void {
    const kernel = this.host.kernel;
    for (const s of this.segments) {
      const at = this.host.kernelOffset(s.hostHead);
      for (let i = 0; i < s.ccws.length; i++) writeCcw1(kernel, at + i * 8, (s.ccws[i] as TranslatedCcw).host);
    }
  }

  /** Whether CCW `i` of segment `segment` was `bytes` at `at` when prefetched (no view per CCW). */
  prefetchedAs(segment: number, i: number, bytes: Uint8Array, at: number): boolean {
    const copy = this.prefetched[segment];
    if (!copy) return false;
    for (let j = 0; j < 8; j++) if (bytes[at + j] !== copy[i * 8 + j]) return false;
    return true;
  }

  /** cp_get_orb: the ORB the host START SUBCHANNEL uses. */
  hostOrb(intparm: number, subchannelLpm: number): Orb | null {
    if (!this.initialized || !this.orb) return null;
    const orb = { ...this.orb };
    orb.intparm = intparm;
    orb.F = 1;
    // Everything vfio-ccw builds is a format-2 IDAL; a format-1 input keeps 2K blocks.
    if (orb.H !== 1) orb.T = 1;
    orb.H = 1;
    if (orb.lpm === 0) orb.lpm = subchannelLpm;
    orb.cpa = (this.segments[0] as CcwChainSegment).hostHead;
    return orb;
  }

  /** cp_update_scsw: the guest address for a host CCW address (one slot past a segment included). */
  guestAddressOf(hostCpa: number): number {
    if (!this.initialized) return hostCpa;
    for (const s of this.segments) {
      if (withinRange(hostCpa, s.hostHead, s.ccws.length + 1)) return s.guestHead + (hostCpa - s.hostHead);
    }
    return hostCpa;
  }

  /** The translated CCW at a host address (for the trace and the debugger). */
  ccwAtHost(hostAddress: number): TranslatedCcw | null {
    for (const s of this.segments) {
      const i = (hostAddress - s.hostHead) / 8;
      if (Number.isInteger(i) && i >= 0 && i < s.ccws.length) return s.ccws[i] as TranslatedCcw;
    }
    return null;
  }

  /** cp_free: unpin and release everything. */
  free(): void {
    this.releaseSegments();
    this.initialized = false;
  }

  private releaseSegments(): void {
    // Every pin of every translated CCW, in the order they were made (the IDALs' guest pages).
    // An entry held n times releases each page n times at once: a page's count reaches 0 in the
    // same order as n separate passes would make it (in the last pass, by IDAW position).
    const held = this.heldPages;
    for (let i = 0; i < held.length; i++) {
      const pages = held[i] as readonly PinnedPage[];
      const times = this.heldTimes[i] as number;
      for (let j = 0; j < pages.length; j++) this.iommu.releaseTimes(pages[j] as PinnedPage, times);
    }
    this.heldPages = [];
    this.heldTimes = [];
    this.recentPages = [];
    this.lastIdal = null;
    // Newest first (the IDALs, then the segments' CCW arrays), so that every free comes off the
    // allocator's top; what is left free afterwards does not depend on the order.
    const segments = this.segments;
    for (let i = this.ccwsOf.length - 1; i >= 0; i--) {
      const ccws = this.ccwsOf[i] as PrefetchedCcw[];
      for (let j = ccws.length - 1; j >= 0; j--) {
        const idal = (ccws[j] as PrefetchedCcw).idalAddress;
        if (idal !== null) this.host.free(idal);
      }
    }
    for (let i = segments.length - 1; i >= 0; i--) this.host.free((segments[i] as CcwChainSegment).hostHead);
    this.segments = [];
    this.prefetched = [];
    this.ccwsOf = [];
  }
}

/**
 * convert_ccw0_to_ccw1 over all 256 slots: each format-0 CCW rewritten as format 1; a format-0 TIC
 * (any xxxx1000 code) becomes 08 with flags and count zero, keeping its 24-bit address.
 */
function convertFormat0(raw: Uint8Array): Uint8Array {
  const out = new Uint8Array(raw.length);
  for (let at = 0; at + 8 <= raw.length; at += 8) {
    const c = readCcw0(raw, at);
    writeCcw1(out, at, (c.cmd & 0x0f) === 0x08 ? { cmd: 0x08, flags: 0, count: 0, cda: c.cda } : c);
  }
  return out;
}

/**
 * ccwchain_calc_length: keep counting while a CCW chains (CC or CD) or is a TIC back into the
 * segment; if 256 CCWs all chain the program is refused with -EINVAL. So a segment can have
 * 256 CCWs only when the 256th ends it; the kernel documentation's "longer than 255 fails"
 * describes the same limit from the other side.
 */
function chainLength(slots: Uint8Array, head: number): number {
  let count = 0;
  do {
    count++;
    const at = (count - 1) * 8;
    if (at + 8 > slots.length) break; // the 257th slot lies beyond the 2 KiB copy: the limit is already exceeded
    const chains = ((slots[at + 1] as number) & (CF.CC | CF.CD)) !== 0;
    const ticBack = slots[at] === 0x08 && withinRange(readCcw1(slots, at).cda, head, count);
    if (!chains && !ticBack) break;
  } while (count < CCWCHAIN_LEN_MAX + 1);
  return count === CCWCHAIN_LEN_MAX + 1 ? -ERRNO.EINVAL : count;
}

/** is_cpa_within_range: head <= cpa <= head + (len - 1) * 8. */
function withinRange(cpa: number, head: number, length: number): boolean {
  return head <= cpa && cpa <= head + (length - 1) * 8;
}

/** ccw_does_data_transfer. */
function doesDataTransfer(ccw: Ccw): boolean {
  if (ccw.count === 0) return false;
  if (ccw.cmd === NO_OPERATION) return false;
  if ((ccw.flags & CF.SKIP) === 0) return true;
  const klass = commandClass(ccw.cmd, true);
  return !(klass === 'read' || klass === 'read backward' || klass === 'sense');
}
