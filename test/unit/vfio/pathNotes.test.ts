/**
 * Where the vfio path differs from PATH direct, as the mediated device's typed path notes
 * (src/vfio/pathNotes.ts) carry them for the debugger. Expected facts:
 * - drivers/s390/cio/vfio_ccw_cp.c: convert_ccw0_to_ccw1 copies a format-0 CCW's count as it is
 *   and cp_get_orb sets the host ORB's fmt, so the host runs format 1; the prefetched copy is
 *   what the host runs, whatever the guest stores later.
 * - PoO "Channel-Command Word" / Hercules fetch_ccw: a format-0 CCW other than TIC with count 0 is
 *   a program check; format 1 allows count 0 without data chaining.
 * - hw/s390x/css.c css_do_xsch / css_do_msch: handled on the virtual subchannel only.
 */
import { describe, expect, test } from 'vitest';
import { CCW0 } from '../../../src/arch';
import { FakeDevice } from '../../helpers/fakeDevice';
import { vfioHarness } from '../../helpers/vfioHarness';

const CC = 0x40;
const SLI = 0x20;
const SUSPEND = 0x02;
const PROGRAM = 0x1000;

function harness() {
  return vfioHarness(new FakeDevice(0x190), 1 << 20, [0x01]);
}

describe('kernel notes', () => {
  test('a format-0 program: the conversion and its count-0 CCW, each with its guest address', () => {
    const h = harness();
    h.guest.write(PROGRAM, CCW0.encode({ cmd: 0x03, cda: 0, flags: CC | SLI, count: 0 }));
    h.guest.write(PROGRAM + 8, CCW0.encode({ cmd: 0x03, cda: 0, flags: SLI, count: 1 }));
    expect(h.io.startSubchannel(0, h.orb({ cpa: PROGRAM, F: 0 }))).toEqual({ cc: 0 });
    h.settle();
    const notes = h.mdev.snapshot().pathNotes;
    expect(notes.map((n) => [n.source, n.topic, n.guestAddress])).toEqual([
      ['kernel', 'format-0', PROGRAM],
      ['kernel', 'count-0', PROGRAM],
    ]);
    expect(notes[0]?.seq).toBeLessThan(notes[1]?.seq ?? 0);
  });

  test('a format-1 program with count 0 is no difference: no note', () => {
    const h = harness();
    h.program(PROGRAM, [{ cmd: 0x03, flags: SLI, count: 0 }]);
    h.io.startSubchannel(0, h.orb({ cpa: PROGRAM }));
    h.settle();
    expect(h.mdev.snapshot().pathNotes).toEqual([]);
  });

  test('a CCW changed after the prefetch: noted at program end with its guest address', () => {
    const h = harness();
    h.program(PROGRAM, [
      { cmd: 0x06, flags: CC | SLI, count: 24, cda: 0x3000 },
      { cmd: 0x06, flags: SLI, count: 24, cda: 0x3000 },
    ]);
    h.io.startSubchannel(0, h.orb({ cpa: PROGRAM, P: 0 }));
    h.guest.write(PROGRAM + 12, Uint8Array.of(0, 0, 0x40, 0));
    expect(h.mdev.pathNotes.since(0)).toEqual([]);
    h.settle();
    const notes = h.mdev.pathNotes.since(0);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ source: 'kernel', topic: 'prefetch-divergence', guestAddress: PROGRAM + 8 });
  });

  test('CCWs changed after the prefetch in any byte (first or last of either word): each noted once, in order', () => {
    const h = harness();
    const ccw = { cmd: 0x06, flags: CC | SLI, count: 24, cda: 0x3000 };
    h.program(PROGRAM, [ccw, ccw, ccw, ccw, ccw, { ...ccw, flags: SLI }]);
    h.io.startSubchannel(0, h.orb({ cpa: PROGRAM, P: 0 }));
    h.guest.write(PROGRAM + 7, Uint8Array.of(0x08)); // CCW 0: last byte of the data address
    h.guest.write(PROGRAM + 2 * 8 + 3, Uint8Array.of(25)); // CCW 2: last byte of the count
    h.guest.write(PROGRAM + 3 * 8 + 4, Uint8Array.of(0x01)); // CCW 3: first byte of the data address
    h.guest.write(PROGRAM + 5 * 8, Uint8Array.of(0x02)); // CCW 5: the command code
    h.settle();
    const notes = h.mdev.pathNotes.since(0).filter((n) => n.topic === 'prefetch-divergence');
    expect(notes.map((n) => n.guestAddress)).toEqual([PROGRAM, PROGRAM + 16, PROGRAM + 24, PROGRAM + 40]);
  });
});

describe('QEMU notes', () => {
  test('XSCH while the host runs the program: handled by QEMU alone, noted with the program address', () => {
    const h = harness();
    h.program(PROGRAM, [{ cmd: 0x06, flags: SLI | SUSPEND, count: 24, cda: 0x3000 }]);
    h.io.startSubchannel(0, h.orb({ cpa: PROGRAM, S: 1 }));
    // The virtual subchannel is start pending until QEMU hears from the host: XSCH applies there.
    const r = h.io.cancelSubchannel(0);
    expect(r).toEqual({ cc: 0 });
    const notes = h.mdev.snapshot().pathNotes.filter((n) => n.source === 'qemu');
    expect(notes.map((n) => [n.topic, n.guestAddress])).toEqual([['xsch', PROGRAM]]);
  });

  test('MSCH: the virtual PMCW only; no CCW concerned', () => {
    const h = harness();
    const stored = h.io.storeSubchannel(0);
    expect(stored.schib).not.toBeNull();
    expect(h.io.modifySubchannel(0, stored.schib as Uint8Array)).toEqual({ cc: 0 });
    const msch = h.mdev.snapshot().pathNotes.find((n) => n.topic === 'msch');
    expect(msch).toMatchObject({ source: 'qemu', guestAddress: null });
  });

  test('since(seq) gives only the newer notes (how the driver attaches them to one statement)', () => {
    const h = harness();
    const schib = h.io.storeSubchannel(0).schib as Uint8Array;
    h.io.modifySubchannel(0, schib);
    const seen = h.mdev.pathNotes.last;
    h.io.modifySubchannel(0, schib);
    expect(h.mdev.pathNotes.since(seen)).toHaveLength(1);
    expect(h.mdev.pathNotes.since(h.mdev.pathNotes.last)).toEqual([]);
  });
});
