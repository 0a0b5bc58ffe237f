/**
 * Read Configuration Data, path groups, Reserve/Release, the 2107 control unit with Locate Record
 * Extended and Prefix, and the typed snapshot. Bytes from the Hercules 3.13 oracle (x_ident,
 * x_lre_3990) and, for the 2107 Hercules 3.13 does not have, the reference digest 1.4-1.5.
 */
import { describe, expect, test } from 'vitest';
import { herculesMemory, loadOracle } from '../../../helpers/oracleReplay';
import { CC, CE_DE, CE_DE_UC, CU_2107, SLI, ccw, dasd, de, lr, runCcws, sense, senseAt, toHex } from './harness';

const NULL_SENSE = senseAt(0, 0, 0, 0, 0);

describe('Read Configuration Data and path groups (oracle x_ident)', () => {
  test('Read Configuration Data returns Hercules 3.13\'s 256 bytes for device 0190', () => {
    const { device } = dasd();
    const oracle = herculesMemory(loadOracle('x_ident'))[0]?.hex.slice(0, 512);
    expect(toHex(runCcws(device, [ccw(0xfa, 0, 256)]).last.stored)).toBe(oracle);
  });

  test('Sense Path Group ID before and after Set Path Group ID (establish): zeros, then state 0 and the ID', () => {
    const { device } = dasd();
    expect(toHex(runCcws(device, [ccw(0x34, 0, 12)]).last.stored)).toBe('00'.repeat(12));
    expect(runCcws(device, [ccw(0xaf, 0, 12, '80' + '11'.repeat(11))]).last).toMatchObject({ status: CE_DE, residual: 0 });
    expect(toHex(runCcws(device, [ccw(0x34, 0, 12)]).last.stored)).toBe('00' + '11'.repeat(11));
    expect(device.snapshot().pathGroupId).toEqual(new Uint8Array(11).fill(0x11));
  });

  test('establishing an all-zero path group ID is a command reject with no message number (oracle x_ident program 8)', () => {
    const { device } = dasd();
    expect(runCcws(device, [ccw(0xaf, 0, 12, '00'.repeat(12))]).last).toMatchObject({ status: CE_DE_UC, residual: 0 });
    expect(sense(device)).toBe(senseAt(0x80, 0, 0, 0, 0));
  });

  test('Sense / Set Path Group ID must be first and last in the chain (reference 1.7)', () => {
    const { device } = dasd();
    expect(runCcws(device, [ccw(0x03, CC | SLI, 1, '00'), ccw(0x34, 0, 12)]).last.status).toBe(CE_DE_UC);
    expect(sense(device)).toBe(senseAt(0x80, 0, 0x02, 0, 0));
    expect(runCcws(device, [ccw(0x34, CC, 12), ccw(0x03, SLI, 1, '00')]).last.status).toBe(CE_DE_UC);
    expect(sense(device)).toBe(senseAt(0x80, 0, 0x02, 0, 0));
  });
});

describe('Device Reserve and Release (oracle x_ident)', () => {
  test('Reserve and Release each transfer the 32 sense bytes; the snapshot shows the reservation', () => {
    const { device } = dasd();
    const reserve = runCcws(device, [ccw(0xb4, SLI, 32)]);
    expect(toHex(reserve.last.stored)).toBe(NULL_SENSE);
    expect(device.snapshot().reserved).toBe(true);
    expect(toHex(runCcws(device, [ccw(0x94, SLI, 32)]).last.stored)).toBe(NULL_SENSE);
    expect(device.snapshot().reserved).toBe(false);
  });

  test('Reserve hands over and clears a pending unit check\'s sense', () => {
    const { device } = dasd();
    runCcws(device, [ccw(0xff, 0, 1)]);
    expect(toHex(runCcws(device, [ccw(0x14, SLI, 32)]).last.stored)).toBe(senseAt(0x80, 0, 0x01, 0, 0));
    expect(sense(device)).toBe(NULL_SENSE);
  });

  test('Release after Define Extent and Reserve after another command are invalid sequences', () => {
    const { device } = dasd();
    expect(runCcws(device, [de('00C00000 00000000 00000000 0000000E'), ccw(0x94, SLI, 32)]).last).toMatchObject({ status: CE_DE_UC, residual: 32 });
    expect(sense(device)).toBe(senseAt(0x80, 0, 0x02, 0, 0));
    expect(runCcws(device, [ccw(0x03, CC, 1, '00'), ccw(0xb4, SLI, 32)]).last.status).toBe(CE_DE_UC);
    expect(sense(device)).toBe(senseAt(0x80, 0, 0x02, 0, 0));
  });
});

describe('a 3390 behind a 2107 (CU=2107; reference 1.4, 1.5, 3.4, 3.5)', () => {
  test('Sense ID: FF 2107 E8 3390 0A 00 and four CIWs (24 bytes)', () => {
    const { device } = dasd({ controlUnit: CU_2107, model: 3, cylinders: 3339 });
    expect(toHex(runCcws(device, [ccw(0xe4, SLI, 256)]).last.stored)).toBe('FF2107E833900A0040FA010041270004423E01A0433E0008');
  });

  test('Read Device Characteristics is the reference\'s dump for a 3390-3 on a 2107', () => {
    const { device } = dasd({ controlUnit: CU_2107, model: 3, cylinders: 3339 });
    const dump = ['2107e833900a528010b720240d0b000f', 'e000e5a2059402221309067400000000', '00000000000000002424 1f02dfee0001', '067708000000480000ff000000000d0b'];
    expect(toHex(runCcws(device, [ccw(0x64, 0, 64)]).last.stored)).toBe(dump.join('').replace(/ /g, '').toUpperCase());
  });

  test('Locate Record Extended (operation 06) reads R1 like Locate Record', () => {
    const { device } = dasd({ controlUnit: CU_2107 });
    const p = runCcws(device, [de('00C00000 00000000 00000000 0000000E'), ccw(0x4b, CC, 20, '06000001 00000000 00000000 01000000 00000000'), ccw(0x06, 0, 24)]);
    expect(p.ccws.map((c) => c.status)).toEqual([CE_DE, CE_DE, CE_DE]);
    expect(toHex(p.last.stored)).toBe('000600000000000F03000000000000010000000000000000');
  });

  test('Read Trackset reads the tracks whose mask bits are on (0/1 and 0/3)', () => {
    const { device } = dasd({ controlUnit: CU_2107 });
    const p = runCcws(device, [de('00C00000 00000000 00000000 0000000E'), ccw(0x4b, CC, 21, '7F000002 00000001 00000001 00000000 000E0001 A0'), ccw(0xde, CC | SLI, 200), ccw(0xde, SLI, 200)]);
    expect(p.ccws.map((c) => c.status)).toEqual([CE_DE, CE_DE, CE_DE, CE_DE]);
    expect(toHex(p.last.stored).slice(0, 16)).toBe('0000000300000008');
    expect(device.snapshot().position).toEqual({ cylinder: 0, head: 3 });
  });

  test('Read Any with a zero search argument orients on the first user record', () => {
    const { device } = dasd({ controlUnit: CU_2107 });
    const p = runCcws(device, [de('00C00000 00000000 00000000 0000000E'), ccw(0x4b, CC, 21, '3F000001 00000002 00000000 00000000 000A0001 00'), ccw(0x06, 0, 32)]);
    expect(toHex(p.last.stored)).toBe('21'.repeat(32));
  });

  test('Prefix format 1 (Define Extent + Locate Record Extended) then Read Data reads R1', () => {
    const { device } = dasd({ controlUnit: CU_2107 });
    const prefix = '01800000 00000000 00000000' + '00C00000 00000000 00000000 0000000E' + '00'.repeat(16) + '06000001 00000000 00000000 01000000 00000000';
    const p = runCcws(device, [ccw(0xe7, CC, 64, prefix), ccw(0x06, 0, 24)]);
    expect(p.ccws.map((c) => c.status)).toEqual([CE_DE, CE_DE]);
    expect(toHex(p.last.stored).slice(0, 16)).toBe('000600000000000F');
  });

  test('a 3990 rejects Locate Record Extended and Prefix as invalid commands (format 0 message 1, oracle x_lre_3990)', () => {
    const { device } = dasd();
    expect(runCcws(device, [de('00C00000 00000000 00000000 0000000E'), ccw(0x4b, CC, 20, '06000001 00000000 00000000 01000000 00000000')]).last.status).toBe(CE_DE_UC);
    expect(sense(device)).toBe(senseAt(0x80, 0, 0x01, 0, 0));
    expect(runCcws(device, [ccw(0xe7, CC, 64, '00'.repeat(64))]).last.status).toBe(CE_DE_UC);
    expect(sense(device)).toBe(senseAt(0x80, 0, 0x01, 0, 0));
  });

  test('Locate Record Extended parameter errors: extended operation without X\'3F\', a trackset whose first bit is off', () => {
    const { device } = dasd({ controlUnit: CU_2107 });
    expect(runCcws(device, [de('00C00000 00000000 00000000 0000000E'), ccw(0x4b, 0, 20, '06000001 00000000 00000000 01000000 000A0000')]).last.status).toBe(CE_DE_UC);
    expect(sense(device)).toBe(senseAt(0x80, 0, 0x04, 0, 0));
    expect(runCcws(device, [de('00C00000 00000000 00000000 0000000E'), ccw(0x4b, 0, 21, '7F000001 00000001 00000001 00000000 000E0001 40')]).last.status).toBe(CE_DE_UC);
    expect(sense(device)).toBe(senseAt(0x80, 0, 0x04, 0, 0));
  });
});

describe('the typed snapshot', () => {
  test('after Define Extent and Locate Record: position, orientation, record under the head, extent, file mask, domain, tracks read', () => {
    const { device } = dasd();
    runCcws(device, [de('40C00000 00000000 00000000 0000000E'), lr('06000002 00000001 00000001 01000000'), ccw(0x06, CC, 100)]);
    const s = device.snapshot();
    expect(s).toMatchObject({
      model: '3390-1',
      controlUnit: '3990',
      hercules: false,
      geometry: { cylinders: 10, heads: 15, tracks: 150 },
      position: { cylinder: 0, head: 1 },
      orientation: 'data',
      record: { r: 1, kl: 4, dl: 100, cylinder: 0, head: 1 },
      extent: { begin: { cylinder: 0, head: 0 }, end: { cylinder: 0, head: 14 }, defined: true },
      fileMask: 0x40,
      locateRecord: { operation: 6, orientation: 'count', remaining: 1, count: 2 },
      senseProblem: null,
    });
    expect(s.tracksRead).toBeGreaterThanOrEqual(1);
    expect(s.tracksWritten).toBe(0);
  });

  test('after a unit check the snapshot carries the sense bytes and why', () => {
    const { device } = dasd();
    runCcws(device, [ccw(0xff, 0, 1)]);
    const s = device.snapshot();
    expect(toHex(s.sense)).toBe(senseAt(0x80, 0, 0x01, 0, 0));
    expect(s.senseProblem).toMatch(/command reject/);
    expect(s.lastCommand?.status).toBe(CE_DE_UC);
  });
});
