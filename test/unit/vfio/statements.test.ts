/** The assembler's side of `IPL devno,BIOS` and `FAULT CHPID=nn,VARYOFF|VARYON` (LANGUAGE.md-style, README). */
import { describe, expect, test } from 'vitest';
import { asm, codes } from '../../helpers/asm';

const HEAD = ['         DEVICE 0190,3390-3'];

function statements(lines: string[]) {
  const r = asm([...HEAD, ...lines]);
  return { r, s: r.image.statements.map(({ loc: _loc, ...rest }) => rest) };
}

describe('IPL route and logical vary', () => {
  test('IPL devno is the architected IPL (no route); IPL devno,BIOS the BIOS route', () => {
    const { r, s } = statements(['         IPL   0190', '         IPL   0190,bios']);
    expect(r.diagnostics).toEqual([]);
    expect(s).toEqual([
      { op: 'IPL', devno: 0x190 },
      { op: 'IPL', devno: 0x190, route: 'bios' },
    ]);
  });

  test('an unknown IPL route is an error naming BIOS', () => {
    const { r } = statements(['         IPL   0190,ZIPL']);
    expect(codes(r).length).toBeGreaterThan(0);
    expect(r.diagnostics.map((d) => d.message).join(' ')).toContain('BIOS');
  });

  test('FAULT CHPID=40,VARYOFF / VARYON are logical; OFFLINE / ONLINE stay physical', () => {
    const { r, s } = statements(['         FAULT CHPID=40,VARYOFF', '         FAULT CHPID=40,VARYON', '         FAULT CHPID=40,OFFLINE']);
    expect(r.diagnostics).toEqual([]);
    expect(s.map((x) => ('fault' in x ? x.fault : null))).toEqual([
      { kind: 'CHPID', chpid: 0x40, online: false, logical: true },
      { kind: 'CHPID', chpid: 0x40, online: true, logical: true },
      { kind: 'CHPID', chpid: 0x40, online: false },
    ]);
  });

  test('VARYOFF needs a channel path, not a device', () => {
    const { r } = statements(['         FAULT 0190,VARYOFF']);
    expect(codes(r).length).toBeGreaterThan(0);
  });
});
