/**
 * The word-level CCW/IDAW readers and writers that vfio-ccw's translation and the channel's IDA
 * path use per CCW and per block must agree with the field tables (the one definition), and
 * both with the byte layouts of Linux's asm/cio.h struct ccw0/ccw1 and asm/idals.h.
 */
import { describe, expect, test } from 'vitest';
import { CCW0, CCW1, IDAW1, IDAW2, readCcw0, readCcw1, idawView, readIdaw1, readIdaw1At, readIdaw2, readIdaw2At, readIdaw2HighAt, readIdaw2LowAt, writeCcw1, writeIdaw2 } from '../../../src/arch';

/** A small deterministic generator (xorshift32), so failures reproduce. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
}

describe('fast codec', () => {
  test('struct ccw1 layout: cmd, flags, count (BE), cda (BE)', () => {
    const bytes = new Uint8Array(8);
    writeCcw1(bytes, 0, { cmd: 0xde, flags: 0x60, count: 0xc070, cda: 0x0080_0000 });
    expect([...bytes]).toEqual([0xde, 0x60, 0xc0, 0x70, 0x00, 0x80, 0x00, 0x00]);
    expect(readCcw1(bytes, 0)).toEqual({ cmd: 0xde, flags: 0x60, count: 0xc070, cda: 0x0080_0000 });
  });

  test('struct ccw0 layout: cmd, 24-bit cda, flags at byte 4, count at bytes 6-7', () => {
    const bytes = Uint8Array.of(0x02, 0x12, 0x34, 0x56, 0x60, 0xff, 0x00, 0x18);
    expect(readCcw0(bytes, 0)).toEqual({ cmd: 0x02, flags: 0x60, count: 0x18, cda: 0x123456 });
  });

  test('format-2 IDAW above 4 GiB (a pinned host frame) is 8 bytes big-endian', () => {
    const bytes = new Uint8Array(8);
    writeIdaw2(bytes, 0, 0x2_0000_1800);
    expect([...bytes]).toEqual([0, 0, 0, 2, 0, 0, 0x18, 0]);
    expect(readIdaw2(bytes, 0)).toBe(0x2_0000_1800);
    expect(readIdaw2At(idawView(bytes), 0)).toBe(0x2_0000_1800);
  });

  test('IDAWs read through a view of a subarray: offsets are the subarray\'s, and the view follows the bytes', () => {
    const storage = new Uint8Array(32);
    storage.set([0, 0, 0, 2, 0, 0, 0x18, 0, 0x7f, 0xff, 0xf8, 0x00], 16);
    const list = storage.subarray(8);
    expect(readIdaw2At(idawView(list), 8)).toBe(0x2_0000_1800);
    expect(readIdaw1At(idawView(list), 16)).toBe(0x7fff_f800);
    const other = Uint8Array.of(0x00, 0x01, 0x02, 0x03);
    expect(readIdaw1At(idawView(other), 0)).toBe(0x0001_0203);
    expect(readIdaw2At(idawView(list), 8)).toBe(0x2_0000_1800);
  });

  test('10,000 random CCWs and IDAWs: the fast functions and the field tables agree both ways', () => {
    const next = rng(0x5eed);
    for (let i = 0; i < 10_000; i++) {
      const ccw = { cmd: next() & 0xff, flags: next() & 0xff, count: next() & 0xffff, cda: next() };
      const slow = CCW1.encode(ccw);
      const fast = new Uint8Array(16);
      writeCcw1(fast, 8, ccw);
      expect(fast.subarray(8)).toEqual(slow);
      expect(readCcw1(fast, 8)).toEqual(CCW1.decode(slow));

      const raw0 = Uint8Array.from({ length: 8 }, () => next() & 0xff);
      const c0 = CCW0.decode(raw0);
      expect(readCcw0(raw0, 0)).toEqual({ cmd: c0.cmd, flags: c0.flags, count: c0.count, cda: c0.cda });

      // Addresses up to 2^53 (IDAW2 holds 64 bits; every address here stays below 2^53).
      const address = (next() & 0x1f_ffff) * 0x1_0000_0000 + next();
      const idaw2 = new Uint8Array(8);
      writeIdaw2(idaw2, 0, address);
      expect(idaw2).toEqual(IDAW2.encode({ address }));
      expect(readIdaw2(idaw2, 0)).toBe(IDAW2.get(idaw2, 0, 'address'));
      expect(readIdaw2At(idawView(idaw2), 0)).toBe(IDAW2.get(idaw2, 0, 'address'));
      expect(readIdaw2LowAt(idawView(idaw2), 0)).toBe(IDAW2.get(idaw2, 0, 'address') % 0x1_0000_0000);
      expect(readIdaw2HighAt(idawView(idaw2), 0)).toBe(Math.floor(IDAW2.get(idaw2, 0, 'address') / 0x1_0000_0000));

      const idaw1 = IDAW1.encode({ address: next() });
      expect(readIdaw1(idaw1, 0)).toBe(IDAW1.get(idaw1, 0, 'address'));
      expect(readIdaw1At(idawView(idaw1), 0)).toBe(IDAW1.get(idaw1, 0, 'address'));
    }
  });
});
