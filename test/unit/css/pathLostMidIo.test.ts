/**
 * The channel path in use goes physically offline during an operation (PoO chapter 16
 * "Interface-Control Check"; chapter 15 PMCW "Path-Operational Mask", "Path-Not-Operational
 * Mask"; SCSW "Path Not Operational (N)"; chapter 17 "Channel-Report Word"). The channel
 * subsystem ends the operation with interface-control check at once: no further CCW, device
 * status zero (none arrives over a path that is gone), primary + secondary + alert status, a
 * format-0 ESW (subchannel logout) with the path in the LPUM; the path leaves the POM and enters
 * the PNOM; and the channel-path CRW (RSC 4, ERC 6) is queued as for any path going offline.
 * Linux's io_subchannel_terminate_path then finds no activity (SCSW activity control zero) and
 * only verifies paths; its vfio_ccw_chp_event finds the status already taken.
 */
import { describe, expect, test } from 'vitest';
import { CF, ESW, IRB, SCHIB, SCSW } from '../../../src/arch';
import { ChannelSubsystem, GuestStorage, Scheduler, type CcwRecord } from '../../../src/css';
import { CCW1, ORB } from '../../../src/arch';
import { toHex } from '../../helpers/hex';
import { FakeDevice } from '../../helpers/fakeDevice';

class HaltCountingDevice extends FakeDevice {
  halts = 0;
  halt(): void {
    this.halts++;
  }
}

const PROGRAM = 0x2000;

function bench(lpm = 0xc0) {
  const storage = new GuestStorage(1 << 20);
  const scheduler = new Scheduler();
  const css = new ChannelSubsystem(storage, scheduler);
  const device = new HaltCountingDevice(0x0190);
  css.attach(0, device, { chpids: [0x40, 0x41] });
  const records: CcwRecord[] = [];
  css.addListener({ ccwExecuted: (r) => records.push(r) });
  storage.write(PROGRAM, CCW1.encode({ cmd: 0x02, flags: CF.CC, count: 24, cda: 0x3000 }));
  storage.write(PROGRAM + 8, CCW1.encode({ cmd: 0x02, flags: 0, count: 24, cda: 0x3100 }));
  expect(css.startSubchannel(0, ORB.decode(ORB.encode({ lpm, F: 1, cpa: PROGRAM })))).toEqual({ cc: 0 });
  const runUntil = (done: () => boolean) => {
    let guard = 0;
    while (!done() && scheduler.runNext()) if (++guard > 100_000) throw new Error('runaway');
  };
  return { css, scheduler, device, records, runUntil };
}

describe('a channel path lost mid-operation (PoO "Interface-Control Check")', () => {
  test('the path in use (CHPID 40, PMCW path 0) goes offline during the first READ: ICC, alert, N, POM/PNOM, CRW', () => {
    const t = bench();
    t.runUntil(() => t.records.length === 1);
    t.css.setChannelPathOnline(0x40, false);
    expect(t.device.halts).toBe(1);
    const r = t.css.testSubchannel(0);
    expect(r.cc).toBe(0);
    const irb = r.irb ?? new Uint8Array(96);
    // SCSW word 0: byte 0 L (bit 5) = X'04'; byte 1 F (bit 8) + N (bit 15) = X'81'; FC start (bit 17)
    // = X'40'; SC alert + primary + secondary + pending = X'17'. Word 1: CCW address = first READ + 8.
    // Word 2: device status 0, subchannel status interface-control check X'02', count 0.
    expect(toHex(irb.subarray(0, 12))).toBe('04814017' + '00002008' + '00020000');
    const esw = IRB.decode(irb).esw;
    // Format-0 ESW (subchannel logout): LPUM = the lost path, termination code 01.
    expect(esw).toMatchObject({ lpum: 0x80, termc: 1 });
    t.runUntil(() => false);
    expect(t.records).toHaveLength(1); // the second READ never ran
    const schib = SCHIB.decode(t.css.storeSubchannel(0).schib ?? new Uint8Array(52));
    expect(schib.pmcw).toMatchObject({ pom: 0x7f, pnom: 0x80, lpum: 0x80 });
    expect(toHex(t.css.storeChannelReportWord().crw)).toBe('04060040');
  });

  test('a path the operation does not use (CHPID 41) going offline does not disturb it', () => {
    const t = bench();
    t.runUntil(() => t.records.length === 1);
    t.css.setChannelPathOnline(0x41, false);
    t.runUntil(() => false);
    expect(t.records).toHaveLength(2);
    const scsw = SCSW.decode(t.css.testSubchannel(0).irb ?? new Uint8Array(12));
    expect(scsw).toMatchObject({ dstat: 0x0c, cstat: 0, N: 0, cpa: PROGRAM + 16 });
    expect(toHex(t.css.storeChannelReportWord().crw)).toBe('04060041');
  });

  test('start pending: the loss is found at path selection as before (the other path is used, N = 1)', () => {
    const t = bench();
    t.css.setChannelPathOnline(0x40, false);
    t.runUntil(() => false);
    expect(t.records).toHaveLength(2);
    expect(t.device.halts).toBe(0);
    const scsw = SCSW.decode(t.css.testSubchannel(0).irb ?? new Uint8Array(12));
    expect(scsw).toMatchObject({ dstat: 0x0c, cstat: 0, N: 1 });
  });

  test('after the loss the next START uses the remaining path (CHPID 41) and runs to the end', () => {
    const t = bench();
    t.runUntil(() => t.records.length === 1);
    t.css.setChannelPathOnline(0x40, false);
    t.css.testSubchannel(0);
    expect(t.css.startSubchannel(0, ORB.decode(ORB.encode({ lpm: 0xc0, F: 1, cpa: PROGRAM })))).toEqual({ cc: 0 });
    t.runUntil(() => false);
    const irb = t.css.testSubchannel(0).irb ?? new Uint8Array(96);
    expect(SCSW.decode(irb)).toMatchObject({ dstat: 0x0c, cstat: 0 });
    expect(ESW.decode(irb.subarray(12, 32)).lpum).toBe(0x40);
  });
});
