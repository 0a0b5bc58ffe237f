/**
 * Storage as the channel subsystem sees it: absolute storage with 4K storage keys and
 * key-controlled protection (PoO "Key-Controlled Protection", "Fetch Protection").
 *
 * The channel engine accesses storage only through `ChannelStorage`, so the same engine runs
 * on guest storage (PATH direct) and on the host storage of the vfio-ccw path, where guest
 * pages are pinned and mapped among host allocations.
 */

export type StorageFault = 'addressing' | 'protection';

/** Where a fetch found its bytes: `bytes[offset]` up to `offset + length`, valid until the next access. */
export interface StoragePlace {
  bytes: Uint8Array;
  offset: number;
}

export interface ChannelStorage {
  /** Fetches `length` bytes for the channel with access key `key`; a view valid until the next access. */
  fetch(address: number, length: number, key: number): Uint8Array | StorageFault;
  /**
   * `fetch` with the same checks and the same effect on reference bits, but the bytes are left
   * where they are and `place` says where: for a caller that reads a few bytes per fetch many
   * times over (an IDAL's IDAWs, a CCW), where making a view costs more than reading them.
   */
  fetchInPlace(address: number, length: number, key: number, place: StoragePlace): StorageFault | null;
  /** Stores `data` for the channel with access key `key`. Nothing is stored on a fault. */
  store(address: number, data: Uint8Array, key: number): StorageFault | null;
  /** True when every byte of [address, address + length) exists. */
  valid(address: number, length: number): boolean;
}

export const FRAME_SIZE = 4096;

/** Storage-key byte of a 4K frame: ACC (4 bits), F (fetch protection), R, C. */
export interface StorageKey {
  readonly acc: number;
  readonly fetchProtected: boolean;
  readonly referenced: boolean;
  readonly changed: boolean;
}

/** Store access permitted: key 0, or the access key equals the frame's key. */
export function storePermitted(accessKey: number, frameKey: number): boolean {
  return accessKey === 0 || accessKey === frameKey >> 4;
}

/** Fetch access permitted: key 0, matching keys, or the frame is not fetch-protected. */
export function fetchPermitted(accessKey: number, frameKey: number): boolean {
  return accessKey === 0 || accessKey === frameKey >> 4 || (frameKey & 0x08) === 0;
}

/** Guest absolute storage: bytes plus one storage-key byte per 4K frame. */
export class GuestStorage implements ChannelStorage {
  readonly bytes: Uint8Array;
  /** Per frame: ACC << 4 | F << 3 | R << 2 | C << 1. */
  readonly keys: Uint8Array;

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size <= 0 || size % FRAME_SIZE !== 0) {
      throw new RangeError(`storage size ${size} must be a positive multiple of 4K`);
    }
    this.bytes = new Uint8Array(size);
    this.keys = new Uint8Array(size / FRAME_SIZE);
  }

  valid(address: number, length: number): boolean {
    return Number.isInteger(address) && address >= 0 && length >= 0 && address + length <= this.size;
  }

  fetch(address: number, length: number, key: number): Uint8Array | StorageFault {
    const fault = this.checkFetch(address, length, key);
    return fault ?? this.bytes.subarray(address, address + length);
  }

  fetchInPlace(address: number, length: number, key: number, place: StoragePlace): StorageFault | null {
    const fault = this.checkFetch(address, length, key);
    if (fault === null) {
      place.bytes = this.bytes;
      place.offset = address;
    }
    return fault;
  }

  /** A fetch's checks and reference bits. */
  private checkFetch(address: number, length: number, key: number): StorageFault | null {
    if (!this.valid(address, length)) return 'addressing';
    if (key !== 0 && length > 0) {
      for (let f = Math.floor(address / FRAME_SIZE); f <= Math.floor((address + length - 1) / FRAME_SIZE); f++) {
        if (!fetchPermitted(key, this.keys[f] ?? 0)) return 'protection';
      }
    }
    this.markReferenced(address, length, false);
    return null;
  }

  store(address: number, data: Uint8Array, key: number): StorageFault | null {
    if (!this.valid(address, data.length)) return 'addressing';
    if (key !== 0 && data.length > 0) {
      for (let f = Math.floor(address / FRAME_SIZE); f <= Math.floor((address + data.length - 1) / FRAME_SIZE); f++) {
        if (!storePermitted(key, this.keys[f] ?? 0)) return 'protection';
      }
    }
    this.bytes.set(data, address);
    this.markReferenced(address, data.length, true);
    return null;
  }

  /** CPU access with PSW key 0 (the driver's view): no key checks, no faults beyond addressing. */
  read(address: number, length: number): Uint8Array | null {
    return this.valid(address, length) ? this.bytes.slice(address, address + length) : null;
  }

  write(address: number, data: Uint8Array): boolean {
    if (!this.valid(address, data.length)) return false;
    this.bytes.set(data, address);
    this.markReferenced(address, data.length, true);
    return true;
  }

  /** SET STORAGE KEY EXTENDED for the frame containing `address`. */
  setKey(address: number, acc: number, fetchProtected: boolean): boolean {
    if (!this.valid(address, 1) || acc < 0 || acc > 15) return false;
    const f = Math.floor(address / FRAME_SIZE);
    this.keys[f] = (acc << 4) | (fetchProtected ? 0x08 : 0);
    return true;
  }

  key(address: number): StorageKey {
    const k = this.keys[Math.floor(address / FRAME_SIZE)] ?? 0;
    return { acc: k >> 4, fetchProtected: (k & 0x08) !== 0, referenced: (k & 0x04) !== 0, changed: (k & 0x02) !== 0 };
  }

  private markReferenced(address: number, length: number, changed: boolean): void {
    if (length === 0) return;
    const bits = changed ? 0x06 : 0x04;
    for (let f = Math.floor(address / FRAME_SIZE); f <= Math.floor((address + length - 1) / FRAME_SIZE); f++) {
      this.keys[f] = (this.keys[f] ?? 0) | bits;
    }
  }
}
