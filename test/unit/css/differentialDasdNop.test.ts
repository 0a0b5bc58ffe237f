/**
 * The 3390's immediate answer (Dasd3390.immediate, src/css/immediate.ts) against its execute():
 * seeded random chains of No-operations mixed with the commands that change what a NOP may do
 * (Seek, Read IPL, Define Extent and Locate Record domains, Search ID with its TIC, Sense, chain
 * ends, invalid commands) run on a real Dasd3390 with one event per CCW and on the fast path.
 * Every CcwRecord, the IRB, storage, storage keys and the device's complete snapshot must agree.
 */
import { describe, expect, test } from 'vitest';
import { CCW1, ORB, ORB_AREA, SCSW } from '../../../src/arch';
import { ChannelSubsystem, GuestStorage, Scheduler, type CcwRecord } from '../../../src/css';
import { Dasd3390 } from '../../../src/devices/dasd/dasd3390';
import { HEADS_PER_CYLINDER, modelForCylinders } from '../../../src/devices/dasd/geometry';
import { MemoryTrackStore } from '../../../src/devices/dasd/trackStore';
import { prng as rng } from '../../helpers/prng';

const CC = 0x40;
const SLI = 0x20;
const PROGRAM = 0x1000;
const DATA = 0x8000;


function dasd(): Dasd3390 {
  const model = modelForCylinders(10);
  if (!model) throw new Error('no 3390 model');
  return new Dasd3390({ devno: 0x190, model, store: new MemoryTrackStore({ cylinders: 10, heads: HEADS_PER_CYLINDER, volser: 'DIFF01' }) });
}

interface Program {
  readonly ccws: { cmd: number; flags: number; count: number; cda: number }[];
  readonly data: Uint8Array;
}

/** Mostly NOPs, with the commands around them that open domains, end chains or position the disk. */
function randomProgram(seed: number): Program {
  const r = rng(seed);
  const data = new Uint8Array(256);
  for (let i = 0; i < data.length; i++) data[i] = Math.floor(r() * 256);
  // Seek to cylinder 0 head 0..3, a Define Extent over the whole small volume, a Locate Record.
  data.set([0, 0, 0, 0, 0, Math.floor(r() * 4)], 0);
  data.set([0xc0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9, 0, 14], 16);
  data.set([Math.floor(r() * 4) === 0 ? 0x06 : 0x03, 0, 0, Math.floor(r() * 3), 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0], 32);
  const ccws: Program['ccws'] = [];
  const n = 4 + Math.floor(r() * 40);
  for (let i = 0; i < n; i++) {
    const last = i === n - 1;
    const x = r();
    let cmd = 0x03;
    let count = r() < 0.5 ? 0 : 1 + Math.floor(r() * 8);
    let cda = DATA + Math.floor(r() * 64);
    if (x < 0.06) [cmd, count, cda] = [0x07, 6, DATA];
    else if (x < 0.09) [cmd, count, cda] = [0x63, 16, DATA + 16];
    else if (x < 0.12) [cmd, count, cda] = [0x47, 16, DATA + 32];
    else if (x < 0.14) [cmd, count, cda] = [0x02, 24, DATA + 128];
    else if (x < 0.16) [cmd, count, cda] = [0x04, 32, DATA + 160];
    else if (x < 0.18) [cmd, count, cda] = [0x31, 5, DATA];
    else if (x < 0.2) [cmd, count] = [0x1a, 5];
    else if (x < 0.21) [cmd, count] = [0xff, 1];
    let flags = (last || r() < 0.03 ? 0 : CC) | (r() < 0.85 ? SLI : 0);
    if (cmd === 0x03 && count === 0 && r() < 0.5) flags &= ~SLI;
    ccws.push({ cmd, flags, count, cda });
    // A Search ID is followed by the TIC back to it, as real programs have it.
    if (cmd === 0x31 && !last) ccws.push({ cmd: 0x08, flags: 0, count: 0, cda: PROGRAM + (ccws.length - 1) * 8 });
  }
  return { ccws, data };
}

function run(p: Program, fast: boolean, report = true) {
  const storage = new GuestStorage(64 * 1024);
  p.ccws.forEach((c, i) => storage.write(PROGRAM + i * 8, CCW1.encode(c)));
  storage.write(DATA, p.data);
  const scheduler = new Scheduler();
  const css = new ChannelSubsystem(storage, scheduler);
  css.engine.batchCcws = fast;
  css.engine.reportCcws = report;
  const device = dasd();
  css.attach(0, device);
  const records: CcwRecord[] = [];
  css.addListener({ ccwExecuted: (r) => records.push(r) });
  const irbs: number[][] = [];
  let events = 0;
  // Two programs in a row: the second starts where the first left the device.
  for (let k = 0; k < 2; k++) {
    css.startSubchannel(0, ORB_AREA.decode(ORB.encode({ F: 1, lpm: 0x80, cpa: PROGRAM })));
    for (let guard = 0; guard < 10_000 && scheduler.runNext(); guard++) events++;
    const t = css.testSubchannel(0);
    irbs.push(t.irb ? [...SCSW.encode(SCSW.decode(t.irb))] : []);
  }
  return {
    records: records.map((r) => ({ ...r, data: [...r.data], ticHops: [...r.ticHops] })),
    irbs,
    time: scheduler.now,
    storage: Buffer.from(storage.bytes).toString('hex'),
    keys: [...storage.keys],
    device: device.snapshot(),
    inspect: device.inspect(),
    sense: [...device.sense()],
    chain: JSON.parse(JSON.stringify(device.chain)) as unknown,
    inDomain: device.inDomain,
    executed: css.engine.counter(0).executed,
    fetched: css.engine.counter(0).fetched,
    lastExecuted: css.engine.counter(0).lastExecuted,
    steps: events + scheduler.inlined,
    events,
  };
}

describe('3390 No-operation: immediate answer ≡ execute()', () => {
  test('400 random NOP-heavy programs with Seek, domains, Read IPL, Search and chain ends: identical records, status, storage and device', () => {
    let batched = 0;
    for (let seed = 1; seed <= 400; seed++) {
      const p = randomProgram(seed);
      const slow = run(p, false);
      const fast = run(p, true);
      expect({ ...fast, events: 0 }, `seed ${seed}`).toEqual({ ...slow, events: 0 });
      if (fast.events < slow.events) batched++;
    }
    expect(batched).toBeGreaterThan(200);
  });

  test('records off (strings of immediate NOPs, src/css/fastControl.ts): the same status, storage, device, counters and steps', () => {
    let batched = 0;
    for (let seed = 1001; seed <= 1400; seed++) {
      const p = randomProgram(seed);
      const slow = run(p, false);
      const fast = run(p, true, false);
      expect(fast.records).toEqual([]);
      expect({ ...fast, records: [], events: 0 }, `seed ${seed}`).toEqual({ ...slow, records: [], events: 0 });
      if (fast.events < slow.events) batched++;
    }
    expect(batched).toBeGreaterThan(200);
  });

  test('a long 3390 NOP chain runs inline and is counted: 5,000 CCWs in a handful of events', () => {
    const ccws = Array.from({ length: 5000 }, (_, i) => ({ cmd: 0x03, flags: i === 4999 ? 0 : CC, count: 0, cda: 0 }));
    const p: Program = { ccws, data: new Uint8Array(0) };
    const fast = run({ ...p, ccws: ccws.slice(0, 5000) }, true);
    expect(fast.executed).toBe(10_000);
    expect(fast.fetched).toBe(10_000);
    expect(fast.events).toBeLessThan(20);
    expect(fast.irbs[1]?.[8]).toBe(0x0c);
  });
});

