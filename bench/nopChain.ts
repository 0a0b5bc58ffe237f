/**
 * NOP-chain throughput: CCWs per second straight on the channel subsystem (PATH direct) and
 * through the vfio-ccw path (translation included).
 */
import { best, type Report } from './report';
import { CCW1, ORB, ORB_AREA } from '../src/arch';
import { ChannelSubsystem, GuestStorage, Scheduler, type Device, type DeviceCommand, type DeviceResult } from '../src/css';
import { QemuCcwDevice, QemuVfioIo } from '../src/driver';
import { HostMemory, Type1Iommu, VfioCcwDevice } from '../src/vfio';

/** A device that treats every command as an immediate NOP. */
class NopDevice implements Device {
  readonly typeName = 'NOP';
  readonly description = 'benchmark NOP device';
  constructor(readonly devno: number) {}
  execute(_c: DeviceCommand): DeviceResult {
    return { status: 0x0c, immediate: true, timeUs: 1 };
  }
  sense() {
    return new Uint8Array(32);
  }
  commandName() {
    return 'NO OPERATION';
  }
  inspect() {
    return [];
  }
  reset() {}
}

const SEGMENT = 255; // NOPs per segment: vfio-ccw takes up to 256 CCWs per chain segment

/** Writes `segments` × 255 chained NOPs, each segment ending with a TIC to the next. Returns the CCW count. */
function writeNopChain(storage: GuestStorage, base: number, segments: number): number {
  for (let s = 0; s < segments; s++) {
    const at = base + s * (SEGMENT + 1) * 8;
    for (let i = 0; i < SEGMENT; i++) {
      const last = s === segments - 1 && i === SEGMENT - 1;
      storage.write(at + i * 8, CCW1.encode({ cmd: 0x03, flags: last ? 0x20 : 0x60, count: 0, cda: 0 }));
    }
    if (s < segments - 1) storage.write(at + SEGMENT * 8, CCW1.encode({ cmd: 0x08, flags: 0, count: 0, cda: at + (SEGMENT + 1) * 8 }));
  }
  return segments * SEGMENT;
}

function directNopChain(segments: number): { ccws: number; ms: number } {
  const storage = new GuestStorage(16 << 20);
  const ccws = writeNopChain(storage, 0x10000, segments);
  const scheduler = new Scheduler();
  const css = new ChannelSubsystem(storage, scheduler);
  css.attach(0, new NopDevice(0x190));
  const t0 = performance.now();
  const r = css.startSubchannel(0, ORB_AREA.decode(ORB.encode({ F: 1, P: 1, lpm: 0x80, cpa: 0x10000 })));
  if (!('cc' in r) || r.cc !== 0) throw new Error('SSCH failed');
  while (scheduler.runNext());
  const ms = performance.now() - t0;
  if (css.testSubchannel(0).cc !== 0) throw new Error('no status');
  return { ccws, ms };
}

function vfioNopChain(segments: number): { ccws: number; ms: number } {
  const guest = new GuestStorage(16 << 20);
  const ccws = writeNopChain(guest, 0x10000, segments);
  const host = new HostMemory(guest);
  const iommu = new Type1Iommu(guest, host);
  iommu.mapDma(0, guest.size);
  const scheduler = new Scheduler();
  const css = new ChannelSubsystem(host, scheduler);
  css.attach(0, new NopDevice(0x190), { enabled: false });
  const mdev = new VfioCcwDevice('vfio-ccw 0.0.0000', css, 0, iommu, host, scheduler);
  mdev.open();
  const io = new QemuVfioIo();
  io.add(new QemuCcwDevice(mdev, 0, 0x190, [1]));
  const t0 = performance.now();
  const r = io.startSubchannel(0, ORB_AREA.decode(ORB.encode({ F: 1, P: 1, lpm: 0x80, cpa: 0x10000 })));
  if (!('cc' in r) || r.cc !== 0) throw new Error(`SSCH failed: ${JSON.stringify(r)}`);
  while (scheduler.runNext());
  io.poll();
  const ms = performance.now() - t0;
  if (io.testSubchannel(0).cc !== 0) throw new Error('no status');
  return { ccws, ms };
}

export async function run(report: Report): Promise<void> {
  const segments = 400; // 102,000 NOPs
  const direct = best(5, () => directNopChain(segments));
  const vfio = best(5, () => vfioNopChain(segments));
  const rate = (r: { ccws: number; ms: number }) => Math.round(r.ccws / (r.ms / 1000)).toLocaleString('en-US');
  report(`NOP chain, PATH direct: ${direct.ccws} CCWs in ${direct.ms.toFixed(1)} ms = ${rate(direct)} CCWs/s (best of 5)`);
  report(`NOP chain, PATH vfio:   ${vfio.ccws} CCWs in ${vfio.ms.toFixed(1)} ms = ${rate(vfio)} CCWs/s (best of 5, translation included)`);
}
