import { describe, expect, test } from 'vitest';
import { CRW, ERC, IO_INTERRUPTION_CODE, RSC, SCHID, schidOperandCheck, subchannelId } from '../../../src/arch';
import { fromHex, toHex } from '../../helpers/hex';

describe('channel-report word (PoO "Channel-Report Word"; Linux asm/crw.h struct crw; QEMU ioinst.h CRW masks)', () => {
  test('channel path 40 permanent error: RSC 4 at bits 4-7, ERC 6 at bits 10-15, RSID 0040 (vfio_ccw_chp_event PERRN)', () => {
    // QEMU: flags = RSC << 8 | ERC (masks 0x0f00 / 0x003f), rsid halfword → 0406 0040.
    expect(toHex(CRW.encode({ rsc: RSC.CHANNEL_PATH, erc: ERC.PERRN, rsid: 0x40 }))).toBe('04060040');
  });

  test('the S, R, C and A bits are QEMU masks 0x4000, 0x2000, 0x1000, 0x0080 of the first halfword', () => {
    expect(toHex(CRW.encode({ S: 1 }))).toBe('40000000');
    expect(toHex(CRW.encode({ R: 1 }))).toBe('20000000');
    expect(toHex(CRW.encode({ C: 1 }))).toBe('10000000');
    expect(toHex(CRW.encode({ A: 1 }))).toBe('00800000');
  });

  test('decodes a chained subchannel CRW (QEMU css_generate_sch_crws: RSC 3, ERC IPI, C)', () => {
    expect(CRW.decode(fromHex('13040007'))).toMatchObject({ C: 1, rsc: 3, erc: 4, rsid: 7 });
  });
});

describe('subchannel-identification word and I/O-interruption code (PoO; QEMU css_build_subchannel_id, css_inject_io_interrupt)', () => {
  test('subchannel 0001 of set 0: the high halfword is QEMU\'s (ssid << 1) | 1 = 0001', () => {
    expect(toHex(subchannelId(1))).toBe('00010001');
  });

  test('with M: CSSID in bits 0-7, bit 12 M (QEMU (cssid << 8) | (1 << 3) | (ssid << 1) | 1)', () => {
    expect(toHex(SCHID.encode({ cssid: 0xfe, M: 1, ssid: 1, one: 1, schno: 0x1234 }))).toBe('FE0B1234');
  });

  test('bit 15 zero, or a CSSID without M, is an operand exception (QEMU ioinst_disassemble_sch_ident)', () => {
    expect(schidOperandCheck(SCHID.decode(fromHex('00000001')))).toMatch(/bit 15/);
    expect(schidOperandCheck(SCHID.decode(fromHex('01010001')))).toMatch(/M = 0/);
    expect(schidOperandCheck(SCHID.decode(fromHex('00010001')))).toBeNull();
  });

  test('interruption-identification word carries the ISC in bits 2-4 (QEMU isc << 27)', () => {
    const code = IO_INTERRUPTION_CODE.encode({ schid: SCHID.decode(subchannelId(0)), intparm: 0x11223344, id: { A: 0, directed: 0, isc: 3, type: 0 } });
    expect(toHex(code)).toBe('00010000' + '11223344' + '18000000');
  });
});
