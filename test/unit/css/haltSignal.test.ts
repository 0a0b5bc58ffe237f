/**
 * The halt signal reaches the device (PoO "Halt Function"): a device in a channel program ends
 * its operation and chain, then the subchannel holds the halt's ending status: device status
 * channel end + device end, primary + secondary status, function control start + halt, the
 * CCW address of the last CCW executed + 8 and that CCW's residual count. Clear resets the
 * device instead (PoO "Clear Function": the clear signal performs a device reset).
 */
import { describe, expect, test } from 'vitest';
import { AC, CF, SCSW } from '../../../src/arch';
import { FakeDevice } from '../../helpers/fakeDevice';
import { harness } from '../../helpers/cssHarness';

/** A FakeDevice that counts halt and reset signals. */
class SignalledDevice extends FakeDevice {
  halts = 0;
  resets = 0;
  halt(): void {
    this.halts++;
  }
  override reset(): void {
    this.resets++;
    super.reset();
  }
}

const PROGRAM = 0x2000;

function setupReadChain() {
  const device = new SignalledDevice(0x0190);
  const h = harness([device]);
  // READ 24 (CC), READ 24: the FakeDevice offers 24 bytes to each, 5 µs of device time.
  h.program(PROGRAM, [{ cmd: 0x02, flags: CF.CC, count: 24, cda: 0x3000 }, { cmd: 0x02, count: 24, cda: 0x3100 }]);
  expect(h.css.startSubchannel(0, h.orb({ cpa: PROGRAM }))).toEqual({ cc: 0 });
  const fetched: number[] = [];
  h.css.addListener({ ccwFetched: (_s, address) => fetched.push(address) });
  const runUntil = (done: () => boolean) => {
    let guard = 0;
    while (!done() && h.scheduler.runNext()) if (++guard > 100_000) throw new Error('runaway');
  };
  const runAll = () => runUntil(() => false);
  const scsw = () => {
    const t = h.css.testSubchannel(0);
    expect(t.cc).toBe(0);
    return SCSW.decode(t.irb ?? new Uint8Array(12));
  };
  return { ...h, device, fetched, runUntil, runAll, scsw };
}

describe('HALT SUBCHANNEL signals the device (PoO "Halt Function")', () => {
  test('during the first READ\'s data transfer: the device is told once; CE+DE, CCW address = first CCW + 8, its residual 0', () => {
    const t = setupReadChain();
    t.runUntil(() => t.records.length === 1); // the first READ is at the device (its 5 µs run)
    expect(t.css.haltSubchannel(0)).toEqual({ cc: 0 });
    expect(t.device.halts).toBe(0); // the signal completes after HALT_LATENCY_NS
    t.runAll();
    expect(t.device.halts).toBe(1);
    expect(t.device.resets).toBe(0);
    expect(t.records).toHaveLength(1); // no further CCW after the halt
    // FC start + halt (bits 17, 18 = 0b110), SC primary + secondary + pending (0b00111), no alert.
    expect(t.scsw()).toMatchObject({ fctl: 0b110, actl: 0, stctl: 0b00111, dstat: 0x0c, cstat: 0, cpa: PROGRAM + 8, count: 0 });
  });

  test('with the second READ fetched but not yet at the device: its whole count is residual, CCW address = second CCW + 8', () => {
    const t = setupReadChain();
    t.runUntil(() => t.fetched.includes(PROGRAM + 8));
    t.css.haltSubchannel(0);
    t.runAll();
    expect(t.device.halts).toBe(1);
    expect(t.records).toHaveLength(1);
    expect(t.scsw()).toMatchObject({ fctl: 0b110, stctl: 0b00111, dstat: 0x0c, cpa: PROGRAM + 16, count: 24 });
  });

  test('start pending: no program at the device, so no signal to end one (status pending alone)', () => {
    const device = new SignalledDevice(0x0190);
    const h = harness([device]);
    h.program(PROGRAM, [{ cmd: 0x03 }]);
    h.css.startSubchannel(0, h.orb({ cpa: PROGRAM }));
    h.css.haltSubchannel(0);
    const r = h.runToStatus();
    expect(device.halts).toBe(0);
    expect(r.scsw).toMatchObject({ fctl: 0b110, stctl: 0b00001, dstat: 0 });
  });

  test('idle: no operation, no signal to end one', () => {
    const device = new SignalledDevice(0x0190);
    const h = harness([device]);
    h.css.haltSubchannel(0);
    h.runToStatus();
    expect(device.halts).toBe(0);
  });
});

describe('CLEAR SUBCHANNEL resets the device (PoO "Clear Function")', () => {
  test('an active program: the clear signal resets the device (a reset, not a halt) and the subchannel ends clear pending → FC clear', () => {
    const t = setupReadChain();
    t.runUntil(() => ((t.css.subchannel(0)?.scsw.actl ?? 0) & AC.SCHACT) !== 0);
    expect(t.css.clearSubchannel(0)).toEqual({ cc: 0 });
    t.runAll();
    expect(t.device.resets).toBe(1);
    expect(t.device.halts).toBe(0);
    expect(t.scsw()).toMatchObject({ fctl: 0b001, stctl: 0b00001, dstat: 0, cstat: 0 });
  });
});
