/**
 * The read commands (reference eckd-dasd.md 4.2, 6.2; expected bytes from the Hercules 3.13
 * oracle cases x_read_kd_ckd, x_read_track, x_read_ipl, x_sector, x_mt_eoc unless a test says
 * otherwise).
 */
import { describe, expect, test } from 'vitest';
import { CC, CE_DE, CE_DE_UC, SLI, ccw, dasd, de, lr, runCcws, seek, sense, senseAt, toHex } from './harness';

const KEY1 = 'D2C5E8F1';
const R1_DATA = 'D9C5C3D6D9C440D6D5C5' + '00'.repeat(90);

describe('Read Key and Data, Read Count Key and Data, Read Home Address, Read Multiple CKD', () => {
  test('Read KD after a seek reads R1 (key + data); Read CKD then reads R2, and wraps to R1 (oracle x_read_kd_ckd)', () => {
    const { device } = dasd();
    const p = runCcws(device, [seek(0, 1), ccw(0x0e, CC, 104), ccw(0x1e, CC, 48), ccw(0x1e, 0, 112)]);
    expect(p.ccws.map((c) => c.status)).toEqual([CE_DE, CE_DE, CE_DE, CE_DE]);
    expect(toHex(p.ccws[1]?.stored ?? new Uint8Array())).toBe(KEY1 + R1_DATA);
    expect(toHex(p.ccws[2]?.stored ?? new Uint8Array())).toBe('0000000102000028' + '5A'.repeat(40));
    expect(toHex(p.last.stored)).toBe('0000000101040064' + KEY1 + R1_DATA);
  });

  test('Read Home Address gives flag and CCHH; the read chained to it operates on R0; the multitrack form first steps to the next track', () => {
    // Right after Read Home Address the next count area under the head is R0's: Read Count,
    // Read CKD and Read Data chained to it operate on R0 (the real-device special case of
    // reference 4.2). Hercules 3.13 skips R0 there (oracle y_read_after_ha, x_read_kd_ckd);
    // COMPAT=HERCULES does the same.
    const { device } = dasd();
    const p = runCcws(device, [seek(0, 1), ccw(0x1a, CC, 5), ccw(0x12, 0, 8)]);
    expect(p.ccws.map((c) => toHex(c.stored))).toEqual(['', '0000000001', '0000000100000008']);
    const mt = runCcws(device, [seek(0, 1), ccw(0x9a, CC, 5), ccw(0x12, 0, 8)]);
    expect(mt.ccws.map((c) => toHex(c.stored))).toEqual(['', '0000000002', '0000000200000008']);
    const ckd = runCcws(device, [seek(0, 1), ccw(0x1a, CC, 5), ccw(0x1e, 0, 16)]);
    expect(toHex(ckd.last.stored)).toBe('0000000100000008' + '00'.repeat(8));
    // Only directly after Read Home Address: a Read Count after that Read Count is R1.
    const next = runCcws(device, [seek(0, 1), ccw(0x1a, CC, 5), ccw(0x12, CC, 8), ccw(0x12, 0, 8)]);
    expect(toHex(next.last.stored)).toBe('0000000101040064');
    const herc = runCcws(dasd({ hercules: true }).device, [seek(0, 1), ccw(0x1a, CC, 5), ccw(0x12, 0, 8)]);
    expect(toHex(herc.last.stored)).toBe('0000000101040064');
  });

  test('Read Multiple CKD reads every record after R0 to the end of the track, no end marker (160 bytes, residual 240)', () => {
    const { device } = dasd();
    const p = runCcws(device, [seek(0, 1), ccw(0x5e, SLI, 400)]);
    expect(p.last).toMatchObject({ status: CE_DE, residual: 240 });
    expect(toHex(p.last.stored)).toBe('0000000101040064' + KEY1 + R1_DATA + '0000000102000028' + '5A'.repeat(40));
  });

  test('Read Key and Data of a record with data length 0 is end of file: unit exception (reference 6.1)', () => {
    const { device } = dasd();
    const p = runCcws(device, [de('00C00000 00000000 00000000 0000000E'), lr('06000001 00000003 00000003 02000000'), ccw(0x0e, 0, 8)]);
    expect(p.last.status).toBe(CE_DE | 0x01);
  });
});

describe('Read Track (reference 6.2)', () => {
  const program = [de('00C00000 00000000 00000000 0000000E'), lr('0C000002 00000001 00000001 00000000'), ccw(0xde, CC | SLI, 300), ccw(0xde, SLI, 300)];

  test('the first Read Track reads the located track after the count of R0; the next reads track 0/2 from R0; no end-of-track marker', () => {
    const { device } = dasd();
    const p = runCcws(device, program);
    expect(p.ccws.map((c) => c.status)).toEqual([CE_DE, CE_DE, CE_DE, CE_DE]);
    expect(p.ccws[2]?.residual).toBe(300 - 160);
    expect(toHex(p.ccws[2]?.stored ?? new Uint8Array())).toBe('0000000101040064' + KEY1 + R1_DATA + '0000000102000028' + '5A'.repeat(40));
    expect(toHex(p.last.stored)).toBe('0000000200000008' + '00'.repeat(8) + '0000000201000020' + '21'.repeat(32) + '0000000202000020' + '22'.repeat(32));
  });

  test('COMPAT=HERCULES appends the 8-byte X\'FF\' end marker of Hercules\' image as Hercules 3.13 does (oracle x_read_track: residuals 132 and 196)', () => {
    const { device } = dasd({ hercules: true });
    const p = runCcws(device, program);
    expect(p.ccws.slice(2).map((c) => c.residual)).toEqual([0x84, 0xc4]);
    expect(toHex(p.last.stored).slice(-16)).toBe('FF'.repeat(8));
  });

  test('Read Track outside a Read Tracks domain is an invalid command sequence (format 0 message 2, oracle x_read_track)', () => {
    const { device } = dasd();
    const outside = runCcws(device, [seek(0, 1), ccw(0xde, SLI, 300)]);
    expect(outside.last).toMatchObject({ status: CE_DE_UC, residual: 300 });
    expect(sense(device)).toBe(senseAt(0x80, 0, 0x02, 0, 1));
    const readDomain = runCcws(device, [de('00C00000 00000000 00000000 0000000E'), lr('06000001 00000001 00000001 01000000'), ccw(0xde, SLI, 300)]);
    expect(readDomain.last.status).toBe(CE_DE_UC);
    expect(sense(device)).toBe(senseAt(0x80, 0, 0x02, 0, 1));
  });

  test('a Read Track that would leave the extent is File Protected', () => {
    const { device } = dasd();
    const p = runCcws(device, [de('00C00000 00000001 00000001 00000001'), lr('4C000002 00000001 00000001 00000000'), ccw(0xde, CC | SLI, 300), ccw(0xde, SLI, 300)]);
    expect(p.last.status).toBe(CE_DE_UC);
    expect(sense(device)).toBe(senseAt(0, 0x04, 0, 0, 1));
  });
});

describe('Read IPL and the sector commands', () => {
  test('Read IPL reads R1 of cylinder 0 head 0 and positions for the next read (R2) (reference 6.3; oracle x_read_ipl)', () => {
    const { device } = dasd();
    const p = runCcws(device, [ccw(0x02, CC, 24), ccw(0x06, 0, 144)]);
    expect(p.ccws.map((c) => c.status)).toEqual([CE_DE, CE_DE]);
    expect(toHex(p.ccws[0]?.stored ?? new Uint8Array())).toBe('000600000000000F03000000000000010000000000000000');
    expect(toHex(p.last.stored)).toBe('00'.repeat(144));
  });

  test('Read IPL after Define Extent is an invalid command sequence (oracle x_read_ipl)', () => {
    const { device } = dasd();
    const p = runCcws(device, [de('00C00000 00000000 00000000 0000000E'), ccw(0x02, 0, 24)]);
    expect(p.last).toMatchObject({ status: CE_DE_UC, residual: 24 });
    expect(sense(device)).toBe(senseAt(0x80, 0, 0x02, 0, 0));
  });

  test('Set Sector takes its byte; Read Sector returns 0 and needs no positioning (oracle x_sector)', () => {
    const { device } = dasd();
    const p = runCcws(device, [seek(0, 0), ccw(0x23, CC, 1, '00'), ccw(0x22, 0, 1)]);
    expect(p.ccws.map((c) => [c.status, c.residual])).toEqual([[CE_DE, 0], [CE_DE, 0], [CE_DE, 0]]);
    expect(toHex(p.last.stored)).toBe('00');
    expect(runCcws(device, [ccw(0x22, 0, 1)]).last.status).toBe(CE_DE);
  });

  test('Set Sector without a seek before it is an invalid command sequence (reference 4.5)', () => {
    const { device } = dasd();
    expect(runCcws(device, [ccw(0x23, 0, 1, '00')]).last.status).toBe(CE_DE_UC);
    expect(sense(device)).toBe(senseAt(0x80, 0, 0x02, 0, 0));
  });
});

describe('multitrack reads outside a domain (reference 4.4)', () => {
  test('a multitrack read at the last head of a cylinder is End of Cylinder (oracle x_mt_eoc)', () => {
    const { device } = dasd();
    const p = runCcws(device, [seek(0, 14), ccw(0x86, CC, 16), ccw(0x86, 0, 16)]);
    expect(toHex(p.ccws[1]?.stored ?? new Uint8Array())).toBe('E1'.repeat(16));
    expect(p.last).toMatchObject({ status: CE_DE_UC, residual: 16 });
    expect(sense(device)).toBe(senseAt(0, 0x20, 0, 0, 14));
  });

  test('with the file mask inhibiting seeks and multitrack operations, a multitrack step is File Protected', () => {
    const { device } = dasd();
    const p = runCcws(device, [ccw(0x1f, CC, 1, '18'), ccw(0x02, CC, 24), ccw(0x86, CC, 144), ccw(0x86, CC, 80), ccw(0x86, 0, 8)]);
    expect(p.ccws[1]?.status).toBe(CE_DE_UC); // Read IPL may not follow Set File Mask
    const q = runCcws(device, [de('18C00000 00000000 00000000 0009000E'), lr('00000000 0000000E 0000000E 01000000'), ccw(0x86, CC, 16), ccw(0x86, 0, 16)]);
    expect(q.ccws.map((c) => c.status)).toEqual([CE_DE, CE_DE, CE_DE, CE_DE_UC]);
    expect(sense(device)).toBe(senseAt(0, 0x04, 0, 0, 14));
  });
});
