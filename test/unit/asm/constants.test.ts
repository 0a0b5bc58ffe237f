/**
 * DC and DS (LANGUAGE.md "Storage statements"; HLASM Language Reference, "DC instruction":
 * implicit lengths, padding, truncation, boundary alignment, length attribute).
 */
import { describe, expect, test } from 'vitest';
import { asm, chunk, codes, hexOf, symbol, where } from '../../helpers/asm';

const dc = (operand: string) => {
  const r = asm([`X        DC    ${operand}`]);
  return { hex: r.image.chunks[0] ? hexOf(r, 'X') : '', d: r.diagnostics.map(where), r };
};

describe('character constants', () => {
  test("C'VOL1' is E5D6D3F1 in code page 037", () => {
    expect(dc("C'VOL1'").hex).toBe('E5D6D3F1');
  });

  test("CL80'HI' pads on the right with EBCDIC blanks X'40'", () => {
    expect(dc("CL80'HI'").hex).toBe('C8C9' + '40'.repeat(78));
  });

  test("CL2'ABC' truncates on the right, as HLASM, with warning CCW019", () => {
    const r = dc("CL2'ABC'");
    expect(r.hex).toBe('C1C2');
    expect(r.r.diagnostics.map((d) => [d.code, d.severity])).toEqual([['CCW019', 'warning']]);
  });

  test("CA'Hi' is ASCII; CAL4 pads with ASCII blanks X'20'", () => {
    expect(dc("CA'Hi'").hex).toBe('4869');
    expect(dc("CAL4'Hi'").hex).toBe('48692020');
  });
});

describe('hexadecimal and binary constants', () => {
  test("XL4'1' pads on the left with zeros: 00000001", () => {
    expect(dc("XL4'1'").hex).toBe('00000001');
  });

  test("X'ABC' has an implicit length of 2 (a leading zero digit): 0ABC", () => {
    expect(dc("X'ABC'").hex).toBe('0ABC');
  });

  test("XL2'123456' truncates on the left, as HLASM, with warning CCW019", () => {
    const r = dc("XL2'123456'");
    expect(r.hex).toBe('3456');
    expect(codes(r.r)).toEqual(['CCW019']);
  });

  test("several values in one operand and several operands: X'01,02',XL3'0E'", () => {
    expect(dc("X'01,02',XL3'0E'").hex).toBe('010200000E');
  });

  test('the example: DC X\'00C00000\',XL12\'0E\' is 16 bytes', () => {
    expect(dc("X'00C00000',XL12'0E'").hex).toBe('00C00000' + '00'.repeat(11) + '0E');
  });

  test("B'1010' is X'0A'; BL2'1' is 0001", () => {
    expect(dc("B'1010'").hex).toBe('0A');
    expect(dc("BL2'1'").hex).toBe('0001');
  });

  test("duplication factor: 3X'00' and 2X'01,02'", () => {
    expect(dc("3X'00'").hex).toBe('000000');
    expect(dc("2X'01,02'").hex).toBe('01020102');
    expect(dc("(1+1)C'A'").hex).toBe('C1C1');
  });
});

describe('fixed-point and address constants', () => {
  test("F'1' is 00000001, F'-1' FFFFFFFF, H'-2' FFFE, FD'1' 0000000000000001", () => {
    expect(dc("F'1'").hex).toBe('00000001');
    expect(dc("F'-1'").hex).toBe('FFFFFFFF');
    expect(dc("H'-2'").hex).toBe('FFFE');
    expect(dc("FD'1'").hex).toBe('0000000000000001');
    expect(dc("F'1,2'").hex).toBe('0000000100000002');
  });

  test("A(X'1234') is 4 bytes, AL1-AL4, Y 2 bytes, AD 8 bytes", () => {
    expect(dc("A(X'1234')").hex).toBe('00001234');
    expect(dc('AL1(255)').hex).toBe('FF');
    expect(dc('AL3(X\'123456\')').hex).toBe('123456');
    expect(dc('Y(X\'1234\')').hex).toBe('1234');
    expect(dc('AD(1)').hex).toBe('0000000000000001');
    expect(dc('A(1,2)').hex).toBe('0000000100000002');
  });

  test('address constants hold addresses of labels (forward references too)', () => {
    const r = asm(['P        DC    A(BUF),AL2(L\'BUF)', 'BUF      DS    CL10']);
    expect(r.diagnostics).toEqual([]);
    expect(hexOf(r, 'P')).toBe('00001006000A');
  });

  test("a value too large for its length is CCW007, never truncated: AL1(256), H'32768'", () => {
    expect(dc('AL1(256)').d).toEqual(['CCW007@1:20-23']);
    expect(dc("H'32768'").d).toEqual(['CCW007@1:18-23']);
    expect(dc("F'4294967295'").d).toHaveLength(1);
  });

  test("F'1.5' is CCW017: only whole numbers", () => {
    expect(dc("F'1.5'").d).toEqual(['CCW017@1:18-21']);
  });
});

describe('alignment and length attribute (HLASM boundary alignment)', () => {
  test('F aligns to a word, H to a halfword, FD/AD to a doubleword; padding is zeros', () => {
    const r = asm(["A        DC    X'01'", "B        DC    F'2'", "C        DC    X'03'", "D        DC    H'4'", "E        DC    X'05'", "G        DC    FD'6'", "H        DC    X'07'", 'I        DC    AD(8)']);
    expect(r.diagnostics).toEqual([]);
    expect([symbol(r, 'B'), symbol(r, 'D'), symbol(r, 'G'), symbol(r, 'I')].map((s) => s.value)).toEqual([0x1004, 0x100a, 0x1010, 0x1020]);
  });

  test('an explicit length turns alignment off: X\'01\',FL4\'2\' has no padding', () => {
    expect(dc("X'01',FL4'2'").hex).toBe('0100000002');
  });

  test('each operand is aligned: X\'01\',F\'2\' pads three zeros inside the statement', () => {
    expect(dc("X'01',F'2'").hex).toBe('0100000000000002');
  });

  test('DS 0D and DS 0F align without reserving; DS 0F has length attribute 4', () => {
    const r = asm(["A        DC    X'01'", 'B        DS    0D', "C        DC    X'02'", 'D        DS    0F', "E        DC    X'03'"]);
    expect(symbol(r, 'B')).toEqual({ value: 0x1008, length: 8 });
    expect(symbol(r, 'C').value).toBe(0x1008);
    expect(symbol(r, 'D')).toEqual({ value: 0x100c, length: 4 });
    expect(r.image.chunks.map((c) => c.label)).toEqual(['A', 'C', 'E']);
  });

  test('DS CL80 reserves 80 zero bytes; DS 3F reserves 12 bytes word aligned', () => {
    const r = asm(["A        DC    X'01'", 'B        DS    3F']);
    expect(chunk(r, 'B')).toMatchObject({ address: 0x1004, bytes: new Uint8Array(12) });
  });

  test("length attribute is the first operand's item length: L'X = 4 for DC X'00C00000',XL12'0E'", () => {
    const r = asm(["X        DC    X'00C00000',XL12'0E'", "Y        DC    3CL5'A'", 'L1       EQU   L\'X', 'L2       EQU   L\'Y']);
    expect(symbol(r, 'L1').value).toBe(4);
    expect(symbol(r, 'L2').value).toBe(5);
  });
});

describe('constant syntax errors', () => {
  test('unknown type is CCW016; floating point is not supported (CCW029)', () => {
    expect(dc("Z'1'").d).toEqual(['CCW016@1:16-17']);
    expect(dc("D'1.0'").d).toEqual(['CCW029@1:17-22']);
  });

  test("X'0G' is CCW017 at the value", () => {
    expect(dc("X'0G'").d).toEqual(['CCW017@1:18-20']);
  });

  test('an explicit length out of range is CCW007 (AL5, CL0)', () => {
    expect(dc('AL5(1)').d).toEqual(['CCW007@1:17-19']);
    expect(dc("CL0'A'").d).toHaveLength(1);
  });
});

describe('DS areas and overlaps', () => {
  test('DS chunks are marked reserved; redefining a DS area with ORG and DS is no overlap', () => {
    const r = asm(['BUF      DS    CL80', '         ORG   BUF', 'F1       DS    CL10', 'F2       DS    CL70']);
    expect(r.diagnostics).toEqual([]);
    expect(r.image.chunks.every((c) => c.reserved === true)).toBe(true);
  });

  test('content over content overlaps (CCW035); at one address a DS area sorts before the content placed over it', () => {
    const r = asm(["A        DC    X'0102'", '         ORG   A', 'B        DS    CL2']);
    expect(r.diagnostics.map((d) => [d.code, d.line])).toEqual([['CCW035', 3]]);
    expect(r.image.chunks.map((c) => c.label)).toEqual(['B', 'A']);
  });
});
