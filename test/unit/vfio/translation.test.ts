/**
 * Channel-program translation and the io-region write path, checked against the behaviour of
 * Linux drivers/s390/cio/vfio_ccw_cp.c and vfio_ccw_fsm.c (reference vfio-ccw-css.md 3.4-3.12).
 */
import { describe, expect, test } from 'vitest';
import { CCW1, ERRNO, IDAW2, IO_REGION, SCSW } from '../../../src/arch';
import { ChannelProgramTranslation, CCWCHAIN_LEN_MAX, KERNEL_MEMORY_BASE, PINNED_FRAME_BASE } from '../../../src/vfio';
import { FakeDevice } from '../../helpers/fakeDevice';
import { vfioHarness } from '../../helpers/vfioHarness';

const CC = 0x40;
const SLI = 0x20;

describe('cp_init: segments', () => {
  test('a chain of 256 CCWs whose last ends the chain is one segment; 256 that all chain is -EINVAL (CCWCHAIN_LEN_MAX)', () => {
    const h = vfioHarness(new FakeDevice(0x190));
    const ccws = Array.from({ length: 256 }, (_, i) => ({ cmd: 0x03, flags: i < 255 ? CC | SLI : SLI, count: 1 }));
    h.program(0x10000, ccws);
    const ok = new ChannelProgramTranslation(h.iommu, h.host);
    expect(ok.init(h.orb({ cpa: 0x10000 }))).toBe(0);
    expect(ok.segments.map((s) => s.ccws.length)).toEqual([256]);
    ok.free();

    h.program(0x10000 + 255 * 8, [{ cmd: 0x03, flags: CC | SLI, count: 1 }]);
    const tooLong = new ChannelProgramTranslation(h.iommu, h.host);
    expect(tooLong.init(h.orb({ cpa: 0x10000 }))).toBe(-ERRNO.EINVAL);
    expect(CCWCHAIN_LEN_MAX).toBe(256);
  });

  test('a TIC to outside the segment starts a new segment; a TIC back into it does not (ccwchain_loop_tic)', () => {
    const h = vfioHarness(new FakeDevice(0x190));
    h.program(0x1000, [
      { cmd: 0x31, flags: CC, count: 5, cda: 0x3000 },
      { cmd: 0x08, cda: 0x1000 },
      { cmd: 0x06, flags: CC, count: 8, cda: 0x3100 },
      { cmd: 0x08, cda: 0x2000 },
    ]);
    h.program(0x2000, [{ cmd: 0x03, flags: SLI, count: 1 }]);
    const cp = new ChannelProgramTranslation(h.iommu, h.host);
    expect(cp.init(h.orb({ cpa: 0x1000 }))).toBe(0);
    expect(cp.segments.map((s) => [s.guestHead, s.ccws.length])).toEqual([
      [0x1000, 4],
      [0x2000, 1],
    ]);
  });

  test('format-0 CCWs are converted to format 1; a format-0 TIC (xxxx1000) becomes 08 with flags and count zero', () => {
    const h = vfioHarness(new FakeDevice(0x190));
    // Format 0: 06 003000 20 00 0018 (read, SLI, 24 bytes), then 18 001000 ff ff ffff (a TIC with junk)
    h.guest.write(0x1000, new Uint8Array([0x06, 0x00, 0x30, 0x00, 0x60, 0x00, 0x00, 0x18, 0x18, 0x00, 0x20, 0x00, 0xff, 0xff, 0xff, 0xff]));
    h.guest.write(0x2000, new Uint8Array([0x03, 0x00, 0x00, 0x00, 0x20, 0x00, 0x00, 0x01]));
    const cp = new ChannelProgramTranslation(h.iommu, h.host);
    expect(cp.init(h.orb({ cpa: 0x1000, F: 0 }))).toBe(0);
    const [first, tic] = cp.segments[0]!.ccws;
    expect(first!.guest).toEqual({ cmd: 0x06, flags: 0x60, count: 0x18, cda: 0x3000 });
    expect(tic!.guest).toEqual({ cmd: 0x08, flags: 0, count: 0, cda: 0x2000 });
  });

  test('an ORB without P is prefetched anyway, with the kernel\'s warning', () => {
    const h = vfioHarness(new FakeDevice(0x190));
    h.program(0x1000, [{ cmd: 0x03, flags: SLI, count: 1 }]);
    const cp = new ChannelProgramTranslation(h.iommu, h.host);
    expect(cp.init(h.orb({ cpa: 0x1000, P: 0 }))).toBe(0);
    expect(cp.notes.some((n) => n.kind === 'prefetch-forced')).toBe(true);
  });

  test('reading CCWs from an unmapped IOVA fails with -EINVAL (type-1 vfio_dma_rw)', () => {
    const h = vfioHarness(new FakeDevice(0x190));
    const cp = new ChannelProgramTranslation(h.iommu, h.host);
    expect(cp.init(h.orb({ cpa: 0x7fff0000 }))).toBe(-ERRNO.EINVAL);
  });
});

describe('cp_prefetch: IDALs, pinning, TIC retargeting', () => {
  test('a direct CCW becomes an IDA CCW with a format-2 IDAL of pinned host pages, offsets kept', () => {
    const h = vfioHarness(new FakeDevice(0x190));
    h.program(0x1000, [{ cmd: 0x06, flags: SLI, count: 0x1800, cda: 0x3f00 }]);
    const cp = new ChannelProgramTranslation(h.iommu, h.host);
    expect(cp.init(h.orb({ cpa: 0x1000, H: 1 }))).toBe(0);
    expect(cp.prefetch()).toBe(0);
    const t = cp.segments[0]!.ccws[0]!;
    // 4K IDAWs (H=1, T=0): 0x3F00..0x56FF spans pages 3, 4 and 5: three IDAWs, the later ones page aligned.
    expect(t.idal!.guestAddresses).toEqual([0x3f00, 0x4000, 0x5000]);
    expect(t.idal!.hostAddresses.map((a) => a % 4096)).toEqual([0xf00, 0, 0]);
    expect(t.idal!.hostAddresses.every((a) => a >= PINNED_FRAME_BASE)).toBe(true);
    expect(t.host.flags & 0x04).toBe(0x04);
    expect(t.host.cda).toBe(t.idal!.hostAddress);
    expect(t.idal!.hostAddress).toBeGreaterThanOrEqual(KERNEL_MEMORY_BASE);
    const idal = h.host.readKernel(t.idal!.hostAddress, 24);
    expect([0, 1, 2].map((i) => IDAW2.get(idal, i * 8, 'address'))).toEqual(t.idal!.hostAddresses);
    expect(h.iommu.pinnedPages().map((p) => p.iovaPage)).toEqual([0x3000, 0x4000, 0x5000]);
    cp.free();
    expect(h.iommu.pinnedPages()).toEqual([]);
    expect(h.host.liveAllocations()).toHaveLength(1); // only struct subchannel remains
  });

  test('format-1 IDAWs (H=0) are 2K: the host ORB gets H=1 and T=1 (cp_get_orb)', () => {
    const h = vfioHarness(new FakeDevice(0x190));
    h.program(0x1000, [{ cmd: 0x06, flags: SLI, count: 0x1000, cda: 0x3000 }]);
    const cp = new ChannelProgramTranslation(h.iommu, h.host);
    cp.init(h.orb({ cpa: 0x1000, H: 0 }));
    cp.prefetch();
    expect(cp.segments[0]!.ccws[0]!.idal!.guestAddresses).toEqual([0x3000, 0x3800]);
    const orb = cp.hostOrb(0x12345678, 0x80)!;
    expect(orb).toMatchObject({ intparm: 0x12345678, F: 1, H: 1, T: 1, cpa: cp.segments[0]!.hostHead });
  });

  test('NOP and count-0 CCWs pin nothing (ccw_does_data_transfer)', () => {
    const h = vfioHarness(new FakeDevice(0x190));
    h.program(0x1000, [{ cmd: 0x03, flags: CC | SLI, count: 1, cda: 0x9000 }, { cmd: 0x06, flags: 0x10 | SLI, count: 8, cda: 0x9000 }]);
    const cp = new ChannelProgramTranslation(h.iommu, h.host);
    cp.init(h.orb({ cpa: 0x1000, H: 1 }));
    expect(cp.prefetch()).toBe(0);
    expect(cp.segments[0]!.ccws.map((c) => c.idal!.pinned)).toEqual([false, false]);
    expect(h.iommu.pinnedPages()).toEqual([]);
  });

  test('a TIC is retargeted to the host copy of its target, and the SCSW CCW address maps back (cp_update_scsw)', () => {
    const h = vfioHarness(new FakeDevice(0x190));
    h.program(0x1000, [{ cmd: 0x03, flags: CC | SLI, count: 1 }, { cmd: 0x08, cda: 0x2000 }]);
    h.program(0x2000, [{ cmd: 0x03, flags: SLI, count: 1 }]);
    const cp = new ChannelProgramTranslation(h.iommu, h.host);
    cp.init(h.orb({ cpa: 0x1000, H: 1 }));
    cp.prefetch();
    const [a, b] = cp.segments;
    const tic = CCW1.decode(h.host.readKernel(a!.hostHead + 8, 8));
    expect(tic).toEqual({ cmd: 0x08, flags: 0, count: 0, cda: b!.hostHead });
    expect(cp.guestAddressOf(b!.hostHead + 8)).toBe(0x2008); // one past the end: a normal ending
    expect(cp.guestAddressOf(0x12340)).toBe(0x12340); // not in any segment: left as it is
  });

  test('a chain reading into one buffer: an IDAL per CCW, each page pinned once per IDAL (vfio_pin_pages counts), all released by cp_free', () => {
    const h = vfioHarness(new FakeDevice(0x190));
    // Three reads of 0x1800 bytes at 0x3f00 (pages 3, 4, 5), then one at 0x4000 (pages 4, 5).
    h.program(0x1000, [
      { cmd: 0x06, flags: CC | SLI, count: 0x1800, cda: 0x3f00 },
      { cmd: 0x06, flags: CC | SLI, count: 0x1800, cda: 0x3f00 },
      { cmd: 0x06, flags: CC | SLI, count: 0x1800, cda: 0x3f00 },
      { cmd: 0x06, flags: SLI, count: 0x1800, cda: 0x4000 },
    ]);
    const cp = new ChannelProgramTranslation(h.iommu, h.host);
    cp.init(h.orb({ cpa: 0x1000, H: 1 }));
    expect(cp.prefetch()).toBe(0);
    expect(h.iommu.pinnedPages().map((p) => [p.iovaPage, p.refs])).toEqual([
      [0x3000, 3],
      [0x4000, 4],
      [0x5000, 4],
    ]);
    const ccws = cp.segments[0]!.ccws;
    const idals = ccws.map((c) => c.idal!.hostAddress);
    expect(new Set(idals).size).toBe(4);
    // Every IDAL in kernel memory holds its own entries, and the host CCW points at it with IDA on.
    ccws.forEach((c) => {
      const bytes = h.host.readKernel(c.idal!.hostAddress, c.idal!.hostAddresses.length * 8);
      expect(c.idal!.hostAddresses.map((_, i) => IDAW2.get(bytes, i * 8, 'address'))).toEqual(c.idal!.hostAddresses);
      expect(CCW1.decode(h.host.readKernel(c.hostAddress, 8))).toEqual(c.host);
      expect(c.host.flags & 0x04).toBe(0x04);
    });
    expect(ccws[1]!.idal!.guestAddresses).toEqual([0x3f00, 0x4000, 0x5000]);
    expect(ccws[3]!.idal!.guestAddresses).toEqual([0x4000, 0x5000]);
    cp.free();
    expect(h.iommu.pinnedPages()).toEqual([]);
    expect(h.host.liveAllocations()).toHaveLength(1);
  });

  test('a segment exported as JSON (the trace) is its head addresses and CCW records', () => {
    const h = vfioHarness(new FakeDevice(0x190));
    h.program(0x1000, [{ cmd: 0x06, flags: SLI, count: 16, cda: 0x3000 }]);
    const cp = new ChannelProgramTranslation(h.iommu, h.host);
    cp.init(h.orb({ cpa: 0x1000, H: 1 }));
    cp.prefetch();
    const json = JSON.parse(JSON.stringify(cp.segments[0])) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(['guestHead', 'hostHead', 'ccws']);
    expect(json['guestHead']).toBe(0x1000);
    expect((json['ccws'] as { guestAddress: number }[]).map((c) => c.guestAddress)).toEqual([0x1000]);
  });
});

describe('io region write path and the FSM', () => {
  test('START through the io region: IDLE → CP_PROCESSING → CP_PENDING → IDLE, IRB with the guest CCW address', () => {
    const dev = new FakeDevice(0x190);
    const h = vfioHarness(dev);
    expect(h.mdev.open()).toBe(0);
    expect(h.mdev.state).toBe('IDLE');
    h.program(0x1000, [{ cmd: 0x06, flags: SLI, count: 24, cda: 0x3000 }]);
    expect(h.io.startSubchannel(0, h.orb({ cpa: 0x1000 }))).toEqual({ cc: 0 });
    expect(h.qemu.lastRet).toBe(0);
    expect(h.mdev.state).toBe('CP_PENDING');
    expect(h.mdev.history.map((t) => `${t.from}>${t.to}`)).toEqual(['STANDBY>IDLE', 'IDLE>CP_PROCESSING', 'CP_PROCESSING>CP_PENDING']);
    h.settle();
    expect(h.mdev.state).toBe('IDLE');
    // The data landed in the guest's page, through the pinned host frame.
    expect(Array.from(h.guest.read(0x3000, 4)!)).toEqual([1, 2, 3, 4]);
    const region = IO_REGION.decode(h.mdev.ioRegionSnapshot());
    expect(region.irb_area.scsw).toMatchObject({ cpa: 0x1008, dstat: 0x0c, cstat: 0, stctl: 0b00111 });
    const { cc, irb } = h.io.testSubchannel(0);
    expect(cc).toBe(0);
    expect(SCSW.decode(irb!)).toMatchObject({ cpa: 0x1008, dstat: 0x0c, fctl: 4 });
    expect(h.iommu.pinnedPages()).toEqual([]);
  });

  test('a second START while CP_PENDING is refused with -EBUSY (fsm_io_busy); QEMU never sends it (virtual cc 2)', () => {
    const h = vfioHarness(new FakeDevice(0x190));
    h.mdev.open();
    h.program(0x1000, [{ cmd: 0x03, flags: SLI, count: 1 }]);
    const region = new Uint8Array(124);
    region.set(h.guest.read(0, 0)!, 0);
    expect(h.io.startSubchannel(0, h.orb({ cpa: 0x1000 }))).toEqual({ cc: 0 });
    // A raw write (as another user program might do) meets CP_PENDING:
    const raw = h.mdev.ioRegionSnapshot();
    SCSW.set(raw, 12, 'fctl', 4);
    expect(h.mdev.write(0, raw)).toBe(-ERRNO.EBUSY);
    expect(h.io.startSubchannel(0, h.orb({ cpa: 0x1000 }))).toEqual({ cc: 2 });
  });

  test('transport mode (ORB B) written to the io region is -EOPNOTSUPP; halt in the io region too', () => {
    const h = vfioHarness(new FakeDevice(0x190));
    h.mdev.open();
    const raw = new Uint8Array(124);
    raw[5] = 0x84; // F=1, B=1
    SCSW.set(raw, 12, 'fctl', 4);
    expect(h.mdev.write(0, raw)).toBe(-ERRNO.EOPNOTSUPP);
    expect(h.mdev.state).toBe('IDLE');
    SCSW.set(raw, 12, 'fctl', 2);
    raw[5] = 0x80;
    expect(h.mdev.write(0, raw)).toBe(-ERRNO.EOPNOTSUPP);
  });

  test('a chain over the limit makes ret_code -EINVAL, and the guest sees cc 0 then a unit exception (QEMU sch_gen_unit_exception)', () => {
    const h = vfioHarness(new FakeDevice(0x190));
    h.mdev.open();
    h.program(0x10000, Array.from({ length: 300 }, () => ({ cmd: 0x03, flags: CC | SLI, count: 1 })));
    expect(h.io.startSubchannel(0, h.orb({ cpa: 0x10000 }))).toEqual({ cc: 0 });
    expect(h.qemu.lastRet).toBe(-ERRNO.EINVAL);
    expect(h.mdev.state).toBe('IDLE');
    const { irb } = h.io.testSubchannel(0);
    expect(SCSW.decode(irb!)).toMatchObject({ dstat: 0x01, cpa: 0x10008, stctl: 0b10111, fctl: 4 });
  });

  test('writes beyond the 124-byte io region are -EINVAL; other region indexes are -EINVAL', () => {
    const h = vfioHarness(new FakeDevice(0x190));
    h.mdev.open();
    expect(h.mdev.write(100, new Uint8Array(30))).toBe(-ERRNO.EINVAL);
    expect(h.mdev.write(5 << 10, new Uint8Array(4))).toBe(-ERRNO.EINVAL);
    expect(h.mdev.read(120, 8)).toBe(-ERRNO.EINVAL);
  });

  test('an io region write after close (STANDBY) is -EIO (fsm_io_error)', () => {
    const h = vfioHarness(new FakeDevice(0x190));
    expect(h.mdev.close()).toBe(0);
    expect(h.mdev.state).toBe('STANDBY');
    const raw = new Uint8Array(124);
    SCSW.set(raw, 12, 'fctl', 4);
    expect(h.mdev.write(0, raw)).toBe(-ERRNO.EIO);
  });
});
