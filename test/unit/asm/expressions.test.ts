/** Expressions (LANGUAGE.md "Expressions"; HLASM precedence and self-defining terms). */
import { describe, expect, test } from 'vitest';
import { asm, hexOf, symbol, where } from '../../helpers/asm';

const value = (expr: string) => {
  const r = asm([`V        EQU   ${expr}`]);
  return { v: r.image.symbols.find((s) => s.name === 'V')?.value, d: r.diagnostics.map(where) };
};

describe('terms', () => {
  test("self-defining terms: X'1F' = 31, B'1010' = 10, C'A' = X'C1' (EBCDIC), CA'A' = X'41', decimal", () => {
    expect(value("X'1F'").v).toBe(31);
    expect(value("B'1010'").v).toBe(10);
    expect(value("C'A'").v).toBe(0xc1);
    expect(value("C'AB'").v).toBe(0xc1c2);
    expect(value("CA'A'").v).toBe(0x41);
    expect(value('0190').v).toBe(190);
  });

  test('* is the location counter; L\'sym the length attribute', () => {
    const r = asm(['         ORG   X\'2000\'', 'HERE     EQU   *', "BUF      DS    CL80", 'LEN      EQU   L\'BUF', 'END      EQU   *']);
    expect(r.diagnostics).toEqual([]);
    expect(symbol(r, 'HERE').value).toBe(0x2000);
    expect(symbol(r, 'LEN').value).toBe(80);
    expect(symbol(r, 'END').value).toBe(0x2050);
  });

  test('HLASM precedence: * and / before + and -, unary minus, parentheses', () => {
    expect(value('2+3*4').v).toBe(14);
    expect(value('(2+3)*4').v).toBe(20);
    expect(value('20-6/4').v).toBe(19); // integer division truncates
    expect(value('-3*-2').v).toBe(6);
    expect(value('10-2-3').v).toBe(5); // left to right
    expect(value('7/-2').v).toBe(-3);
  });

  test('64-bit arithmetic: X\'7FFFFFFFFFFFFFFF\' is the largest value; beyond it is CCW009', () => {
    expect(value("X'100000000'*2").v).toBe(0x200000000);
    expect(value("X'7FFFFFFFFFFFFFFF'+1").d).toEqual(['CCW009@1:16-37']);
    expect(value("X'FFFFFFFFFFFFFFFF'").v).toBe(-1); // two's complement, as HLASM does in 32 bits
  });

  test('division by zero is an error CCW008 (HLASM gives 0, which hides the mistake)', () => {
    expect(value('5/0').d).toEqual(['CCW008@1:18-19']);
  });

  test('forward references are resolved in the second pass', () => {
    const r = asm(['         CCW1  X\'03\',LATER,0,L\'LATER', 'A        EQU   B+1', 'B        EQU   LATER-X\'1000\'', "LATER    DC    CL5'ABC'"]);
    expect(r.diagnostics).toEqual([]);
    expect(hexOf(r, 'LATER')).toBe('C1C2C34040');
    expect(r.image.chunks[0]?.bytes).toEqual(Uint8Array.from([0x03, 0, 0, 5, 0, 0, 0x10, 0x08]));
    expect(symbol(r, 'A').value).toBe(9);
  });

  test('an undefined symbol is CCW005 at its columns', () => {
    const r = asm(['         CCW1  3,NOWHERE,0,1']);
    expect(r.diagnostics.map(where)).toEqual(['CCW005@1:18-25']);
  });

  test('EQUs that depend on each other in a circle are CCW015', () => {
    const r = asm(['A        EQU   B', 'B        EQU   A']);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['CCW015', 'CCW015']);
  });

  test('ORG needs its symbols defined above (CCW014)', () => {
    const r = asm(['         ORG   LATER', 'LATER    EQU   X\'2000\'']);
    expect(r.diagnostics.map(where)).toEqual(['CCW014@1:16-21']);
  });

  test('the CCW flag names are predefined symbols and combine with +', () => {
    expect(value('CC+SLI').v).toBe(0x60);
    expect(value('CD+CC+SLI+SKIP+PCI+IDA+S+MIDA').v).toBe(0xff);
    expect(value('SUSP').v).toBe(0x02);
  });

  test('malformed terms: CCW010 for bad self-defining terms, CCW006 for syntax', () => {
    expect(value("X'1G'").d).toEqual(['CCW010@1:16-21']);
    expect(value("Z'1'").d).toEqual(['CCW010@1:16-20']);
    expect(value('3+').d).toEqual(['CCW006@1:18-19']);
    expect(value('(1+2').d).toEqual(['CCW006@1:16-20']);
  });

  test('EQU length operand and the default length of the leftmost term (HLASM)', () => {
    const r = asm(["BUF      DS    CL80", 'X        EQU   BUF+4', 'Y        EQU   BUF,12', 'Z        EQU   5']);
    expect(symbol(r, 'X').length).toBe(80);
    expect(symbol(r, 'Y').length).toBe(12);
    expect(symbol(r, 'Z').length).toBe(1);
  });
});
