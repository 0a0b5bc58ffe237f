/**
 * Injected faults on the direct path (LANGUAGE.md "Faults"), and the architected status each
 * produces (PoO "Unit Check", "Concurrent Sense", "Channel-Data Check", "Attention", "Deferred
 * Condition Code", "Busy").
 */
import { describe, expect, test } from 'vitest';
import { SCS } from '../../../src/arch';
import { fromHex, toHex } from '../../helpers/hex';
import { ENDING, setup } from './instructionStates';

const READ_AT = 0x1200;

describe('FAULT UNITCHECK', () => {
  test('the next command ends with unit check (no incorrect length: rejected in the initial status) and a Sense returns the given sense', () => {
    const t = setup();
    t.program(READ_AT, [{ cmd: 0x03, flags: 0x40 }, { cmd: 0x04, cda: 0x3000, count: 32 }]);
    t.css.injectUnitCheck(0, fromHex('4000000000000000'));
    t.css.startSubchannel(0, t.orb({ cpa: READ_AT }));
    t.runAll();
    const first = t.css.testSubchannel(0);
    // F; FC start; alert + primary + secondary + pending; CCW address 1208; CE DE UC.
    expect(toHex(first.irb!.subarray(0, 12))).toBe('00804017' + '00001208' + '0E000000');
    expect(t.device.commands).toHaveLength(0);
    t.css.startSubchannel(0, t.orb({ cpa: READ_AT + 8 }));
    t.runAll();
    expect(t.css.testSubchannel(0).cc).toBe(0);
    expect(toHex(t.storage.read(0x3000, 8)!)).toBe('4000000000000000');
  });

  test('with concurrent sense (PMCW S): sense in the ECW, ERW S and SCNT 32 in bits 10-15 (Linux struct erw; QEMU puts 32 in byte 2), SCSW E', () => {
    const t = setup();
    t.sch.pmcw.S = 1;
    t.css.injectUnitCheck(0, fromHex('0080'));
    t.css.startSubchannel(0, t.orb({ cpa: ENDING }));
    t.runAll();
    const irb = t.css.testSubchannel(0).irb!;
    expect(toHex(irb.subarray(0, 4))).toBe('00824017');
    expect(toHex(irb.subarray(16, 20))).toBe('01200000');
    expect(toHex(irb.subarray(32, 36))).toBe('00800000');
  });
});

describe('FAULT CDC / ICC / CCC on the next data transfer', () => {
  test('channel-data check: nothing stored, format-0 ESW (SCSW L) with LPUM and termination code valid', () => {
    const t = setup();
    t.program(READ_AT, [{ cmd: 0x02, cda: 0x3000, count: 24 }]);
    t.css.injectChannelCheck(0, SCS.CDC);
    t.css.startSubchannel(0, t.orb({ cpa: READ_AT }));
    t.runAll();
    const irb = t.css.testSubchannel(0).irb!;
    expect(toHex(irb.subarray(0, 12))).toBe('04804017' + '00001208' + '0C080000');
    expect(toHex(irb.subarray(12, 16))).toBe('00806040');
    expect(toHex(t.storage.read(0x3000, 4)!)).toBe('00000000');
  });

  test('the check is consumed: the next program transfers normally', () => {
    const t = setup();
    t.program(READ_AT, [{ cmd: 0x02, cda: 0x3000, count: 24 }]);
    t.css.injectChannelCheck(0, SCS.ICC);
    t.css.startSubchannel(0, t.orb({ cpa: READ_AT }));
    t.runAll();
    expect(t.css.testSubchannel(0).irb![9]).toBe(SCS.ICC);
    t.css.startSubchannel(0, t.orb({ cpa: READ_AT }));
    t.runAll();
    expect(t.css.testSubchannel(0).irb![9]).toBe(0);
    expect(toHex(t.storage.read(0x3000, 2)!)).toBe('0102');
  });
});

describe('FAULT BUSY', () => {
  test('the device answers the initial selection busy: deferred condition code 1, device status busy, alert', () => {
    const t = setup();
    t.css.injectBusy(0);
    expect(t.css.startSubchannel(0, t.orb({ cpa: ENDING }))).toEqual({ cc: 0 });
    t.runAll();
    const irb = t.css.testSubchannel(0).irb!;
    expect(toHex(irb.subarray(0, 12))).toBe('01804011' + '00000000' + '10000000');
    expect(t.device.commands).toHaveLength(0);
    // Once: the retry runs.
    t.css.startSubchannel(0, t.orb({ cpa: ENDING }));
    t.runAll();
    expect(t.css.testSubchannel(0).irb![8]).toBe(0x0c);
  });
});

describe('FAULT ATTN', () => {
  test('idle: unsolicited attention, alert + status pending alone, deferred cc 0 (Linux scsw_cmd_is_solicited: unsolicited)', () => {
    const t = setup();
    t.css.presentAttention(0);
    t.runAll();
    expect(t.css.testPendingInterruption()).toEqual({ cc: 1, schno: 0 });
    expect(toHex(t.css.testSubchannel(0).irb!.subarray(0, 12))).toBe('00000011' + '00000000' + '80000000');
  });

  test('busy: the attention waits until TEST SUBCHANNEL leaves the subchannel idle', () => {
    const t = setup();
    t.css.startSubchannel(0, t.orb({ cpa: ENDING }));
    t.css.presentAttention(0);
    t.runAll();
    expect(t.css.testSubchannel(0).irb![8]).toBe(0x0c);
    t.runAll();
    expect(t.css.testSubchannel(0).irb![8]).toBe(0x80);
  });
});

describe('FAULT NOTOPER and NOPATH', () => {
  test('NOTOPER: the subchannel disappears: STSCH, TSCH and SSCH cc 3; its running program is gone', () => {
    const t = setup();
    t.css.startSubchannel(0, t.orb({ cpa: ENDING }));
    t.css.setDeviceOperational(0, false);
    t.runAll();
    expect(t.css.storeSubchannel(0).cc).toBe(3);
    expect(t.css.testSubchannel(0).cc).toBe(3);
    expect(t.css.testPendingInterruption().cc).toBe(0);
    t.css.setDeviceOperational(0, true);
    expect(t.css.startSubchannel(0, t.orb({ cpa: ENDING }))).toEqual({ cc: 0 });
  });

  test('NOPATH: the device answers on no path: START SUBCHANNEL cc 3, the paths tried enter the PNOM', () => {
    const t = setup();
    t.css.setDeviceOperational(0, false, 'device');
    expect(t.css.startSubchannel(0, t.orb({ cpa: ENDING }))).toEqual({ cc: 3 });
    expect(t.css.storeSubchannel(0).schib![9]).toBe(0x80);
    expect(t.css.storeChannelReportWord().cc).toBe(1);
  });
});
