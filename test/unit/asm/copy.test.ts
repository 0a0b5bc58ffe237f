/** COPY: built-in copybooks and files (LANGUAGE.md; command codes from eckd-dasd.md 3.1, 7.1-7.4). */
import { describe, expect, test } from 'vitest';
import { builtinCopybook } from '../../../src/asm';
import { asm, codes, symbol, where } from '../../helpers/asm';

describe('COPY ECKD', () => {
  const r = asm(['         COPY  ECKD']);
  const v = (n: string) => symbol(r, n).value;

  test('defines every command code LANGUAGE.md lists, with its value', () => {
    const expected: Record<string, number> = {
      TIC: 0x08, NOP: 0x03, SENSE: 0x04, SENSEID: 0xe4, RDC: 0x64, RCD: 0xfa, DEFEXT: 0x63, LOCREC: 0x47,
      LOCRECX: 0x4b, PREFIX: 0xe7, RDDATA: 0x06, RDKD: 0x0e, RDCNT: 0x12, RDCKD: 0x1e, RDMCKD: 0x5e,
      RDTRK: 0xde, RDHA: 0x1a, RDR0: 0x16, RDIPL: 0x02, WRDATA: 0x05, WRKD: 0x0d, WRCKD: 0x1d, WRUPD: 0x85,
      WRUPKD: 0x8d, WRCKDNT: 0x9d, WRR0: 0x15, WRHA: 0x19, ERASE: 0x11, SRCHIDEQ: 0x31, SRCHIDHI: 0x51,
      SRCHIDEH: 0x71, SRCHKEQ: 0x29, SRCHKHI: 0x49, SRCHKEH: 0x69, SRCHHA: 0x39, SEEK: 0x07, SEEKCYL: 0x0b,
      SEEKHD: 0x1b, RECAL: 0x13, SETFM: 0x1f, SETSECT: 0x23, RDSECT: 0x22, SPACECNT: 0x0f, RESERVE: 0xb4,
      RELEASE: 0x94, SNSPGID: 0x34, SETPGID: 0xaf,
    };
    expect(r.diagnostics).toEqual([]);
    for (const [name, value] of Object.entries(expected)) expect({ name, value: v(name) }).toEqual({ name, value });
  });

  test('multitrack variants add X\'80\' and an M suffix (RDDATAM X\'86\'; eckd-dasd.md 3.1 MT column)', () => {
    expect(v('RDDATAM')).toBe(0x86);
    expect(v('RDKDM')).toBe(0x8e);
    expect(v('RDCNTM')).toBe(0x92);
    expect(v('SRCHIDEQM')).toBe(0xb1);
    expect(v('SRCHKEHM')).toBe(0xe9);
  });

  test('Define Extent / Locate Record parameter EQUs (eckd-dasd.md 3.2, 3.3): Linux read mask X\'40\', attributes X\'C0\' | cache<<2', () => {
    expect(v('FMWRINH')).toBe(0x40);
    expect(v('FMWRALL') + v('FMAUDSF')).toBe(0xc2); // Linux's mask for Write R0 / HA
    expect(v('GAECKD') + v('GACBYP')).toBe(0xc4);
    expect(v('LRORCNT') + v('LROPRDD')).toBe(0x06);
    expect(v('LRORHA') + v('LROPFMTW')).toBe(0x43);
    expect(v('LRORIDX') + v('LROPRD')).toBe(0xd6);
    expect(v('LRAUXTLF')).toBe(0x80);
  });

  test('copybook symbols point at the COPY statement', () => {
    expect(r.image.symbols.find((s) => s.name === 'TIC')?.loc).toMatchObject({ file: 't.ccw', line: 1, column: 16 });
  });

  test('a user symbol that clashes with the copybook is CCW004 at the COPY', () => {
    const c = asm(['TIC      EQU   8', '         COPY  ECKD']);
    expect(c.diagnostics.map(where)).toEqual(['CCW004@2:16-20']);
  });

  test('COPY ECKD twice warns CCW043; ECKD and UNITREC together share NOP SENSE SENSEID silently', () => {
    expect(codes(asm(['         COPY  ECKD', '         COPY  eckd']))).toEqual(['CCW043']);
    expect(asm(['         COPY  ECKD', '         COPY  UNITREC']).diagnostics).toEqual([]);
  });
});

describe('COPY UNITREC', () => {
  test('reader, printer and console commands (eckd-dasd.md 7.1, 7.2, 7.4)', () => {
    const r = asm(['         COPY  UNITREC']);
    const v = (n: string) => symbol(r, n).value;
    expect([v('RDCARD'), v('FEED'), v('PUNCH')]).toEqual([0x02, 0x23, 0x01]);
    expect([v('PRTNSP'), v('PRTSP1'), v('PRTSP2'), v('PRTSP3')]).toEqual([0x01, 0x09, 0x11, 0x19]);
    expect([v('PRTSK1'), v('PRTSK12'), v('SKIP1'), v('SKIP12')]).toEqual([0x89, 0xe1, 0x8b, 0xe3]);
    expect([v('SPACE1'), v('SPACE2'), v('SPACE3')]).toEqual([0x0b, 0x13, 0x1b]);
    expect([v('WRCON'), v('WRCONCR'), v('RDCON'), v('ALARM')]).toEqual([0x01, 0x09, 0x0a, 0x0b]);
  });

  test('the copybooks are plain .ccw EQU lines', () => {
    expect(builtinCopybook('ECKD')?.some((l) => /^RDDATAM +EQU +X'86'/.test(l))).toBe(true);
  });
});

describe('COPY file', () => {
  test('copies a file relative to the including file; its diagnostics carry its name', () => {
    const files = { 'lib/defs.ccw': "BUF      DS    CL4\n         COPY  more\n", 'lib/more.ccw': "         DC    X'0G'\n" };
    const r = asm(['         COPY  lib/defs.ccw', "         DC    A(BUF)"], files);
    expect(symbol(r, 'BUF').value).toBe(0x1000);
    expect(r.diagnostics.map((d) => [d.file, d.line, d.code])).toEqual([['lib/more.ccw', 1, 'CCW017']]);
  });

  test("a quoted path works too: COPY 'sub dir/x.ccw'", () => {
    const r = asm(["         COPY  'sub dir/x.ccw'"], { 'sub dir/x.ccw': 'X EQU 1' });
    expect(r.diagnostics).toEqual([]);
  });

  test('a file that includes itself through another is CCW033, with the chain', () => {
    const files = { 'a.ccw': '         COPY  b.ccw', 'b.ccw': '         COPY  a.ccw' };
    const r = asm(['         COPY  a.ccw'], files);
    expect(r.diagnostics.map((d) => [d.file, d.line, d.code])).toEqual([['b.ccw', 1, 'CCW033']]);
    expect(r.diagnostics[0]?.message).toContain('a.ccw → b.ccw → a.ccw');
  });

  test('a missing file is CCW032; without readFile only built-ins work', () => {
    expect(asm(['         COPY  nothere']).diagnostics.map(where)).toEqual(['CCW032@1:16-23']);
  });
});
