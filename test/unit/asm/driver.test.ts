/**
 * Driver statements (LANGUAGE.md "Driver statements", "Faults"): each one's operands, parsed
 * and validated into the DriverStatement shapes of src/asm/image.ts. Area sizes and alignment
 * from the PoO: TEST SUBCHANNEL stores a 96-byte IRB (z/Architecture; operand on a word
 * boundary), STORE SUBCHANNEL a 52-byte SCHIB (word boundary), STORE CHANNEL REPORT WORD one
 * word; storage keys are 4 bits (SET STORAGE KEY EXTENDED); PMCW field widths from the PoO's
 * PMCW figure (ISC 3 bits, LM 2, MM 2, MBI 16, LPM/POM 8, E D F X S 1).
 */
import { describe, expect, test } from 'vitest';
import { asm, codes, where } from '../../helpers/asm';
import type { AssemblyResult, DriverStatement } from '../../../src/asm';

const HEAD = ['         DEVICE 0190,3390-3', "ORB1     ORB   CPA=C,FMT=1", "C        CCW1  3,0,SLI,1", 'AREA     DS    0F', '         DS    XL96', 'ODD      DS    XL97'];

function run(lines: string[]): AssemblyResult {
  return asm([...HEAD, ...lines]);
}

/** The driver statements without their source locations. */
function steps(r: AssemblyResult): Record<string, unknown>[] {
  return r.image.statements.map((s: DriverStatement) => {
    const { loc: _loc, ...rest } = s;
    return rest as Record<string, unknown>;
  });
}

function only(lines: string[]): Record<string, unknown> {
  const r = run(lines);
  expect(r.diagnostics.map(where)).toEqual([]);
  expect(r.image.statements).toHaveLength(1);
  return steps(r)[0] ?? {};
}

const AREA = 0x1000 + 32 + 8; // after the 32-byte ORB and the 8-byte CCW

describe('subchannel instructions', () => {
  test('TSCH devno[,area]: the IRB area is optional', () => {
    expect(only(['         TSCH  0190'])).toEqual({ op: 'TSCH', devno: 0x190, area: null });
    expect(only(['         TSCH  190,AREA'])).toEqual({ op: 'TSCH', devno: 0x190, area: AREA });
  });

  test('HSCH CSCH RSCH XSCH IPL take one device number', () => {
    for (const op of ['HSCH', 'CSCH', 'RSCH', 'XSCH', 'IPL']) expect(only([`         ${op}  0190`])).toEqual({ op, devno: 0x190 });
  });

  test('STSCH devno[,area]', () => {
    expect(only(['         STSCH 0190,AREA'])).toEqual({ op: 'STSCH', devno: 0x190, area: AREA });
  });

  test('an IRB or SCHIB area off a word boundary warns CCW048 (PoO: specification exception) but is kept', () => {
    const r = run(['         TSCH  0190,AREA+2', '         STSCH 0190,AREA+1', '         STCRW AREA+3']);
    expect(r.diagnostics.map(where)).toEqual(['CCW048@7:21-27', 'CCW048@8:21-27', 'CCW048@9:16-22']);
    expect(r.image.statements.map((s) => ('area' in s ? s.area : -1))).toEqual([AREA + 2, AREA + 1, AREA + 3]);
  });

  test('an area whose stored bytes pass the end of storage warns CCW049 (addressing exception)', () => {
    // 16M storage: an IRB (96 bytes) at X'FFFFC0' would end at X'1000020'.
    const r = run(["         TSCH  0190,X'FFFFC0'", "         STCRW X'FFFFFC'"]);
    expect(r.diagnostics.map(where)).toEqual(['CCW049@7:21-30']);
  });

  test('an area above 31 bits is an error (CCW007)', () => {
    expect(codes(run(["         TSCH  0190,X'80000000'"]))).toEqual(['CCW007']);
  });

  test('a device number that no DEVICE declares is CCW028; a malformed one CCW024', () => {
    expect(run(['         HSCH  0191']).diagnostics.map(where)).toEqual(['CCW028@7:16-20']);
    expect(run(['         HSCH  01G0']).diagnostics.map(where)).toEqual(['CCW024@7:16-20']);
  });

  test('missing and extra operands (CCW012, CCW013)', () => {
    expect(run(['         HSCH']).diagnostics.map(where)).toEqual(['CCW012@7:14-15']);
    expect(run(['         HSCH  0190,1']).diagnostics.map(where)).toEqual(['CCW013@7:21-22']);
    expect(run(['         TPI   1']).diagnostics.map(where)).toEqual(['CCW013@7:16-17']);
  });
});

describe('MSCH devno,field=value', () => {
  test('every PMCW field by its PoO name, in source order', () => {
    const s = only(["         MSCH  0190,INTPARM=X'12345678',ISC=7,E=1,LM=3,MM=2,D=1,MBI=65535,LPM=X'80',POM=X'C0',F=1,X=1,S=1,MBA=X'2000'"]);
    expect(s).toEqual({
      op: 'MSCH',
      devno: 0x190,
      changes: [
        { field: 'INTPARM', value: 0x12345678 },
        { field: 'ISC', value: 7 },
        { field: 'E', value: 1 },
        { field: 'LM', value: 3 },
        { field: 'MM', value: 2 },
        { field: 'D', value: 1 },
        { field: 'MBI', value: 65535 },
        { field: 'LPM', value: 0x80 },
        { field: 'POM', value: 0xc0 },
        { field: 'F', value: 1 },
        { field: 'X', value: 1 },
        { field: 'S', value: 1 },
        { field: 'MBA', value: 0x2000 },
      ],
    });
  });

  test('field names are case-insensitive; INTPARM=-1 is X\'FFFFFFFF\'', () => {
    expect(only(['         MSCH  0190,isc=3,intparm=-1'])).toMatchObject({ changes: [{ field: 'ISC', value: 3 }, { field: 'INTPARM', value: 0xffffffff }] });
  });

  test('values beyond the field width are CCW007: ISC is 3 bits, E 1 bit, MBI 16 bits', () => {
    const r = run(['         MSCH  0190,ISC=8,E=2,MBI=65536']);
    expect(r.diagnostics.map(where)).toEqual(['CCW007@7:25-26', 'CCW007@7:29-30', 'CCW007@7:35-40']);
    expect(r.image.statements).toEqual([]);
  });

  test('unknown field CCW020, a field twice CCW021, no field CCW012', () => {
    expect(run(['         MSCH  0190,DEVNO=1']).diagnostics.map(where)).toEqual(['CCW020@7:21-26']);
    expect(run(['         MSCH  0190,ISC=1,ISC=2']).diagnostics.map(where)).toEqual(['CCW021@7:27-30']);
    expect(codes(run(['         MSCH  0190']))).toEqual(['CCW012']);
  });
});

describe('storage and time', () => {
  test('SSKE addr,key[,FETCH]: key 0-15', () => {
    expect(only(["         SSKE  X'5000',6"])).toEqual({ op: 'SSKE', address: 0x5000, key: 6, fetchProtect: false });
    expect(only(["         SSKE  X'5000',15,fetch"])).toEqual({ op: 'SSKE', address: 0x5000, key: 15, fetchProtect: true });
    expect(run(["         SSKE  X'5000',16"]).diagnostics.map(where)).toEqual(['CCW007@7:24-26']);
    expect(run(["         SSKE  X'5000',1,STORE"]).diagnostics.map(where)).toEqual(['CCW020@7:26-31']);
  });

  test('STORE addr,value: a string keeps its length; a number takes its minimal whole bytes', () => {
    expect(only(["         STORE C+4,X'0000'"])).toEqual({ op: 'STORE', address: 0x1024, bytes: new Uint8Array([0, 0]) });
    expect(only(['         STORE C+5,SLI'])).toEqual({ op: 'STORE', address: 0x1025, bytes: new Uint8Array([0x20]) });
    expect(only(['         STORE C,256'])).toEqual({ op: 'STORE', address: 0x1020, bytes: new Uint8Array([1, 0]) });
    expect(only(['         STORE C,0'])).toEqual({ op: 'STORE', address: 0x1020, bytes: new Uint8Array([0]) });
    // EBCDIC: C'OK' is D6 D2 (code page 037).
    expect(only(["         STORE AREA,C'OK'"])).toEqual({ op: 'STORE', address: AREA, bytes: new Uint8Array([0xd6, 0xd2]) });
    expect(codes(run(['         STORE C,-1']))).toEqual(['CCW007']);
  });

  test('DELAY n: virtual microseconds', () => {
    expect(only(['         DELAY 250'])).toEqual({ op: 'DELAY', us: 250 });
    expect(codes(run(['         DELAY -1']))).toEqual(['CCW007']);
  });

  test('AWAIT devno,ACTIVE|SUSPENDED|PENDING (case-insensitive); other states CCW020', () => {
    for (const state of ['ACTIVE', 'SUSPENDED', 'PENDING']) expect(only([`         AWAIT 0190,${state.toLowerCase()}`])).toEqual({ op: 'AWAIT', devno: 0x190, state });
    expect(run(['         AWAIT 0190,IDLE']).diagnostics.map(where)).toEqual(['CCW020@7:21-25']);
  });

  test('TPI and STCRW [area]', () => {
    expect(only(['         TPI'])).toEqual({ op: 'TPI' });
    expect(only(['         STCRW'])).toEqual({ op: 'STCRW', area: null });
    expect(only(['         STCRW AREA'])).toEqual({ op: 'STCRW', area: AREA });
  });
});

describe('VFIO devno,op', () => {
  test('WRITEIO orb[,FCTL=]: start by default', () => {
    expect(only(['         VFIO  0190,WRITEIO,ORB1'])).toEqual({ op: 'VFIO', devno: 0x190, operation: { op: 'WRITEIO', orb: 0x1000, fctl: 'START' } });
    expect(only(['         VFIO  0190,WRITEIO,ORB1,FCTL=HALT'])).toMatchObject({ operation: { fctl: 'HALT' } });
    expect(only(['         VFIO  0190,writeio,ORB1,fctl=clear'])).toMatchObject({ operation: { fctl: 'CLEAR' } });
    expect(run(['         VFIO  0190,WRITEIO,ORB1,FCTL=RESUME']).diagnostics.map(where)).toEqual(['CCW020@7:34-45']);
  });

  test('WRITEIO of something that is not an ORB warns CCW042', () => {
    expect(run(['         VFIO  0190,WRITEIO,C']).diagnostics.map(where)).toEqual(['CCW042@7:29-30']);
  });

  test('CMD n (32-bit command field), READ region[,area], RESET CLOSE OPEN', () => {
    expect(only(['         VFIO  0190,CMD,1'])).toMatchObject({ operation: { op: 'CMD', command: 1 } });
    expect(only(["         VFIO  0190,CMD,X'FFFFFFFF'"])).toMatchObject({ operation: { op: 'CMD', command: 0xffffffff } });
    expect(only(['         VFIO  0190,READ,SCHIB'])).toMatchObject({ operation: { op: 'READ', region: 'SCHIB', area: null } });
    expect(only(['         VFIO  0190,READ,crw,AREA'])).toMatchObject({ operation: { op: 'READ', region: 'CRW', area: AREA } });
    expect(only(['         VFIO  0190,READ,IO,AREA'])).toMatchObject({ operation: { op: 'READ', region: 'IO', area: AREA } });
    for (const op of ['RESET', 'CLOSE', 'OPEN']) expect(only([`         VFIO  0190,${op}`])).toMatchObject({ operation: { op } });
  });

  test('unknown operation or region CCW020; VFIO under PATH direct warns CCW051', () => {
    expect(run(['         VFIO  0190,POKE']).diagnostics.map(where)).toEqual(['CCW020@7:21-25']);
    expect(run(['         VFIO  0190,READ,ASYNC']).diagnostics.map(where)).toEqual(['CCW020@7:26-31']);
    expect(asm([...HEAD, '         PATH  direct', '         VFIO  0190,RESET']).diagnostics.map(where)).toEqual(['CCW051@8:21-26']);
  });
});

describe('FAULT target,kind (LANGUAGE.md "Faults")', () => {
  test('UNITCHECK with and without SENSE=', () => {
    expect(only(['         FAULT 0190,UNITCHECK'])).toEqual({ op: 'FAULT', fault: { kind: 'UNITCHECK', devno: 0x190, sense: null } });
    expect(only(["         FAULT 0190,UNITCHECK,SENSE=X'8000'"])).toEqual({ op: 'FAULT', fault: { kind: 'UNITCHECK', devno: 0x190, sense: new Uint8Array([0x80, 0]) } });
    expect(codes(run(["         FAULT 0190,UNITCHECK,SENSE=X''"]))).toEqual(['CCW010']);
    // A device holds at most 32 sense bytes (the 3390's 32-byte sense).
    expect(codes(run([`         FAULT 0190,UNITCHECK,SENSE=X'${'00'.repeat(33)}'`]))).toEqual(['CCW017']);
    expect(only([`         FAULT 0190,UNITCHECK,SENSE=X'${'01'.repeat(32)}'`])).toMatchObject({ fault: { sense: new Uint8Array(32).fill(1) } });
    expect(codes(run(['         FAULT 0190,UNITCHECK,DATA=1']))).toEqual(['CCW020']);
  });

  test('ATTN CDC ICC CCC BUSY NOTOPER NOPATH', () => {
    for (const kind of ['ATTN', 'CDC', 'ICC', 'CCC', 'BUSY', 'NOTOPER', 'NOPATH']) expect(only([`         FAULT 0190,${kind}`])).toEqual({ op: 'FAULT', fault: { kind, devno: 0x190 } });
  });

  test('CHPID=nn,OFFLINE / ONLINE', () => {
    expect(only(['         FAULT CHPID=40,OFFLINE'])).toEqual({ op: 'FAULT', fault: { kind: 'CHPID', chpid: 0x40, online: false } });
    expect(only(['         FAULT chpid=4A,online'])).toEqual({ op: 'FAULT', fault: { kind: 'CHPID', chpid: 0x4a, online: true } });
    expect(run(['         FAULT CHPID=400,OFFLINE']).diagnostics.map(where)).toEqual(['CCW024@7:22-25']);
    expect(run(['         FAULT CHPID=40,ATTN']).diagnostics.map(where)).toEqual(['CCW020@7:25-29']);
    expect(run(['         FAULT 0190,OFFLINE']).diagnostics.map(where)).toEqual(['CCW020@7:16-20']);
  });

  test('VFIO,EAGAIN / EFAULT; anything else CCW020 or CCW012', () => {
    expect(only(['         FAULT 0190,VFIO,EAGAIN'])).toEqual({ op: 'FAULT', fault: { kind: 'VFIO', devno: 0x190, errno: 'EAGAIN' } });
    expect(only(['         FAULT 0190,VFIO,efault'])).toEqual({ op: 'FAULT', fault: { kind: 'VFIO', devno: 0x190, errno: 'EFAULT' } });
    expect(codes(run(['         FAULT 0190,VFIO,EBUSY']))).toEqual(['CCW020']);
    expect(codes(run(['         FAULT 0190,VFIO']))).toEqual(['CCW012']);
    expect(codes(run(['         FAULT 0190,MELT']))).toEqual(['CCW020']);
  });

  test('a fault on an undeclared device is CCW028', () => {
    expect(codes(run(['         FAULT 0191,BUSY']))).toEqual(['CCW028']);
  });
});

test('no driver statement of LANGUAGE.md reports CCW029 (not supported) any more', () => {
  const all = [
    '         TSCH  0190', '         HSCH  0190', '         CSCH  0190', '         RSCH  0190', '         XSCH  0190', '         STSCH 0190',
    '         MSCH  0190,ISC=1', '         SSKE  0,0', '         STORE 0,0', '         DELAY 1', '         AWAIT 0190,PENDING', '         TPI',
    '         STCRW', '         IPL   0190', '         VFIO  0190,OPEN', '         FAULT 0190,BUSY', '         MIDAW 0,1,0',
  ];
  const r = run(all);
  expect(codes(r)).toEqual([]);
  expect(r.image.statements.map((s) => s.op)).toEqual(['TSCH', 'HSCH', 'CSCH', 'RSCH', 'XSCH', 'STSCH', 'MSCH', 'SSKE', 'STORE', 'DELAY', 'AWAIT', 'TPI', 'STCRW', 'IPL', 'VFIO', 'FAULT']);
});
