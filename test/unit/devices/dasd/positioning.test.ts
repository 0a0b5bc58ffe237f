/**
 * Seek, Seek Cylinder, Seek Head, Recalibrate and Set File Mask (reference eckd-dasd.md 3.2,
 * 3.6, 4.6; Hercules 3.13 oracle cases x_seek_cyl_head, x_sfm, x_recal).
 */
import { describe, expect, test } from 'vitest';
import { CC, CE_DE, CE_DE_UC, ccw, dasd, de, runCcws, seek, sense, senseAt, toHex, DE_ALL } from './harness';

describe('seeks', () => {
  test('Seek Cylinder then Seek Head 2 on that cylinder: Read Count reads R1 of 0/2 (oracle x_seek_cyl_head)', () => {
    const { device } = dasd();
    const p = runCcws(device, [ccw(0x0b, CC, 6, '000000000001'), ccw(0x1b, CC, 6, '000000000002'), ccw(0x12, 0, 8)]);
    expect(p.ccws.map((c) => c.status)).toEqual([CE_DE, CE_DE, CE_DE]);
    expect(toHex(p.last.stored)).toBe('0000000201000020');
  });

  test('Seek Head as the first command is an invalid sequence on a 3990 (oracle x_seek_cyl_head)', () => {
    const { device } = dasd();
    expect(runCcws(device, [ccw(0x1b, CC, 6, '000000000002'), ccw(0x12, 0, 8)]).last).toMatchObject({ status: CE_DE_UC, residual: 6 });
    expect(sense(device)).toBe(senseAt(0x80, 0, 0x02, 0, 0));
  });

  test.each([
    ['a cylinder beyond the volume', '0000000A0000', 6, 0x04],
    ['head 15', '00010000000F', 6, 0x04],
    ['a count of 4', '00000000', 4, 0x03],
  ])('Seek to %s is a command reject with the parameters taken (oracle x_seek_cyl_head)', (_what, data, count, message) => {
    const { device } = dasd();
    expect(runCcws(device, [ccw(0x07, 0, count, data)]).last).toMatchObject({ status: CE_DE_UC, residual: 0 });
    expect(sense(device)).toBe(senseAt(0x80, 0, message, 0, 0));
  });

  test('a seek the file mask forbids is File Protected before the address is taken (oracle x_sfm: residual 6)', () => {
    const { device } = dasd();
    const p = runCcws(device, [ccw(0x1f, CC, 1, '18'), seek(0, 0, 0)]);
    expect(p.last).toMatchObject({ status: CE_DE_UC, residual: 6 });
    expect(sense(device)).toBe(senseAt(0, 0x04, 0, 0, 0));
    // Seek control 01 allows Seek Cylinder and Seek Head, not Seek; 10 only Seek Head (reference 3.2).
    expect(runCcws(device, [ccw(0x1f, CC, 1, '08'), ccw(0x0b, CC, 6, '000000000001'), ccw(0x1b, 0, 6, '000000000002')]).last.status).toBe(CE_DE);
    expect(runCcws(device, [ccw(0x1f, CC, 1, '10'), ccw(0x0b, 0, 6, '000000000001')]).last.status).toBe(CE_DE_UC);
  });

  test('a seek outside the Define Extent extent is File Protected', () => {
    const { device } = dasd();
    expect(runCcws(device, [de('00C00000 00000000 00000000 0000000E'), seek(1, 0, 0)]).last.status).toBe(CE_DE_UC);
    expect(sense(device)).toBe(senseAt(0, 0x04, 0, 0, 0));
  });
});

describe('Recalibrate (reference 4.6)', () => {
  test('Recalibrate returns to cylinder 0 head 0, an immediate command; the next read is R1 of 0/0', () => {
    const { device } = dasd();
    const p = runCcws(device, [seek(5, 3), ccw(0x13, CC | 0x20, 0), ccw(0x12, 0, 8)]);
    expect(p.ccws.map((c) => c.status)).toEqual([CE_DE, CE_DE, CE_DE]);
    expect(toHex(p.last.stored)).toBe('0000000001040018');
  });

  test('Recalibrate with seek control other than 00, or 0/0 outside the extent, is File Protected', () => {
    const { device } = dasd();
    expect(runCcws(device, [ccw(0x1f, CC, 1, '08'), ccw(0x13, 0, 0)]).last.status).toBe(CE_DE_UC);
    expect(sense(device)).toBe(senseAt(0, 0x04, 0, 0, 0));
    expect(runCcws(device, [de('00C00000 00000001 00000001 0000000E'), ccw(0x13, 0, 0)]).last.status).toBe(CE_DE_UC);
    expect(sense(device)).toBe(senseAt(0, 0x04, 0, 0, 0));
  });

  test('COMPAT=HERCULES rejects Recalibrate as Hercules 3.13 does for a 3390 (format 0 message 1, oracle x_recal)', () => {
    const { device } = dasd({ hercules: true });
    expect(runCcws(device, [ccw(0x13, 0, 1, '00')]).last.status).toBe(CE_DE_UC);
    expect(sense(device)).toBe(senseAt(0x80, 0, 0x01, 0, 0));
  });

  test('Space Count is rejected as an invalid command: its layout is unverified, Hercules 3.13 rejects it too (oracle x_recal)', () => {
    const { device } = dasd();
    expect(runCcws(device, [ccw(0x0f, 0, 3, '000000')]).last.status).toBe(CE_DE_UC);
    expect(sense(device)).toBe(senseAt(0x80, 0, 0x01, 0, 0));
  });
});

describe('Set File Mask (oracle x_sfm)', () => {
  test('Set File Mask then Define Extent: the Define Extent is an invalid sequence, its parameters taken', () => {
    const { device } = dasd();
    expect(runCcws(device, [ccw(0x1f, CC, 1, '00'), de(DE_ALL, 0)]).last).toMatchObject({ status: CE_DE_UC, residual: 0 });
    expect(sense(device)).toBe(senseAt(0x80, 0, 0x02, 0, 0));
  });

  test('Define Extent then Set File Mask, or two Set File Masks: invalid sequence in the initial status', () => {
    const { device } = dasd();
    expect(runCcws(device, [de(DE_ALL), ccw(0x1f, 0, 1, '00')]).last).toMatchObject({ status: CE_DE_UC, residual: 1 });
    expect(sense(device)).toBe(senseAt(0x80, 0, 0x02, 0, 0));
    expect(runCcws(device, [ccw(0x1f, CC, 1, '00'), ccw(0x1f, 0, 1, '00')]).last.status).toBe(CE_DE_UC);
  });

  test('the reserved bit 2 is an invalid parameter', () => {
    const { device } = dasd();
    expect(runCcws(device, [ccw(0x1f, 0, 1, '20')]).last).toMatchObject({ status: CE_DE_UC, residual: 0 });
    expect(sense(device)).toBe(senseAt(0x80, 0, 0x04, 0, 0));
  });
});
