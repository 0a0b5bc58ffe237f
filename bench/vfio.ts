/**
 * Whole-volume read through the vfio path as a ratio to the direct path. bench/dasd.ts (the
 * DASD suite's volume builder) did not exist when this was written, so the volume here is a
 * stand-in device: 3390 geometry, 1,000 cylinders × 15 tracks, each track one 56,664-byte
 * read CCW into the same guest buffer (so vfio pins 14-15 pages per CCW), chained in segments
 * of 254 reads + a TIC, one START per 254 tracks. Target: vfio ≤ 1.3× direct.
 */
import { best, type Report } from './report';
import { CCW1, ORB, ORB_AREA } from '../src/arch';
import { ChannelSubsystem, GuestStorage, Scheduler, type Device, type DeviceCommand, type DeviceResult } from '../src/css';
import { QemuCcwDevice, QemuVfioIo } from '../src/driver';
import { HostMemory, Type1Iommu, VfioCcwDevice } from '../src/vfio';

const TRACK_BYTES = 56_664;
const TRACKS = 1000 * 15;
const PER_START = 254;
const BUFFER = 0x100000;
const PROGRAM = 0x10000;

/** Every read returns a full track of data, after a modelled rotation. */
class TrackReader implements Device {
  readonly typeName = '3390';
  readonly description = 'bench track reader';
  private readonly track = new Uint8Array(TRACK_BYTES).fill(0x40);
  constructor(readonly devno: number) {}
  execute(c: DeviceCommand): DeviceResult {
    return { status: 0x0c, data: this.track.subarray(0, Math.min(TRACK_BYTES, c.count)), timeUs: 14 };
  }
  sense() {
    return new Uint8Array(32);
  }
  commandName() {
    return 'READ TRACK';
  }
  inspect() {
    return [];
  }
  reset() {}
}

function writeChain(storage: GuestStorage, reads: number): void {
  for (let i = 0; i < reads; i++) {
    const last = i === reads - 1;
    storage.write(PROGRAM + i * 8, CCW1.encode({ cmd: 0xde, flags: last ? 0x20 : 0x60, count: TRACK_BYTES, cda: BUFFER }));
  }
}

interface Path {
  start(orb: ReturnType<typeof ORB_AREA.decode>): void;
  finish(): void;
}

function readVolume(makePath: (storage: GuestStorage, scheduler: Scheduler) => Path): { ms: number; tracks: number } {
  const storage = new GuestStorage(16 << 20);
  const scheduler = new Scheduler();
  const path = makePath(storage, scheduler);
  // H = 1 as Linux guests set it: the host IDALs then use 4K blocks (H = 0 would make vfio-ccw build 2K IDAWs).
  const orb = ORB_AREA.decode(ORB.encode({ F: 1, P: 1, H: 1, lpm: 0x80, cpa: PROGRAM }));
  const t0 = performance.now();
  for (let done = 0; done < TRACKS; done += PER_START) {
    writeChain(storage, Math.min(PER_START, TRACKS - done));
    path.start(orb);
    while (scheduler.runNext());
    path.finish();
  }
  return { ms: performance.now() - t0, tracks: TRACKS };
}

function direct(storage: GuestStorage, scheduler: Scheduler): Path {
  const css = new ChannelSubsystem(storage, scheduler);
  css.attach(0, new TrackReader(0x190));
  return {
    start: (orb) => {
      const r = css.startSubchannel(0, orb);
      if (!('cc' in r) || r.cc !== 0) throw new Error('SSCH failed');
    },
    finish: () => {
      if (css.testSubchannel(0).cc !== 0) throw new Error('no status');
    },
  };
}

function vfio(storage: GuestStorage, scheduler: Scheduler): Path {
  const host = new HostMemory(storage);
  const iommu = new Type1Iommu(storage, host);
  iommu.mapDma(0, storage.size);
  const css = new ChannelSubsystem(host, scheduler);
  css.attach(0, new TrackReader(0x190), { enabled: false });
  const io = new QemuVfioIo(css);
  const problem = io.add(new QemuCcwDevice(new VfioCcwDevice('vfio-ccw 0.0.0000', css, 0, iommu, host, scheduler), 0, 0x190, [1]));
  if (problem) throw new Error(problem);
  return {
    start: (orb) => {
      const r = io.startSubchannel(0, orb);
      if (!('cc' in r) || r.cc !== 0) throw new Error(`SSCH failed: ${JSON.stringify(r)}`);
    },
    finish: () => {
      io.poll();
      if (io.testSubchannel(0).cc !== 0) throw new Error('no status');
    },
  };
}

export async function run(report: Report): Promise<void> {
  const d = best(3, () => readVolume(direct));
  const v = best(3, () => readVolume(vfio));
  const mb = (TRACKS * TRACK_BYTES) / 1e6;
  report(`whole-volume read (stand-in 3390, ${TRACKS} tracks, ${mb.toFixed(0)} MB), PATH direct: ${d.ms.toFixed(1)} ms (best of 3)`);
  report(`whole-volume read, PATH vfio (translation, pinning, IDALs, QEMU role): ${v.ms.toFixed(1)} ms (best of 3)`);
  report(`vfio / direct = ${(v.ms / d.ms).toFixed(2)}× (target ≤ 1.3×)`);
}
