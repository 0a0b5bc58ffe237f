/** EXPECT parsing (LANGUAGE.md "Expectations"); name tables from src/arch/status.ts. */
import { describe, expect, test } from 'vitest';
import { EXPECT_FIELDS } from '../../../src/asm';
import type { Expectation } from '../../../src/asm';
import { asm, codes, where } from '../../helpers/asm';

const HEAD = ['         DEVICE 0190,3390', "LABEL    DC    C'VOL1'"];

function checks(ops: string, extra: string[] = []): { list: Expectation[]; r: ReturnType<typeof asm> } {
  const r = asm([...HEAD, ...extra, `         EXPECT ${ops}`]);
  const s = r.image.statements.find((x) => x.op === 'EXPECT');
  return { list: s?.op === 'EXPECT' ? [...s.checks] : [], r };
}

const num = (ops: string, extra: string[] = []) => checks(ops, extra).list.map((c) => [c.field, c.relation, c.value.kind === 'number' ? c.value.value : -999]);

describe('EXPECT fields and names', () => {
  test('DSTAT=CE+DE is X\'0C\' (DEVICE_STATUS); &= and != relations', () => {
    expect(num('DSTAT=CE+DE,DSTAT&=UC,DSTAT!=UX+ATTN')).toEqual([
      ['DSTAT', '=', 0x0c],
      ['DSTAT', '&=', 0x02],
      ['DSTAT', '!=', 0x81],
    ]);
  });

  test('SCHSTAT=PCI is X\'80\' even though PCI is also the CCW flag X\'08\' (field names first)', () => {
    expect(num('SCHSTAT=PCI')).toEqual([['SCHSTAT', '=', 0x80]]);
    expect(num('SCHSTAT=IL+PGMCHK+CHAINCHK')).toEqual([['SCHSTAT', '=', 0x61]]);
  });

  test('field names win over user symbols of the same spelling (CE EQU 1 does not change DSTAT=CE)', () => {
    expect(num('DSTAT=CE,CC=CE', ['CE       EQU   1'])).toEqual([
      ['DSTAT', '=', 0x08],
      ['CC', '=', 1],
    ]);
  });

  test('ACTL=SUSP is 1 (suspended); FCTL START HALT CLEAR; STCTL names', () => {
    expect(num('ACTL=SUSP,ACTL=SCHACT+DEVACT,FCTL=START,STCTL=PRIM+SEC+PEND,STCTL=ALERT')).toEqual([
      ['ACTL', '=', 1],
      ['ACTL', '=', 0x06],
      ['FCTL', '=', 4],
      ['STCTL', '=', 7],
      ['STCTL', '=', 0x10],
    ]);
  });

  test('RET takes -EBUSY or -16 (Linux errno values); FSM state names 0..4', () => {
    expect(num('RET=-EBUSY,RET=-16,RET=-EOPNOTSUPP,RET=0,RET=64,FSM=IDLE,FSM=CP_PENDING,FSM=NOT_OPER')).toEqual([
      ['RET', '=', -16],
      ['RET', '=', -16],
      ['RET', '=', -95],
      ['RET', '=', 0],
      ['RET', '=', 64],
      ['FSM', '=', 2],
      ['FSM', '=', 4],
      ['FSM', '=', 0],
    ]);
  });

  test('plain numeric fields: CC PGM KEY CPA COUNT INTPARM ERW LPUM CRW, SCSW.x flags and SCSW.DCC', () => {
    expect(num("CC=1,PGM=X'11',KEY=15,CPA=LABEL+8,COUNT=80,INTPARM=X'12345678',ERW=0,LPUM=X'80',CRW=0,SCSW.Z=1,SCSW.DCC=3,SCSW.N=0")).toEqual([
      ['CC', '=', 1],
      ['PGM', '=', 0x11],
      ['KEY', '=', 15],
      ['CPA', '=', 0x1008],
      ['COUNT', '=', 80],
      ['INTPARM', '=', 0x12345678],
      ['ERW', '=', 0],
      ['LPUM', '=', 0x80],
      ['CRW', '=', 0],
      ['SCSW.Z', '=', 1],
      ['SCSW.DCC', '=', 3],
      ['SCSW.N', '=', 0],
    ]);
  });

  test('every SCSW flag letter of LANGUAGE.md is a field', () => {
    for (const l of 'SLFPIAUZENQ') expect(EXPECT_FIELDS.has(`SCSW.${l}`)).toBe(true);
  });

  test('PMCW.x comes from the PMCW table (PMCW.ISC, PMCW.E, PMCW.LPM; PMCW.CHPIDS bytes)', () => {
    const { list, r } = checks("PMCW.ISC=3,PMCW.E=1,PMCW.LPM=X'80',PMCW.CHPIDS=X'4041000000000000'");
    expect(r.diagnostics).toEqual([]);
    expect(list.map((c) => c.field)).toEqual(['PMCW.ISC', 'PMCW.E', 'PMCW.LPM', 'PMCW.CHPIDS']);
    expect(codes(checks('PMCW.ISC=8').r)).toEqual(['CCW007']);
  });
});

describe('byte-range fields', () => {
  test("MEM(LABEL,4)=C'VOL1' is bytes E5D6D3F1 with args [address, length]", () => {
    const { list } = checks("MEM(LABEL,4)=C'VOL1'");
    expect(list[0]).toMatchObject({ field: 'MEM', args: [0x1000, 4], relation: '=', value: { kind: 'bytes', value: Uint8Array.from([0xe5, 0xd6, 0xd3, 0xf1]) } });
  });

  test('a hex string of any length; without a length the value gives it: SENSE(0)=X\'8000\' is args [0, 2]', () => {
    const { list } = checks("SENSE(0)=X'8000',ECW(4,3)=X'010203',SCHIB(0,4)=0,MEM(LABEL)&=X'C0'");
    expect(list.map((c) => [c.field, c.args, c.relation, c.value.kind])).toEqual([
      ['SENSE', [0, 2], '=', 'bytes'],
      ['ECW', [4, 3], '=', 'bytes'],
      ['SCHIB', [0, 4], '=', 'bytes'],
      ['MEM', [0x1000, 1], '&=', 'bytes'],
    ]);
    expect(list[2]?.value).toEqual({ kind: 'bytes', value: new Uint8Array(4) });
  });

  test('MEM(LABEL,4)=C\'VOL\' is CCW031: the value has 3 bytes, not 4', () => {
    const r = checks("MEM(LABEL,4)=C'VOL'").r;
    expect(r.diagnostics.map(where)).toEqual(['CCW031@3:30-36']);
  });

  test('ranges are checked: SENSE is 32 bytes, SCHIB 52', () => {
    expect(codes(checks("SENSE(31,2)=X'0000'").r)).toEqual(['CCW007']);
    expect(codes(checks('SCHIB(52)=X\'00\'').r)).toEqual(['CCW007']);
  });
});

describe('EXPECT errors', () => {
  test('an unknown field is CCW030; a missing relation is CCW030; args on a plain field CCW030', () => {
    expect(checks('DSTATUS=0').r.diagnostics.map(where)).toEqual(['CCW030@3:17-24']);
    expect(codes(checks('CC:0').r)).toEqual(['CCW030']);
    expect(codes(checks('CC(1)=0').r)).toEqual(['CCW030']);
    expect(codes(checks('MEM=0').r)).toEqual(['CCW030']);
  });

  test('values out of the field width are CCW007 (CC=4, DSTAT=256)', () => {
    expect(codes(checks('CC=4,DSTAT=256').r)).toEqual(['CCW007', 'CCW007']);
  });

  test('an unknown name in a named field is CCW005 and lists the names', () => {
    const r = checks('DSTAT=CE+XX').r;
    expect(r.diagnostics.map(where)).toEqual(['CCW005@3:26-28']);
    expect(r.diagnostics[0]?.message).toContain('ATTN SM CUE BUSY CE DE UC UX');
  });
});
