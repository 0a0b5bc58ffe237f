/**
 * `npm run bench`: figures for the issue notes, not tests (nothing here asserts a time).
 *  - CCWs per second on a long NOP chain, straight on the channel subsystem (PATH direct);
 *  - the same chain through the vfio-ccw path (translation included);
 *  - time from a DAP launch to the first stop, with the real adapter process.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
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

/** Launches the real adapter process and times initialize → launch → first `stopped` event. */
async function dapLaunchToFirstStop(program: string): Promise<number> {
  const adapter = spawn(process.execPath, [resolve('dist/debugAdapter.js')], { stdio: ['pipe', 'pipe', 'inherit'] });
  let seq = 1;
  const send = (command: string, args: unknown) => {
    const body = JSON.stringify({ seq: seq++, type: 'request', command, arguments: args });
    adapter.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  };
  const t0 = performance.now();
  const stopped = new Promise<number>((done, fail) => {
    let buffer = Buffer.alloc(0);
    adapter.stdout.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        const header = buffer.indexOf('\r\n\r\n');
        if (header < 0) return;
        const length = Number(/Content-Length: (\d+)/.exec(buffer.subarray(0, header).toString())?.[1]);
        if (buffer.length < header + 4 + length) return;
        const message = JSON.parse(buffer.subarray(header + 4, header + 4 + length).toString()) as { type: string; event?: string; command?: string; success?: boolean; message?: string };
        buffer = buffer.subarray(header + 4 + length);
        if (message.type === 'event' && message.event === 'initialized') send('configurationDone', {});
        if (message.type === 'response' && message.success === false) fail(new Error(`${message.command}: ${message.message}`));
        if (message.type === 'event' && message.event === 'stopped') done(performance.now() - t0);
      }
    });
  });
  send('initialize', { adapterID: 'ccw', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path' });
  send('launch', { program, stopOnEntry: true });
  try {
    return await stopped;
  } finally {
    adapter.kill();
  }
}

function best<T extends { ms: number }>(runs: number, f: () => T): T {
  let result = f();
  for (let i = 1; i < runs; i++) {
    const r = f();
    if (r.ms < result.ms) result = r;
  }
  return result;
}

async function main(): Promise<void> {
  const segments = 400; // 102,000 NOPs
  const direct = best(5, () => directNopChain(segments));
  const vfio = best(5, () => vfioNopChain(segments));
  const dap: number[] = [];
  for (let i = 0; i < 5; i++) dap.push(await dapLaunchToFirstStop(resolve('examples/read-vol1.ccw')));
  dap.sort((a, b) => a - b);
  const rate = (r: { ccws: number; ms: number }) => Math.round(r.ccws / (r.ms / 1000)).toLocaleString('en-US');
  console.log(`NOP chain, PATH direct: ${direct.ccws} CCWs in ${direct.ms.toFixed(1)} ms = ${rate(direct)} CCWs/s (best of 5)`);
  console.log(`NOP chain, PATH vfio:   ${vfio.ccws} CCWs in ${vfio.ms.toFixed(1)} ms = ${rate(vfio)} CCWs/s (best of 5, translation included)`);
  console.log(`DAP launch to first stop (examples/read-vol1.ccw, adapter process): median ${(dap[2] ?? 0).toFixed(1)} ms, best ${(dap[0] ?? 0).toFixed(1)} ms of 5`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
