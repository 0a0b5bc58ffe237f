/** Line format and labels (LANGUAGE.md "Lines"; HLASM where it is silent). */
import { describe, expect, test } from 'vitest';
import { asm, codes, hexOf, symbol, where } from '../../helpers/asm';

describe('line format', () => {
  test('* in column 1 and ; outside quotes start comments; blank lines are nothing', () => {
    const r = asm(['* a comment line', '', '.* an HLASM macro comment', "A        DC    C'X;Y' ; the ; inside quotes stays", '; whole-line comment']);
    expect(r.diagnostics).toEqual([]);
    expect(hexOf(r, 'A')).toBe('E75EE8');
  });

  test('remarks follow the blank that ends the operands', () => {
    const r = asm(["A        DC    X'01',X'02'   remarks, with commas, and 'quotes"]);
    expect(r.diagnostics).toEqual([]);
    expect(hexOf(r, 'A')).toBe('0102');
  });

  test('blanks inside quotes are part of the operand (C\'A B\')', () => {
    expect(hexOf(asm(["A DC C'A B'"]), 'A')).toBe('C140C2');
  });

  test("a quote inside a string is written twice (C'IT''S')", () => {
    expect(hexOf(asm(["A DC C'IT''S'"]), 'A')).toBe('C9E37DE2');
  });

  test('operations, labels and keywords are case-insensitive', () => {
    const r = asm(['         device 0190,3390-3,readonly=yes', 'lab      dc    x\'0a\'', '         path  Direct', '         ds    0h', '         dc    al1(LAB-lab)']);
    expect(r.diagnostics).toEqual([]);
    expect(symbol(r, 'LAB').value).toBe(0x1000);
    expect(r.image.path).toBe('direct');
    expect(r.image.devices[0]?.options).toEqual({ READONLY: 'YES' });
  });

  test('tabs separate fields like blanks', () => {
    const r = asm(["A\tDC\tX'01'\tremark"]);
    expect(r.diagnostics).toEqual([]);
    expect(hexOf(r, 'A')).toBe('01');
  });
});

describe('labels', () => {
  test('letters, digits, @ # $ _ up to 63 characters are a valid label', () => {
    const name = 'A'.repeat(62) + '9';
    const r = asm([`@#$_X9   DC X'01'`, `${name} DC X'02'`]);
    expect(r.diagnostics).toEqual([]);
    expect(symbol(r, name).value).toBe(0x1001);
  });

  test('a 64-character label, a leading digit or a bad character is CCW001', () => {
    const r = asm([`${'A'.repeat(64)} DC X'01'`, "9LAB DC X'01'", "LA-B DC X'01'"]);
    expect(r.diagnostics.map(where)).toEqual(['CCW001@1:1-65', 'CCW001@2:1-5', 'CCW001@3:1-5']);
  });

  test('predefined CCW flag names cannot be labels (LANGUAGE.md: "an error that says so")', () => {
    const r = asm(['CC       EQU   1', "sli      DC    X'00'", 'SUSP     EQU   2']);
    expect(r.diagnostics.map(where)).toEqual(['CCW002@1:1-3', 'CCW002@2:1-4', 'CCW002@3:1-5']);
    expect(r.diagnostics[0]?.message).toContain('predefined CCW flag name');
  });

  test('a symbol defined twice is CCW004 at the second definition', () => {
    const r = asm(["A DC X'01'", 'A EQU 5']);
    expect(r.diagnostics.map(where)).toEqual(['CCW004@2:1-2']);
    expect(r.diagnostics[0]?.message).toContain('t.ccw:1');
  });

  test('a label on a statement that defines no symbol is a warning CCW037', () => {
    const r = asm(['X        DEVICE 0190,3390']);
    expect(r.diagnostics.map((d) => [d.code, d.severity])).toEqual([['CCW037', 'warning']]);
    expect(r.image.devices).toHaveLength(1);
  });

  test('statements after END are ignored with one warning CCW038', () => {
    const r = asm(['         END', "A        DC X'01'", "B        DC X'02'"]);
    expect(r.diagnostics.map(where)).toEqual(['CCW038@2:10-12']);
    expect(r.image.chunks).toEqual([]);
  });

  test('TITLE PRINT SPACE EJECT are accepted and ignored', () => {
    const r = asm(["         TITLE 'A TEST, WITH BLANKS'", '         PRINT NOGEN', '         SPACE 2', '         EJECT']);
    expect(codes(r)).toEqual([]);
  });
});
