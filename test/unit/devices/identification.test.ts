/**
 * Sense ID and Read Device Characteristics: the bytes Hercules 3.13 returned (oracle
 * b_sense_id_rdc and w_rdc_sid_* for every model size) and the field map and dumps of
 * ../shared/reference/eckd-dasd.md 1.4-1.5.
 */
import { describe, expect, test } from 'vitest';
import { RDC_ECKD } from '../../../src/arch/eckd';
import { senseIdStructure } from '../../../src/arch/senseId';
import { createDevice } from '../../../src/devices';
import { CU_3990_HERCULES, type ControlUnitProfile } from '../../../src/devices/dasd/controlUnit';
import { modelByNumber } from '../../../src/devices/dasd/geometry';
import { buildDeviceCharacteristics, buildSenseId } from '../../../src/devices/dasd/identification';
import type { Device } from '../../../src/css/device';
import { runCcws } from '../../helpers/ccwRunner';
import { fromHex, toHex } from '../../helpers/hex';
import { herculesMemory, loadOracle } from '../../helpers/oracleReplay';

function device(type: string, options: Record<string, string> = {}): Device {
  const made = createDevice({ devno: 0x190, type, options });
  if ('error' in made) throw new Error(made.error);
  return made.device;
}

const senseId = (d: Device): string => toHex(runCcws(d, [{ cmd: 0xe4, flags: 0x20, count: 256 }]).last.stored);
const rdc = (d: Device): string => toHex(runCcws(d, [{ cmd: 0x64, count: 64 }]).last.stored);

describe('Sense ID and RDC as Hercules 3.13 returns them for a 3390 on its default 3990', () => {
  test('b_sense_id_rdc (10 cylinders): Sense ID FF 3990 C2 3390 02 00 40FA0100, 12 bytes', () => {
    const [sid] = herculesMemory(loadOracle('b_sense_id_rdc'));
    expect(sid?.hex.slice(0, 24)).toBe('FF3990C23390020040FA0100');
    expect(senseId(device('3390', { CYLS: '10' }))).toBe(sid?.hex.slice(0, 24));
  });

  test('b_sense_id_rdc (10 cylinders): RDC, 64 bytes, model 02 and unit type 26 of a 3390-1, 10 cylinders', () => {
    const [, bytes] = herculesMemory(loadOracle('b_sense_id_rdc'));
    expect(rdc(device('3390', { CYLS: '10' }))).toBe(bytes?.hex);
  });

  // Volumes of every model's size (dasdinit -z), oracle w_rdc_sid_<cylinders>.
  test.each([
    ['1113', '1114', '3390-1 plus its alternate cylinder: 1113 primary, first alternate 1113, 15 alternate tracks'],
    ['2226', '2226', '3390-2'],
    ['3339', '3339', '3390-3'],
    ['3340', '3340', '3390-3 plus its alternate cylinder'],
    ['10017', '10017', '3390-9'],
    ['32760', '32760', '3390-27'],
    ['65520', '65520', '3390-54'],
  ])('w_rdc_sid_%s: CYLS=%s (%s)', (name, cyls) => {
    const [sid, bytes] = herculesMemory(loadOracle(`w_rdc_sid_${name}`));
    const d = device('3390', { CYLS: cyls });
    expect(senseId(d)).toBe(sid?.hex.slice(0, 24));
    expect(rdc(d)).toBe(bytes?.hex.slice(0, 128)); // the dump adds 8 untouched guard bytes
  });

  test('an explicit model keeps its model byte: 3390-3 reports X\'0A\' and unit type X\'24\' (reference 1.1)', () => {
    const d = device('3390-3');
    expect(senseId(d)).toBe('FF3990C233900A0040FA0100');
    expect(RDC_ECKD.decode(fromHex(rdc(d)))).toMatchObject({ deviceModel: 0x0a, unitType: 0x24, cylinders: 3339, mdrId: 0x24, obrId: 0x24 });
  });
});

describe('the RDC builder follows the reference field map (1.5); its dumps for other controllers', () => {
  // Controller values from reference table 1.4; these profiles exist only in this test.
  const cu3990_6: ControlUnitProfile = { ...CU_3990_HERCULES, name: '3990-6', model: 0xe9, facilities: [0x50, 0x00, 0x10, 0x96], typeCode: 0x15, featureBufferLow: 0x0f, featureBufferHigh: 0x7f, functions: 0x40, reportsLongCylinderCount: true, ciws: [{ type: 0, command: 0xfa, count: 256 }, { type: 1, command: 0x27, count: 4 }, { type: 2, command: 0x3e, count: 0x60 }] };
  const cu2107: ControlUnitProfile = { ...CU_3990_HERCULES, name: '2107', type: 0x2107, model: 0xe8, facilities: [0x52, 0x80, 0x10, 0xb7], typeCode: 0x1f, functions: 0x48, reportsLongCylinderCount: true, ciws: [{ type: 0, command: 0xfa, count: 256 }, { type: 1, command: 0x27, count: 4 }, { type: 2, command: 0x3e, count: 0x1a0 }, { type: 3, command: 0x3e, count: 8 }] };
  const cu3990_3: ControlUnitProfile = { ...CU_3990_HERCULES, name: '3990-3', model: 0xec, facilities: [0xd0, 0x80, 0x10, 0x94], typeCode: 0x06, featureBufferLow: 0x0f, featureBufferHigh: 0x3f, reportsLongCylinderCount: true };

  /** A dump laid out as the reference prints it: "00: 39 90 …" rows of 16 bytes. */
  const dump = (rows: string): string => rows.trim().split('\n').map((r) => r.replace(/^\s*\d+:/, '').replace(/\s+/g, '')).join('').toUpperCase();

  test('3390-3 on a 3990-6', () => {
    expect(toHex(buildDeviceCharacteristics(cu3990_6, modelByNumber(3), 3339))).toBe(
      dump(`
        00: 39 90 e9 33 90 0a 50 00 10 96 20 24 0d 0b 00 0f
        16: e0 00 e5 a2 05 94 02 22 13 09 06 74 00 00 00 00
        32: 00 00 00 00 00 00 00 00 24 24 15 02 df ee 00 01
        48: 06 77 08 0f 00 7f 40 00 00 ff 00 00 00 00 0d 0b`),
    );
  });

  test('3390-3 on a 2107', () => {
    expect(toHex(buildDeviceCharacteristics(cu2107, modelByNumber(3), 3339))).toBe(
      dump(`
        00: 21 07 e8 33 90 0a 52 80 10 b7 20 24 0d 0b 00 0f
        16: e0 00 e5 a2 05 94 02 22 13 09 06 74 00 00 00 00
        32: 00 00 00 00 00 00 00 00 24 24 1f 02 df ee 00 01
        48: 06 77 08 00 00 00 48 00 00 ff 00 00 00 00 0d 0b`),
    );
  });

  test('3390-9 on a 3990-3', () => {
    expect(toHex(buildDeviceCharacteristics(cu3990_3, modelByNumber(9), 10017))).toBe(
      dump(`
        00: 39 90 ec 33 90 0c d0 80 10 94 20 32 27 21 00 0f
        16: e0 00 e5 a2 05 94 02 22 13 09 06 74 00 00 00 00
        32: 00 00 00 00 00 00 00 00 32 32 06 02 df ee 00 01
        48: 06 77 08 0f 00 3f 00 00 00 ff 00 00 00 00 27 21`),
    );
  });

  test('Sense ID with the CIWs of reference 1.4: 3990-6 (20 bytes) and 2107 (24 bytes)', () => {
    expect(toHex(buildSenseId(cu3990_6, modelByNumber(3)))).toBe('FF3990E933900A0040FA010041270004423E0060');
    expect(toHex(buildSenseId(cu2107, modelByNumber(3)))).toBe('FF2107E833900A0040FA010041270004423E01A0433E0008');
  });

  test('the Sense ID table describes the CIW (Linux struct ciw: type RCD, command FA, count 256)', () => {
    const rows = senseIdStructure(1).describe(buildSenseId(CU_3990_HERCULES, modelByNumber(1)));
    expect(rows.map((r) => r.name)).toEqual(['reserved', 'cuType', 'cuModel', 'deviceType', 'deviceModel', 'unused', 'ciw1']);
    expect(rows[6]?.children?.map((c) => `${c.name}=${c.text}`)).toEqual(["et=B'01'", "reserved=X'0'", "ciwType=X'0' (READ CONFIGURATION DATA)", "command=X'FA'", 'count=256']);
  });

  test('RDC describe() names the reference fields: cylinders 10, tracks 15, track length 58786, formula 2', () => {
    const rows = RDC_ECKD.describe(buildDeviceCharacteristics(CU_3990_HERCULES, modelByNumber(1), 10));
    const text = (name: string): string | undefined => rows.find((r) => r.name === name)?.text;
    expect([text('cylinders'), text('tracksPerCylinder'), text('trackLength'), text('formula'), text('maxR0DataLength')]).toEqual(['10', '15', '58786', '2', '57326']);
    expect(text('facilities')).toBe("X'D0' (MULTIPLE BURST ECC+READ TRACKS IN LR+READ IN LR)");
  });
});
