/**
 * The 8-byte ESA/390 PSW (ESA/390 PoO "Program-Status Word", figure "PSW Format in ESA/390";
 * "Exceptions Associated with the PSW", early exception recognition). Expected values are
 * written from the PoO's bit layout: bit 0 of the PSW is the leftmost bit of byte 0.
 */
import { describe, expect, test } from 'vitest';
import { PSW, pswFormatErrors } from '../../../src/arch';
import { fromHex } from '../../helpers/hex';

describe('ESA/390 PSW layout', () => {
  test('X\'070E2000 80001000\': R=0, T=1, IO=1, EX=1, key 0, bit 12, M, W, AS 0, CC 2, 31-bit, address X\'1000\'', () => {
    expect(PSW.decode(fromHex('070E200080001000'))).toMatchObject({
      bit0: 0, R: 0, bits2to4: 0, T: 1, IO: 1, EX: 1, key: 0, ESA: 1, M: 1, W: 1, P: 0, as: 0, cc: 2, programMask: 0, bits24to31: 0, A: 1, ia: 0x1000,
    });
  });

  test('key in bits 8-11, problem state bit 15, program mask bits 20-23', () => {
    expect(PSW.decode(fromHex('00D9070000000000'))).toMatchObject({ key: 0xd, ESA: 1, P: 1, programMask: 7 });
  });
});

describe('PSW format errors (early exception recognition)', () => {
  test('a valid disabled-wait PSW (ipl-from-dasd.ccw part 2) has none', () => {
    expect(pswFormatErrors(fromHex('000A000080002000'))).toEqual([]);
  });

  test('dasdinit\'s IPL1 PSW X\'00060000 0000000F\' has bit 12 zero (an S/370 BC-mode PSW): invalid in ESA/390', () => {
    const errors = pswFormatErrors(fromHex('000600000000000F'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^bit 12 is zero/);
  });

  test('ones in unassigned bits 0, 2-4 and 24-31 are each an error', () => {
    expect(pswFormatErrors(fromHex('8008000000000000'))).toEqual(['bit 0 is one (unassigned)']);
    expect(pswFormatErrors(fromHex('2008000000000000'))).toEqual(['bits 2-4 are not zero (unassigned)']);
    expect(pswFormatErrors(fromHex('0008000100000000'))).toEqual(['bits 24-31 are not zero (unassigned)']);
  });

  test('24-bit mode with bits 33-39 not zero is an error; 31-bit mode with the same address is not', () => {
    expect(pswFormatErrors(fromHex('0008000001000000'))).toHaveLength(1);
    expect(pswFormatErrors(fromHex('0008000000FFFFFF'))).toEqual([]);
    expect(pswFormatErrors(fromHex('0008000081000000'))).toEqual([]);
  });
});
