/**
 * Field tables checked against bytes that Hercules 3.13 stored (../shared/oracle/results) and
 * against the layouts in Linux asm/cio.h / QEMU ioinst.h, never against our own encoder alone.
 */
import { describe, expect, test } from 'vitest';
import { CCW0, CCW1, ESW, IDAW1, IDAW2, IRB, ORB, ORB_AREA, PMCW, SCHIB, SCSW, IO_REGION, decodeCcw, commandClass } from '../../../src/arch';
import { fromHex, toHex } from '../../helpers/hex';

describe('SCSW', () => {
  test('a_read_data_r1 final TSCH: start function, primary+secondary+pending, CCW 0x1018, CE DE', () => {
    // results/a_read_data_r1.json steps[2].results[0].irb.scsw.raw
    const scsw = SCSW.decode(fromHex('00804007000010180C000000'));
    expect(scsw).toMatchObject({ key: 0, F: 1, fctl: 0b100, actl: 0, stctl: 0b00111, cpa: 0x1018, dstat: 0x0c, cstat: 0, count: 0 });
  });

  test('m1_suspend_resume intermediate status: S, F, start, suspended, intermediate+pending', () => {
    // oracle README: SCSW word 0 08804029, CCW address 0x1010, count 1
    const scsw = SCSW.decode(fromHex('08804029000010100000 0001'.replace(/ /g, '')));
    expect(scsw).toMatchObject({ S: 1, F: 1, fctl: 4, actl: 0x01, stctl: 0b01001, cpa: 0x1010, count: 1 });
  });

  test('c2_concurrent_sense: E bit set with CE DE UC and IL', () => {
    const scsw = SCSW.decode(fromHex('00824017000010080E400010'));
    expect(scsw).toMatchObject({ E: 1, stctl: 0b10111, dstat: 0x0e, cstat: 0x40, count: 16 });
  });

  test('encode reproduces the oracle bytes', () => {
    const bytes = SCSW.encode({ F: 1, fctl: 4, stctl: 7, cpa: 0x1018, dstat: 0x0c });
    expect(Buffer.from(bytes).toString('hex').toUpperCase()).toBe('00804007000010180C000000');
  });

  test('describe names the bits with IBM numbering', () => {
    const rows = SCSW.describe(fromHex('00804007000010180C000000'));
    const fctl = rows.find((r) => r.name === 'fctl');
    expect(fctl).toMatchObject({ bits: 'word 0 bits 17-19', text: "X'4' (START)" });
    const dstat = rows.find((r) => r.name === 'dstat');
    expect(dstat?.text).toBe("X'0C' (CE+DE)");
    const stctl = rows.find((r) => r.name === 'stctl');
    expect(stctl?.text).toBe("X'07' (PRIM+SEC+PEND)");
  });
});

describe('ORB', () => {
  test('oracle ORB bytes: intparm 11223344, F=1, LPM 80, CPA 1000', () => {
    // results/e2_nop.json steps[0].orb
    const orb = ORB.decode(fromHex('1122334400808000000010000000000000000000000000000000000000000000'));
    expect(orb).toMatchObject({ intparm: 0x11223344, key: 0, F: 1, P: 0, lpm: 0x80, L: 0, X: 0, cpa: 0x1000 });
  });

  test('bit positions follow Linux orb.h: key 0-3, S 4, F 8, H 14, T 15, L 24, X 31', () => {
    const orb = ORB.decode(fromHex('00000000' + '68838081' + '00002000'));
    // 0x68 = key 6, S 0, C 0 ... 0x68 = 0110 1000: key 6, S=1; 0x83 = F=1, H=1, T=1; 0x80 LPM; 0x81 = L=1, X=1
    expect(orb).toMatchObject({ key: 6, S: 1, F: 1, H: 1, T: 1, lpm: 0x80, L: 1, X: 1, cpa: 0x2000 });
  });
});

describe('CCW', () => {
  test('format 1: oracle trace CCW=63400010 00002000 (Define Extent, CC, 16 bytes)', () => {
    expect(CCW1.decode(fromHex('6340001000002000'))).toEqual({ cmd: 0x63, flags: 0x40, count: 16, cda: 0x2000 });
  });

  test('format 0: command, 24-bit address, flags, count (asm/cio.h struct ccw0)', () => {
    expect(CCW0.decode(fromHex('0600300020000018'))).toEqual({ cmd: 0x06, cda: 0x3000, flags: 0x20, reserved: 0, count: 24 });
    expect(decodeCcw(fromHex('0600300020000018'), 0, false)).toEqual({ cmd: 0x06, flags: 0x20, count: 24, cda: 0x3000 });
  });

  test('command classes by low-order bits (vfio_ccw_cp.c predicates, PoO command codes)', () => {
    expect(commandClass(0x06, true)).toBe('read');
    expect(commandClass(0x05, true)).toBe('write');
    expect(commandClass(0x03, true)).toBe('control');
    expect(commandClass(0x04, true)).toBe('sense');
    expect(commandClass(0xe4, true)).toBe('sense');
    expect(commandClass(0x0c, true)).toBe('read backward');
    expect(commandClass(0x08, true)).toBe('tic');
    expect(commandClass(0x18, true)).toBe('invalid'); // format-1 TIC must be exactly 08
    expect(commandClass(0x18, false)).toBe('tic'); // format-0: any xxxx1000 is a TIC
    expect(commandClass(0x00, true)).toBe('invalid');
  });
});

describe('IRB and ESW', () => {
  test('b_sense_id_rdc IRB: SCSW + ESW with LPUM 80', () => {
    const raw = fromHex(
      '00804007000010080C0000F400800000' + '00'.repeat(48) + '00'.repeat(32),
    );
    const irb = IRB.decode(raw);
    expect(irb.scsw).toMatchObject({ cpa: 0x1008, dstat: 0x0c, count: 244 });
    expect(irb.esw.lpum).toBe(0x80);
    expect(irb.ecw.length).toBe(32);
    expect(irb.emw.length).toBe(32);
  });

  test('c2_concurrent_sense ERW 01200000: S = 1, SCNT = 32 (Linux struct erw)', () => {
    const esw = ESW.decode(fromHex('00800000' + '01200000' + '00'.repeat(12)));
    expect(esw).toMatchObject({ lpum: 0x80, erwS: 1, scnt: 32 });
  });

  test('IRB is 96 bytes and the io region is 124 (uapi vfio_ccw.h)', () => {
    expect(IRB.size).toBe(96);
    expect(IO_REGION.size).toBe(124);
    expect(IO_REGION.field('irb_area')).toMatchObject({ offset: 24 });
    expect(IO_REGION.field('ret_code')).toMatchObject({ bitOffset: 120 * 8 });
  });

  test('ret_code is a signed 32-bit errno', () => {
    const region = new Uint8Array(124);
    IO_REGION.set(region, 0, 'ret_code', -16);
    expect(Array.from(region.subarray(120))).toEqual([0xff, 0xff, 0xff, 0xf0]);
    expect(IO_REGION.decode(region).ret_code).toBe(-16);
  });
});

describe('SCHIB', () => {
  test('a_read_data_r1 final SCHIB: PMCW intparm, ISC 3, E, V, devno 0190, LPM/LPUM/PIM 80, POM FF, PAM 80, CHPID 01', () => {
    const raw = fromHex(
      '1122334418810190800080800000FF8001000000000000000000000000800000000010180C000000000000000000000000000000',
    );
    const schib = SCHIB.decode(raw);
    expect(schib.pmcw).toMatchObject({ intparm: 0x11223344, isc: 3, E: 1, V: 1, devno: 0x0190, lpm: 0x80, lpum: 0x80, pim: 0x80, pom: 0xff, pam: 0x80 });
    expect(Array.from(schib.pmcw.chpids)).toEqual([1, 0, 0, 0, 0, 0, 0, 0]);
    expect(schib.scsw).toMatchObject({ F: 1, cpa: 0x1018, dstat: 0x0c });
    expect(PMCW.size + 12 + 8 + 4).toBe(SCHIB.size);
  });
});

describe('IDAWs', () => {
  test('format-1 IDAWs of oracle g1_ida_read: X\'000037F0\', X\'00005000\' (4 bytes, 31-bit address)', () => {
    const idal = fromHex('000037F000005000');
    expect([IDAW1.decode(idal, 0).address, IDAW1.decode(idal, 4).address]).toEqual([0x37f0, 0x5000]);
  });

  test('a format-2 IDAW is a 64-bit big-endian address (PoO "Indirect Data Addressing"; Linux dma64_t idaws)', () => {
    expect(IDAW2.decode(fromHex('0000000200003F00')).address).toBe(0x2_0000_3f00);
    expect(toHex(IDAW2.encode({ address: 0x2_0000_3f00 }))).toBe('0000000200003F00');
  });
});

describe('vfio-ccw io region (uapi vfio_ccw.h: orb_area[12] scsw_area[12] irb_area[96] ret_code)', () => {
  test('orb_area carries ORB words 0-2 exactly as the ORB starts', () => {
    const orbBytes = fromHex('1122334400808000000010000000000000000000000000000000000000000000');
    const region = new Uint8Array(124);
    region.set(orbBytes.subarray(0, 12), 0);
    expect(IO_REGION.decode(region).orb_area).toEqual(ORB_AREA.decode(orbBytes));
    expect(ORB_AREA.size).toBe(12);
  });
});
