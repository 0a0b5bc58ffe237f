/**
 * The engine's fast path (src/css/fastPath.ts) against the reference path (one scheduler event
 * per CCW): the same seeded random programs run both ways and must give the same complete
 * CcwRecord streams (virtual times, addresses, TIC hops, statuses, residuals, data), the same
 * checks, status-pending events (with their times and SCSWs), IRBs, storage and storage keys.
 */
import { describe, expect, test } from 'vitest';
import { ChannelSubsystem, GuestStorage, Scheduler } from '../../../src/css';
import { CCW1, ORB, ORB_AREA } from '../../../src/arch';
import { outcome, randomCase, runCase } from '../../helpers/randomChannelPrograms';
import { FakeDevice } from '../../helpers/fakeDevice';

describe('fast path ≡ one event per CCW', () => {
  test('1,500 random programs (NOP-heavy and general), records on: identical record streams and state', () => {
    let batched = 0;
    for (let seed = 1; seed <= 1500; seed++) {
      const c = randomCase(seed, { nop: seed % 3 !== 0 });
      const slow = runCase(c, { fast: false, timeLimitNs: 300_000 });
      const fast = runCase(c, { fast: true, timeLimitNs: 300_000 });
      expect(outcome(fast), `seed ${seed}`).toEqual(outcome(slow));
      if (fast.events < slow.events) batched++;
    }
    // The comparison means something only if the fast path really ran CCWs inline.
    expect(batched).toBeGreaterThan(500);
  });

  test('600 random programs on 3 subchannels started at random times: same interleaving', () => {
    let batched = 0;
    for (let seed = 10_001; seed <= 10_600; seed++) {
      const c = randomCase(seed, { devices: 3, nop: true });
      const slow = runCase(c, { fast: false, timeLimitNs: 300_000 });
      const fast = runCase(c, { fast: true, timeLimitNs: 300_000 });
      expect(outcome(fast), `seed ${seed}`).toEqual(outcome(slow));
      if (fast.events < slow.events) batched++;
    }
    expect(batched).toBeGreaterThan(100);
  });

  test('a HALT at a CPU deadline outside the queue (the horizon) hits the same CCW both ways', () => {
    for (let seed = 20_001; seed <= 20_400; seed++) {
      const c = randomCase(seed, { nop: true });
      const haltAt = 2_000 + (seed % 37) * 250 + (seed % 3) * 100;
      const slow = runCase(c, { fast: false, timeLimitNs: 300_000, haltAt });
      const fast = runCase(c, { fast: true, timeLimitNs: 300_000, haltAt });
      expect(outcome(fast), `seed ${seed}`).toEqual(outcome(slow));
    }
  });

  test('records off: the same state, status events and times, and no per-CCW records', () => {
    for (let seed = 30_001; seed <= 30_800; seed++) {
      const c = randomCase(seed, { devices: 1 + (seed % 2), nop: seed % 4 !== 0 });
      const slow = outcome(runCase(c, { fast: false, timeLimitNs: 300_000 }));
      const fast = outcome(runCase(c, { fast: true, report: false, timeLimitNs: 300_000 }));
      expect(fast.records).toEqual([]);
      expect({ ...fast, records: [] }, `seed ${seed}`).toEqual({ ...slow, records: [] });
    }
  });

  test('records off, devices answering immediately: strings of immediate CCWs give the same state, counters and steps', () => {
    // Strings of immediate CCWs (src/css/fastControl.ts) run only with records off and an
    // immediate device: random answers (unit check or exception, status modifier, device times
    // from 0 to 7 µs), format-0 and format-1, keys, TICs, SSCHs and a HALT at CPU deadlines.
    let batched = 0;
    for (let seed = 40_001; seed <= 41_500; seed++) {
      const c = randomCase(seed, { devices: 1 + (seed % 3), nop: seed % 5 !== 0 });
      const haltAt = seed % 4 === 0 ? 1_500 + (seed % 53) * 250 + (seed % 3) * 100 : undefined;
      const slowRun = runCase(c, { fast: false, immediate: true, timeLimitNs: 300_000, haltAt });
      const fastRun = runCase(c, { fast: true, report: false, immediate: true, timeLimitNs: 300_000, haltAt });
      const fast = outcome(fastRun);
      expect(fast.records).toEqual([]);
      expect({ ...fast, records: [] }, `seed ${seed}`).toEqual({ ...outcome(slowRun), records: [] });
      if (fastRun.events < slowRun.events) batched++;
    }
    expect(batched).toBeGreaterThan(300);
  });

  test('an endless NOP/TIC loop yields to the queue every MAX_CCWS_PER_EVENT CCWs (it cannot hang its caller)', () => {
    const storage = new GuestStorage(64 * 1024);
    storage.write(0x1000, CCW1.encode({ cmd: 0x03, flags: 0x40, count: 0, cda: 0 }));
    storage.write(0x1008, CCW1.encode({ cmd: 0x08, flags: 0, count: 0, cda: 0x1000 }));
    const scheduler = new Scheduler();
    const css = new ChannelSubsystem(storage, scheduler);
    css.engine.batchCcws = true;
    css.engine.reportCcws = false;
    css.attach(0, new FakeDevice(0x190));
    css.startSubchannel(0, ORB_AREA.decode(ORB.encode({ F: 1, lpm: 0x80, cpa: 0x1000 })));
    for (let i = 0; i < 5; i++) expect(scheduler.runNext()).toBe(true);
    // 1 start event + 4 events of at most 16,384 NOPs each (1 µs device time + 250 ns fetch).
    expect(scheduler.now).toBeGreaterThan(3 * 16_000 * 1250);
    expect(scheduler.now).toBeLessThan(5 * 16_384 * 1250 + 10_000);
    expect(css.engine.programs.has(0)).toBe(true);
  });
});

