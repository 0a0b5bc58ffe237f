/**
 * The fast path's data transfer (src/css/fastTransfer.ts) against the reference path (one event
 * per CCW): seeded random programs dense with read, sense and write CCWs with direct addressing —
 * short and long transfers with and without SLI, storage keys with fetch protection against
 * matching and other ORB keys, data areas that cross frames, end outside storage or have bit 0
 * set, now and then a flag that needs the slow path (SKIP, PCI, IDA, CD) — run both ways, first
 * on the random test device, then on a real 3390 with Define Extent, Locate Record and chains of
 * Read Track, Read Data and Write Data. Records, checks, status, IRBs, storage, keys, the device's
 * snapshot and the volume's tracks must agree.
 */
import { describe, expect, test } from 'vitest';
import { CCW0, CCW1, ORB, ORB_AREA, SCSW } from '../../../src/arch';
import { ChannelSubsystem, GuestStorage, Scheduler, type CcwRecord } from '../../../src/css';
import { Dasd3390 } from '../../../src/devices/dasd/dasd3390';
import { buildTrack } from '../../../src/devices/dasd/ckdTrack';
import { HEADS_PER_CYLINDER, modelForCylinders } from '../../../src/devices/dasd/geometry';
import { MemoryTrackStore } from '../../../src/devices/dasd/trackStore';
import { outcome, prng, runCase, STORAGE_SIZE, type RandomCase } from '../../helpers/randomChannelPrograms';

type Rng = () => number;
const int = (r: Rng, n: number): number => Math.floor(r() * n);
const pick = <T>(r: Rng, xs: readonly T[]): T => xs[int(r, xs.length)] as T;

const CC = 0x40;
const SLI = 0x20;
/** Reads, sense, writes (the fast path's new cases), NOP, read backward (slow), TIC. */
const COMMANDS = [0x02, 0x06, 0x0a, 0x12, 0x02, 0x04, 0x01, 0x05, 0x09, 0x01, 0x03, 0x0c, 0x08];

/** Programs in frame 0, data mostly in frames 1-3; every frame's key random. */
function transferCase(seed: number): RandomCase {
  const r = prng(seed);
  const storage = new Uint8Array(STORAGE_SIZE);
  for (let i = 0; i < storage.length; i++) storage[i] = int(r, 256);
  const keys = Array.from({ length: STORAGE_SIZE / 4096 }, (_, f) => (f === 0 || r() < 0.6 ? ([0, false] as const) : ([1 + int(r, 3), r() < 0.5] as const)));
  const format1 = r() < 0.85;
  const at = 8 * int(r, 64);
  const length = 2 + int(r, 40);
  for (let i = 0; i < length; i++) {
    const a = at + 8 * i;
    const cmd = pick(r, COMMANDS);
    let flags = (i < length - 1 && r() < 0.95 ? CC : 0) | (r() < 0.5 ? SLI : 0);
    if (r() < 0.06) flags |= pick(r, [0x10, 0x08, 0x04, 0x80]);
    const count = pick(r, [0, 1, 8, 64, 100, 100, 4096, 5000, int(r, 9000)]);
    const cda = cmd === 0x08
      ? at + 8 * int(r, length)
      : r() < 0.9
        ? 4096 + int(r, STORAGE_SIZE - 4096 - 200)
        : pick(r, [STORAGE_SIZE - 50, STORAGE_SIZE + 8, 0x8000_1000, 0, int(r, 4096)]);
    const bytes = format1
      ? CCW1.encode({ cmd, flags: cmd === 0x08 ? 0 : flags, count: cmd === 0x08 ? 0 : count, cda: cda >>> 0 })
      : CCW0.encode({ cmd, flags, count, cda: cda & 0xffffff, reserved: 0 });
    storage.set(bytes, a);
  }
  const key = r() < 0.5 ? 0 : 1 + int(r, 3);
  const orb = ORB_AREA.decode(ORB.encode({ intparm: seed, key, F: format1 ? 1 : 0, L: r() < 0.1 ? 1 : 0, H: r() < 0.3 ? 1 : 0, lpm: 0x80, cpa: at }));
  return { seed, storage, keys, orbs: [orb], startAt: [0] };
}

describe('fast path reads and writes ≡ one event per CCW (random device)', () => {
  test('1,500 random read/sense/write programs, records on and off: identical records and state', () => {
    let batched = 0;
    for (let seed = 40_001; seed <= 41_500; seed++) {
      const c = transferCase(seed);
      const slow = runCase(c, { fast: false, timeLimitNs: 2_000_000 });
      const fast = runCase(c, { fast: true, timeLimitNs: 2_000_000 });
      expect(outcome(fast), `seed ${seed}`).toEqual(outcome(slow));
      if (fast.events < slow.events) batched++;
      if (seed % 3 === 0) {
        const quiet = outcome(runCase(c, { fast: true, report: false, timeLimitNs: 2_000_000 }));
        expect({ ...quiet, records: [] }, `seed ${seed} (records off)`).toEqual({ ...outcome(slow), records: [] });
      }
    }
    expect(batched).toBeGreaterThan(500);
  });
});

// ---- a real 3390

const PROGRAM = 0x1000;
const PARAMS = 0x3000;
const DATA = 0x4000;
const STORAGE = 64 * 1024;
const CYLS = 4;

interface DasdCase {
  readonly ccws: { cmd: number; flags: number; count: number; cda: number }[];
  readonly params: Uint8Array;
  readonly tracks: { c: number; h: number; image: Uint8Array }[];
  readonly keys: (readonly [number, boolean])[];
  readonly key: number;
}

/** Tracks of R0 and 1-4 records; DE over the volume, then Locate Record segments of Read Track, Read Data or Write Data. */
function dasdCase(seed: number): DasdCase {
  const r = prng(seed);
  const tracks: DasdCase['tracks'] = [];
  const dl = pick(r, [16, 200, 1000]);
  for (let t = 0; t < 6; t++) {
    const c = 0;
    const h = t;
    const n = 1 + int(r, 4);
    const records = [{ r: 0, data: new Uint8Array(8) }, ...Array.from({ length: n }, (_, i) => ({ r: i + 1, data: new Uint8Array(dl).map(() => int(r, 256)) }))];
    tracks.push({ c, h, image: buildTrack(c, h, records) });
  }
  const params = new Uint8Array(0x100);
  params.set([0xc0, 0xc0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, CYLS - 1, 0, 14], 0);
  const ccws: DasdCase['ccws'] = [{ cmd: 0x63, flags: CC, count: 16, cda: PARAMS }];
  const data = (): number => (r() < 0.92 ? DATA + int(r, STORAGE - DATA - 4200) : pick(r, [STORAGE - 30, STORAGE + 16, 0x8000_4000]));
  const segments = 1 + int(r, 4);
  for (let s = 0; s < segments; s++) {
    const kind = pick(r, ['tracks', 'read', 'write'] as const);
    const head = int(r, 6);
    const n = 1 + int(r, 4);
    const lr = PARAMS + 16 + s * 16;
    const op = kind === 'tracks' ? (r() < 0.5 ? 0x4c : 0x0c) : kind === 'read' ? 0x06 : 0x01;
    params.set([op, 0, 0, n, 0, 0, 0, head, 0, 0, 0, head, op === 0x4c ? 0 : int(r, 3), 0xff, 0, 0], lr - PARAMS);
    ccws.push({ cmd: 0x47, flags: CC, count: 16, cda: lr });
    for (let i = 0; i < n + (r() < 0.2 ? 1 : 0); i++) {
      const cmd = kind === 'tracks' ? 0xde : kind === 'read' ? pick(r, [0x06, 0x86]) : 0x05;
      const exact = kind === 'tracks' ? 16 + 4 * (8 + dl) : dl;
      const count = pick(r, [exact, exact, dl, 4096, int(r, 5000) + 1, exact + 8]);
      let flags = CC | (r() < 0.6 ? SLI : 0);
      if (r() < 0.04) flags |= pick(r, [0x10, 0x08]);
      ccws.push({ cmd, flags, count, cda: data() });
    }
    if (r() < 0.15) ccws.push({ cmd: 0x04, flags: CC | SLI, count: 32, cda: data() });
  }
  const last = ccws[ccws.length - 1];
  if (last && r() < 0.7) last.flags &= ~CC;
  const keys = Array.from({ length: STORAGE / 4096 }, (_, f) => (f < 4 || r() < 0.7 ? ([0, false] as const) : ([1 + int(r, 2), r() < 0.5] as const)));
  return { ccws, params, tracks, keys, key: r() < 0.6 ? 0 : 1 + int(r, 2) };
}

function runDasd(p: DasdCase, fast: boolean) {
  const storage = new GuestStorage(STORAGE);
  p.ccws.forEach((c, i) => storage.write(PROGRAM + i * 8, CCW1.encode(c)));
  storage.write(PARAMS, p.params);
  p.keys.forEach(([acc, f], i) => storage.setKey(i * 4096, acc, f));
  const scheduler = new Scheduler();
  const css = new ChannelSubsystem(storage, scheduler);
  css.engine.batchCcws = fast;
  const model = modelForCylinders(CYLS);
  if (!model) throw new Error('no 3390 model');
  const store = new MemoryTrackStore({ cylinders: CYLS, heads: HEADS_PER_CYLINDER, volser: 'DIFF02' });
  for (const t of p.tracks) store.writeTrack(t.c, t.h, t.image);
  const device = new Dasd3390({ devno: 0x190, model, store });
  css.attach(0, device);
  const records: CcwRecord[] = [];
  css.addListener({ ccwExecuted: (x) => records.push(x) });
  const irbs: number[][] = [];
  let events = 0;
  for (let k = 0; k < 2; k++) {
    css.startSubchannel(0, ORB_AREA.decode(ORB.encode({ F: 1, key: p.key, lpm: 0x80, cpa: PROGRAM })));
    for (let guard = 0; guard < 10_000 && scheduler.runNext(); guard++) events++;
    const t = css.testSubchannel(0);
    irbs.push(t.irb ? [...SCSW.encode(SCSW.decode(t.irb))] : []);
  }
  const volume = p.tracks.map((t) => {
    const got = store.readTrack(t.c, t.h);
    return 'image' in got ? Buffer.from(got.image).toString('hex') : got.error;
  });
  return {
    records: records.map((x) => ({ ...x, data: [...x.data], ticHops: [...x.ticHops] })),
    irbs,
    time: scheduler.now,
    storage: Buffer.from(storage.bytes).toString('hex'),
    keys: [...storage.keys],
    device: device.snapshot(),
    sense: [...device.sense()],
    volume,
    executed: css.engine.counter(0).executed,
    transferred: records.filter((x) => x.transferred > 0).length,
    /** Read Track, Read Data and Write Data CCWs that moved data, by command (the comparison's reach). */
    moved: [0xde, 0x06, 0x05].map((cmd) => records.filter((x) => x.transferred > 0 && (x.ccw.cmd === cmd || x.ccw.cmd === (cmd | 0x80))).length),
    events,
  };
}

describe('3390 Read Track / Read Data / Write Data chains: fast path ≡ one event per CCW', () => {
  test('500 random Locate Record chains with keys and bad addresses: identical records, status, storage, device and volume', () => {
    let batched = 0;
    let transferred = 0;
    const moved = [0, 0, 0];
    for (let seed = 1; seed <= 500; seed++) {
      const p = dasdCase(seed);
      const slow = runDasd(p, false);
      const fast = runDasd(p, true);
      expect({ ...fast, events: 0 }, `seed ${seed}`).toEqual({ ...slow, events: 0 });
      if (fast.events < slow.events) batched++;
      transferred += fast.transferred;
      fast.moved.forEach((n, i) => (moved[i] = (moved[i] ?? 0) + n));
    }
    expect(batched).toBeGreaterThan(250);
    expect(transferred).toBeGreaterThan(500);
    // Read Track, Read Data and Write Data really moved data in many of them.
    for (const n of moved) expect(n).toBeGreaterThan(40);
  });

  test('a Read Tracks chain runs inline with its data: 6 whole tracks in a handful of events', () => {
    const p = dasdCase(7);
    const params = new Uint8Array(0x100);
    params.set([0x40, 0xc0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, CYLS - 1, 0, 14], 0);
    params.set([0x4c, 0, 0, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0, 0], 16);
    const ccws = [{ cmd: 0x63, flags: CC, count: 16, cda: PARAMS }, { cmd: 0x47, flags: CC, count: 16, cda: PARAMS + 16 }];
    for (let i = 0; i < 6; i++) ccws.push({ cmd: 0xde, flags: (i < 5 ? CC : 0) | SLI, count: 8192, cda: DATA + i * 8192 });
    const fast = runDasd({ ...p, ccws, params, keys: [], key: 0 }, true);
    const slow = runDasd({ ...p, ccws, params, keys: [], key: 0 }, false);
    expect({ ...fast, events: 0 }).toEqual({ ...slow, events: 0 });
    // Define Extent, Locate Record and six whole tracks.
    expect(fast.transferred).toBe(16);
    expect(fast.irbs[0]?.[8]).toBe(0x0c);
    expect(fast.events).toBeLessThanOrEqual(10);
    expect(slow.events).toBeGreaterThan(30);
  });
});
