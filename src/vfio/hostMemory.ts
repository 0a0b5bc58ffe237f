/**
 * The host's absolute storage as the host channel subsystem sees it on the vfio-ccw path:
 *
 *  - kernel memory (DMA-capable, below 2 GiB so 31-bit CCW addresses reach it) where
 *    vfio-ccw puts the translated CCWs and IDALs, handed out by a deterministic first-fit
 *    allocator so that traces are byte-identical from run to run;
 *  - guest pages pinned by vfio_pin_pages, each mapped at a host frame above 4 GiB (so the
 *    host IDALs must use format-2 IDAWs, as the real driver's do). The bytes stay the guest's:
 *    data the host channel stores lands in guest storage, with the guest's storage keys.
 */
import { FRAME_SIZE, fetchPermitted, storePermitted, type ChannelStorage, type GuestStorage, type StorageFault } from '../css';

export const KERNEL_MEMORY_BASE = 0x7c00_0000;
export const KERNEL_MEMORY_SIZE = 32 * 1024 * 1024;
/** First host frame handed to pinned guest pages. */
export const PINNED_FRAME_BASE = 0x2_0000_0000;

interface Allocation {
  readonly address: number;
  readonly size: number;
  readonly purpose: string;
}

export class HostMemory implements ChannelStorage {
  readonly kernel = new Uint8Array(KERNEL_MEMORY_SIZE);
  /** Live allocations by address. */
  private readonly allocations = new Map<number, Allocation>();
  /** Freed ranges below `top`, sorted by address (first fit keeps the layout deterministic). */
  private holes: { address: number; size: number }[] = [];
  /** Everything from here up is free. */
  private top = KERNEL_MEMORY_BASE;
  /** host frame number → guest frame number. */
  private readonly pinned = new Map<number, number>();
  private nextPinnedFrame = PINNED_FRAME_BASE / FRAME_SIZE;
  private readonly freePinnedFrames: number[] = [];

  constructor(private readonly guest: GuestStorage) {}

  // --- kernel allocations -------------------------------------------------------------------

  /** kmalloc-like, 8-byte aligned (CCWs need doublewords), first fit. Null when memory is exhausted. */
  alloc(size: number, purpose: string): number | null {
    const need = Math.max(8, Math.ceil(size / 8) * 8);
    let address: number | null = null;
    const hole = this.holes.findIndex((h) => h.size >= need);
    if (hole >= 0) {
      const h = this.holes[hole] as { address: number; size: number };
      address = h.address;
      if (h.size === need) this.holes.splice(hole, 1);
      else this.holes[hole] = { address: h.address + need, size: h.size - need };
    } else if (this.top + need <= KERNEL_MEMORY_BASE + KERNEL_MEMORY_SIZE) {
      address = this.top;
      this.top += need;
    }
    if (address === null) return null;
    this.allocations.set(address, { address, size: need, purpose });
    this.kernel.fill(0, address - KERNEL_MEMORY_BASE, address - KERNEL_MEMORY_BASE + need);
    return address;
  }

  free(address: number): void {
    const a = this.allocations.get(address);
    if (!a) return;
    this.allocations.delete(address);
    if (a.address + a.size === this.top) {
      this.top = a.address;
      // Holes that now touch the top return to it.
      while (this.holes.length > 0) {
        const last = this.holes[this.holes.length - 1] as { address: number; size: number };
        if (last.address + last.size !== this.top) break;
        this.top = last.address;
        this.holes.pop();
      }
      return;
    }
    // Insert the hole in address order, merging with neighbours.
    let i = 0;
    while (i < this.holes.length && (this.holes[i] as { address: number }).address < a.address) i++;
    this.holes.splice(i, 0, { address: a.address, size: a.size });
    const merged: { address: number; size: number }[] = [];
    for (const h of this.holes) {
      const prev = merged[merged.length - 1];
      if (prev && prev.address + prev.size === h.address) prev.size += h.size;
      else merged.push({ ...h });
    }
    this.holes = merged;
  }

  /** Live kernel allocations, by address (for the debugger's view of the translation). */
  liveAllocations(): Allocation[] {
    return [...this.allocations.values()].sort((x, y) => x.address - y.address);
  }

  /** The kernel's own stores (no key checks): translated CCWs and IDALs. */
  writeKernel(address: number, data: Uint8Array): void {
    this.kernel.set(data, address - KERNEL_MEMORY_BASE);
  }

  readKernel(address: number, length: number): Uint8Array {
    return this.kernel.slice(address - KERNEL_MEMORY_BASE, address - KERNEL_MEMORY_BASE + length);
  }

  // --- pinned guest pages -------------------------------------------------------------------

  /** Maps a guest frame at the next free host frame; returns the host frame's address. */
  mapPinned(guestFrame: number): number {
    const hostFrame = this.freePinnedFrames.shift() ?? this.nextPinnedFrame++;
    this.pinned.set(hostFrame, guestFrame);
    return hostFrame * FRAME_SIZE;
  }

  unmapPinned(hostAddress: number): void {
    const hostFrame = Math.floor(hostAddress / FRAME_SIZE);
    if (this.pinned.delete(hostFrame)) {
      this.freePinnedFrames.push(hostFrame);
      this.freePinnedFrames.sort((a, b) => a - b);
    }
  }

  // --- ChannelStorage -----------------------------------------------------------------------

  valid(address: number, length: number): boolean {
    if (length === 0) return this.locate(address) !== null;
    let at = address;
    const end = address + length;
    while (at < end) {
      const place = this.locate(at);
      if (!place) return false;
      at += Math.min(end - at, place.span);
    }
    return true;
  }

  fetch(address: number, length: number, key: number): Uint8Array | StorageFault {
    const first = this.locate(address);
    if (first && length <= first.span) {
      if (first.kind === 'kernel') return this.kernel.subarray(first.offset, first.offset + length);
      if (!fetchPermitted(key, this.guest.keys[Math.floor(first.offset / FRAME_SIZE)] ?? 0)) return 'protection';
      return this.guest.bytes.subarray(first.offset, first.offset + length);
    }
    const out = new Uint8Array(length);
    let done = 0;
    while (done < length) {
      const place = this.locate(address + done);
      if (!place) return 'addressing';
      const n = Math.min(length - done, place.span);
      if (place.kind === 'kernel') out.set(this.kernel.subarray(place.offset, place.offset + n), done);
      else {
        if (!fetchPermitted(key, this.guest.keys[Math.floor(place.offset / FRAME_SIZE)] ?? 0)) return 'protection';
        out.set(this.guest.bytes.subarray(place.offset, place.offset + n), done);
      }
      done += n;
    }
    return out;
  }

  store(address: number, data: Uint8Array, key: number): StorageFault | null {
    // Fast path: the whole store lands in one piece (one IDAW's block never spans two pages).
    const first = this.locate(address);
    if (first && data.length <= first.span) {
      if (first.kind === 'kernel') {
        this.kernel.set(data, first.offset);
        return null;
      }
      if (!storePermitted(key, this.guest.keys[Math.floor(first.offset / FRAME_SIZE)] ?? 0)) return 'protection';
      this.guest.write(first.offset, data);
      return null;
    }
    // Check every piece before storing anything: a fault stores nothing.
    const pieces: { kind: 'kernel' | 'guest'; offset: number; from: number; n: number }[] = [];
    let done = 0;
    while (done < data.length) {
      const place = this.locate(address + done);
      if (!place) return 'addressing';
      const n = Math.min(data.length - done, place.span);
      if (place.kind === 'guest' && !storePermitted(key, this.guest.keys[Math.floor(place.offset / FRAME_SIZE)] ?? 0)) {
        return 'protection';
      }
      pieces.push({ kind: place.kind, offset: place.offset, from: done, n });
      done += n;
    }
    for (const p of pieces) {
      const chunk = data.subarray(p.from, p.from + p.n);
      if (p.kind === 'kernel') this.kernel.set(chunk, p.offset);
      else this.guest.write(p.offset, chunk);
    }
    return null;
  }

  /** Where a host address lives, and how many bytes from it stay in the same piece. */
  private locate(address: number): { kind: 'kernel' | 'guest'; offset: number; span: number } | null {
    if (address >= KERNEL_MEMORY_BASE && address < KERNEL_MEMORY_BASE + KERNEL_MEMORY_SIZE) {
      return { kind: 'kernel', offset: address - KERNEL_MEMORY_BASE, span: KERNEL_MEMORY_BASE + KERNEL_MEMORY_SIZE - address };
    }
    const guestFrame = this.pinned.get(Math.floor(address / FRAME_SIZE));
    if (guestFrame === undefined) return null;
    const within = address % FRAME_SIZE;
    return { kind: 'guest', offset: guestFrame * FRAME_SIZE + within, span: FRAME_SIZE - within };
  }
}
