/**
 * The type-1 IOMMU backend as vfio-ccw uses it (drivers/vfio/vfio_iommu_type1.c): user space
 * maps IOVA ranges onto its memory (QEMU maps all guest RAM with IOVA = guest physical
 * address), the mediated device reads guest memory with vfio_dma_rw and pins the pages that
 * data will move through with vfio_pin_pages.
 */
import { ERRNO } from '../arch';
import { FRAME_SIZE, type GuestStorage } from '../css';
import type { HostMemory } from './hostMemory';

interface DmaMapping {
  readonly iova: number;
  readonly size: number;
  /** Offset of the mapping in guest storage (QEMU: guest physical = IOVA). */
  readonly guestOffset: number;
}

/** One VFIO_IOMMU_MAP_DMA mapping as the debugger shows it. */
export interface DmaMappingView {
  readonly iova: number;
  readonly size: number;
  readonly guestOffset: number;
}

export interface PinnedPage {
  readonly iovaPage: number;
  readonly hostAddress: number;
  refs: number;
}

export class Type1Iommu {
  private mappings_: DmaMapping[] = [];
  private readonly pins = new Map<number, PinnedPage>();

  constructor(
    private readonly guest: GuestStorage,
    private readonly host: HostMemory,
  ) {}

  /** VFIO_IOMMU_MAP_DMA. */
  mapDma(iova: number, size: number, guestOffset = iova): number {
    if (size <= 0 || iova % FRAME_SIZE !== 0 || size % FRAME_SIZE !== 0) return -ERRNO.EINVAL;
    if (this.mappings_.some((m) => iova < m.iova + m.size && m.iova < iova + size)) return -ERRNO.EINVAL;
    this.mappings_.push({ iova, size, guestOffset });
    return 0;
  }

  /** VFIO_IOMMU_UNMAP_DMA; pinned pages in the range are a caller bug in Linux (the mdev resets first). */
  unmapDma(iova: number, size: number): number {
    const before = this.mappings_.length;
    this.mappings_ = this.mappings_.filter((m) => !(m.iova >= iova && m.iova + m.size <= iova + size));
    return before === this.mappings_.length ? -ERRNO.EINVAL : 0;
  }

  private translate(iova: number, length: number): number | null {
    const m = this.mappings_.find((x) => iova >= x.iova && iova + length <= x.iova + x.size);
    return m ? m.guestOffset + (iova - m.iova) : null;
  }

  /** vfio_dma_rw (read): -EINVAL when the range is not mapped. */
  dmaRead(iova: number, length: number): Uint8Array | number {
    const at = this.translate(iova, length);
    if (at === null) return -ERRNO.EINVAL;
    const bytes = this.guest.read(at, length);
    return bytes ?? -ERRNO.EFAULT;
  }

  /** vfio_pin_pages for one 4K page: the host address it is pinned at, or -errno. */
  pin(iovaPage: number): number {
    const p = this.pinPage(iovaPage);
    return typeof p === 'number' ? p : p.hostAddress;
  }

  /**
   * pin, returning the page's record: a caller that keeps it can count the page again (`repin`)
   * and unpin it (`release`) without looking it up, as the translation does once per IDAW.
   */
  pinPage(iovaPage: number): PinnedPage | number {
    const page = Math.floor(iovaPage / FRAME_SIZE) * FRAME_SIZE;
    const existing = this.pins.get(page);
    if (existing) {
      existing.refs++;
      return existing;
    }
    const guestAt = this.translate(page, FRAME_SIZE);
    if (guestAt === null) return -ERRNO.EINVAL;
    const hostAddress = this.host.mapPinned(guestAt / FRAME_SIZE);
    const pinned: PinnedPage = { iovaPage: page, hostAddress, refs: 1 };
    this.pins.set(page, pinned);
    return pinned;
  }

  /** One more pin of a page the caller holds pinned (its record from pinPage). */
  repin(p: PinnedPage): void {
    p.refs++;
  }

  /** `repin` n times at once (a translation's identical IDALs, see cp.ts countHeldPins). */
  repinTimes(p: PinnedPage, n: number): void {
    p.refs += n;
  }

  unpin(iovaPage: number): void {
    const p = this.pins.get(Math.floor(iovaPage / FRAME_SIZE) * FRAME_SIZE);
    if (p) this.release(p);
  }

  /**
   * unpin by the page's record (from pinPage). A record with refs left is the one in `pins` (at
   * 0 it leaves, and a new pin makes a new record), so no lookup is needed; one at 0 is ignored.
   */
  release(p: PinnedPage): void {
    if (p.refs <= 0) return;
    if (--p.refs === 0) {
      this.pins.delete(p.iovaPage);
      this.host.unmapPinned(p.hostAddress);
    }
  }

  /** `release` n times at once (a translation's identical IDALs, see cp.ts releaseSegments). */
  releaseTimes(p: PinnedPage, n: number): void {
    if (p.refs <= 0) return;
    if (p.refs > n) {
      p.refs -= n;
      return;
    }
    p.refs = 0;
    this.pins.delete(p.iovaPage);
    this.host.unmapPinned(p.hostAddress);
  }

  mappings(): DmaMappingView[] {
    return this.mappings_.map((m) => ({ ...m })).sort((a, b) => a.iova - b.iova);
  }

  pinnedPages(): readonly PinnedPage[] {
    return [...this.pins.values()].sort((a, b) => a.iovaPage - b.iovaPage);
  }
}
