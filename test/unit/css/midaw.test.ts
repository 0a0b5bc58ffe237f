/**
 * Modified indirect data addressing (PoO "Modified Indirect Data Addressing"; the checks as
 * Hercules 3.13's channel.c applies them, QEMU has no MIDAWs). MIDAWs are written here byte by
 * byte from the PoO layout — bits 0-39 reserved, 40-47 flags (last X'80', skip X'40', data-
 * transfer interruption X'20'), 48-63 count, 64-127 data address — not through our table.
 */
import { describe, expect, test } from 'vitest';
import { SCS } from '../../../src/arch';
import { FakeDevice } from '../../helpers/fakeDevice';
import { harness } from '../../helpers/cssHarness';

const MIDA = 0x01;
const IDA = 0x04;
const SKIP = 0x10;
const SLI = 0x20;

function midaw(flags: number, count: number, address: number, reserved = 0): Uint8Array {
  const b = new Uint8Array(16);
  b[4] = reserved;
  b[5] = flags;
  b[6] = count >> 8;
  b[7] = count & 0xff;
  new DataView(b.buffer).setUint32(8, Math.floor(address / 0x1_0000_0000));
  new DataView(b.buffer).setUint32(12, address >>> 0);
  return b;
}

/** A 24-byte read (the fake device's record is 01..18) through the MIDAW list at X'2000'. */
function readThrough(midaws: Uint8Array[], options: { orbD?: 0 | 1; flags?: number; count?: number; list?: number; write?: boolean } = {}) {
  const device = new FakeDevice(0x190);
  const h = harness([device]);
  const list = options.list ?? 0x2000;
  midaws.forEach((m, i) => h.storage.write(list + i * 16, m));
  h.program(0x1000, [{ cmd: options.write ? 0x01 : 0x02, flags: MIDA | (options.flags ?? 0), count: options.count ?? 24, cda: list }]);
  h.css.startSubchannel(0, h.orb({ cpa: 0x1000, D: options.orbD ?? 1 }));
  const r = h.runToStatus();
  return { ...r, h, device };
}

describe('MIDAW data addressing', () => {
  test('a read is scattered over the MIDAWs in order; a skipping MIDAW stores nothing but counts', () => {
    const r = readThrough([midaw(0, 4, 0x3000), midaw(0x40, 8, 0x3100), midaw(0x80, 12, 0x3200)], {});
    expect(r.scsw).toMatchObject({ cstat: 0, dstat: 0x0c, count: 0 });
    expect([...(r.h.storage.read(0x3000, 4) ?? [])]).toEqual([1, 2, 3, 4]);
    expect([...(r.h.storage.read(0x3100, 8) ?? [])]).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect([...(r.h.storage.read(0x3200, 12) ?? [])]).toEqual([13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24]);
  });

  test('a MIDAW data area that crosses a 4K boundary is a program check, unless the MIDAW skips', () => {
    const crossing = readThrough([midaw(0, 12, 0x3000), midaw(0x80, 12, 0x3ffa)]);
    expect(crossing.scsw).toMatchObject({ cstat: SCS.PGMCHK });
    const skipped = readThrough([midaw(0, 12, 0x3000), midaw(0xc0, 12, 0x3ffa)]);
    expect(skipped.scsw).toMatchObject({ cstat: 0, count: 0 });
    expect([...(skipped.h.storage.read(0x3000, 12) ?? [])]).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    const exact = readThrough([midaw(0, 12, 0x3000), midaw(0x80, 12, 0x3ff4)]);
    expect(exact.scsw).toMatchObject({ cstat: 0, count: 0 });
    expect([...(exact.h.storage.read(0x3ff4, 12) ?? [])]).toEqual([13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24]);
  });

  test('write data is gathered from the MIDAWs (skip does not apply to output)', () => {
    const device = new FakeDevice(0x190, undefined, 16);
    const h = harness([device]);
    h.storage.write(0x3000, new Uint8Array([0xa1, 0xa2, 0xa3, 0xa4]));
    h.storage.write(0x3800, new Uint8Array(12).fill(0xb5));
    h.storage.write(0x2000, midaw(0, 4, 0x3000));
    h.storage.write(0x2010, midaw(0xc0, 12, 0x3800));
    h.program(0x1000, [{ cmd: 0x01, flags: MIDA, count: 16, cda: 0x2000 }]);
    h.css.startSubchannel(0, h.orb({ cpa: 0x1000, D: 1 }));
    expect(h.runToStatus().scsw).toMatchObject({ cstat: 0, count: 0 });
    expect([...device.written]).toEqual([0xa1, 0xa2, 0xa3, 0xa4, ...new Array<number>(12).fill(0xb5)]);
  });

  test.each([
    ['the ORB does not allow MIDAWs (D=0)', [midaw(0x80, 24, 0x3000)], { orbD: 0 as const }],
    ['MIDA with IDA', [midaw(0x80, 24, 0x3000)], { flags: IDA }],
    ['MIDA with SKIP', [midaw(0x80, 24, 0x3000)], { flags: SKIP }],
    ['a list that is not quadword aligned', [midaw(0x80, 24, 0x3000)], { list: 0x2008 }],
    ['reserved bits set', [midaw(0x80, 24, 0x3000, 0x01)], {}],
    ['a MIDAW count of zero', [midaw(0, 0, 0x3000), midaw(0x80, 24, 0x3000)], {}],
    ['a MIDAW counting more than the CCW has left', [midaw(0, 16, 0x3000), midaw(0x80, 16, 0x3100)], {}],
    ['the list ending before the CCW count is used', [midaw(0x80, 16, 0x3000)], { flags: SLI }],
    ['the data-transfer-interruption flag', [midaw(0xa0, 24, 0x3000)], {}],
    ['a data area outside storage', [midaw(0x80, 24, 0x1_0000_0000)], {}],
  ])('program check: %s', (_what, midaws, options) => {
    const r = readThrough(midaws, options);
    expect(r.scsw).toMatchObject({ cstat: SCS.PGMCHK });
    expect(r.h.storage.read(0x3000, 4)).toEqual(new Uint8Array(4));
  });

  test('a MIDAW list may not run over a 4K boundary after its first MIDAW', () => {
    const r = readThrough([midaw(0, 8, 0x3000), midaw(0x80, 16, 0x3100)], { list: 0x2ff0 });
    expect(r.scsw).toMatchObject({ cstat: SCS.PGMCHK });
  });

  test('a fetch-protected MIDAW is a protection check', () => {
    const device = new FakeDevice(0x190);
    const h = harness([device]);
    h.storage.write(0x2000, midaw(0x80, 24, 0x3000));
    h.storage.setKey(0x2000, 6, true);
    h.program(0x1000, [{ cmd: 0x02, flags: MIDA, count: 24, cda: 0x2000 }]);
    h.css.startSubchannel(0, h.orb({ cpa: 0x1000, D: 1, key: 3 }));
    expect(h.runToStatus().scsw).toMatchObject({ cstat: SCS.PROTCHK });
  });
});
