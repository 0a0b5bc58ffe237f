/**
 * HostMemory's stores and validity checks over pinned pages (src/vfio/hostMemory.ts): random
 * mappings (guest frames pinned in order, so joined IDAL areas copy at once, or out of order,
 * with unmapped host frames between) and random storage keys, against a model that goes frame
 * by frame: the first frame (in address order) that is unmapped is an addressing fault, else the
 * first whose key forbids the store a protection fault, and a fault stores nothing.
 */
import { describe, expect, test } from 'vitest';
import { GuestStorage, storePermitted } from '../../../src/css';
import { HostMemory } from '../../../src/vfio';
import { prng } from '../../helpers/prng';

const FRAMES = 16;

describe('HostMemory store and valid over pinned pages ≡ frame by frame', () => {
  test('300 random stores and checks', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const r = prng(seed);
      const int = (n: number): number => Math.floor(r() * n);
      const guest = new GuestStorage(FRAMES * 4096);
      const host = new HostMemory(guest);
      for (let f = 0; f < FRAMES; f++) if (r() < 0.3) guest.setKey(f * 4096, 1 + int(3), r() < 0.5);
      // Host frame i (from the first) -> guest frame, or -1 when unmapped.
      const order = r() < 0.6 ? Array.from({ length: 8 }, (_, i) => i + 4) : Array.from({ length: 8 }, () => int(FRAMES));
      const hostFrames: number[] = [];
      let base = -1;
      for (const g of order) {
        const a = host.mapPinned(g);
        if (base < 0) base = a;
        hostFrames.push(g);
      }
      for (let i = 0; i < hostFrames.length; i++) if (r() < 0.08) {
        host.unmapPinned(base + i * 4096);
        hostFrames[i] = -1;
      }
      const address = base + int(4096 * 6);
      const length = 1 + int(4096 * 3) + (r() < 0.1 ? 4096 * 4 : 0);
      const key = r() < 0.4 ? 0 : 1 + int(3);
      const data = new Uint8Array(length).map(() => int(256));

      // The model.
      const first = Math.floor((address - base) / 4096);
      const last = Math.floor((address - base + length - 1) / 4096);
      let fault: 'addressing' | 'protection' | null = null;
      for (let i = first; i <= last && fault === null; i++) {
        const g = hostFrames[i] ?? -1;
        if (g < 0) fault = 'addressing';
        else if (!storePermitted(key, guest.keys[g] ?? 0)) fault = 'protection';
      }
      let valid = true;
      for (let i = first; i <= last; i++) if ((hostFrames[i] ?? -1) < 0) valid = false;
      const expectedBytes = guest.bytes.slice();
      const expectedKeys = guest.keys.slice();
      if (fault === null) {
        for (let k = 0; k < length; k++) {
          const at = address - base + k;
          const g = hostFrames[Math.floor(at / 4096)] as number;
          expectedBytes[g * 4096 + (at % 4096)] = data[k] as number;
          expectedKeys[g] = (expectedKeys[g] ?? 0) | 0x06;
        }
      }

      expect(host.valid(address, length), `seed ${seed}`).toBe(valid);
      const got = host.store(address, data, key);
      expect(got, `seed ${seed}`).toBe(fault);
      expect(Buffer.from(guest.bytes).equals(Buffer.from(expectedBytes)), `seed ${seed} bytes`).toBe(true);
      expect([...guest.keys], `seed ${seed} keys`).toEqual([...expectedKeys]);
    }
  });
});
