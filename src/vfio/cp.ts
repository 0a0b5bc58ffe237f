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
import type { IdalShape } from './prefetchedCcw';
import { TranslatedSegment } from './translatedSegment';

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
  segments: TranslatedSegment[] = [];
  readonly notes: TranslationNote[] = [];
  initialized = false;
  private orb: Orb | null = null;
  /**
   * The page records of every pin the translated IDALs hold, IDAL by IDAL in pin order, with
   * consecutive identical IDALs (a chain reading into one buffer) kept as one entry and a count
   * (heldTimes): released by cp_free with one decrement per page and entry.
   */
  private heldPages: (readonly PinnedPage[])[] = [];
  private heldTimes: number[] = [];
  /**
   * By entry: how many of its heldTimes are already counted in its pages' refs. A CCW given the
   * previous IDAL again (fetchCcw) only counts its pins here; countHeldPins adds them to the
   * pages' refs once, at the end of cp_prefetch, before anything can read or release them.
   */
  private heldCounted: number[] = [];
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
    const segment = new TranslatedSegment(cda, hostHead, length, raw, slots);
    this.segments.push(segment);
    this.notes.push({ kind: 'segment', message: `segment of ${length} CCW(s) at guest X'${hex(cda, 1)}', host X'${hex(hostHead, 1)}'` });

    // ccwchain_loop_tic
    for (let i = 0; i < length; i++) {
      if (segment.cmd(i) !== 0x08) continue;
      const target = segment.cda(i);
      if (this.segments.some((s) => withinRange(target, s.guestHead, s.length))) continue;
      const ret = this.handleSegment(target);
      if (ret !== 0) return ret;
    }
    return 0;
  }

  /** cp_prefetch: translate every CCW (TIC targets, IDALs, pinning). */
  prefetch(): number {
    if (!this.initialized) return -ERRNO.EINVAL;
    for (const segment of this.segments) {
      for (let i = 0; i < segment.length; i++) {
        const ret = segment.cmd(i) === 0x08 ? this.fetchTic(segment, i) : this.fetchCcw(segment, i);
        if (ret !== 0) {
          this.notes.push({ kind: 'error', message: `translating the CCW at guest X'${hex(segment.guestHead + i * 8, 1)}' failed: ${ret}` });
          this.countHeldPins();
          this.writeHostCcws();
          return ret;
        }
      }
    }
    this.countHeldPins();
    this.writeHostCcws();
    return 0;
  }

  private fetchTic(segment: TranslatedSegment, i: number): number {
    const cda = segment.cda(i);
    const target = this.segments.find((s) => withinRange(cda, s.guestHead, s.length));
    if (!target) return -ERRNO.EFAULT;
    segment.setHostCda(i, target.hostHead + (cda - target.guestHead));
    return 0;
  }

  private fetchCcw(segment: TranslatedSegment, i: number): number {
    const orb = this.orb as Orb;
    const c64 = orb.H === 1;
    const twoK = !c64 || orb.T === 1;
    const block = twoK ? 2048 : 4096;
    const guestAddress = segment.guestHead + i * 8;
    const cmd = segment.cmd(i);
    const flags = segment.flags(i);
    const guestCount = segment.count(i);
    const cda = segment.cda(i);
    const bytes = guestCount === 0 ? 1 : guestCount;
    const ida = (flags & CF.IDA) !== 0;

    // ccw_count_idaws: the first IDAW (or the data address) decides how many IDAWs the data spans.
    let first = cda;
    if (ida) {
      const idaw = this.iommu.dmaRead(cda, c64 ? 8 : 4);
      if (typeof idaw === 'number') return idaw;
      first = c64 ? readIdaw2(idaw, 0) : readIdaw1(idaw, 0);
    }
    // The block sizes are powers of two that divide 2^32: the offset in the block is in the low word.
    const within = (first >>> 0) & (block - 1);
    const firstBlock = first - within;
    const count = Math.floor((within + bytes + block - 1) / block);
    const moves = doesDataTransfer(cmd, flags, guestCount);

    // A CCW with direct addressing whose IDAL is the previous such CCW's (a chain reading into
    // one buffer): the same guest and host addresses (the pages are still pinned, so at the
    // same host frames). The kernel still allocates, pins and writes it: so here too, sharing
    // only the (read-only) address lists and copying the previous IDAL's bytes.
    const same = this.lastIdal;
    if (!ida && same !== null && same.first === first && same.count === count && same.block === block && same.moves === moves) {
      // Not zeroed first (kcalloc's zeroes): every byte is copied over at once.
      const idalAddress = this.host.alloc(count * 8, 'idal', guestAddress, false);
      if (idalAddress === null) return -ERRNO.ENOMEM;
      if (moves) this.holdAgain(same.pages);
      this.host.copyKernel(idalAddress, same.hostAddress, count * 8);
      segment.setIdal(i, idalAddress, same.shape);
      same.hostAddress = idalAddress;
      return 0;
    }

    // get_guest_idal: the guest's IDAL, or one fabricated from the data address (every later
    // IDAW at the next block boundary).
    const guestAddresses: number[] = [];
    if (ida) {
      const list = this.iommu.dmaRead(cda, count * 8);
      if (typeof list === 'number') return list;
      for (let j = 0; j < count; j++) guestAddresses.push(c64 ? readIdaw2(list, j * 8) : readIdaw1(list, j * 4));
    } else {
      guestAddresses.push(first);
      for (let j = 1; j < count; j++) guestAddresses.push(firstBlock + j * block);
    }

    const idalAddress = this.host.alloc(count * 8, 'idal', guestAddress);
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
    for (let j = 0; j < count; j++) writeIdaw2(kernel, at + j * 8, hostAddresses[j] as number);
    const shape: IdalShape = { guestAddresses, hostAddresses, pinned: moves };
    segment.setIdal(i, idalAddress, shape);
    this.lastIdal = ida ? null : { first, count, block, moves, shape, hostAddresses, pages, hostAddress: idalAddress };
    return 0;
  }

  /** Records one more pin of every page of `pages` (one IDAL's). */
  private hold(pages: readonly PinnedPage[]): void {
    const last = this.heldPages.length - 1;
    if (last >= 0 && this.heldPages[last] === pages) {
      (this.heldTimes[last] as number)++;
      (this.heldCounted[last] as number)++;
    } else {
      this.heldPages.push(pages);
      this.heldTimes.push(1);
      this.heldCounted.push(1);
    }
  }

  /**
   * One more pin of every page of `pages` (vfio_pin_pages for a CCW given the previous IDAL
   * again): counted now, added to the pages' refs by countHeldPins. The pages are pinned already
   * (by the IDAL held last), so nothing in between can see a difference.
   */
  private holdAgain(pages: readonly PinnedPage[]): void {
    const last = this.heldPages.length - 1;
    if (last >= 0 && this.heldPages[last] === pages) (this.heldTimes[last] as number)++;
    else {
      for (let j = 0; j < pages.length; j++) this.iommu.repin(pages[j] as PinnedPage);
      this.hold(pages);
    }
  }

  /** Adds the pins holdAgain counted to the pages' refs. */
  private countHeldPins(): void {
    const held = this.heldPages;
    for (let i = 0; i < held.length; i++) {
      const extra = (this.heldTimes[i] as number) - (this.heldCounted[i] as number);
      if (extra === 0) continue;
      const pages = held[i] as readonly PinnedPage[];
      for (let j = 0; j < pages.length; j++) this.iommu.repinTimes(pages[j] as PinnedPage, extra);
      this.heldCounted[i] = this.heldTimes[i] as number;
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
    for (const s of this.segments) s.writeHost(kernel, this.host.kernelOffset(s.hostHead));
  }

  /**
   * The index of the first CCW of segment `segment`, from `from` on, whose 8 bytes in `now` (the
   * segment's CCWs as guest storage holds them now, from its head) differ from the prefetched
   * ones, or -1: one pass over the segment's bytes when nothing changed, the usual case.
   */
  changedSince(segment: number, now: Uint8Array, from = 0): number {
    const s = this.segments[segment];
    if (!s) return -1;
    const copy = s.raw;
    const end = Math.min(s.length * 8, now.length);
    // A word at a time (a CCW is two words), through views: the bytes' order does not matter to equality.
    const a = new DataView(now.buffer, now.byteOffset, now.byteLength);
    const b = new DataView(copy.buffer, copy.byteOffset, copy.byteLength);
    let at = from * 8;
    for (; at + 4 <= end; at += 4) if (a.getInt32(at, true) !== b.getInt32(at, true)) return at >> 3;
    for (; at < end; at++) if (now[at] !== copy[at]) return at >> 3;
    return -1;
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
      if (withinRange(hostCpa, s.hostHead, s.length + 1)) return s.guestHead + (hostCpa - s.hostHead);
    }
    return hostCpa;
  }

  /** The translated CCW at a host address (for the trace and the debugger). */
  ccwAtHost(hostAddress: number): TranslatedCcw | null {
    for (const s of this.segments) {
      const i = (hostAddress - s.hostHead) / 8;
      if (Number.isInteger(i) && i >= 0 && i < s.length) return s.ccws[i] as TranslatedCcw;
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
    this.countHeldPins();
    const held = this.heldPages;
    for (let i = 0; i < held.length; i++) {
      const pages = held[i] as readonly PinnedPage[];
      const times = this.heldTimes[i] as number;
      for (let j = 0; j < pages.length; j++) this.iommu.releaseTimes(pages[j] as PinnedPage, times);
    }
    this.heldPages = [];
    this.heldTimes = [];
    this.heldCounted = [];
    this.recentPages = [];
    this.lastIdal = null;
    // Newest first (the IDALs, then the segments' CCW arrays), so that every free comes off the
    // allocator's top; what is left free afterwards does not depend on the order.
    const segments = this.segments;
    for (let i = segments.length - 1; i >= 0; i--) {
      const segment = segments[i] as TranslatedSegment;
      for (let j = segment.length - 1; j >= 0; j--) {
        const idal = segment.idalAddress(j);
        if (idal !== 0) this.host.free(idal);
      }
    }
    for (let i = segments.length - 1; i >= 0; i--) this.host.free((segments[i] as TranslatedSegment).hostHead);
    this.segments = [];
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
function doesDataTransfer(cmd: number, flags: number, count: number): boolean {
  if (count === 0) return false;
  if (cmd === NO_OPERATION) return false;
  if ((flags & CF.SKIP) === 0) return true;
  const klass = commandClass(cmd, true);
  return !(klass === 'read' || klass === 'read backward' || klass === 'sense');
}
