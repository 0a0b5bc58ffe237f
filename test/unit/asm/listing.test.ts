/**
 * The listing (HLASM columns LOC, OBJECT CODE, ADDR1, ADDR2, STMT, SOURCE; cross reference;
 * diagnostics at the end) and the detail editors use (statement columns, symbol references).
 * Object code expectations from the PoO format-1 CCW layout (command, flags, count, address)
 * and HLASM's DC rules; HLASM shows a DS's location but no object code, an EQU's value in ADDR2.
 */
import { describe, expect, test } from 'vitest';
import { assemble, formatListing } from '../../../src/asm';

const SRC = [
  '* a comment line is listed too',
  "O        ORB   CPA=C,FMT=1",
  "C        CCW1  X'06',BUF,SLI,80",
  "BUF      DS    CL80",
  "N        EQU   L'BUF+1",
  "         DC    A(BUF),X'0102030405060708090A'",
  '         WAIT  ,100',
].join('\n');

describe('detail for editors', () => {
  const r = assemble(SRC, { file: 'l.ccw', detail: true });

  test('without detail: no detail (the fast path)', () => {
    expect(assemble(SRC, { file: 'l.ccw' }).detail).toBeUndefined();
  });

  test('every line is kept, statements carry the columns of label, operation and operands', () => {
    expect(r.detail?.lines.map((l) => l.line)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const ccw = r.detail?.statements.find((s) => s.op === 'CCW1');
    expect(ccw).toMatchObject({
      index: 2,
      line: 3,
      label: { column: 1, endColumn: 2, text: 'C' },
      operation: { column: 10, endColumn: 14, text: 'CCW1' },
      operands: [
        { column: 16, endColumn: 21, text: "X'06'" },
        { column: 22, endColumn: 25, text: 'BUF' },
        { column: 26, endColumn: 29, text: 'SLI' },
        { column: 30, endColumn: 32, text: '80' },
      ],
      address: 0x1020,
      addr1: 0x1028,
    });
  });

  test('symbol references with their columns; L\'sym is marked; predefined flags are not references', () => {
    expect(r.detail?.references.map((x) => `${x.name}@${x.loc.line}:${x.loc.column}-${x.loc.endColumn}${x.lengthAttribute ? " L'" : ''}`)).toEqual([
      'C@2:20-21',
      'BUF@3:22-25',
      "BUF@5:16-21 L'",
      'BUF@6:18-21',
    ]);
  });
});

describe('formatListing', () => {
  const text = formatListing(assemble(SRC, { file: 'l.ccw', detail: true }));
  const lines = text.split('\n');

  test('HLASM column heading', () => {
    expect(lines).toContain('  LOC    OBJECT CODE        ADDR1    ADDR2    STMT   SOURCE STATEMENT');
  });

  test('a CCW1: LOC, its 8 bytes (06 20 0050 00001028), ADDR1 = data address', () => {
    expect(lines.find((l) => l.includes("CCW1  X'06'"))).toBe("00001020 06200050 00001028  00001028              3  C        CCW1  X'06',BUF,SLI,80");
  });

  test('DS: location, no object code; EQU: value in ADDR2, no location', () => {
    expect(lines.find((l) => l.includes('DS    CL80'))).toMatch(/^00001028 {42}4 {2}BUF/);
    expect(lines.find((l) => l.includes('EQU'))).toMatch(/^ {37}00000051 {5}5 {2}N {8}EQU/);
  });

  test('DC shows its first 8 bytes, as HLASM with PRINT NODATA', () => {
    // A(BUF) aligned to X'1078' = 00001028, then 01..0A; only 8 bytes shown.
    expect(lines.find((l) => l.includes('DC    A(BUF)'))).toMatch(/^00001078 00001028 01020304 /);
  });

  test('cross reference: symbol, length, value, type, defining statement, referencing statements', () => {
    expect(lines).toContain('BUF                                 80  00001028  LABEL     4  3 5 6');
    expect(lines).toContain('C                                    8  00001020  LABEL     3  2');
  });

  test('diagnostics at the end, then the totals', () => {
    const bad = formatListing(assemble('         DC    A(NOPE)', { file: 'b.ccw', detail: true })).split('\n');
    expect(bad.slice(-2)).toEqual(['b.ccw:1:18: error CCW005: NOPE is not defined; define it with a label or EQU, or check the spelling', '1 error, 0 warnings']);
  });
});
