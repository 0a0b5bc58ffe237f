/** DEVICE, PATH, STORAGE, CODEPAGE and the driver statements (LANGUAGE.md "Configuration statements", "Driver statements"). */
import { describe, expect, test } from 'vitest';
import { asm, codes, where } from '../../helpers/asm';

describe('DEVICE', () => {
  test('bare hex device numbers; default SCH in DEVICE order from 0; options upper-case keys', () => {
    const r = asm([
      "         DEVICE 0190,3390-3,IMAGE='vol.3390',READONLY=YES,CU=2107,CHPIDS=(40,41)",
      "         DEVICE 000C,3505,DECK='cards.txt'",
      "         DEVICE 000E,1403,OUTPUT='print.txt',SCH=0010",
      '         DEVICE 001F,3215,INPUT=con.txt',
      '         DEVICE 0191,3390,CYLS=10,VOLSER=work01,PERSIST=NO,COMPAT=HERCULES',
    ]);
    expect(r.diagnostics).toEqual([]);
    expect(r.image.devices.map((d) => [d.devno, d.type, d.schno])).toEqual([
      [0x190, '3390-3', 0],
      [0x00c, '3505', 1],
      [0x00e, '1403', 0x10],
      [0x01f, '3215', 3],
      [0x191, '3390', 4],
    ]);
    expect(r.image.devices[0]?.options).toEqual({ IMAGE: 'vol.3390', READONLY: 'YES', CU: '2107', CHPIDS: '40,41' });
    expect(r.image.devices[4]?.options).toEqual({ CYLS: '10', VOLSER: 'WORK01', PERSIST: 'NO', COMPAT: 'HERCULES' });
  });

  test('duplicate device number or subchannel number is CCW027', () => {
    const r = asm(['         DEVICE 0190,3390', '         DEVICE 0190,3390', '         DEVICE 0191,3390,SCH=0']);
    expect(r.diagnostics.map(where)).toEqual(['CCW027@2:17-21', 'CCW027@3:31-32']);
  });

  test('unknown keyword is CCW026 naming the valid ones; an option of another device family too', () => {
    const r = asm(['         DEVICE 0190,3390,SIZE=5', "         DEVICE 000C,3505,IMAGE='x'"]);
    expect(r.diagnostics.map(where)).toEqual(['CCW026@1:27-31', 'CCW026@2:27-32']);
    expect(r.diagnostics[0]?.message).toContain('VOLSER=');
    expect(r.diagnostics[1]?.message).toContain('not to a 3505');
  });

  test('bad device number is CCW024; unknown type CCW025; tape CCW029', () => {
    expect(asm(['         DEVICE 12345,3390']).diagnostics.map(where)).toEqual(['CCW024@1:17-22']);
    expect(asm(['         DEVICE 0190,3390-4']).diagnostics.map(where)).toEqual(['CCW025@1:22-28']);
    expect(codes(asm(['         DEVICE 0180,3490']))).toEqual(['CCW029']);
  });
});

describe('PATH, STORAGE, CODEPAGE', () => {
  test('PATH direct, STORAGE 64M / 512K', () => {
    expect(asm(['         PATH  direct', '         STORAGE 64M']).image).toMatchObject({ path: 'direct', storageSize: 64 * 1024 * 1024 });
    expect(asm(['         STORAGE 512K']).image.storageSize).toBe(512 * 1024);
  });

  test('bad values are CCW039; a second PATH or STORAGE is CCW040', () => {
    expect(codes(asm(['         PATH  tcp', '         STORAGE 5X', '         CODEPAGE 500']))).toEqual(['CCW039', 'CCW039', 'CCW039']);
    expect(codes(asm(['         PATH  vfio', '         PATH  direct']))).toEqual(['CCW040']);
  });

  test('bytes beyond STORAGE are CCW034', () => {
    const r = asm(['         STORAGE 64K', "         ORG   X'FFFE'", "         DC    F'1'"]);
    expect(r.diagnostics.map(where)).toEqual(['CCW034@3:10-12']);
    expect(r.image.chunks).toEqual([]);
  });
});

describe('driver statements', () => {
  test('SSCH devno,orb and WAIT [devno][,timeout] take no storage and keep source order', () => {
    const r = asm(['         DEVICE 0190,3390', 'O        ORB   CPA=C,F=1', 'C        CCW1  3,0,0,1', '         SSCH  0190,O', '         WAIT  ,1000', '         WAIT', '         WAIT  190,5']);
    expect(r.diagnostics).toEqual([]);
    expect(r.image.statements.map((s) => ({ ...s, loc: undefined }))).toEqual([
      { op: 'SSCH', devno: 0x190, orb: 0x1000, loc: undefined },
      { op: 'WAIT', devno: null, timeoutUs: 1000, loc: undefined },
      { op: 'WAIT', devno: null, timeoutUs: null, loc: undefined },
      { op: 'WAIT', devno: 0x190, timeoutUs: 5, loc: undefined },
    ]);
  });

  test('a device may be declared after its use; an undeclared one is CCW028', () => {
    expect(asm(['         WAIT  0190', '         DEVICE 0190,3390']).diagnostics).toEqual([]);
    expect(asm(['         WAIT  0191']).diagnostics.map(where)).toEqual(['CCW028@1:16-20']);
  });

  test('SSCH of something that is not an ORB warns CCW042', () => {
    const r = asm(['         DEVICE 0190,3390', "X        DC    F'0'", '         SSCH  0190,X', '         SSCH  0190,X+2']);
    expect(r.diagnostics.map((d) => [d.code, d.severity])).toEqual([
      ['CCW042', 'warning'],
      ['CCW042', 'warning'],
    ]);
  });

  test('every driver statement of LANGUAGE.md is supported: none reports CCW029 (driver.test.ts checks their operands)', () => {
    for (const op of ['TSCH', 'HSCH', 'CSCH', 'RSCH', 'XSCH', 'STSCH', 'IPL']) {
      const r = asm(['         DEVICE 0190,3390', `         ${op}  0190`]);
      expect(codes(r)).toEqual([]);
      expect(r.image.statements).toMatchObject([{ op, devno: 0x190 }]);
    }
  });

  test('END produces an END statement', () => {
    expect(asm(['         END']).image.statements).toMatchObject([{ op: 'END' }]);
  });
});
