/**
 * ChannelStorage.fetchInPlace (src/css/storage.ts) is `fetch` without a view: the same fault, the
 * same bytes (where `place` says they are) and the same reference bits, on guest storage and on
 * the vfio path's host storage (kernel memory, pinned pages in order or not, unmapped frames).
 */
import { describe, expect, test } from 'vitest';
import { GuestStorage, type StoragePlace } from '../../../src/css';
import { HostMemory, KERNEL_MEMORY_BASE, PINNED_FRAME_BASE } from '../../../src/vfio';
import { prng } from '../../helpers/prng';

const FRAMES = 16;

function viewOf(place: StoragePlace, length: number): number[] {
  return [...place.bytes.subarray(place.offset, place.offset + length)];
}

describe('fetchInPlace ≡ fetch', () => {
  test('guest storage, 300 random fetches: same fault, bytes and reference bits', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const r = prng(seed);
      const int = (n: number): number => Math.floor(r() * n);
      const make = (): GuestStorage => {
        const g = new GuestStorage(FRAMES * 4096);
        const fill = prng(seed + 1000);
        for (let i = 0; i < g.bytes.length; i += 97) g.bytes[i] = Math.floor(fill() * 256);
        return g;
      };
      const a = make();
      const b = make();
      const protect = Array.from({ length: FRAMES }, () => (r() < 0.3 ? 1 + int(3) : 0));
      const fetchProtect = Array.from({ length: FRAMES }, () => r() < 0.5);
      protect.forEach((k, f) => k !== 0 && (a.setKey(f * 4096, k, fetchProtect[f] ?? false), b.setKey(f * 4096, k, fetchProtect[f] ?? false)));
      const address = int(FRAMES * 4096 + 100) - 50;
      const length = int(3 * 4096);
      const key = r() < 0.4 ? 0 : 1 + int(3);
      const got = a.fetch(address, length, key);
      const place: StoragePlace = { bytes: new Uint8Array(0), offset: 0 };
      const fault = b.fetchInPlace(address, length, key, place);
      if (typeof got === 'string') expect(fault, `seed ${seed}`).toBe(got);
      else {
        expect(fault, `seed ${seed}`).toBeNull();
        expect(viewOf(place, length), `seed ${seed}`).toEqual([...got]);
      }
      expect([...b.keys], `seed ${seed} keys`).toEqual([...a.keys]);
    }
  });

  test('host storage, 60 random fetches over kernel memory and pinned pages: same fault and bytes', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const r = prng(seed);
      const int = (n: number): number => Math.floor(r() * n);
      const guest = new GuestStorage(FRAMES * 4096);
      for (let i = 0; i < guest.bytes.length; i++) guest.bytes[i] = (i * 7 + seed) & 0xff;
      for (let f = 0; f < FRAMES; f++) if (r() < 0.3) guest.setKey(f * 4096, 1 + int(3), r() < 0.5);
      const host = new HostMemory(guest);
      const k = host.alloc(64, 'test');
      if (k === null) throw new Error('alloc');
      host.writeKernel(k, new Uint8Array(64).map((_, i) => i + seed));
      const order = r() < 0.6 ? Array.from({ length: 8 }, (_, i) => i + 4) : Array.from({ length: 8 }, () => int(FRAMES));
      let base = -1;
      for (const g of order) {
        const h = host.mapPinned(g);
        if (base < 0) base = h;
      }
      for (let i = 0; i < 8; i++) if (r() < 0.08) host.unmapPinned(base + i * 4096);
      const inKernel = r() < 0.3;
      const address = inKernel ? k + int(64) : base + int(4096 * 7);
      const length = inKernel ? int(16) : int(4096 * 3);
      const key = r() < 0.4 ? 0 : 1 + int(3);
      const got = host.fetch(address, length, key);
      const place: StoragePlace = { bytes: new Uint8Array(0), offset: 0 };
      const fault = host.fetchInPlace(address, length, key, place);
      if (typeof got === 'string') expect(fault, `seed ${seed}`).toBe(got);
      else {
        expect(fault, `seed ${seed}`).toBeNull();
        expect(viewOf(place, length), `seed ${seed}`).toEqual([...got]);
      }
    }
  });
});

describe('HostMemory details the vfio path relies on', () => {
  test('valid and store far beyond every pinned frame: not there (addressing), whatever the offset', () => {
    const guest = new GuestStorage(FRAMES * 4096);
    const host = new HostMemory(guest);
    host.mapPinned(1);
    expect(host.valid(PINNED_FRAME_BASE, 4096)).toBe(true);
    expect(host.valid(PINNED_FRAME_BASE + 4096, 1)).toBe(false);
    expect(host.valid(PINNED_FRAME_BASE + 0x8000_0000, 8)).toBe(false);
    expect(host.valid(PINNED_FRAME_BASE + 0x1_0000_0000, 8)).toBe(false);
    expect(host.valid(PINNED_FRAME_BASE + 0x7fff_fff0, 0x20)).toBe(false);
    expect(host.store(PINNED_FRAME_BASE + 0x1_0000_0000, new Uint8Array(8), 0)).toBe('addressing');
    expect(host.store(PINNED_FRAME_BASE + 0x7fff_fff0, new Uint8Array(0x20), 0)).toBe('addressing');
  });

  test('alloc zeroes unless told every byte is written; copyKernel copies between allocations', () => {
    const host = new HostMemory(new GuestStorage(4096));
    const a = host.alloc(104, 'idal');
    if (a === null) throw new Error('alloc');
    host.writeKernel(a, new Uint8Array(104).map((_, i) => i + 1));
    host.free(a);
    const zeroed = host.alloc(104, 'idal');
    expect([...host.readKernel(zeroed ?? 0, 104)].every((b) => b === 0)).toBe(true);
    host.writeKernel(zeroed ?? 0, new Uint8Array(104).map((_, i) => 200 - i));
    const copy = host.alloc(104, 'idal', null, false);
    if (copy === null) throw new Error('alloc');
    host.copyKernel(copy, zeroed ?? 0, 104);
    expect([...host.readKernel(copy, 104)]).toEqual([...host.readKernel(zeroed ?? 0, 104)]);
    // A large allocation (zeroed with fill, not word by word) copied as well.
    const big = host.alloc(4096, 'ccwchain');
    const big2 = host.alloc(4096, 'ccwchain', null, false);
    if (big === null || big2 === null) throw new Error('alloc');
    host.writeKernel(big, new Uint8Array(4096).map((_, i) => i & 0xff));
    host.copyKernel(big2, big, 4096);
    expect([...host.readKernel(big2, 4096)]).toEqual([...host.readKernel(big, 4096)]);
    expect(copy).toBeGreaterThanOrEqual(KERNEL_MEMORY_BASE);
  });
});
