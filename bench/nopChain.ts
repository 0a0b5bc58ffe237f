/**
 * NOP-chain throughput: CCWs per second straight on the channel subsystem (PATH direct), with
 * the engine's fast path (tracing off, nothing stopping between CCWs) and on the reference path
 * (one event per CCW), and through the vfio-ccw path (translation included).
 *
 * Wall-clock rates swing with the machine's load, so the fast path is also given as a ratio to a
 * plain loop, run in the same process right before it, that only decodes the same CCWs with the
 * arch decoder (`decodeCcw`): that ratio holds on a noisy machine.
 */
import { best, type Report } from './report';
import { CCW1, ORB, ORB_AREA, decodeCcw } from '../src/arch';
import { ChannelSubsystem, GuestStorage, Scheduler, type Device, type DeviceCommand, type DeviceResult, type ImmediateAnswer, type ImmediateDevice } from '../src/css';
import { Dasd3390 } from '../src/devices/dasd/dasd3390';
import { HEADS_PER_CYLINDER, modelForCylinders } from '../src/devices/dasd/geometry';
import { MemoryTrackStore } from '../src/devices/dasd/trackStore';
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

const NOP_ANSWER: ImmediateAnswer = { status: 0x0c, timeUs: 1 };

/** The same device, also answering the fast path's immediate question (src/css/immediate.ts), as the 3390 does. */
class ImmediateNopDevice extends NopDevice implements ImmediateDevice {
  immediate(): ImmediateAnswer {
    return NOP_ANSWER;
  }
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

/** Runs the chain at 0x10000 on `device` straight on the CSS; `fast` turns the engine's fast path on. */
function directRun(storage: GuestStorage, ccws: number, device: Device, fast: boolean): { ccws: number; ms: number } {
  const scheduler = new Scheduler();
  const css = new ChannelSubsystem(storage, scheduler);
  css.engine.batchCcws = fast;
  css.engine.reportCcws = !fast;
  css.attach(0, device);
  const t0 = performance.now();
  const r = css.startSubchannel(0, ORB_AREA.decode(ORB.encode({ F: 1, P: 1, lpm: 0x80, cpa: 0x10000 })));
  if (!('cc' in r) || r.cc !== 0) throw new Error('SSCH failed');
  while (scheduler.runNext());
  const ms = performance.now() - t0;
  const t = css.testSubchannel(0);
  if (t.cc !== 0 || !t.irb || t.irb[8] !== 0x0c) throw new Error('the NOP chain did not end with channel end and device end alone');
  return { ccws, ms };
}

function directNopChain(segments: number, fast: boolean, immediate = true): { ccws: number; ms: number } {
  const storage = new GuestStorage(16 << 20);
  const ccws = writeNopChain(storage, 0x10000, segments);
  return directRun(storage, ccws, immediate ? new ImmediateNopDevice(0x190) : new NopDevice(0x190), fast);
}

/** The baseline: decode every CCW of the same chain (following its TICs), and nothing else. */
function decodeLoop(segments: number): { ccws: number; ms: number } {
  const storage = new GuestStorage(16 << 20);
  const ccws = writeNopChain(storage, 0x10000, segments);
  const t0 = performance.now();
  let at = 0x10000;
  let n = 0;
  let sum = 0;
  for (;;) {
    const ccw = decodeCcw(storage.bytes, at, true);
    sum += ccw.count;
    if (ccw.cmd === 0x08) {
      at = ccw.cda;
      continue;
    }
    n++;
    if ((ccw.flags & 0x40) === 0) break;
    at += 8;
  }
  const ms = performance.now() - t0;
  if (n !== ccws || sum !== 0) throw new Error(`decode loop saw ${n} CCWs`);
  return { ccws, ms };
}

/** A 3390-3 (the real Dasd3390) on a fresh in-memory volume. */
function dasd(): Dasd3390 {
  const model = modelForCylinders(3339);
  if (!model) throw new Error('no 3390 model');
  const store = new MemoryTrackStore({ cylinders: 3339, heads: HEADS_PER_CYLINDER, volser: 'BENCH1' });
  return new Dasd3390({ devno: 0x190, model, store });
}

/** `n` chained 3390 NOPs (command X'03', count 0), the last without chaining. */
function dasdNopChain(n: number, fast: boolean): { ccws: number; ms: number } {
  const storage = new GuestStorage(16 << 20);
  for (let i = 0; i < n; i++) storage.write(0x10000 + i * 8, CCW1.encode({ cmd: 0x03, flags: i === n - 1 ? 0x20 : 0x60, count: 0, cda: 0 }));
  return directRun(storage, n, dasd(), fast);
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
  const rate = (r: { ccws: number; ms: number }) => Math.round(r.ccws / (r.ms / 1000));
  const fmt = (n: number) => n.toLocaleString('en-US');
  // Warm both up, then alternate so that load swings hit both alike.
  let decode = best(3, () => decodeLoop(segments));
  let fast = best(3, () => directNopChain(segments, true));
  for (let i = 0; i < 3; i++) {
    decode = best(2, () => (decodeLoop(segments).ms < decode.ms ? decodeLoop(segments) : decode));
    const f = directNopChain(segments, true);
    if (f.ms < fast.ms) fast = f;
  }
  const slow = best(3, () => directNopChain(segments, false));
  best(3, () => directNopChain(segments, true, false)); // warm-up
  const executeOnly = best(5, () => directNopChain(segments, true, false));
  report(`NOP chain, PATH direct, fast path (device answers immediately, TIC every 256): ${fast.ccws} CCWs in ${fast.ms.toFixed(2)} ms = ${fmt(rate(fast))} CCWs/s (best of 6)`);
  report(`  plain decodeCcw loop over the same CCWs: ${fmt(rate(decode))} CCWs/s; fast path / decode loop = ${(rate(fast) / rate(decode)).toFixed(2)}`);
  report(`  a device with only execute() (a DeviceCommand and DeviceResult per CCW): ${fmt(rate(executeOnly))} CCWs/s`);
  report(`NOP chain, PATH direct, one event per CCW (reference path, records on): ${fmt(rate(slow))} CCWs/s; fast path is ${(rate(fast) / rate(slow)).toFixed(1)}x`);
  best(5, () => dasdNopChain(20_000, true)); // warm-up
  const d3390 = best(15, () => dasdNopChain(20_000, true));
  const d3390Slow = best(3, () => dasdNopChain(20_000, false));
  report(`3390 NOP chain (Dasd3390, X'03', 20,000 CCWs), fast path: ${d3390.ms.toFixed(2)} ms = ${fmt(rate(d3390))} CCWs/s, best of 15 (Hercules 3.13: about 20,000,000; target at least that, aim twice); / decode loop = ${(rate(d3390) / rate(decode)).toFixed(2)}; one event per CCW: ${fmt(rate(d3390Slow))} CCWs/s`);
  const vfio = best(5, () => vfioNopChain(segments));
  report(`NOP chain, PATH vfio:   ${vfio.ccws} CCWs in ${vfio.ms.toFixed(1)} ms = ${fmt(rate(vfio))} CCWs/s (best of 5, translation included)`);
}
