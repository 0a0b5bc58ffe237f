/**
 * resolveIdal checks a block joined to the area before it together with that area (one `valid`
 * over the area) instead of on its own. The architecture checks IDAW by IDAW (PoO "Indirect Data
 * Addressing"), so these tests pin down that the outcome is the per-IDAW one: the check that fails
 * is the one of the first IDAW in the list that is wrong, and nothing later in the list (an IDAW
 * fetch from the next frame, with its reference bit) happens once an earlier block failed.
 */
import { describe, expect, test } from 'vitest';
import { SCS } from '../../../src/arch';
import { AreaScratch, GuestStorage, resolveDataAreas, type AddressingCheck, type DataArea } from '../../../src/css';

const SIZE = 0x10000;
const FORMAT2_4K = { format2: true, twoK: false };
const FORMAT1 = { format2: false, twoK: true };

function storageWith(idalAt: number, idaws: readonly number[], format2 = true): GuestStorage {
  const s = new GuestStorage(SIZE);
  const size = format2 ? 8 : 4;
  idaws.forEach((a, i) => {
    const idaw = new Uint8Array(size);
    new DataView(idaw.buffer).setUint32(size - 4, a);
    s.write(idalAt + i * size, idaw);
  });
  s.keys.fill(0); // write() set reference and change bits: start from clean keys
  return s;
}

function check(r: DataArea[] | AddressingCheck): AddressingCheck {
  expect(Array.isArray(r)).toBe(false);
  return r as AddressingCheck;
}

describe('IDAW checks inside a joined area come out as one check per IDAW would', () => {
  test('a block past the end of storage inside a joined area is reported before a later IDAW off its boundary', () => {
    // 0xE000, 0xF000 and 0x10000 follow each other (one area); 0x10000 is outside 64K; 0x11800 is not on a 4K boundary.
    const s = storageWith(0x1000, [0xe000, 0xf000, 0x10000, 0x11800]);
    const r = check(resolveDataAreas(s, 0, 0x1000, 4 * 4096, FORMAT2_4K, true, false));
    expect(r.cstat).toBe(SCS.PGMCHK);
    expect(r.reason).toBe("IDAW data address X'10000' is outside storage");
  });

  test('a bad block is found after its area is joined: the reason names the first bad IDAW, not the area', () => {
    const s = storageWith(0x1000, [0xd800, 0xe000, 0xf000, 0x10000, 0x11000]);
    const r = check(resolveDataAreas(s, 0, 0x1000, 0x800 + 4 * 4096, FORMAT2_4K, true, false));
    expect(r.reason).toBe("IDAW data address X'10000' is outside storage");
  });

  test('a bad block stops the IDAL before the IDAWs of the next frame are fetched (no protection check, no reference bit)', () => {
    // Two IDAWs at the end of frame 0x1000 (0xF000, then 0x10000 outside storage, joined), the third in frame 0x2000, fetch protected.
    const s = storageWith(0x1ff0, [0xf000, 0x10000, 0x3000]);
    s.setKey(0x2000, 5, true);
    const r = check(resolveDataAreas(s, 3, 0x1ff0, 3 * 4096, FORMAT2_4K, true, false));
    expect(r.cstat).toBe(SCS.PGMCHK);
    expect(r.reason).toBe("IDAW data address X'10000' is outside storage");
    expect(s.key(0x2000).referenced).toBe(false);
    expect(s.key(0x1000).referenced).toBe(true);
  });

  test('with every block in storage, the next frame\'s IDAWs are fetched and a protected one is a protection check', () => {
    const s = storageWith(0x1ff0, [0xe000, 0xf000, 0x3000]);
    s.setKey(0x2000, 5, true);
    const r = check(resolveDataAreas(s, 3, 0x1ff0, 3 * 4096, FORMAT2_4K, true, false));
    expect(r.cstat).toBe(SCS.PROTCHK);
  });

  test('format 1: a bad joined block comes before a later IDAW with bit 0 set', () => {
    const s = storageWith(0x1000, [0xf000, 0xf800, 0x10000, 0x8000_0000], false);
    const r = check(resolveDataAreas(s, 0, 0x1000, 4 * 2048, FORMAT1, true, false));
    expect(r.reason).toBe("IDAW data address X'10000' is outside storage");
  });

  test('an area that ends (the next block elsewhere) is checked before the next area starts', () => {
    // 0xF000 + 0x10000 (outside) joined; 0x4000 starts a new area; 0x5800 is off its boundary.
    const s = storageWith(0x1000, [0xf000, 0x10000, 0x4000, 0x5800]);
    const r = check(resolveDataAreas(s, 0, 0x1000, 4 * 4096, FORMAT2_4K, true, false));
    expect(r.reason).toBe("IDAW data address X'10000' is outside storage");
  });

  test('all blocks in storage: the joined areas, each marked with the block size', () => {
    const s = storageWith(0x1000, [0xd800, 0xe000, 0xf000, 0x4000, 0x5000]);
    const r = resolveDataAreas(s, 0, 0x1000, 0x800 + 4 * 4096, FORMAT2_4K, true, false);
    expect(r).toEqual([
      { address: 0xd800, length: 0x2800, block: 4096 },
      { address: 0x4000, length: 0x2000, block: 4096 },
    ]);
  });

  test('the last block short of its end: the area ends with the count', () => {
    const s = storageWith(0x1000, [0xe100, 0xf000]);
    expect(resolveDataAreas(s, 0, 0x1000, 0x1000, FORMAT2_4K, true, false)).toEqual([{ address: 0xe100, length: 0x1000, block: 4096 }]);
  });

  test('with a scratch (the fast path\'s), the same areas and checks, in the scratch\'s list and objects', () => {
    const scratch = new AreaScratch();
    const cases: [number[], number][] = [
      [[0xd800, 0xe000, 0xf000, 0x4000, 0x5000], 0x800 + 4 * 4096],
      [[0xe100, 0xf000], 0x1000],
      [[0x3000], 0x800],
      [[0xf000, 0x10000, 0x4000, 0x5800], 4 * 4096],
    ];
    for (const [idaws, count] of cases) {
      const s = storageWith(0x1000, idaws);
      const plain = resolveDataAreas(s, 0, 0x1000, count, FORMAT2_4K, true, false);
      const reused = resolveDataAreas(s, 0, 0x1000, count, FORMAT2_4K, true, false, scratch);
      expect(reused).toEqual(plain);
      if (Array.isArray(reused)) {
        expect(reused).toBe(scratch.list);
        expect([scratch.joined, scratch.single]).toContain(reused[0]);
      }
    }
  });
});
