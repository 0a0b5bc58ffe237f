/**
 * Numeric fields at any bit position (arch/field.ts): decode and encode of a field that is not
 * byte-aligned read and replace exactly its bits, IBM bit 0 the leftmost bit of the first byte,
 * and leave every other bit as it was. Checked against a bit-by-bit reading of the definition
 * (PoO numbering) for every position and width within five bytes, and against two SCSW words
 * from Linux's struct cmd_scsw layout (asm/scsw.h).
 */
import { describe, expect, test } from 'vitest';
import { SCSW, field, structure } from '../../../src/arch';
import { prng } from '../../helpers/prng';

/** Bit `i` of `bytes`, IBM numbering: bit 0 is the most significant bit of byte 0. */
const bitAt = (bytes: Uint8Array, i: number): number => ((bytes[i >> 3] as number) >> (7 - (i & 7))) & 1;

function reference(bytes: Uint8Array, offset: number, width: number): number {
  let v = 0;
  for (let i = 0; i < width; i++) v = v * 2 + bitAt(bytes, offset + i);
  return v;
}

describe('a numeric field at any bit position', () => {
  test('decode reads exactly its bits; encode replaces exactly them', () => {
    const next = prng(0x5c5);
    let checked = 0;
    for (let offset = 0; offset < 16; offset++) {
      for (let width = 1; width <= 32 && offset + width <= 40; width++) {
        const s = structure('T', 5, [field('f', { byte: 0, bits: [offset, offset + width - 1], doc: 'f' })]);
        for (let round = 0; round < 8; round++) {
          const bytes = Uint8Array.from({ length: 5 }, () => Math.floor(next() * 256));
          expect(s.decode(bytes).f).toBe(reference(bytes, offset, width));
          const value = Math.floor(next() * 2 ** width);
          const out = bytes.slice();
          s.encodeInto(out, 0, { f: value });
          expect(reference(out, offset, width)).toBe(value);
          for (let i = 0; i < 40; i++) if (i < offset || i >= offset + width) expect(bitAt(out, i)).toBe(bitAt(bytes, i));
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(3000);
  });

  test('SCSW word 0 and 2 as Linux lays them out (key 0-3, flags 4-16, fctl 17-19, actl 20-26, stctl 27-31)', () => {
    // Word 0 of a start function in progress, subchannel and device active, format-1 CCWs, key 9:
    // key 1001, F (bit 8) = 1, fctl start (bit 17), actl subchannel active (bit 24) and device
    // active (bit 25), stctl 0: 1001 0000 1000 0000 0100 0000 1100 0000.
    const bytes = new Uint8Array(12);
    SCSW.encodeInto(bytes, 0, { key: 9, F: 1, fctl: 0b100, actl: 0b0000110, stctl: 0, cpa: 0x7c000110, dstat: 0x0c, cstat: 0, count: 0x1234 });
    expect([...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')).toBe('908040c0' + '7c000110' + '0c001234');
    const s = SCSW.decode(bytes);
    expect([s.key, s.F, s.fctl, s.actl, s.stctl, s.cpa, s.dstat, s.count]).toEqual([9, 1, 0b100, 0b0000110, 0, 0x7c000110, 0x0c, 0x1234]);
    // Status pending, primary and secondary, alert: stctl bits 27-31 = 10111.
    SCSW.encodeInto(bytes, 0, { actl: 0, stctl: 0b10111 });
    expect([...bytes.subarray(0, 4)].map((b) => b.toString(16).padStart(2, '0')).join('')).toBe('90804017');
  });
});
