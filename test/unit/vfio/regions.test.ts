/**
 * Region access checks and return codes (vfio_ccw_ops.c, vfio_ccw_async.c, vfio_ccw_chp.c),
 * CRW queueing for channel-path events (vfio_ccw_drv.c vfio_ccw_chp_event), and the ioctls.
 */
import { describe, expect, test } from 'vitest';
import {
  CMD_REGION,
  CRW,
  ERRNO,
  IO_REGION,
  SCSW,
  VFIO_DEVICE_INFO,
  VFIO_IOCTL,
  VFIO_IRQ_INFO,
  VFIO_IRQ_SET,
  VFIO_REGION_INFO,
  VFIO_REGION_INFO_CAP_TYPE_STRUCT,
} from '../../../src/arch';
import { EventFdTable, vfioDeviceIoctl } from '../../../src/vfio';
import { FakeDevice } from '../../helpers/fakeDevice';
import { vfioHarness } from '../../helpers/vfioHarness';

const SLI = 0x20;

function opened(chpids: number[] = [0x40]) {
  const h = vfioHarness(new FakeDevice(0x190), 1 << 20, chpids);
  h.program(0x1000, [{ cmd: 0x06, flags: SLI, count: 24, cda: 0x3000 }]);
  const start = new Uint8Array(124);
  IO_REGION.encodeInto(start, 0, { orb_area: h.orb({ cpa: 0x1000 }) });
  SCSW.set(start, 12, 'fctl', 4);
  return { h, start };
}

describe('bounds checks, per region (pos + count > sizeof(region) is -EINVAL)', () => {
  const regions = [
    { name: 'io', offset: 0, size: 124, writable: true },
    { name: 'async', offset: 0x400, size: 8, writable: true },
    { name: 'schib', offset: 0x800, size: 52, writable: false },
    { name: 'crw', offset: 0xc00, size: 8, writable: false },
  ];
  for (const r of regions) {
    test(`${r.name}: reads up to the end succeed, one byte beyond is -EINVAL`, () => {
      const { h } = opened();
      const whole = h.mdev.read(r.offset, r.size);
      expect(whole).toBeInstanceOf(Uint8Array);
      expect((whole as Uint8Array).length).toBe(r.size);
      expect(h.mdev.read(r.offset + r.size - 1, 1)).toBeInstanceOf(Uint8Array);
      expect(h.mdev.read(r.offset + r.size, 1)).toBe(-ERRNO.EINVAL);
      expect(h.mdev.read(r.offset + 1, r.size)).toBe(-ERRNO.EINVAL);
      expect(h.mdev.write(r.offset + r.size - 1, new Uint8Array(2))).toBe(-ERRNO.EINVAL);
      if (!r.writable) expect(h.mdev.write(r.offset, new Uint8Array(4))).toBe(-ERRNO.EINVAL);
    });
  }

  test('indexes past the registered regions, and negative offsets, are -EINVAL; closed, only the io region exists', () => {
    const { h } = opened();
    expect(h.mdev.read(4 << 10, 1)).toBe(-ERRNO.EINVAL);
    expect(h.mdev.write(-1, new Uint8Array(1))).toBe(-ERRNO.EINVAL);
    h.mdev.close();
    expect(h.mdev.read(0x400, 8)).toBe(-ERRNO.EINVAL);
    expect(h.mdev.read(0, 124)).toBeInstanceOf(Uint8Array);
  });
});

describe('io region return codes', () => {
  test('0 (the write returns its count) for a START the host accepts', () => {
    const { h, start } = opened();
    expect(h.mdev.write(0, start)).toBe(124);
    expect(IO_REGION.get(h.mdev.regions.io, 0, 'ret_code')).toBe(0);
  });

  test('-EAGAIN when the io_mutex is held (FAULT VFIO,EAGAIN); the FSM never sees the write', () => {
    const { h, start } = opened();
    h.mdev.injectRegionFault('EAGAIN');
    expect(h.mdev.write(0, start)).toBe(-ERRNO.EAGAIN);
    expect(h.mdev.state).toBe('IDLE');
    expect(h.mdev.write(0, start)).toBe(124);
  });

  test('-EFAULT when copy_from_user fails (FAULT VFIO,EFAULT); reads fail the same way once', () => {
    const { h, start } = opened();
    h.mdev.injectRegionFault('EFAULT');
    expect(h.mdev.write(0, start)).toBe(-ERRNO.EFAULT);
    h.mdev.injectRegionFault('EFAULT');
    expect(h.mdev.read(0, 124)).toBe(-ERRNO.EFAULT);
    expect(h.mdev.read(0, 124)).toBeInstanceOf(Uint8Array);
  });

  test('-EFAULT when a TIC target segment cannot be found is impossible: every TIC target becomes a segment', () => {
    const { h } = opened();
    h.program(0x1000, [{ cmd: 0x03, flags: 0x40 | SLI, count: 1 }, { cmd: 0x08, cda: 0x2000 }]);
    h.program(0x2000, [{ cmd: 0x03, flags: SLI, count: 1 }]);
    const region = new Uint8Array(124);
    IO_REGION.encodeInto(region, 0, { orb_area: h.orb({ cpa: 0x1000 }) });
    SCSW.set(region, 12, 'fctl', 4);
    expect(h.mdev.write(0, region)).toBe(124);
  });

  test('-EACCES when the host SSCH gets cc 3 and other paths remain; -ENODEV when none remains (cio_start_handle_notoper)', () => {
    const { h } = opened([0x40, 0x41]);
    h.css.setDeviceOperational(0, false, 'device');
    const region = new Uint8Array(124);
    IO_REGION.encodeInto(region, 0, { orb_area: h.orb({ cpa: 0x1000, lpm: 0x80 }) });
    SCSW.set(region, 12, 'fctl', 4);
    expect(h.mdev.write(0, region)).toBe(-ERRNO.EACCES);
    expect(h.mdev.hostLpm).toBe(0x40);
    IO_REGION.encodeInto(region, 0, { orb_area: h.orb({ cpa: 0x1000, lpm: 0x40 }) });
    expect(h.mdev.write(0, region)).toBe(-ERRNO.ENODEV);
    expect(h.iommu.pinnedPages()).toEqual([]);
  });

  test('FC = 0: nothing is done and the write returns the ret_code user space wrote (fsm_io_request falls through)', () => {
    const { h } = opened();
    const region = new Uint8Array(124);
    IO_REGION.set(region, 0, 'ret_code', -7);
    expect(h.mdev.write(0, region)).toBe(-7);
    IO_REGION.set(region, 0, 'ret_code', 0);
    expect(h.mdev.write(0, region)).toBe(124);
  });
});

describe('async command region (fsm_async_request)', () => {
  test('HSCH of an idle subchannel is 0; the halt interruption leaves the FSM IDLE', () => {
    const { h } = opened();
    expect(h.mdev.write(0x400, CMD_REGION.encode({ command: 1 }))).toBe(8);
    h.settle();
    expect(h.mdev.state).toBe('IDLE');
  });

  test('a command other than exactly 1 or 2 is -EINVAL (3 = HSCH|CSCH too)', () => {
    const { h } = opened();
    for (const command of [0, 3, 4, 0x80000000]) expect(h.mdev.write(0x400, CMD_REGION.encode({ command }))).toBe(-ERRNO.EINVAL);
  });

  test('HSCH while the host subchannel is status pending is -EBUSY (cc 1)', () => {
    const { h, start } = opened();
    h.mdev.write(0, start);
    while (h.scheduler.peek() && !h.css.subchannel(0)!.statusPending) h.scheduler.runNext();
    expect(h.mdev.write(0x400, CMD_REGION.encode({ command: 1 }))).toBe(-ERRNO.EBUSY);
  });

  test('HSCH / CSCH on a host subchannel that is gone are -ENODEV until the subchannel event, then -EIO', () => {
    const { h } = opened();
    h.css.setDeviceOperational(0, false, 'subchannel');
    expect(h.mdev.write(0x400, CMD_REGION.encode({ command: 1 }))).toBe(-ERRNO.ENODEV);
    expect(h.mdev.write(0x400, CMD_REGION.encode({ command: 2 }))).toBe(-ERRNO.ENODEV);
    h.settle();
    expect(h.mdev.state).toBe('NOT_OPER');
    expect(h.mdev.write(0x400, CMD_REGION.encode({ command: 2 }))).toBe(-ERRNO.EIO);
  });
});

describe('SCHIB region', () => {
  test('a read stores the host SCHIB (STORE SUBCHANNEL): device number, enabled, ISC 3, intparm = &struct subchannel', () => {
    const { h } = opened();
    const bytes = h.mdev.read(0x800, 52) as Uint8Array;
    expect(bytes[6]).toBe(0x01);
    expect(bytes[7]).toBe(0x90);
    expect(bytes[5]! & 0x80).toBe(0x80);
    expect((bytes[4]! >> 3) & 7).toBe(3);
    expect(new DataView(bytes.buffer).getUint32(0)).toBe(h.mdev.subchannelStructAddress);
  });

  test('a read of a subchannel that is gone is -ENODEV', () => {
    const { h } = opened();
    h.css.setDeviceOperational(0, false, 'subchannel');
    expect(h.mdev.read(0x800, 52)).toBe(-ERRNO.ENODEV);
  });
});

describe('CRW region and channel-path events (vfio_ccw_chp_event)', () => {
  test('offline queues RSC 4 / ERC 6 / RSID = CHPID, online ERC 2; the CRW eventfd fires; reads return each, then zeros', () => {
    const { h } = opened([0x40, 0x41]);
    const fds = new EventFdTable();
    const fd = fds.create();
    const set = new Uint8Array(24);
    VFIO_IRQ_SET.encodeInto(set, 0, { argsz: 24, flags: 0x24, index: 1, start: 0, count: 1 });
    new DataView(set.buffer).setInt32(20, fd.fd);
    expect(vfioDeviceIoctl(h.mdev, VFIO_IOCTL.DEVICE_SET_IRQS, set, fds)).toBe(0);
    h.css.setChannelPathOnline(0x41, false);
    h.css.setChannelPathOnline(0x41, true);
    h.settle();
    expect(fd.read()).toBeGreaterThan(0);
    const first = h.mdev.read(0xc00, 8) as Uint8Array;
    expect(CRW.decode(first)).toMatchObject({ S: 0, R: 0, C: 0, A: 0, rsc: 4, erc: 6, rsid: 0x41 });
    expect(Array.from(first)).toEqual([0x04, 0x06, 0x00, 0x41, 0, 0, 0, 0]);
    const second = h.mdev.read(0xc00, 8) as Uint8Array;
    expect(Array.from(second.slice(0, 4))).toEqual([0x04, 0x02, 0x00, 0x41]);
    expect(Array.from(h.mdev.read(0xc00, 8) as Uint8Array)).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
  });

  test('a logical vary queues nothing but changes the host path masks; a CHPID the subchannel does not use is ignored', () => {
    const { h } = opened([0x40, 0x41]);
    h.css.varyChannelPath(0x41, false);
    h.css.setChannelPathOnline(0x77, false);
    h.settle();
    expect(h.mdev.crws.length).toBe(0);
    expect(h.mdev.hostLpm).toBe(0x80);
  });

  test('vary-off of the path in use while the host subchannel is status pending stops at XSCH cc 1 (cio_cancel -EBUSY): no halt, no clear', () => {
    // drivers/s390/cio/cio.c: cio_cancel maps XSCH cc 1 to -EBUSY, and cio_cancel_halt_clear
    // returns anything but -EINVAL at once; HSCH (cc 1 here) and CSCH (cc 0) are never issued.
    const { h, start } = opened();
    expect(h.mdev.write(0, start)).toBe(124);
    const sch = h.css.subchannel(0)!;
    // Run the host until the program's final status is pending, before the kernel's irq handler takes it.
    while (!sch.statusPending && h.scheduler.runNext());
    expect(sch.statusPending).toBe(true);
    const before = { fctl: sch.scsw.fctl, actl: sch.scsw.actl, stctl: sch.scsw.stctl, lpum: sch.pmcw.lpum };
    expect(before.fctl).toBe(4);
    expect(before.lpum & 0x80).toBe(0x80);
    expect(h.mdev.chpEvent(0x40, 'vary-off')).toBe(0);
    expect({ fctl: sch.scsw.fctl, actl: sch.scsw.actl, stctl: sch.scsw.stctl, lpum: sch.pmcw.lpum }).toEqual(before);
    expect(h.mdev.hostLpm).toBe(0);
    // The program's own ending reaches the guest, not a clear's.
    h.settle();
    const irb = h.io.testSubchannel(0);
    expect(irb.cc).toBe(0);
    expect(SCSW.decode(irb.irb!, 0)).toMatchObject({ fctl: 4, dstat: 0x0c });
  });
});

describe('ioctls (vfio_ccw_mdev_ioctl)', () => {
  const fds = new EventFdTable();

  test('GET_INFO: flags CCW | RESET, 4 regions when open, 1 when closed, 3 irqs; argsz < 16 is -EINVAL', () => {
    const { h } = opened();
    const info = VFIO_DEVICE_INFO.encode({ argsz: 24 });
    expect(vfioDeviceIoctl(h.mdev, VFIO_IOCTL.DEVICE_GET_INFO, info, fds)).toBe(0);
    expect(VFIO_DEVICE_INFO.decode(info)).toMatchObject({ flags: 0x11, num_regions: 4, num_irqs: 3 });
    h.mdev.close();
    vfioDeviceIoctl(h.mdev, VFIO_IOCTL.DEVICE_GET_INFO, info, fds);
    expect(VFIO_DEVICE_INFO.get(info, 0, 'num_regions')).toBe(1);
    expect(vfioDeviceIoctl(h.mdev, VFIO_IOCTL.DEVICE_GET_INFO, VFIO_DEVICE_INFO.encode({ argsz: 15 }), fds)).toBe(-ERRNO.EINVAL);
    expect(vfioDeviceIoctl(h.mdev, VFIO_IOCTL.DEVICE_GET_INFO, new Uint8Array(8), fds)).toBe(-ERRNO.EFAULT);
  });

  test('GET_REGION_INFO: offsets index << 10, sizes 124/8/52/8, flags, the type capability; argsz too small raises argsz', () => {
    const { h } = opened();
    const expected = [
      [0, 124, 0x3, null],
      [0x400, 8, 0xb, 1],
      [0x800, 52, 0x9, 2],
      [0xc00, 8, 0x9, 3],
    ] as const;
    expected.forEach(([offset, size, flags, subtype], index) => {
      const arg = new Uint8Array(48);
      VFIO_REGION_INFO.encodeInto(arg, 0, { argsz: 48, index });
      expect(vfioDeviceIoctl(h.mdev, VFIO_IOCTL.DEVICE_GET_REGION_INFO, arg, fds)).toBe(0);
      expect(VFIO_REGION_INFO.decode(arg)).toMatchObject({ offset, size, flags });
      if (subtype !== null) {
        expect(VFIO_REGION_INFO.get(arg, 0, 'cap_offset')).toBe(32);
        expect(VFIO_REGION_INFO_CAP_TYPE_STRUCT.decode(arg, 32)).toEqual({ header: { id: 2, version: 1, next: 0 }, type: 2, subtype });
      }
    });
    const short = VFIO_REGION_INFO.encode({ argsz: 32, index: 2 });
    expect(vfioDeviceIoctl(h.mdev, VFIO_IOCTL.DEVICE_GET_REGION_INFO, short, fds)).toBe(0);
    expect(VFIO_REGION_INFO.decode(short)).toMatchObject({ argsz: 48, cap_offset: 0, flags: 0x9 });
    expect(vfioDeviceIoctl(h.mdev, VFIO_IOCTL.DEVICE_GET_REGION_INFO, VFIO_REGION_INFO.encode({ argsz: 32, index: 4 }), fds)).toBe(-ERRNO.EINVAL);
  });

  test('GET_IRQ_INFO: indexes 0-2 have one eventfd interrupt; 3 is -EINVAL', () => {
    const { h } = opened();
    for (const index of [0, 1, 2]) {
      const arg = VFIO_IRQ_INFO.encode({ argsz: 16, index });
      expect(vfioDeviceIoctl(h.mdev, VFIO_IOCTL.DEVICE_GET_IRQ_INFO, arg, fds)).toBe(0);
      expect(VFIO_IRQ_INFO.decode(arg)).toMatchObject({ count: 1, flags: 1 });
    }
    expect(vfioDeviceIoctl(h.mdev, VFIO_IOCTL.DEVICE_GET_IRQ_INFO, VFIO_IRQ_INFO.encode({ argsz: 16, index: 3 }), fds)).toBe(-ERRNO.EINVAL);
  });

  test('SET_IRQS: TRIGGER only; NONE and BOOL signal, EVENTFD -1 releases; bad fds, types and ranges are refused', () => {
    const { h } = opened();
    const table = new EventFdTable();
    const fd = table.create();
    const arg = (flags: number, index: number, count: number, data: number[] = []) => {
      const a = new Uint8Array(20 + data.length);
      VFIO_IRQ_SET.encodeInto(a, 0, { argsz: a.length, flags, index, start: 0, count });
      a.set(data, 20);
      return a;
    };
    const fdBytes = (n: number) => Array.from(new Uint8Array(new Int32Array([n]).buffer).reverse());
    expect(vfioDeviceIoctl(h.mdev, VFIO_IOCTL.DEVICE_SET_IRQS, arg(0x24, 2, 1, fdBytes(fd.fd)), table)).toBe(0);
    expect(vfioDeviceIoctl(h.mdev, VFIO_IOCTL.DEVICE_SET_IRQS, arg(0x21, 2, 0), table)).toBe(0);
    expect(vfioDeviceIoctl(h.mdev, VFIO_IOCTL.DEVICE_SET_IRQS, arg(0x22, 2, 1, [1]), table)).toBe(0);
    expect(vfioDeviceIoctl(h.mdev, VFIO_IOCTL.DEVICE_SET_IRQS, arg(0x22, 2, 1, [0]), table)).toBe(0);
    expect(fd.read()).toBe(2);
    expect(h.mdev.request()).toBe(true);
    expect(fd.read()).toBe(1);
    expect(vfioDeviceIoctl(h.mdev, VFIO_IOCTL.DEVICE_SET_IRQS, arg(0x24, 2, 1, fdBytes(-1)), table)).toBe(0);
    expect(h.mdev.request()).toBe(false);
    expect(vfioDeviceIoctl(h.mdev, VFIO_IOCTL.DEVICE_SET_IRQS, arg(0x24, 2, 1, fdBytes(999)), table)).toBe(-9);
    expect(vfioDeviceIoctl(h.mdev, VFIO_IOCTL.DEVICE_SET_IRQS, arg(0x24, 2, 1, fdBytes(-2)), table)).toBe(-ERRNO.EINVAL);
    expect(vfioDeviceIoctl(h.mdev, VFIO_IOCTL.DEVICE_SET_IRQS, arg(0x0c, 2, 1, fdBytes(fd.fd)), table)).toBe(-ERRNO.EINVAL);
    expect(vfioDeviceIoctl(h.mdev, VFIO_IOCTL.DEVICE_SET_IRQS, arg(0x26, 2, 1, [0, 0, 0, 0]), table)).toBe(-ERRNO.EINVAL);
    expect(vfioDeviceIoctl(h.mdev, VFIO_IOCTL.DEVICE_SET_IRQS, arg(0x24, 3, 1, fdBytes(fd.fd)), table)).toBe(-ERRNO.EINVAL);
    expect(vfioDeviceIoctl(h.mdev, VFIO_IOCTL.DEVICE_SET_IRQS, arg(0x24, 0, 2, fdBytes(fd.fd)), table)).toBe(-ERRNO.EINVAL);
    expect(vfioDeviceIoctl(h.mdev, 0x3b00, new Uint8Array(4), table)).toBe(-ERRNO.ENOTTY);
  });
});

describe('snapshot (the debugger view)', () => {
  test('regions, FSM, iommu map, pinned pages and the translated program, without side effects', () => {
    const { h, start } = opened();
    h.mdev.write(0, start);
    const before = h.mdev.crws.length;
    const snap = h.mdev.snapshot();
    expect(snap.state).toBe('CP_PENDING');
    expect(snap.regions.map((r) => [r.name, r.size])).toEqual([['io', 124], ['async-cmd', 8], ['schib', 52], ['crw', 8]]);
    expect(snap.iommu.mappings).toEqual([{ iova: 0, size: 1 << 20, guestOffset: 0 }]);
    expect(snap.iommu.pinned.map((p) => p.iovaPage)).toEqual([0x3000]);
    expect(snap.translation.active).toBe(true);
    expect(snap.translation.segments[0]!.ccws[0]!.idal!.guestAddresses).toEqual([0x3000]);
    expect(snap.irqs.map((i) => i.name)).toEqual(['IO', 'CRW', 'REQ']);
    // The SCHIB region is not refreshed by a snapshot (a read would issue STORE SUBCHANNEL).
    expect(snap.regions[2]!.bytes.every((b) => b === 0)).toBe(true);
    expect(h.mdev.crws.length).toBe(before);
    expect(h.mdev.state).toBe('CP_PENDING');
  });
});
