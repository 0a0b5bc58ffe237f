/**
 * The example program at the end of LANGUAGE.md, and examples/read-vol1.ccw, assembled byte
 * for byte. Expected CCW bytes follow the format-1 layout of reference/vfio-ccw-css.md 1.1
 * (cmd, flags, count, address) and the oracle trace `63400010 0000xxxx`; ORB fields follow
 * the layout of reference/vfio-ccw-css.md 1.3.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { assemble } from '../../../src/asm';
import { asm, chunk, hexOf, symbol } from '../../helpers/asm';
import { toHex } from '../../helpers/hex';
import { LANGUAGE_EXAMPLE } from '../../helpers/languageExample';

describe('LANGUAGE.md example: read VOL1 of a 3390-3', () => {
  const r = asm(LANGUAGE_EXAMPLE);

  test('assembles without diagnostics', () => {
    expect(r.diagnostics).toEqual([]);
  });

  test('layout: ORB at the default origin X\'1000\', CCWs doubleword aligned after its 32 bytes', () => {
    expect(symbol(r, 'READ')).toEqual({ value: 0x1000, length: 32 });
    expect(symbol(r, 'CHAIN')).toEqual({ value: 0x1020, length: 8 });
    expect(symbol(r, 'DEXTPARM').value).toBe(0x1038);
    expect(symbol(r, 'LOCPARM').value).toBe(0x1048);
    expect(symbol(r, 'LABEL')).toEqual({ value: 0x1058, length: 80 });
  });

  test('format-1 CCW bytes: cmd, flags, count, 31-bit address (vfio-ccw-css.md 1.1; oracle 63400010 0000xxxx)', () => {
    const ccws = r.image.chunks.filter((c) => c.kind === 'ccw1').map((c) => toHex(c.bytes));
    expect(ccws).toEqual(['6340001000001038', '4740001000001048', '0620005000001058']);
  });

  test('ORB word 1: key bits 0-3 = 0, F (bit 8) = 1, LPM bits 16-23 = X\'FF\' by default; word 2 = CPA (vfio-ccw-css.md 1.3)', () => {
    const orb = chunk(r, 'READ').bytes;
    expect(orb.length).toBe(32);
    expect(toHex(orb.subarray(0, 4))).toBe('00000000'); // intparm
    expect(orb[4]! >> 4).toBe(0); // key
    expect(orb[5]! & 0x80).toBe(0x80); // F, word 1 bit 8
    expect(orb[5]! & 0x7f).toBe(0); // P I A U B H T off
    expect(orb[6]).toBe(0xff); // LPM
    expect(orb[7]).toBe(0); // L D reserved X
    expect(toHex(orb.subarray(8, 12))).toBe('00001020'); // CPA = CHAIN
    expect(toHex(orb.subarray(12))).toBe('00'.repeat(20));
  });

  test('Define Extent and Locate Record parameters are 16 bytes each (eckd-dasd.md 3.2, 3.3)', () => {
    expect(hexOf(r, 'DEXTPARM')).toBe('00C00000' + '00000000' + '00000000' + '0000000E');
    expect(hexOf(r, 'LOCPARM')).toBe('06000001' + '00000000' + '0000000003' + '000000');
  });

  test('DS CL80 reserves 80 zero bytes', () => {
    expect(chunk(r, 'LABEL').bytes).toEqual(new Uint8Array(80));
  });

  test('driver statements in source order with the right values', () => {
    const s = r.image.statements;
    expect(s.map((x) => x.op)).toEqual(['SSCH', 'WAIT', 'EXPECT', 'EXPECT', 'END']);
    expect(s[0]).toMatchObject({ op: 'SSCH', devno: 0x190, orb: 0x1000 });
    expect(s[1]).toMatchObject({ op: 'WAIT', devno: 0x190, timeoutUs: null });
    expect(s[2]).toMatchObject({
      op: 'EXPECT',
      checks: [
        { field: 'CC', relation: '=', value: { kind: 'number', value: 0 } },
        { field: 'DSTAT', relation: '=', value: { kind: 'number', value: 0x0c }, text: 'DSTAT=CE+DE' },
        { field: 'SCHSTAT', relation: '=', value: { kind: 'number', value: 0 } },
      ],
    });
    const mem = s[3]?.op === 'EXPECT' ? s[3].checks[0] : undefined;
    expect(mem).toMatchObject({ field: 'MEM', args: [0x1058, 4], relation: '=', text: "MEM(LABEL,4)=C'VOL1'" });
    expect(mem?.value).toEqual({ kind: 'bytes', value: Uint8Array.from([0xe5, 0xd6, 0xd3, 0xf1]) });
  });

  test('devices, path and storage defaults (LANGUAGE.md: SCH from 0000, PATH vfio, STORAGE 16M)', () => {
    expect(r.image.devices).toMatchObject([{ devno: 0x190, type: '3390-3', schno: 0, options: {} }]);
    expect(r.image.path).toBe('vfio');
    expect(r.image.storageSize).toBe(16 * 1024 * 1024);
  });

  test('chunks are sorted by address and carry their statement location', () => {
    const addrs = r.image.chunks.map((c) => c.address);
    expect(addrs).toEqual([...addrs].sort((a, b) => a - b));
    expect(chunk(r, 'CHAIN').loc).toEqual({ file: 't.ccw', line: 5, column: 1, endColumn: 37 });
  });
});

describe('examples/read-vol1.ccw', () => {
  const text = readFileSync(new URL('../../../examples/read-vol1.ccw', import.meta.url), 'utf8');
  const r = assemble(text, { file: 'examples/read-vol1.ccw' });

  test('assembles without diagnostics', () => {
    expect(r.diagnostics).toEqual([]);
  });

  test('same channel program as the LANGUAGE.md example, and INTPARM in ORB word 0', () => {
    expect(r.image.chunks.filter((c) => c.kind === 'ccw1').map((c) => toHex(c.bytes))).toEqual([
      '6340001000001038',
      '4740001000001048',
      '0620005000001058',
    ]);
    expect(toHex(chunk(r, 'READ').bytes.subarray(0, 12))).toBe('00C0FFEE0080FF0000001020');
    expect(r.image.statements.map((s) => s.op)).toEqual(['SSCH', 'WAIT', 'EXPECT', 'EXPECT', 'END']);
  });
});
