/** A host with one vfio-ccw mediated device over a FakeDevice, and the QEMU role in front. */
import { CCW1, ORB, ORB_AREA, type Orb } from '../../src/arch';
import { ChannelSubsystem, GuestStorage, Scheduler, type Device } from '../../src/css';
import { QemuCcwDevice, QemuVfioIo } from '../../src/driver';
import { HostMemory, Type1Iommu, VfioCcwDevice } from '../../src/vfio';
import type { CcwSpec } from './cssHarness';

export function vfioHarness(device: Device, storageSize = 1 << 20, chpids: number[] = [0x01]) {
  const guest = new GuestStorage(storageSize);
  const host = new HostMemory(guest);
  const iommu = new Type1Iommu(guest, host);
  iommu.mapDma(0, storageSize);
  const scheduler = new Scheduler();
  const css = new ChannelSubsystem(host, scheduler);
  css.attach(0, device, { enabled: false, chpids });
  const mdev = new VfioCcwDevice('vfio-ccw 0.0.0000', css, 0, iommu, host, scheduler);
  const qemu = new QemuCcwDevice(mdev, 0, device.devno, chpids);
  const io = new QemuVfioIo(css);
  io.add(qemu);
  return {
    guest,
    host,
    iommu,
    scheduler,
    css,
    mdev,
    qemu,
    io,
    program(address: number, ccws: CcwSpec[]): void {
      ccws.forEach((c, i) => guest.write(address + i * 8, CCW1.encode({ cmd: c.cmd, flags: c.flags ?? 0, count: c.count ?? 0, cda: c.cda ?? 0 })));
    },
    orb(fields: Partial<Orb>): Orb {
      return ORB_AREA.decode(ORB.encode({ lpm: 0x80, F: 1, P: 1, intparm: 0xcafe, ...fields }));
    },
    /** Runs the host until idle, then lets the QEMU role handle the eventfd. */
    settle(): void {
      while (scheduler.runNext());
      io.poll();
    },
  };
}
