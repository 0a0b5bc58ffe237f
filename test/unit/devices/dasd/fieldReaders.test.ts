/**
 * The direct byte readers parseTrack uses (src/devices/dasd/fieldReaders.ts) against the field
 * tables they take their offsets from (HOME_ADDRESS, COUNT_FIELD, decodeCchh in src/arch/eckd.ts),
 * on random bytes; and parseTrack's offsets and lazily built records against the tables' decode
 * of every count field on random tracks.
 */
import { describe, expect, test } from 'vitest';
import { COUNT_FIELD, HOME_ADDRESS, decodeCchh } from '../../../../src/arch/eckd';
import { buildTrack, parseTrack, type RecordSpec } from '../../../../src/devices/dasd/ckdTrack';
import { countCylinder, countDl, countHead, countKl, countR, haCylinder, haFlag, haHead } from '../../../../src/devices/dasd/fieldReaders';
import { prng } from '../../../helpers/prng';

function randomBytes(next: () => number, n: number): Uint8Array {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = Math.floor(next() * 256);
  return b;
}

describe('field readers ≡ the field tables', () => {
  test('home address: 5,000 random vectors', () => {
    const next = prng(0x3390);
    for (let i = 0; i < 5_000; i++) {
      const image = randomBytes(next, 5);
      const ha = HOME_ADDRESS.decode(image, 0);
      const at = decodeCchh(ha.cc, ha.hh);
      expect([haFlag(image), haCylinder(image), haHead(image)]).toEqual([ha.flag, at.cylinder, at.head]);
    }
  });

  test('count field at random offsets: 5,000 random vectors', () => {
    const next = prng(0x3990);
    for (let i = 0; i < 5_000; i++) {
      const image = randomBytes(next, 40);
      const offset = Math.floor(next() * 33);
      const c = COUNT_FIELD.decode(image, offset);
      const at = decodeCchh(c.cc, c.hh);
      expect([countCylinder(image, offset), countHead(image, offset), countR(image, offset), countKl(image, offset), countDl(image, offset)]).toEqual([
        at.cylinder,
        at.head,
        c.r,
        c.kl,
        c.dl,
      ]);
    }
  });
});

describe('parseTrack offsets and records ≡ the count fields', () => {
  test('500 random tracks (EAV cylinders, keys, empty data, foreign CCHH in counts)', () => {
    const next = prng(0x2107);
    for (let i = 0; i < 500; i++) {
      const cylinder = Math.floor(next() * 0x0fff_ffff);
      const head = Math.floor(next() * 15);
      const specs: RecordSpec[] = [];
      const n = Math.floor(next() * 14);
      for (let r = 0; r < n; r++) {
        specs.push({
          r: Math.floor(next() * 256),
          key: next() < 0.3 ? randomBytes(next, 1 + Math.floor(next() * 20)) : undefined,
          data: randomBytes(next, next() < 0.2 ? 0 : Math.floor(next() * 300)),
          cylinder: next() < 0.2 ? Math.floor(next() * 0x0fff_ffff) : undefined,
          head: next() < 0.2 ? Math.floor(next() * 15) : undefined,
        });
      }
      const image = buildTrack(cylinder, head, specs);
      const parsed = parseTrack(image, cylinder, head);
      if ('error' in parsed) throw new Error(parsed.error);
      const track = parsed.track;
      expect(track.recordCount).toBe(n);
      expect(track.countOffsets).toHaveLength(n + 1);
      let at = 5;
      const expected = specs.map((s, k) => {
        const c = COUNT_FIELD.decode(image, at);
        const id = decodeCchh(c.cc, c.hh);
        expect(track.countOffsets[k]).toBe(at);
        const record = { cylinder: id.cylinder, head: id.head, r: c.r, kl: c.kl, dl: c.dl, countOffset: at, keyOffset: at + 8, dataOffset: at + 8 + c.kl };
        expect([c.r, c.kl, c.dl]).toEqual([s.r, s.key?.length ?? 0, s.data.length]);
        at += 8 + c.kl + c.dl;
        return record;
      });
      // The last offset is the end-of-track marker's.
      expect(track.countOffsets[n]).toBe(at);
      expect(image.subarray(at)).toEqual(new Uint8Array(8).fill(0xff));
      expect(track.records).toEqual(expected);
      // Built once: the same objects on every access (readers use records.indexOf).
      expect(track.records).toBe(track.records);
    }
  });
});
