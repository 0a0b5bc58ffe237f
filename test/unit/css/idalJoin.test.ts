/**
 * resolveIdal joins IDAW blocks that follow each other in storage into one area (one copy for an
 * IDAL over one buffer, as vfio-ccw builds over pinned pages). A storage fault inside a joined
 * area must still move exactly the blocks before the faulting one, as one area per IDAW does:
 * these tests pin that down for a read (scatter) and a write (gather).
 */
import { describe, expect, test } from 'vitest';
import { SCS } from '../../../src/arch';
import { FakeDevice } from '../../helpers/fakeDevice';
import { harness } from '../../helpers/cssHarness';

const IDA = 0x04;
const RECORD = new Uint8Array(12_288).map((_, i) => (i % 251) + 1);

/** Format-2 IDAWs (ORB H = 1, 4K blocks) at X'2000': 0x10100 then the next three 4K frames, all contiguous. */
function setup(protectedFrame: number | null, fetchProtect: boolean) {
  const device = new FakeDevice(0x190, RECORD, 12_288);
  const h = harness([device]);
  [0x10100, 0x11000, 0x12000, 0x13000].forEach((a, i) => {
    const idaw = new Uint8Array(8);
    new DataView(idaw.buffer).setUint32(4, a);
    h.storage.write(0x2000 + i * 8, idaw);
  });
  for (const f of [0x10000, 0x11000, 0x12000, 0x13000]) h.storage.setKey(f, 3, false);
  if (protectedFrame !== null) h.storage.setKey(protectedFrame, 5, fetchProtect);
  return { device, h };
}

describe('joined IDAL areas', () => {
  test('a read over contiguous IDAWs lands in one piece', () => {
    const { h } = setup(null, false);
    h.program(0x1000, [{ cmd: 0x02, flags: IDA, count: 12_288, cda: 0x2000 }]);
    h.css.startSubchannel(0, h.orb({ cpa: 0x1000, H: 1, key: 3 }));
    const r = h.runToStatus();
    expect(r.scsw).toMatchObject({ cstat: 0, dstat: 0x0c, count: 0 });
    expect([...(h.storage.read(0x10100, 12_288) ?? [])]).toEqual([...RECORD]);
  });

  test('a store-protected frame inside a joined area: the blocks before it are stored, nothing from it on', () => {
    const { h } = setup(0x12000, false);
    h.program(0x1000, [{ cmd: 0x02, flags: IDA, count: 12_288, cda: 0x2000 }]);
    h.css.startSubchannel(0, h.orb({ cpa: 0x1000, H: 1, key: 3 }));
    const r = h.runToStatus();
    expect((r.scsw?.cstat ?? 0) & SCS.PROTCHK).toBe(SCS.PROTCHK);
    const stored = 0x12000 - 0x10100;
    expect([...(h.storage.read(0x10100, stored) ?? [])]).toEqual([...RECORD.subarray(0, stored)]);
    expect((h.storage.read(0x12000, 0x2000) ?? new Uint8Array(1)).every((b) => b === 0)).toBe(true);
  });

  test('a fetch-protected frame inside a joined area: the write data before it still reaches the device', () => {
    const { h, device } = setup(0x12000, true);
    h.storage.write(0x10100, RECORD);
    h.program(0x1000, [{ cmd: 0x01, flags: IDA, count: 12_288, cda: 0x2000 }]);
    h.css.startSubchannel(0, h.orb({ cpa: 0x1000, H: 1, key: 3 }));
    const r = h.runToStatus();
    expect((r.scsw?.cstat ?? 0) & SCS.PROTCHK).toBe(SCS.PROTCHK);
    const fetched = 0x12000 - 0x10100;
    expect([...(device.commands[0]?.data ?? [])]).toEqual([...RECORD.subarray(0, fetched)]);
  });
});
