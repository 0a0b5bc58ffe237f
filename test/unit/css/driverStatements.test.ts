/**
 * The driver statements of LANGUAGE.md on PATH direct, run by a Machine from Image statements
 * built directly (the assembler's emission of them is tested on its side).
 */
import { describe, expect, test } from 'vitest';
import { CCW0, CCW1, CF, ORB, SCHIB } from '../../../src/arch';
import type { DriverStatement, Expectation, Image, SourceLocation, StorageChunk } from '../../../src/asm/image';
import { Machine } from '../../../src/runtime/machine';
import { FakeDevice } from '../../helpers/fakeDevice';
import { fromHex, toHex } from '../../helpers/hex';

const loc: SourceLocation = { file: 't.ccw', line: 1, column: 1, endColumn: 2 };
const DEV = 0x0190;

function chunk(address: number, bytes: Uint8Array): StorageChunk {
  return { address, bytes, kind: 'data', loc };
}

function orb(fields: Parameters<typeof ORB.encode>[0]): Uint8Array {
  return ORB.encode({ lpm: 0xff, F: 1, intparm: 0xcafe, ...fields });
}

function expectation(field: string, value: number | Uint8Array, args: number[] = [], relation: Expectation['relation'] = '='): Expectation {
  return {
    field,
    args,
    relation,
    value: typeof value === 'number' ? { kind: 'number', value } : { kind: 'bytes', value },
    text: `${field}=${String(value)}`,
    loc,
  };
}

/** Runs the statements on one FakeDevice 0190 (CHPIDs 40, 41) and returns the machine. */
function run(statements: DriverStatement[], chunks: StorageChunk[] = [], device = new FakeDevice(DEV)) {
  const image: Image = {
    file: 't.ccw',
    storageSize: 1 << 20,
    chunks,
    symbols: [],
    devices: [{ devno: DEV, type: 'TEST', schno: 0, options: { CHPIDS: '40,41' }, loc }],
    path: 'direct',
    statements: [...statements, { op: 'END', loc }],
  };
  const machine = Machine.create(image, { createDevice: () => ({ device }) });
  if ('errors' in machine) throw new Error(machine.errors.join('\n'));
  const end = machine.runToEnd(1_000_000);
  if (end.runaway) throw new Error('runaway');
  const failures = machine.driver.records.flatMap((r) => r.expectations.filter((e) => !e.passed).map((e) => `${e.expectation.text}: ${e.actual} ${e.problem ?? ''}`));
  return { machine, records: machine.driver.records, failures, device };
}

const ORB_AT = 0x800;
const PROGRAM = 0x1000;
/** NOP CC; NOP S (suspend point); READ 24 bytes into 2000. */
const program = [
  chunk(PROGRAM, CCW1.encode({ cmd: 0x03, flags: CF.CC, count: 0, cda: 0 })),
  chunk(PROGRAM + 8, CCW1.encode({ cmd: 0x03, flags: CF.S | CF.CC, count: 0, cda: 0 })),
  chunk(PROGRAM + 16, CCW1.encode({ cmd: 0x02, flags: 0, count: 24, cda: 0x2000 })),
];
const ssch: DriverStatement = { op: 'SSCH', devno: DEV, orb: ORB_AT, loc };

describe('HSCH, CSCH, XSCH and RSCH aimed with AWAIT (LANGUAGE.md "AWAIT"; PoO chapter 14)', () => {
  test('AWAIT ACTIVE then HSCH: the halted program ends with CE+DE, FC start+halt', () => {
    const r = run(
      [ssch, { op: 'AWAIT', devno: DEV, state: 'ACTIVE', loc }, { op: 'HSCH', devno: DEV, loc }, { op: 'EXPECT', checks: [expectation('CC', 0)], loc },
        { op: 'WAIT', devno: DEV, timeoutUs: null, loc },
        { op: 'EXPECT', checks: [expectation('CC', 0), expectation('FCTL', 0b110), expectation('STCTL', 0b00111), expectation('DSTAT', 0x0c), expectation('INTPARM', 0xcafe)], loc }],
      [chunk(ORB_AT, orb({ cpa: PROGRAM, S: 1, U: 1 })), ...program],
    );
    expect(r.failures).toEqual([]);
  });

  test('AWAIT SUSPENDED then XSCH cc 0; a second XSCH is cc 2 (the subchannel is idle)', () => {
    const r = run(
      [ssch, { op: 'AWAIT', devno: DEV, state: 'SUSPENDED', loc }, { op: 'XSCH', devno: DEV, loc }, { op: 'EXPECT', checks: [expectation('CC', 0)], loc },
        { op: 'XSCH', devno: DEV, loc }, { op: 'EXPECT', checks: [expectation('CC', 2)], loc }],
      [chunk(ORB_AT, orb({ cpa: PROGRAM, S: 1, U: 1 })), ...program],
    );
    expect(r.failures).toEqual([]);
  });

  test('AWAIT PENDING (suspension interruption) then TSCH, STORE clears the S flag, RSCH, WAIT: the program completes', () => {
    const unsuspended = CCW1.encode({ cmd: 0x03, flags: CF.CC, count: 0, cda: 0 });
    const r = run(
      [ssch, { op: 'AWAIT', devno: DEV, state: 'PENDING', loc },
        { op: 'TSCH', devno: DEV, area: 0x3000, loc },
        { op: 'EXPECT', checks: [expectation('CC', 0), expectation('STCTL', 0b01001), expectation('ACTL', 0x01), expectation('MEM', fromHex('08804029'), [0x3000, 4])], loc },
        { op: 'STORE', address: PROGRAM + 8, bytes: unsuspended, loc },
        { op: 'RSCH', devno: DEV, loc }, { op: 'EXPECT', checks: [expectation('CC', 0)], loc },
        { op: 'WAIT', devno: DEV, timeoutUs: null, loc },
        { op: 'EXPECT', checks: [expectation('DSTAT', 0x0c), expectation('CPA', PROGRAM + 24), expectation('MEM', fromHex('010203'), [0x2000, 3])], loc }],
      [chunk(ORB_AT, orb({ cpa: PROGRAM, S: 1 })), ...program],
    );
    expect(r.failures).toEqual([]);
  });

  test('CSCH on an active subchannel, then WAIT: FC clear, status pending alone', () => {
    const r = run(
      [ssch, { op: 'AWAIT', devno: DEV, state: 'ACTIVE', loc }, { op: 'CSCH', devno: DEV, loc },
        { op: 'WAIT', devno: DEV, timeoutUs: null, loc },
        { op: 'EXPECT', checks: [expectation('FCTL', 0b001), expectation('STCTL', 0b00001), expectation('DSTAT', 0), expectation('CPA', 0), expectation('LPUM', 0x80)], loc }],
      [chunk(ORB_AT, orb({ cpa: PROGRAM, S: 1, U: 1 })), ...program],
    );
    expect(r.failures).toEqual([]);
  });

  test('DELAY lets the channel work: after DELAY 100 the program has ended and TSCH finds it (AWAIT cannot reach a state that never comes)', () => {
    const r = run(
      [ssch, { op: 'DELAY', us: 100, loc }, { op: 'TSCH', devno: DEV, area: null, loc }, { op: 'EXPECT', checks: [expectation('CC', 0), expectation('DSTAT', 0x0c)], loc },
        { op: 'AWAIT', devno: DEV, state: 'SUSPENDED', loc }],
      [chunk(ORB_AT, orb({ cpa: PROGRAM + 16 })), ...program],
    );
    expect(r.failures).toEqual([]);
    expect(r.records.find((x) => x.statement.op === 'DELAY')!.endTime).toBe(100_000);
    expect(r.records.find((x) => x.statement.op === 'AWAIT')!.message).toMatch(/never became SUSPENDED/);
  });
});

describe('STSCH, MSCH, TPI, STCRW, SSKE, STORE and FAULT', () => {
  test('STSCH stores 52 bytes; EXPECT PMCW.x and SCHIB(i,len) read them', () => {
    const r = run([
      { op: 'STSCH', devno: DEV, area: 0x3000, loc },
      { op: 'EXPECT', checks: [expectation('CC', 0), expectation('PMCW.ISC', 3), expectation('PMCW.PIM', 0xc0), expectation('SCHIB', fromHex('00000000'), [0, 4]), expectation('MEM', fromHex('C0'), [0x300b, 1]), expectation('PMCW.CHPIDS', fromHex('4041000000000000'))], loc },
    ]);
    expect(r.failures).toEqual([]);
  });

  test('MSCH changes program-modifiable fields; X = 1 is an operand exception (PGM 0015), nothing changed', () => {
    const r = run([
      { op: 'MSCH', devno: DEV, changes: [{ field: 'ISC', value: 5 }, { field: 'LPM', value: 0x40 }, { field: 'INTPARM', value: 0x12345678 }], loc },
      { op: 'EXPECT', checks: [expectation('CC', 0), expectation('PGM', 0)], loc },
      { op: 'MSCH', devno: DEV, changes: [{ field: 'X', value: 1 }], loc },
      { op: 'EXPECT', checks: [expectation('PGM', 0x15)], loc },
      { op: 'STSCH', devno: DEV, area: null, loc },
      { op: 'EXPECT', checks: [expectation('PMCW.ISC', 5), expectation('PMCW.LPM', 0x40), expectation('PMCW.INTPARM', 0x12345678), expectation('PMCW.X', 0)], loc },
    ]);
    expect(r.failures).toEqual([]);
  });

  test('MSCH E=0 disables: SSCH cc 3 (PoO START SUBCHANNEL, not operational)', () => {
    const r = run(
      [{ op: 'MSCH', devno: DEV, changes: [{ field: 'E', value: 0 }], loc }, ssch, { op: 'EXPECT', checks: [expectation('CC', 3)], loc }],
      [chunk(ORB_AT, orb({ cpa: PROGRAM + 16 })), ...program],
    );
    expect(r.failures).toEqual([]);
  });

  test('TPI takes the interruption: cc 1 and INTPARM; a WAIT then finds none (timeout, cc 1), TSCH still gets the status', () => {
    const r = run(
      [ssch, { op: 'DELAY', us: 100, loc }, { op: 'TPI', loc },
        { op: 'EXPECT', checks: [expectation('CC', 1), expectation('INTPARM', 0xcafe)], loc },
        { op: 'TPI', loc }, { op: 'EXPECT', checks: [expectation('CC', 0)], loc },
        { op: 'WAIT', devno: DEV, timeoutUs: 10, loc }, { op: 'EXPECT', checks: [expectation('CC', 1)], loc },
        { op: 'TSCH', devno: DEV, area: null, loc }, { op: 'EXPECT', checks: [expectation('CC', 0)], loc }],
      [chunk(ORB_AT, orb({ cpa: PROGRAM + 16 })), ...program],
    );
    expect(r.failures).toEqual([]);
  });

  test('FAULT CHPID=40,OFFLINE then STCRW: CRW 04060040 stored and in EXPECT CRW; then none: cc 1, zeros', () => {
    const r = run([
      { op: 'FAULT', fault: { kind: 'CHPID', chpid: 0x40, online: false }, loc },
      { op: 'STCRW', area: 0x3000, loc },
      { op: 'EXPECT', checks: [expectation('CC', 0), expectation('CRW', 0x04060040), expectation('MEM', fromHex('04060040'), [0x3000, 4])], loc },
      { op: 'STCRW', area: null, loc },
      { op: 'EXPECT', checks: [expectation('CC', 1), expectation('CRW', 0)], loc },
    ]);
    expect(r.failures).toEqual([]);
  });

  test('SSKE with fetch protection: a channel program with a different key gets a protection check (PoO "Fetch Protection")', () => {
    const r = run(
      [{ op: 'SSKE', address: 0x2000, key: 6, fetchProtect: true, loc }, ssch, { op: 'WAIT', devno: DEV, timeoutUs: null, loc },
        { op: 'EXPECT', checks: [expectation('SCHSTAT', 0x10), expectation('KEY', 5)], loc }],
      [chunk(ORB_AT, orb({ cpa: PROGRAM + 16, key: 5 })), ...program],
    );
    expect(r.failures).toEqual([]);
  });

  test('TSCH into an unaligned area is a specification exception (PGM 0006) and the status stays pending', () => {
    const r = run(
      [ssch, { op: 'DELAY', us: 100, loc }, { op: 'TSCH', devno: DEV, area: 0x3002, loc }, { op: 'EXPECT', checks: [expectation('PGM', 6)], loc },
        { op: 'TSCH', devno: DEV, area: null, loc }, { op: 'EXPECT', checks: [expectation('CC', 0), expectation('PGM', 0)], loc }],
      [chunk(ORB_AT, orb({ cpa: PROGRAM + 16 })), ...program],
    );
    expect(r.failures).toEqual([]);
  });

  test('FAULT UNITCHECK,SENSE= then WAIT: UC, and EXPECT SENSE shows the injected sense', () => {
    const r = run(
      [{ op: 'FAULT', fault: { kind: 'UNITCHECK', devno: DEV, sense: fromHex('0840') }, loc }, ssch, { op: 'WAIT', devno: DEV, timeoutUs: null, loc },
        { op: 'EXPECT', checks: [expectation('DSTAT', 0x0e), expectation('SENSE', fromHex('0840'), [0, 2])], loc }],
      [chunk(ORB_AT, orb({ cpa: PROGRAM + 16 })), ...program],
    );
    expect(r.failures).toEqual([]);
  });

  test('FAULT NOPATH: SSCH cc 3', () => {
    const r = run([{ op: 'FAULT', fault: { kind: 'NOPATH', devno: DEV }, loc }, ssch, { op: 'EXPECT', checks: [expectation('CC', 3)], loc }], [chunk(ORB_AT, orb({ cpa: PROGRAM }))]);
    expect(r.failures).toEqual([]);
  });
});

describe('IPL devno (PoO "Initial Program Loading")', () => {
  test('Read IPL at 0 reads 24 bytes over the CCWs, chains into the two CCWs it read; the subchannel ID is stored at 184', () => {
    // The record the device offers: an IPL PSW, then CCW1 (read 24 bytes to 4000) and a NOP.
    const record = new Uint8Array(24);
    record.set(fromHex('000A0000 00001000'), 0);
    record.set(CCW0.encode({ cmd: 0x02, cda: 0x4000, flags: CF.CC | CF.SLI, count: 24 }), 8);
    record.set(CCW0.encode({ cmd: 0x03, cda: 0, flags: 0, count: 1 }), 16);
    const r = run([{ op: 'IPL', devno: DEV, loc }, { op: 'EXPECT', checks: [expectation('CC', 0), expectation('DSTAT', 0x0c), expectation('CPA', 24), expectation('MEM', fromHex('00010000 00000000'), [184, 8])], loc }], [], new FakeDevice(DEV, record));
    expect(r.failures).toEqual([]);
    expect(r.device.commands.map((c) => c.code)).toEqual([0x02, 0x02, 0x03]);
    expect(toHex(r.machine.guest.read(0x4000, 8)!)).toBe('000A000000001000');
    expect(r.records[0]!.message).toBeNull();
  });

  test('an IPL PSW with bit 12 zero (dasdinit\'s X\'00060000 0000000F\') is not loaded: the record says why; the I/O part completed (184 stored, PGM 0)', () => {
    const record = new Uint8Array(24);
    record.set(fromHex('00060000 0000000F'), 0);
    record.set(CCW0.encode({ cmd: 0x03, cda: 0, flags: 0, count: 1 }), 8);
    const r = run([{ op: 'IPL', devno: DEV, loc }, { op: 'EXPECT', checks: [expectation('CC', 0), expectation('DSTAT', 0x0c), expectation('PGM', 0), expectation('MEM', fromHex('00010000 00000000'), [184, 8])], loc }], [], new FakeDevice(DEV, record));
    expect(r.failures).toEqual([]);
    const message = r.records[0]!.message ?? '';
    expect(message).toMatch(/^invalid IPL PSW 00060000 0000000F: bit 12 is zero/);
    expect(message).toContain('the IPL is not complete');
  });
});

describe('SCHIB layout used by STSCH', () => {
  test('the PMCW ISC sits in word 1 bits 2-4 (QEMU PMCW_FLAGS_MASK_ISC 0x3800 of the flags halfword)', () => {
    const bytes = SCHIB.encode({ pmcw: { ...SCHIB.decode(new Uint8Array(52)).pmcw, isc: 3 } });
    expect(toHex(bytes.subarray(4, 6))).toBe('1800');
  });
});
