/**
 * 64-bit exactness at the edge of the fast paths (LANGUAGE.md "Expressions": arithmetic is
 * 64-bit; a value that does not fit its field is an error, never a silent truncation). The
 * assembler computes in doubles while every value is an integer within ±(2^53 - 1) and in
 * bigints otherwise; these values sit on both sides of that line, and the expected bytes are
 * computed here with bigints.
 */
import { describe, expect, test } from 'vitest';
import { asm, codes, hexOf } from '../../helpers/asm';

const TWO53_PLUS_1 = '0020000000000001'; // 2^53 + 1: the first integer a double cannot hold

const dc = (operand: string) => {
  const r = asm([`X        DC    ${operand}`]);
  return { hex: r.image.chunks[0] ? hexOf(r, 'X') : '', codes: codes(r) };
};

describe('address and integer constants beyond 2^53 are exact', () => {
  test("AD(X'20000000000001') is 2^53 + 1", () => {
    expect(dc("AD(X'20000000000001')")).toEqual({ hex: TWO53_PLUS_1, codes: [] });
  });

  test('a sum that crosses 2^53 is exact', () => {
    expect(dc("AD(X'1FFFFFFFFFFFFF'+2)")).toEqual({ hex: TWO53_PLUS_1, codes: [] });
  });

  test('a product that crosses 2^53 is exact', () => {
    expect((3n * 0xaaaaaaaaaaaabn).toString(16)).toBe('20000000000001');
    expect(dc("AD(3*X'AAAAAAAAAAAAB')")).toEqual({ hex: TWO53_PLUS_1, codes: [] });
  });

  test("FD'9007199254740993' (2^53 + 1) is exact", () => {
    expect(dc("FD'9007199254740993'")).toEqual({ hex: TWO53_PLUS_1, codes: [] });
  });

  test('a quotient of a 63-bit value is exact', () => {
    const q = 0x7fffffffffffffffn / 3n;
    expect(dc("AD(X'7FFFFFFFFFFFFFFF'/3)").hex).toBe(q.toString(16).toUpperCase().padStart(16, '0'));
  });

  test('the largest 64-bit sum still overflows (CCW009)', () => {
    expect(dc("AD(X'7FFFFFFFFFFFFFFF'+1)").codes).toEqual(['CCW009']);
  });
});

describe('small values keep their meaning', () => {
  test('division truncates toward zero: A(-7/2) is -3', () => {
    expect(dc('A(-7/2)').hex).toBe('FFFFFFFD');
  });

  test("negative numbers are two's complement: F'-1', H'-32768', AD(-2)", () => {
    expect(dc("F'-1'").hex).toBe('FFFFFFFF');
    expect(dc("H'-32768'").hex).toBe('8000');
    expect(dc('AD(-2)').hex).toBe('FFFFFFFFFFFFFFFE');
  });

  test("H'32768' does not fit a signed halfword (CCW007)", () => {
    expect(dc("H'32768'").codes).toEqual(['CCW007']);
  });

  test('a duplicated address constant with * is evaluated at each copy', () => {
    const r = asm(['         ORG   X\'2000\'', "X        DC    2A(*)"]);
    expect(hexOf(r, 'X')).toBe('0000200000002004');
  });
});

describe('CCW operands', () => {
  test('a term beyond 2^53 inside a CCW field is exact (0 times it is 0)', () => {
    const r = asm(["X        CCW1  X'1F'+0*X'7FFFFFFFFFFFFFFF',0,0,1"]);
    expect(codes(r)).toEqual([]);
    expect(hexOf(r, 'X')).toBe('1F00000100000000');
  });

  test('a CCW with a missing operand, an empty operand or a parenthesised list is still reported', () => {
    expect(codes(asm(['         CCW1  1,2,3']))).toEqual(['CCW012']);
    expect(codes(asm(['         CCW1  1,,3,4']))).toEqual(['CCW012']);
    expect(codes(asm(['         CCW1  (1,2),3,4,5']))).toContain('CCW006');
  });
});
