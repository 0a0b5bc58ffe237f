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
import { hex } from '../arch';
import { FRAME_SIZE, fetchPermitted, storePermitted, type ChannelStorage, type GuestStorage, type StorageFault, type StoragePlace } from '../css';

export const KERNEL_MEMORY_BASE = 0x7c00_0000;
export const KERNEL_MEMORY_SIZE = 32 * 1024 * 1024;
/** First host frame handed to pinned guest pages. */
export const PINNED_FRAME_BASE = 0x2_0000_0000;
const FIRST_PINNED_FRAME = PINNED_FRAME_BASE / FRAME_SIZE;
/** log2(FRAME_SIZE). */
const FRAME_SHIFT = Math.log2(FRAME_SIZE);
/** Up to this many bytes (an IDAL of up to 16 IDAWs), alloc zeroes word by word (see `kernelWords`). */
const SMALL_ALLOCATION = 128;

interface Allocation {
  readonly address: number;
  readonly size: number;
  readonly purpose: string;
}

/** What `alloc` records: the purpose's text is only built when the debugger asks (it is per CCW). */
interface AllocationRecord {
  address: number;
  size: number;
  purpose: string;
  /** The guest address the allocation stands for, appended to the purpose as @X. */
  guestAddress: number | null;
}

export class HostMemory implements ChannelStorage {
  readonly kernel = new Uint8Array(KERNEL_MEMORY_SIZE);
  /**
   * The same bytes as 32-bit words, for zeroing small doubleword-aligned allocations (every
   * allocation is) a word at a time: an IDAL is allocated per START per CCW, where a call of the
   * `fill` builtin costs more than the few words it clears.
   */
  private readonly kernelWords = new Int32Array(this.kernel.buffer);
  /**
   * Live allocations sorted by address. Most come from the top (above every live one: a push)
   * and a translation frees them newest first (a pop), so this is cheaper than a map per CCW.
   */
  private readonly live: AllocationRecord[] = [];
  /** Records of freed allocations, reused by `alloc` (a translation allocates and frees one per CCW). */
  private readonly spareRecords: AllocationRecord[] = [];
  /** Freed ranges below `top`, sorted by address (first fit keeps the layout deterministic). */
  private holes: { address: number; size: number }[] = [];
  /** Everything from here up is free. */
  private top = KERNEL_MEMORY_BASE;
  /**
   * Guest frame number by host frame number - FIRST_PINNED_FRAME (-1: nothing mapped). Host
   * frames are handed out lowest first, so the array stays as short as the most pages ever
   * pinned at once; an array index is what the host channel's per-block lookup can afford.
   */
  private readonly pinned: number[] = [];
  private nextPinnedFrame = FIRST_PINNED_FRAME;
  private readonly freePinnedFrames: number[] = [];

  constructor(private readonly guest: GuestStorage) {}

  // --- kernel allocations -------------------------------------------------------------------

  /**
   * kmalloc-like, 8-byte aligned (CCWs need doublewords), first fit, zeroed (kcalloc) unless the
   * caller writes every byte at once (`zero` false). Null when memory is exhausted.
   */
  alloc(size: number, purpose: string, guestAddress: number | null = null, zero = true): number | null {
    const need = Math.max(8, Math.ceil(size / 8) * 8);
    let address: number | null = null;
    let hole = -1;
    for (let i = 0; i < this.holes.length && hole < 0; i++) if ((this.holes[i] as { size: number }).size >= need) hole = i;
    if (hole >= 0) {
      const h = this.holes[hole] as { address: number; size: number };
      address = h.address;
      if (h.size === need) this.holes.splice(hole, 1);
      else {
        h.address += need;
        h.size -= need;
      }
    } else if (this.top + need <= KERNEL_MEMORY_BASE + KERNEL_MEMORY_SIZE) {
      address = this.top;
      this.top += need;
    }
    if (address === null) return null;
    let record = this.spareRecords.pop();
    if (record) {
      record.address = address;
      record.size = need;
      record.purpose = purpose;
      record.guestAddress = guestAddress;
    } else record = { address, size: need, purpose, guestAddress };
    if (hole < 0) this.live.push(record);
    else this.live.splice(this.liveIndex(address), 0, record);
    if (!zero) return address;
    const from = address - KERNEL_MEMORY_BASE;
    if (need <= SMALL_ALLOCATION) {
      const words = this.kernelWords;
      for (let w = from >> 2, end = (from + need) >> 2; w < end; w++) words[w] = 0;
    } else this.kernel.fill(0, from, from + need);
    return address;
  }

  /** The kernel's own copy of `length` bytes from one allocation to another (an IDAL like the last). */
  copyKernel(to: number, from: number, length: number): void {
    const f = from - KERNEL_MEMORY_BASE;
    this.kernel.copyWithin(to - KERNEL_MEMORY_BASE, f, f + length);
  }

  free(address: number): void {
    const at = this.liveIndex(address);
    const a = this.live[at];
    if (a === undefined || a.address !== address) return;
    if (at === this.live.length - 1) this.live.pop();
    else this.live.splice(at, 1);
    // liveAllocations copies the records out, so nothing outside holds this one.
    this.spareRecords.push(a);
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
    // Insert the hole in address order, merging with its neighbours only (the list is kept
    // merged, so nothing else can touch it): freeing a translation's IDALs in order stays linear.
    let i = 0;
    while (i < this.holes.length && (this.holes[i] as { address: number }).address < a.address) i++;
    const prev = this.holes[i - 1];
    const next = this.holes[i];
    const touchesPrev = prev !== undefined && prev.address + prev.size === a.address;
    const touchesNext = next !== undefined && a.address + a.size === next.address;
    if (touchesPrev && touchesNext) {
      prev.size += a.size + next.size;
      this.holes.splice(i, 1);
    } else if (touchesPrev) {
      prev.size += a.size;
    } else if (touchesNext) {
      next.address = a.address;
      next.size += a.size;
    } else {
      this.holes.splice(i, 0, { address: a.address, size: a.size });
    }
  }

  /** Index in `live` of the allocation at `address`, or where one there would go. */
  private liveIndex(address: number): number {
    const live = this.live;
    const last = live.length - 1;
    // The newest allocation first: the usual case of free.
    if (last >= 0 && (live[last] as AllocationRecord).address <= address) return (live[last] as AllocationRecord).address === address ? last : last + 1;
    let lo = 0;
    let hi = last;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((live[mid] as AllocationRecord).address < address) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Live kernel allocations, by address (for the debugger's view of the translation). */
  liveAllocations(): Allocation[] {
    return this.live.map((a) => ({ address: a.address, size: a.size, purpose: a.guestAddress === null ? a.purpose : `${a.purpose} @${hex(a.guestAddress, 1)}` }));
  }

  /** The kernel's own stores (no key checks): translated CCWs and IDALs. */
  writeKernel(address: number, data: Uint8Array): void {
    this.kernel.set(data, address - KERNEL_MEMORY_BASE);
  }

  /** Index of a kernel address in `kernel` (for writers that fill translated CCWs and IDALs in place). */
  kernelOffset(address: number): number {
    return address - KERNEL_MEMORY_BASE;
  }

  readKernel(address: number, length: number): Uint8Array {
    return this.kernel.slice(address - KERNEL_MEMORY_BASE, address - KERNEL_MEMORY_BASE + length);
  }

  // --- pinned guest pages -------------------------------------------------------------------

  /** Maps a guest frame at the next free host frame; returns the host frame's address. */
  mapPinned(guestFrame: number): number {
    const hostFrame = this.freePinnedFrames.shift() ?? this.nextPinnedFrame++;
    this.pinned[hostFrame - FIRST_PINNED_FRAME] = guestFrame;
    return hostFrame * FRAME_SIZE;
  }

  unmapPinned(hostAddress: number): void {
    const hostFrame = Math.floor(hostAddress / FRAME_SIZE);
    const i = hostFrame - FIRST_PINNED_FRAME;
    if (i < 0 || i >= this.pinned.length || this.pinned[i] === -1) return;
    this.pinned[i] = -1;
    // Keep the free frames sorted (lowest is reused first): insert in place.
    const free = this.freePinnedFrames;
    let at = free.length;
    while (at > 0 && (free[at - 1] as number) > hostFrame) at--;
    free.splice(at, 0, hostFrame);
  }

  // --- ChannelStorage -----------------------------------------------------------------------
  //
  // The host channel calls these once per CCW and once per IDAW block, so they use `locate`'s
  // result fields instead of allocating a result per call.

  valid(address: number, length: number): boolean {
    if (length === 0) return this.locate(address);
    // Pinned pages (every IDAW block the host channel checks): one array look-up per frame, as
    // the loop below would make through `locate`.
    if (address >= PINNED_FRAME_BASE) {
      // Offsets from the first pinned frame fit in 31 bits for any frame ever handed out, so
      // frame numbers come from shifts rather than float divisions of 34-bit addresses.
      const from = address - PINNED_FRAME_BASE;
      const to = from + length - 1;
      if (to > 0x7fff_ffff) return false;
      const pinned = this.pinned;
      for (let i = from >>> FRAME_SHIFT, last = to >>> FRAME_SHIFT; i <= last; i++) if ((pinned[i] ?? -1) < 0) return false;
      return true;
    }
    let at = address;
    const end = address + length;
    while (at < end) {
      if (!this.locate(at)) return false;
      at += Math.min(end - at, this.placeSpan);
    }
    return true;
  }

  fetch(address: number, length: number, key: number): Uint8Array | StorageFault {
    if (this.locate(address) && length <= this.placeSpan) {
      const offset = this.placeOffset;
      if (this.placeKernel) return this.kernel.subarray(offset, offset + length);
      if (!fetchPermitted(key, this.guest.keys[Math.floor(offset / FRAME_SIZE)] ?? 0)) return 'protection';
      return this.guest.bytes.subarray(offset, offset + length);
    }
    return this.fetchPieces(address, length, key);
  }

  fetchInPlace(address: number, length: number, key: number, place: StoragePlace): StorageFault | null {
    // Kernel memory (the translated CCWs and IDALs the host channel reads, once per CCW): no key.
    const k = address - KERNEL_MEMORY_BASE;
    if (k >= 0 && k + length <= KERNEL_MEMORY_SIZE) {
      place.bytes = this.kernel;
      place.offset = k;
      return null;
    }
    if (this.locate(address) && length <= this.placeSpan) {
      const offset = this.placeOffset;
      if (this.placeKernel) place.bytes = this.kernel;
      else {
        if (!fetchPermitted(key, this.guest.keys[Math.floor(offset / FRAME_SIZE)] ?? 0)) return 'protection';
        place.bytes = this.guest.bytes;
      }
      place.offset = offset;
      return null;
    }
    const got = this.fetchPieces(address, length, key);
    if (typeof got === 'string') return got;
    place.bytes = got;
    place.offset = 0;
    return null;
  }

  /** fetch over several pieces (kernel memory and pinned pages, or pages not mapped in order): a copy. */
  private fetchPieces(address: number, length: number, key: number): Uint8Array | StorageFault {
    const out = new Uint8Array(length);
    let done = 0;
    while (done < length) {
      if (!this.locate(address + done)) return 'addressing';
      const n = Math.min(length - done, this.placeSpan);
      const offset = this.placeOffset;
      if (this.placeKernel) out.set(this.kernel.subarray(offset, offset + n), done);
      else {
        if (!fetchPermitted(key, this.guest.keys[Math.floor(offset / FRAME_SIZE)] ?? 0)) return 'protection';
        out.set(this.guest.bytes.subarray(offset, offset + n), done);
      }
      done += n;
    }
    return out;
  }

  store(address: number, data: Uint8Array, key: number): StorageFault | null {
    // Pinned pages mapped in order (one IDAW's block, or a joined IDAL area over one buffer).
    if (address >= PINNED_FRAME_BASE && data.length > 0 && this.storeContiguousPinned(address, data, key)) return this.pinnedFault;
    // The whole store lands in one piece: kernel memory (or nothing to store on a pinned page).
    if (this.locate(address) && data.length <= this.placeSpan) {
      const offset = this.placeOffset;
      if (this.placeKernel) {
        this.kernel.set(data, offset);
        return null;
      }
      const frame = Math.floor(offset / FRAME_SIZE);
      const k = this.guest.keys[frame] ?? 0;
      if (!storePermitted(key, k)) return 'protection';
      // A pinned page is inside guest storage and the piece inside one frame: store, set reference and change bits.
      if (data.length === 0) return null;
      this.guest.bytes.set(data, offset);
      this.guest.keys[frame] = k | 0x06;
      return null;
    }
    // Several pieces (a joined IDAL area over pinned pages): check every piece before storing
    // anything, as a fault stores nothing; then copy each run of pieces that is contiguous in
    // guest storage (pinned pages mapped in order are) at once. The pieces go into reused arrays.
    let pieces = 0;
    let done = 0;
    while (done < data.length) {
      if (!this.locate(address + done)) return 'addressing';
      const n = Math.min(data.length - done, this.placeSpan);
      if (!this.placeKernel && !storePermitted(key, this.guest.keys[Math.floor(this.placeOffset / FRAME_SIZE)] ?? 0)) {
        return 'protection';
      }
      this.pieceOffsets[pieces] = this.placeKernel ? -1 - this.placeOffset : this.placeOffset;
      this.pieceLengths[pieces] = n;
      pieces++;
      done += n;
    }
    let from = 0;
    for (let i = 0; i < pieces; ) {
      const start = this.pieceOffsets[i] as number;
      let n = this.pieceLengths[i] as number;
      let j = i + 1;
      while (j < pieces && start >= 0 && this.pieceOffsets[j] === start + n) n += this.pieceLengths[j++] as number;
      const chunk = data.subarray(from, from + n);
      // guest.write sets the reference and change bits of every frame it stores into.
      if (start < 0) this.kernel.set(chunk, -1 - start);
      else this.guest.write(start, chunk);
      from += n;
      i = j;
    }
    return null;
  }

  /** What storeContiguousPinned found: null (stored) or the fault. */
  private pinnedFault: StorageFault | null = null;

  /**
   * store over pinned pages that are mapped in order (a joined IDAL area over one guest buffer,
   * the usual case): the checks of the general loop, frame by frame in the same order (addressing,
   * then protection), straight on the pinned array, then one copy and the reference and change
   * bits of the frames stored into. False (nothing done) when the guest frames are not consecutive.
   */
  private storeContiguousPinned(address: number, data: Uint8Array, key: number): boolean {
    // As in `valid`: offsets from the first pinned frame, in 31 bits for any frame ever mapped.
    const from = address - PINNED_FRAME_BASE;
    if (from + data.length > 0x7fff_ffff) return this.fault('addressing');
    const i0 = from >>> FRAME_SHIFT;
    const within = from & (FRAME_SIZE - 1);
    const frames = ((within + data.length - 1) >>> FRAME_SHIFT) + 1;
    const keys = this.guest.keys;
    const pinned = this.pinned;
    const g0 = pinned[i0] ?? -1;
    for (let j = 0; j < frames; j++) {
      const g = pinned[i0 + j] ?? -1;
      if (g < 0) return this.fault('addressing');
      if (!storePermitted(key, keys[g] ?? 0)) return this.fault('protection');
      if (g !== g0 + j) return false;
    }
    this.guest.bytes.set(data, g0 * FRAME_SIZE + within);
    for (let j = 0; j < frames; j++) keys[g0 + j] = (keys[g0 + j] ?? 0) | 0x06;
    this.pinnedFault = null;
    return true;
  }

  private fault(fault: StorageFault): true {
    this.pinnedFault = fault;
    return true;
  }

  /** store's pieces: offset in guest storage, or -1 - offset in kernel memory; and length. */
  private readonly pieceOffsets: number[] = [];
  private readonly pieceLengths: number[] = [];

  /** Set by `locate`: whether the address is kernel memory, its offset there or in guest storage, and the bytes left in that piece. */
  private placeKernel = false;
  private placeOffset = 0;
  private placeSpan = 0;

  /** Where a host address lives (into the place fields); false when nothing is there. */
  private locate(address: number): boolean {
    if (address >= KERNEL_MEMORY_BASE && address < KERNEL_MEMORY_BASE + KERNEL_MEMORY_SIZE) {
      this.placeKernel = true;
      this.placeOffset = address - KERNEL_MEMORY_BASE;
      this.placeSpan = KERNEL_MEMORY_BASE + KERNEL_MEMORY_SIZE - address;
      return true;
    }
    const hostFrame = Math.floor(address / FRAME_SIZE);
    const i = hostFrame - FIRST_PINNED_FRAME;
    const guestFrame = i >= 0 ? (this.pinned[i] ?? -1) : -1;
    if (guestFrame < 0) return false;
    // Not address % FRAME_SIZE: pinned addresses are above 4 GiB, where % is a float modulo.
    const within = address - hostFrame * FRAME_SIZE;
    this.placeKernel = false;
    this.placeOffset = guestFrame * FRAME_SIZE + within;
    this.placeSpan = FRAME_SIZE - within;
    return true;
  }
}
