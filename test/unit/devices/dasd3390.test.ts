/**
 * The 3390 command by command, driven through the Device interface as a channel drives it
 * (test/helpers/ccwRunner.ts). Expected bytes come from the Hercules 3.13 oracle
 * (../shared/oracle/results and test/unit/devices/oracle/results), the reference digest
 * (../shared/reference/eckd-dasd.md) or IBM SA22-1025, as each test names.
 */
import { describe, expect, test } from 'vitest';
import { SENSE_24 } from '../../../src/arch/eckd';
import { CF, DS } from '../../../src/arch/status';
import { decodeEbcdic } from '../../../src/asm/ebcdic';
import { buildTrack } from '../../../src/devices/dasd/ckdTrack';
import { Dasd3390 } from '../../../src/devices/dasd/dasd3390';
import { modelByNumber } from '../../../src/devices/dasd/geometry';
import { MemoryTrackStore } from '../../../src/devices/dasd/trackStore';
import { runCcws, type CcwSpec } from '../../helpers/ccwRunner';
import { fromHex, toHex } from '../../helpers/hex';
import { herculesMemory, loadOracle } from '../../helpers/oracleReplay';

const CC = CF.CC;
const SLI = CF.SLI;
const CE_DE = DS.CE | DS.DE;
const CE_DE_UC = DS.CE | DS.DE | DS.UC;

/** A 10-cylinder 3390 like the oracle's (`dasdinit … 3390 TEST01 10`), optionally with tracks. */
function dasd(tracks: { cyl: number; head: number; records: { r: number; key?: string; data: string }[] }[] = []): Dasd3390 {
  const store = new MemoryTrackStore({ cylinders: 10, heads: 15, volser: 'TEST01' });
  for (const t of tracks) {
    store.writeTrack(t.cyl, t.head, buildTrack(t.cyl, t.head, t.records.map((r) => ({ r: r.r, data: fromHex(r.data), ...(r.key ? { key: fromHex(r.key) } : {}) }))));
  }
  return new Dasd3390({ devno: 0x0190, model: modelByNumber(1), store });
}

const de = (hex: string, flags = CC): CcwSpec => ({ cmd: 0x63, flags, count: 16, data: fromHex(hex) });
const lr = (hex: string, flags = CC): CcwSpec => ({ cmd: 0x47, flags, count: 16, data: fromHex(hex) });
const read = (cmd: number, count: number, flags = 0): CcwSpec => ({ cmd, flags, count });
const sense = (d: Dasd3390): string => toHex(runCcws(d, [read(0x04, 32)]).last.stored);
/** 32 sense bytes written as the oracle trace prints them. */
const bytes = (text: string): string => text.replace(/ /g, '');

const DE_CYL0 = '00C00000 00000000 00000000 0000000E'; // extent cylinder 0, heads 0-14
const NULL_SENSE_0_0 = bytes('00000000 00000000 00000000 00000000 00000000 00000000 00000080 00000000');
const IPL1_DATA = '000600000000000F03000000000000010000000000000000';

describe('reading records through Define Extent and Locate Record', () => {
  test('DE + LR (orient count, Read Data, search R1) + Read Data 24 returns the IPL1 record (oracle a_read_data_r1)', () => {
    const p = runCcws(dasd(), [de(DE_CYL0), lr('06000001 00000000 00000000 01000000'), read(0x06, 24)]);
    expect(p.ccws.map((c) => c.status)).toEqual([CE_DE, CE_DE, CE_DE]);
    expect(p.last).toMatchObject({ residual: 0, incorrectLength: false });
    expect(toHex(p.last.stored)).toBe(IPL1_DATA);
    expect(IPL1_DATA).toBe(herculesMemory(loadOracle('a_read_data_r1'))[0]?.hex.slice(0, 48));
  });

  test('the LANGUAGE.md example reads the 80-byte VOL1 label (search R3): EBCDIC "VOL1TEST01" (oracle v_lr_read_vol1)', () => {
    const p = runCcws(dasd(), [de('00C00000 00000000 00000000 0000000E'), lr('06000001 00000000 0000000003 000000'), read(0x06, 80, SLI)]);
    expect(p.last.status).toBe(CE_DE);
    expect(p.last.stored).toHaveLength(80);
    expect(decodeEbcdic(p.last.stored.subarray(0, 10))).toBe('VOL1TEST01');
    expect(toHex(p.last.stored)).toBe(herculesMemory(loadOracle('v_lr_read_vol1'))[0]?.hex.slice(0, 160));
  });

  test.each([
    ['d1_read_short_noSLI', 16, 0, true, 0],
    ['d2_read_short_SLI', 16, SLI, false, 0],
    ['d3_read_long_noSLI', 32, 0, true, 8],
    ['d4_read_long_SLI', 32, SLI, false, 8],
  ])('%s: the device offers the record\'s 24 bytes whatever the count (%i); the channel works out IL and residual', (_name, count, flags, il, residual) => {
    const p = runCcws(dasd(), [de(DE_CYL0), lr('06000001 00000000 00000000 01000000'), read(0x06, count, flags)]);
    expect(p.last.result.data).toHaveLength(24);
    expect(p.last).toMatchObject({ status: CE_DE, incorrectLength: il, residual });
  });

  test('count orientation: the next Read Data reads the record found; data orientation: the record after it (oracle v_lr_data_op06; reference 3.3)', () => {
    const count = runCcws(dasd(), [de(DE_CYL0), lr('06000001 00000000 00000000 01000000'), read(0x06, 24)]);
    const data = runCcws(dasd(), [de(DE_CYL0), lr('86000001 00000000 00000000 01000000'), read(0x06, 144)]);
    expect(toHex(count.last.stored)).toBe(IPL1_DATA);
    expect(toHex(data.last.stored)).toBe('00'.repeat(144)); // R2, IPL2
  });

  test('home address orientation compares CCHH with the home address, then reads from R1 (oracle v_lr_ha_op06, v_lr_ha_op06_mismatch)', () => {
    const ok = runCcws(dasd(), [de(DE_CYL0), lr('46000001 00000000 00000000 00000000'), read(0x06, 24)]);
    expect(toHex(ok.last.stored)).toBe(IPL1_DATA);
    const d = dasd();
    const bad = runCcws(d, [de(DE_CYL0), lr('46000001 00000000 00000001 00000000'), read(0x06, 24)]);
    expect(bad.last).toMatchObject({ cmd: 0x47, status: CE_DE_UC });
    expect(sense(d)).toBe(bytes('00080000 00000000 00000000 00000000 00000000 00000000 00000080 00000000'));
  });

  test('index orientation is valid with operation Read (16), not with Read Data (06) or Orient (00) (reference 3.3; oracle w_lr_op16, v_lr_index_op06)', () => {
    const ok = runCcws(dasd(), [de(DE_CYL0), lr('D6000002 00000000 00000000 00000000'), read(0x86, 24, CC), read(0x86, 144)]);
    expect(ok.ccws.map((c) => c.status)).toEqual([CE_DE, CE_DE, CE_DE, CE_DE]);
    expect(toHex(ok.ccws[2]?.stored ?? new Uint8Array())).toBe(IPL1_DATA);
    const d = dasd();
    const bad = runCcws(d, [de(DE_CYL0), lr('C6000001 00000000 00000000 01000000'), read(0x06, 24)]);
    expect(bad.last).toMatchObject({ cmd: 0x47, status: CE_DE_UC, residual: 0 });
    expect(sense(d)).toBe(bytes('80000000 00000004 00000000 00000000 00000000 00000000 00000080 00000000'));
  });

  test('Orient (00) positions without a domain: the following reads are outside any domain (oracle v_lr_count_op00)', () => {
    const p = runCcws(dasd(), [de(DE_CYL0), lr('00000000 00000000 00000000 02000000'), read(0x06, 144, CC), read(0x12, 8)]);
    expect(p.ccws.map((c) => c.status)).toEqual([CE_DE, CE_DE, CE_DE, CE_DE]);
    expect(toHex(p.last.stored)).toBe('0000000003040050');
  });

  test('a record of data length 0 is end of file: unit exception, nothing transferred (reference 6.1; oracle v_zero_length)', () => {
    const d = dasd([{ cyl: 0, head: 3, records: [{ r: 0, data: '0000000000000000' }, { r: 1, data: '31'.repeat(32) }, { r: 2, data: '' }] }]);
    const p = runCcws(d, [de(DE_CYL0), lr('06000001 00000003 00000003 02000000'), read(0x06, 8)]);
    expect(p.last).toMatchObject({ status: CE_DE | DS.UX, residual: 8 });
    expect(p.last.result.data).toHaveLength(0);
  });
});

describe('Read Count and the end of the track', () => {
  test('Seek, Read R0, then Read Count ×4 gives R1, R2, R3 and R1 again: R0 is skipped after the index (oracle a2_read_count_track0; SA22-1025 "Read Count": a record other than R0)', () => {
    const p = runCcws(dasd(), [
      { cmd: 0x07, flags: CC, count: 6, data: fromHex('000000000000') },
      read(0x16, 16, CC),
      read(0x12, 8, CC),
      read(0x12, 8, CC),
      read(0x12, 8, CC),
      read(0x12, 8),
    ]);
    expect(p.ccws.map((c) => toHex(c.stored))).toEqual(['', '0000000000000008' + '00'.repeat(8), '0000000001040018', '0000000002040090', '0000000003040050', '0000000001040018']);
    expect(herculesMemory(loadOracle('a2_read_count_track0'))[0]?.hex.slice(0, 96)).toBe(p.ccws.slice(1).map((c) => toHex(c.stored)).join(''));
  });

  test('outside a domain, single-track Read Count passing the index a second time in the chain is No Record Found (reference 4.3; oracle v_read_count_8)', () => {
    const d = dasd();
    const p = runCcws(d, [{ cmd: 0x07, flags: CC, count: 6, data: fromHex('000000000000') }, ...Array.from({ length: 7 }, () => read(0x12, 8, CC)), read(0x12, 8)]);
    expect(p.ccws.slice(1, 7).map((c) => toHex(c.stored).slice(8, 10))).toEqual(['01', '02', '03', '01', '02', '03']);
    expect(p.last).toMatchObject({ status: CE_DE_UC, residual: 8 });
    expect(p.ccws).toHaveLength(8);
    expect(sense(d)).toBe(bytes('00080000 00000000 00000000 00000000 00000000 00000000 00000080 00000000'));
  });

  test('inside a domain, single-track reads go round to the first user record as often as needed (SA22-1025; Hercules differs, see oracleReplay.test.ts)', () => {
    const p = runCcws(dasd(), [de(DE_CYL0), lr('06000006 00000000 00000000 03000000'), ...Array.from({ length: 5 }, () => read(0x12, 8, CC)), read(0x12, 8)]);
    expect(p.ccws.slice(2).map((c) => toHex(c.stored).slice(8, 10))).toEqual(['01', '02', '03', '01', '02', '03']);
    expect(p.last.status).toBe(CE_DE);
  });

  test('a track with no user record is No Record Found for a domain read (SA22-1025 "Read Data")', () => {
    const d = dasd();
    const p = runCcws(d, [de(DE_CYL0), lr('46000001 00000001 00000001 00000000'), read(0x06, 8)]);
    expect(p.ccws.map((c) => c.status)).toEqual([CE_DE, CE_DE, CE_DE_UC]);
    expect(sense(d)).toBe(bytes('00080000 00000100 00000000 00000000 00000000 00000000 00000080 00000001'));
  });
});

describe('multitrack operations (reference 4.4)', () => {
  const tracks = [
    { cyl: 0, head: 1, records: [{ r: 0, data: '00'.repeat(8) }, { r: 1, key: 'D2C5E8F1', data: '40'.repeat(100) }, { r: 2, data: '5A'.repeat(40) }] },
    { cyl: 0, head: 2, records: [{ r: 0, data: '00'.repeat(8) }, { r: 1, data: '21'.repeat(32) }, { r: 2, data: '22'.repeat(32) }] },
    { cyl: 0, head: 14, records: [{ r: 0, data: '00'.repeat(8) }, { r: 1, data: 'E1'.repeat(16) }] },
    { cyl: 1, head: 0, records: [{ r: 0, data: '00'.repeat(8) }, { r: 1, data: '10'.repeat(16) }] },
  ];

  test('Read Data MT in a domain continues on the next track (oracle v_mt_read_lr)', () => {
    const p = runCcws(dasd(tracks), [de(DE_CYL0), lr('06000003 00000001 00000001 02000000'), read(0x86, 40, CC), read(0x86, 32, CC), read(0x86, 32)]);
    expect(p.ccws.slice(2).map((c) => toHex(c.stored).slice(0, 2))).toEqual(['5A', '21', '22']);
  });

  test('in a domain, a multitrack step crosses into the next cylinder when the extent allows it (oracle w_mt_read_lr_cyl)', () => {
    const p = runCcws(dasd(tracks), [de('00C00000 00000000 00000000 0009000E'), lr('06000002 0000000E 0000000E 01000000'), read(0x86, 16, CC), read(0x86, 16)]);
    expect(toHex(p.last.stored)).toBe('10'.repeat(16));
  });

  test('a multitrack step out of the extent is File Protected; the position stays on the last track (oracle v_mt_read_lr_extent)', () => {
    const d = dasd(tracks);
    const p = runCcws(d, [de(DE_CYL0), lr('06000002 0000000E 0000000E 01000000'), read(0x86, 16, CC), read(0x86, 16)]);
    expect(p.last).toMatchObject({ status: CE_DE_UC, residual: 16 });
    expect(sense(d)).toBe(bytes('00040000 00000E00 00000000 00000000 00000000 00000000 00000080 0000000E'));
  });

  test('outside a domain, a multitrack read at the last head is End of Cylinder (oracle w_rc_mt)', () => {
    const d = dasd(tracks);
    const p = runCcws(d, [de(DE_CYL0), lr('00000000 0000000E 0000000E 01000000'), read(0x86, 16, CC), read(0x86, 16)]);
    expect(p.last.status).toBe(CE_DE_UC);
    expect(sense(d)).toBe(bytes('00200000 00000E00 00000000 00000000 00000000 00000000 00000080 0000000E'));
  });

  test('outside a domain, a file mask that inhibits seeks and multitrack makes the step File Protected (reference 3.2, 4.4)', () => {
    const d = dasd(tracks);
    const p = runCcws(d, [de('18C00000 00000000 00000000 0000000E'), lr('00000000 00000001 00000001 02000000'), read(0x86, 40, CC), read(0x86, 32)]);
    expect(p.last.status).toBe(CE_DE_UC);
    expect(SENSE_24.decode(fromHex(sense(d))).byte1).toBe(0x04);
  });
});

describe('errors and their sense bytes (reference 5)', () => {
  test('an unknown command code is command reject, format 0 message 1 (oracle c_invalid_cmd_then_sense: 80000000 00000001 … 80)', () => {
    const d = dasd();
    const p = runCcws(d, [read(0xff, 16)]);
    expect(p.last).toMatchObject({ status: CE_DE_UC, residual: 16 });
    const expected = bytes('80000000 00000001 00000000 00000000 00000000 00000000 00000080 00000000');
    expect(toHex(d.sense())).toBe(expected);
    expect(herculesMemory(loadOracle('c_invalid_cmd_then_sense'))[0]?.hex).toBe(expected);
  });

  test('the same sense bytes arrive as concurrent sense (oracle c2_concurrent_sense ECW)', () => {
    const d = dasd();
    runCcws(d, [read(0xff, 16)]);
    const ecw = ((loadOracle('c2_concurrent_sense').result.steps as { op: string; results?: { irb: { ecw: string } }[] }[]).find((s) => s.op === 'wait')?.results?.[0]?.irb.ecw);
    expect(toHex(d.sense())).toBe(ecw);
  });

  test('Write Special CKD (X\'01\') without a preceding search is an invalid command sequence: byte 7 = 02 (oracle c_invalid_cmd_then_sense)', () => {
    const d = dasd();
    const p = runCcws(d, [{ cmd: 0x01, count: 5, data: new Uint8Array(5) }]);
    expect(p.last).toMatchObject({ status: CE_DE_UC, residual: 5 });
    expect(sense(d)).toBe(herculesMemory(loadOracle('c_invalid_cmd_then_sense'))[1]?.hex);
  });

  test('Sense returns the pending sense and clears it; until then it survives other commands and programs (oracle w_sense_persists, w_sense_short)', () => {
    const d = dasd();
    runCcws(d, [read(0xff, 16)]);
    runCcws(d, [{ cmd: 0x03, count: 1 }]);
    runCcws(d, [read(0xe4, 256, SLI)]);
    expect(sense(d).slice(0, 16)).toBe('8000000000000001');
    expect(sense(d)).toBe(NULL_SENSE_0_0);
  });

  test('sense() shows the pending sense without clearing it (the debugger and EXPECT SENSE read it)', () => {
    const d = dasd();
    runCcws(d, [read(0xff, 16)]);
    expect(toHex(d.sense())).toBe(toHex(d.sense()));
    expect(toHex(d.sense()).slice(0, 2)).toBe('80');
  });

  test('No Record Found: Locate Record searching for R4 on track 0 (oracle v_lr_nrf)', () => {
    const d = dasd();
    const p = runCcws(d, [de(DE_CYL0), lr('06000001 00000000 00000000 04000000'), read(0x06, 24)]);
    expect(p.ccws.map((c) => c.status)).toEqual([CE_DE, CE_DE_UC]);
    expect(sense(d)).toBe(herculesMemory(loadOracle('v_lr_nrf'))[1]?.hex.slice(0, 64));
  });

  test('sense bytes 5-6 and 29-31 carry the current cylinder and head (oracle w_nrf_position: 05 03 … 0005 03)', () => {
    const d = dasd();
    runCcws(d, [de('00C00000 00000000 00000000 0009000E'), lr('06000001 00050003 00050003 09000000'), read(0x06, 8)]);
    expect(sense(d)).toBe(bytes('00080000 00050300 00000000 00000000 00000000 00000000 00000080 00000503'));
  });

  test('an LR seek address outside the extent is File Protected, byte 1 = X\'04\', at the old position (oracle v_lr_outside_extent)', () => {
    const d = dasd();
    const p = runCcws(d, [de('00C00000 00000000 00000000 00000000'), lr('06000001 00000001 00000001 01000000'), read(0x06, 24)]);
    expect(p.ccws.map((c) => c.status)).toEqual([CE_DE, CE_DE_UC]);
    expect(sense(d)).toBe(bytes('00040000 00000000 00000000 00000000 00000000 00000000 00000080 00000000'));
  });

  test('incomplete domain: the chain ends with Locate Record count left; the last read transfers its data and ends with UC, sense X\'81\' (oracle v_lr_incomplete_domain)', () => {
    const d = dasd();
    const p = runCcws(d, [de(DE_CYL0), lr('06000002 00000000 00000000 01000000'), read(0x06, 24)]);
    expect(p.last).toMatchObject({ status: CE_DE_UC, residual: 0 });
    expect(toHex(p.last.stored)).toBe(IPL1_DATA);
    expect(sense(d)).toBe(bytes('81000000 00000000 00000000 00000000 00000000 00000000 00000080 00000000'));
  });

  test('a Locate Record left open by its own CCW at the end of the chain is incomplete too', () => {
    const d = dasd();
    const p = runCcws(d, [de(DE_CYL0), lr('06000001 00000000 00000000 01000000', 0)]);
    expect(p.last).toMatchObject({ cmd: 0x47, status: CE_DE_UC });
    expect(sense(d).slice(0, 2)).toBe('81');
  });
});

describe('command sequences (reference 4.5, 5.5; oracle)', () => {
  const seq = bytes('80000000 00000002 00000000 00000000 00000000 00000000 00000080 00000000');

  test('Read Data and Read Count with no Seek or Locate Record before them: command reject, invalid sequence (format 0 message 2; Hercules gives format 2 — reference 4.5 recommends format 0, as the oracle shows for 3.13: v_read_no_seek)', () => {
    for (const cmd of [0x06, 0x12]) {
      const d = dasd();
      expect(runCcws(d, [read(cmd, 8)]).last).toMatchObject({ status: CE_DE_UC, residual: 8 });
      expect(sense(d)).toBe(seq);
    }
  });

  test('Locate Record without Define Extent takes its 16 bytes, then rejects them as a sequence error (oracle v_lr_without_de: residual 0)', () => {
    const d = dasd();
    expect(runCcws(d, [lr('06000001 00000000 00000000 01000000')]).last).toMatchObject({ status: CE_DE_UC, residual: 0, incorrectLength: false });
    expect(sense(d)).toBe(seq);
  });

  test.each([
    ['NO OPERATION', { cmd: 0x03, count: 1, data: new Uint8Array(1) }],
    ['SENSE', read(0x04, 32)],
    ['SENSE ID', read(0xe4, 12)],
    ['READ DEVICE CHARACTERISTICS', read(0x64, 64)],
    ['DEFINE EXTENT', de(DE_CYL0)],
    ['LOCATE RECORD', lr('06000001 00000000 00000000 01000000')],
  ])('%s inside a Locate Record domain is an invalid sequence (reference 4.5; oracle w_rejects_in_domain_chained)', (_name, ccw) => {
    const d = dasd();
    const p = runCcws(d, [de(DE_CYL0), lr('06000002 00000000 00000000 01000000'), { ...ccw, flags: CC }, { cmd: 0x03, count: 1 }]);
    expect(p.ccws).toHaveLength(3);
    expect(p.last.status).toBe(CE_DE_UC);
    expect(sense(d)).toBe(seq);
  });

  test('a read in a domain of a write operation is an invalid sequence (oracle w_rejects_in_domain_chained, LR op 01)', () => {
    const d = dasd();
    runCcws(d, [de(DE_CYL0), lr('01000003 00000000 00000000 01000000'), read(0x06, 24, CC), { cmd: 0x03, count: 1 }]);
    expect(sense(d)).toBe(seq);
  });

  test('per-chain state starts afresh with every channel program: a Define Extent does not carry over (reference 4.1)', () => {
    const d = dasd();
    runCcws(d, [de(DE_CYL0, 0)]);
    expect(runCcws(d, [lr('06000001 00000000 00000000 01000000')]).last.status).toBe(CE_DE_UC);
    expect(sense(d)).toBe(seq);
  });

  test('an unsupported 3990 command that passes its sequence checks is an invalid command (format 0 message 1; Perform Subsystem Function)', () => {
    const d = dasd();
    expect(runCcws(d, [{ cmd: 0x27, flags: 0, count: 12, data: new Uint8Array(12) }]).last.status).toBe(CE_DE_UC);
    expect(sense(d).slice(0, 16)).toBe('8000000000000001');
  });
});

describe('Define Extent parameters (reference 3.2; oracle v_de_*)', () => {
  test.each([
    ['architecture mode bits 00 (the oracle README pitfall)', '00000000 00000000 00000000 0000000E', '04'],
    ['architecture mode bits 01', '00400000 00000000 00000000 0000000E', '04'],
    ['reserved file-mask bit 2', '20C00000 00000000 00000000 0000000E', '04'],
    ['block size 57,335', '00C0DFF7 00000000 00000000 0000000E', '04'],
    ['a fast-write identifier', '00C00000 00010000 00000000 0000000E', '04'],
    ['begin after end', '00C00000 00000000 00000001 00000000', '04'],
    ['an extent beyond the last cylinder', '00C00000 00000000 00000000 000A0000', '04'],
  ])('%s is an invalid parameter (format 0 message 4)', (_what, params, message) => {
    const d = dasd();
    expect(runCcws(d, [de(params, 0)]).last).toMatchObject({ status: CE_DE_UC, residual: 0 });
    expect(sense(d).slice(14, 16)).toBe(message);
  });

  test.each([
    ['block size 57,334', '00C0DFF6 00000000 00000000 0000000E'],
    ['cache mode bypass', '00C40000 00000000 00000000 0000000E'],
    ['CKD conversion mode', '00E00000 00000000 00000000 0000000E'],
    ['extended global attributes (byte 7 is ignored)', '00C00000 000000FF 00000000 0000000E'],
    ['seek and multitrack inhibited, diagnostic authorization', '1EC00000 00000000 00000000 0000000E'],
  ])('%s is accepted', (_what, params) => {
    expect(runCcws(dasd(), [de(params, 0)]).last.status).toBe(CE_DE);
  });

  test('fewer than 16 bytes: format 0 message 3, the 8 bytes are taken (oracle v_de_short)', () => {
    const d = dasd();
    expect(runCcws(d, [{ cmd: 0x63, count: 8, data: fromHex('00C0000000000000') }]).last).toMatchObject({ status: CE_DE_UC, residual: 0 });
    expect(sense(d).slice(14, 16)).toBe('03');
  });

  test('a second Define Extent must repeat mask, attributes and block size and may only narrow the extent (oracle v_de_twice)', () => {
    expect(runCcws(dasd(), [de(DE_CYL0), de(DE_CYL0, 0)]).last.status).toBe(CE_DE);
    expect(runCcws(dasd(), [de(DE_CYL0), de('00C00000 00000000 00000000 00000005', 0)]).last.status).toBe(CE_DE);
    const wider = dasd();
    expect(runCcws(wider, [de('00C00000 00000000 00000000 00000005'), de(DE_CYL0, 0)]).last.status).toBe(CE_DE_UC);
    expect(sense(wider).slice(14, 16)).toBe('02');
    const mask = dasd();
    expect(runCcws(mask, [de(DE_CYL0), de('40C00000 00000000 00000000 0000000E', 0)]).last.status).toBe(CE_DE_UC);
    expect(sense(mask).slice(14, 16)).toBe('02');
  });
});

describe('Locate Record parameters (reference 3.3; SA22-1025 p. 4-14; oracle v_lr_*)', () => {
  test.each([
    ['operation X\'3F\' (extended, LRE only)', '3F000001 00000000 00000000 01000000'],
    ['undefined operation X\'05\'', '05000001 00000000 00000000 01000000'],
    ['reserved auxiliary bit', '06400001 00000000 00000000 01000000'],
    ['byte 2 not zero', '06000101 00000000 00000000 01000000'],
    ['Orient with a count', '00000001 00000000 00000000 02000000'],
    ['Read Data with count 0', '06000000 00000000 00000000 02000000'],
    ['a Read Count suffix on Read Data', '06010002 00000000 00000000 01000000'],
    ['sector 224', '06000001 00000000 00000000 01E00000'],
    ['transfer length factor flagged but zero', '06800001 00000000 00000000 01000000'],
    ['transfer length factor not flagged but given', '06000001 00000000 00000000 01000018'],
    ['seek address off the device (cylinder 10 of 10)', '06000001 000A0000 000A0000 01000000'],
    ['seek address head 15', '06000001 0000000F 0000000F 01000000'],
  ])('%s is an invalid parameter (format 0 message 4)', (_what, params) => {
    const d = dasd();
    expect(runCcws(d, [de('00C00000 00000000 00000000 0009000E'), lr(params), read(0x06, 24)]).last).toMatchObject({ cmd: 0x47, status: CE_DE_UC, residual: 0 });
    expect(sense(d).slice(0, 16)).toBe('8000000000000004');
  });

  test('a transfer length factor larger than the Define Extent block size is invalid (oracle v_lr_tlf_bad)', () => {
    const d = dasd();
    runCcws(d, [de('00C00010 00000000 00000000 0000000E'), lr('06800001 00000000 00000000 01000018'), read(0x06, 24)]);
    expect(sense(d).slice(0, 16)).toBe('8000000000000004');
  });

  test('sector X\'FF\' (no sector) and a valid transfer length factor are accepted', () => {
    const p = runCcws(dasd(), [de(DE_CYL0), lr('06800001 00000000 00000000 01FF0018'), read(0x06, 24)]);
    expect(p.last.status).toBe(CE_DE);
  });
});

describe('command names (reference 3.1)', () => {
  test.each([
    [0x63, 'DEFINE EXTENT'],
    [0x47, 'LOCATE RECORD'],
    [0x06, 'READ DATA'],
    [0x86, 'READ DATA (MT)'],
    [0x12, 'READ COUNT'],
    [0x92, 'READ COUNT (MT)'],
    [0x03, 'NO OPERATION'],
    [0x04, 'SENSE'],
    [0xe4, 'SENSE ID'],
    [0x64, 'READ DEVICE CHARACTERISTICS'],
    [0x1d, 'WRITE COUNT KEY AND DATA'],
    [0x9d, 'WRITE COUNT KEY AND DATA NEXT TRACK'],
    [0x85, 'WRITE UPDATE DATA'],
    [0x31, 'SEARCH ID EQUAL'],
    [0xb1, 'SEARCH ID EQUAL (MT)'],
    [0x4b, 'LOCATE RECORD EXTENDED'],
    [0xe7, 'PREFIX'],
    [0xde, 'READ TRACK'],
    [0xfa, 'READ CONFIGURATION DATA'],
    [0x02, 'READ IPL'],
    [0x16, 'READ RECORD ZERO'],
    [0x1a, 'READ HOME ADDRESS'],
    [0x5e, 'READ MULTIPLE COUNT KEY AND DATA'],
    [0xb4, 'DEVICE RESERVE'],
    [0x94, 'DEVICE RELEASE'],
    [0xaf, 'SET PATH GROUP ID'],
    [0x27, 'PERFORM SUBSYSTEM FUNCTION'],
  ])("X'%s' is %s", (code, name) => {
    expect(dasd().commandName(code)).toBe(name);
  });

  test('codes that are no 3390 command have no name', () => {
    const d = dasd();
    expect([0x00, 0x08, 0xff, 0x10].map((c) => d.commandName(c))).toEqual([null, null, null, null]);
  });

  test('every code of the LANGUAGE.md COPY ECKD list has a name', () => {
    const codes = [0x03, 0x04, 0xe4, 0x64, 0xfa, 0x63, 0x47, 0x4b, 0xe7, 0x06, 0x0e, 0x12, 0x1e, 0x5e, 0xde, 0x1a, 0x16, 0x02, 0x05, 0x0d, 0x1d, 0x85, 0x8d, 0x9d, 0x15, 0x19, 0x11, 0x31, 0x51, 0x71, 0x29, 0x49, 0x69, 0x39, 0x07, 0x0b, 0x1b, 0x13, 0x1f, 0x23, 0x22, 0x0f, 0xb4, 0x94, 0x34, 0xaf];
    const d = dasd();
    expect(codes.filter((c) => d.commandName(c) === null)).toEqual([]);
  });
});
