/**
 * The fast path's IDA transfers (src/css/fastTransfer.ts resolving IDALs with resolveDataAreas and
 * moving data with scatter/gather) against the reference path (one event per CCW): seeded random
 * programs dense with read, sense and write CCWs carrying the IDA flag — format-1 and format-2
 * IDAWs, 2K and 4K blocks (ORB H and T), IDAWs that follow each other in storage (joined areas)
 * or jump around, later IDAWs off a block boundary, IDAWs and IDALs outside storage, format-1
 * IDAWs with bit 0 set, misaligned IDALs, IDALs and data in fetch- and store-protected frames —
 * run both ways:
 * - on guest storage (PATH direct): records, checks, status, IRBs, storage and keys agree;
 * - through the vfio-ccw path (test/helpers/vfioHarness.ts: translation to host IDALs over pinned
 *   pages, the host channel on HostMemory, the QEMU role): IRBs, host records, guest storage and
 *   keys agree.
 */
import { describe, expect, test } from 'vitest';
import { CCW0, CCW1, ORB, ORB_AREA, SCSW } from '../../../src/arch';
import type { CcwRecord, ProgramCheckInfo } from '../../../src/css';
import { outcome, prng, RandomDevice, runCase, STORAGE_SIZE, type Observed, type RandomCase } from '../../helpers/randomChannelPrograms';
import { FakeDevice } from '../../helpers/fakeDevice';
import { vfioHarness } from '../../helpers/vfioHarness';

type Rng = () => number;
const int = (r: Rng, n: number): number => Math.floor(r() * n);
const pick = <T>(r: Rng, xs: readonly T[]): T => xs[int(r, xs.length)] as T;

const CC = 0x40;
const SLI = 0x20;
const IDA = 0x04;
/** Reads, sense, writes (mostly), NOP, read backward (slow path), TIC. */
const COMMANDS = [0x02, 0x06, 0x0a, 0x02, 0x04, 0x01, 0x05, 0x09, 0x01, 0x03, 0x0c, 0x08];
/** Where the IDALs go: frame 0 above the program, now and then elsewhere. */
const IDAL_AREA = 0x400;

interface IdaProgram {
  readonly storage: Uint8Array;
  readonly keys: (readonly [number, boolean])[];
  readonly format1: boolean;
  readonly format2: boolean;
  readonly twoK: boolean;
  readonly key: number;
  readonly at: number;
}

/**
 * One IDAL for `count` bytes from a first data address: mostly valid block-aligned IDAWs, in
 * order (joined into one area) or scattered, with the faults the architecture checks now and then.
 */
function writeIdal(r: Rng, p: { storage: Uint8Array; format2: boolean; block: number; size: number }, list: number, count: number): number {
  const idawSize = p.format2 ? 8 : 4;
  const blocks = Math.floor(p.size / p.block);
  // The first IDAW anywhere in a data block; the rest at block boundaries.
  let address = p.block + int(r, p.size - p.block);
  let n = Math.max(1, Math.ceil(((address % p.block) + count) / p.block));
  if (r() < 0.1) n = Math.max(1, n - 1 - int(r, 2)); // the IDAL runs into whatever follows it
  const contiguous = r() < 0.6;
  let written = 0;
  for (let i = 0; i < n && list + written + idawSize <= p.storage.length; i++) {
    if (i > 0) {
      address = contiguous ? Math.floor(address / p.block) * p.block + p.block : p.block * (1 + int(r, blocks - 1));
      const roll = r();
      if (roll < 0.03) address += 1 + int(r, p.block - 1); // not on a block boundary
      else if (roll < 0.05) address = p.size + p.block * int(r, 4); // outside storage
      else if (roll < 0.06) address = 0x8000_0000 + p.block; // bit 0 (format 1: a program check)
    }
    const a = address;
    if (p.format2) {
      p.storage[list + written] = 0;
      p.storage[list + written + 1] = 0;
      p.storage[list + written + 2] = 0;
      p.storage[list + written + 3] = 0;
      new DataView(p.storage.buffer).setUint32(list + written + 4, a >>> 0);
    } else {
      new DataView(p.storage.buffer).setUint32(list + written, a >>> 0);
    }
    written += idawSize;
  }
  return written;
}

/** Random IDA programs in frame 0, their IDALs after them, data mostly in frames 1-3; keys random. */
function idaProgram(seed: number, size: number): IdaProgram {
  const r = prng(seed);
  const storage = new Uint8Array(size);
  for (let i = 0; i < storage.length; i++) storage[i] = int(r, 256);
  const keys = Array.from({ length: size / 4096 }, (_, f) => (f === 0 || r() < 0.6 ? ([0, false] as const) : ([1 + int(r, 3), r() < 0.5] as const)));
  const format1 = r() < 0.85;
  const format2 = r() < 0.6;
  const twoK = r() < 0.4;
  const block = format2 && !twoK ? 4096 : 2048;
  const at = 8 * int(r, 32);
  const length = 2 + int(r, 30);
  let list = IDAL_AREA;
  for (let i = 0; i < length; i++) {
    const a = at + 8 * i;
    const cmd = pick(r, COMMANDS);
    let flags = (i < length - 1 && r() < 0.95 ? CC : 0) | (r() < 0.5 ? SLI : 0) | (r() < 0.85 ? IDA : 0);
    if (r() < 0.05) flags |= pick(r, [0x10, 0x08, 0x80]);
    const count = pick(r, [1, 8, 64, 100, 2048, 4096, 5000, 1 + int(r, 9000)]);
    let cda: number;
    if (cmd === 0x08) {
      cda = at + 8 * int(r, length);
    } else if ((flags & IDA) !== 0) {
      const roll = r();
      if (roll < 0.03) cda = size + 64; // the IDAL outside storage
      else if (roll < 0.05) cda = list + 2; // misaligned
      else if (roll < 0.12) cda = 4096 * (1 + int(r, size / 4096 - 1)) - (format2 ? 8 : 4) * int(r, 3); // in (maybe across into) a keyed frame
      else cda = list;
      if (cda === list) list += writeIdal(r, { storage, format2, block, size }, list, count);
      else if (cda + 64 <= size && cda % 4 === 0) writeIdal(r, { storage, format2, block, size }, cda, count);
    } else {
      cda = 4096 + int(r, size - 4096 - 200);
    }
    const bytes = format1
      ? CCW1.encode({ cmd, flags: cmd === 0x08 ? 0 : flags, count: cmd === 0x08 ? 0 : count, cda: cda >>> 0 })
      : CCW0.encode({ cmd, flags, count, cda: cda & 0xffffff, reserved: 0 });
    storage.set(bytes, a);
  }
  const key = r() < 0.5 ? 0 : 1 + int(r, 3);
  return { storage, keys, format1, format2, twoK, key, at };
}

/** IDA CCWs that moved data (the comparison's reach). */
const idaMoved = (o: Observed): number => o.records.filter((x) => (x.ccw.flags & IDA) !== 0 && x.transferred > 0).length;

describe('fast path IDA reads and writes ≡ one event per CCW (guest storage)', () => {
  test('1,500 random IDA programs (format-1/2 IDAWs, 2K/4K, faults, keys), records on and off: identical records and state', () => {
    let batched = 0;
    let moved = 0;
    for (let seed = 70_001; seed <= 71_500; seed++) {
      const p = idaProgram(seed, STORAGE_SIZE);
      const orb = ORB_AREA.decode(ORB.encode({ intparm: seed, key: p.key, F: p.format1 ? 1 : 0, H: p.format2 ? 1 : 0, T: p.twoK ? 1 : 0, lpm: 0x80, cpa: p.at }));
      const c: RandomCase = { seed, storage: p.storage, keys: p.keys, orbs: [orb], startAt: [0] };
      const slow = runCase(c, { fast: false, timeLimitNs: 2_000_000 });
      const fast = runCase(c, { fast: true, timeLimitNs: 2_000_000 });
      expect(outcome(fast), `seed ${seed}`).toEqual(outcome(slow));
      if (fast.events < slow.events) batched++;
      moved += idaMoved(fast);
      if (seed % 3 === 0) {
        const quiet = outcome(runCase(c, { fast: true, report: false, timeLimitNs: 2_000_000 }));
        expect({ ...quiet, records: [] }, `seed ${seed} (records off)`).toEqual({ ...outcome(slow), records: [] });
      }
    }
    expect(batched).toBeGreaterThan(500);
    expect(moved).toBeGreaterThan(600);
  });
});

// ---- the same kind of program through vfio-ccw

const VFIO_STORAGE = 64 * 1024;

function runVfio(p: IdaProgram, seed: number, fast: boolean) {
  const h = vfioHarness(new RandomDevice(0x190, seed), VFIO_STORAGE);
  h.guest.bytes.set(p.storage);
  p.keys.forEach(([acc, f], i) => h.guest.setKey(i * 4096, acc, f));
  h.css.engine.batchCcws = fast;
  const records: CcwRecord[] = [];
  const checks: ProgramCheckInfo[] = [];
  h.css.addListener({ ccwExecuted: (x) => records.push(x), check: (x) => checks.push(x) });
  const starts: unknown[] = [];
  const irbs: number[][] = [];
  let events = 0;
  // Twice: the second START runs over what the first stored, with pages pinned again.
  for (let k = 0; k < 2; k++) {
    starts.push(h.io.startSubchannel(0, h.orb({ key: p.key, F: p.format1 ? 1 : 0, H: p.format2 ? 1 : 0, T: p.twoK ? 1 : 0, cpa: p.at })));
    for (let guard = 0; guard < 20_000 && h.scheduler.runNext(); guard++) events++;
    h.io.poll();
    const t = h.io.testSubchannel(0);
    irbs.push(t.irb ? [...t.irb] : [t.cc]);
  }
  return {
    starts,
    irbs,
    scsw: irbs.map((irb) => (irb.length > 1 ? SCSW.decode(Uint8Array.from(irb)) : null)),
    records: records.map((x) => ({ ...x, data: [...x.data], ticHops: [...x.ticHops] })),
    checks,
    time: h.scheduler.now,
    storage: Buffer.from(h.guest.bytes).toString('hex'),
    keys: [...h.guest.keys],
    moved: records.filter((x) => x.transferred > 0).length,
    events,
  };
}

describe('fast path IDA transfers through vfio-ccw (host IDALs over pinned pages) ≡ one event per CCW', () => {
  test('250 random programs twice each: identical IRBs, host records, guest storage and keys', () => {
    let batched = 0;
    let moved = 0;
    for (let seed = 80_001; seed <= 80_250; seed++) {
      const p = idaProgram(seed, VFIO_STORAGE);
      const slow = runVfio(p, seed, false);
      const fast = runVfio(p, seed, true);
      expect({ ...fast, events: 0 }, `seed ${seed}`).toEqual({ ...slow, events: 0 });
      if (fast.events < slow.events) batched++;
      moved += fast.moved;
    }
    // vfio-ccw gives every data-moving CCW an IDAL: these ran inline with their data.
    expect(batched).toBeGreaterThan(100);
    expect(moved).toBeGreaterThan(150);
  });
});

describe('IDA chains run inline', () => {
  /** 20 reads of a 10,000-byte record then 5 writes, each into its own buffer (direct addressing in the guest). */
  function readChain(fast: boolean) {
    const record = new Uint8Array(10_000).map((_, i) => (i * 13) & 0xff);
    const device = new FakeDevice(0x190, record, 6000);
    const h = vfioHarness(device, 1 << 20);
    h.css.engine.batchCcws = fast;
    h.css.engine.reportInline = !fast;
    const reads = Array.from({ length: 20 }, (_, i) => ({ cmd: 0x02, flags: CC, count: 10_000, cda: 0x10000 + i * 0x3000 }));
    const writes = Array.from({ length: 5 }, (_, i) => ({ cmd: 0x01, flags: i < 4 ? CC : 0, count: 6000, cda: 0x10000 + i * 0x3000 + 100 }));
    h.program(0x1000, [...reads, ...writes]);
    let events = 0;
    expect(h.io.startSubchannel(0, h.orb({ cpa: 0x1000, H: 1 }))).toEqual({ cc: 0 });
    while (h.scheduler.runNext()) events++;
    h.io.poll();
    const t = h.io.testSubchannel(0);
    return { irb: t.irb ? [...t.irb] : null, storage: Buffer.from(h.guest.bytes).toString('hex'), keys: [...h.guest.keys], written: [...device.written], events };
  }

  test('through vfio-ccw, every translated CCW carries IDA and still runs inside one event', () => {
    const fast = readChain(true);
    const slow = readChain(false);
    expect({ ...fast, events: 0 }).toEqual({ ...slow, events: 0 });
    expect(fast.irb?.[8]).toBe(0x0c);
    expect(fast.written.slice(0, 4)).toEqual([100 * 13 & 0xff, 101 * 13 & 0xff, 102 * 13 & 0xff, 103 * 13 & 0xff]);
    expect(slow.events).toBeGreaterThan(50);
    expect(fast.events).toBeLessThan(10);
  });
});
