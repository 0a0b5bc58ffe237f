/**
 * Channel paths and channel report words (PoO "Channel-Report Word", "STORE CHANNEL REPORT
 * WORD", "Path-Management-Control Word"; Linux vfio_ccw_chp_event for the ERCs; QEMU
 * css_queue_crw for the overflow bit, css_generate_sch_crws for chained subchannel CRWs).
 */
import { describe, expect, test } from 'vitest';
import { CRW_QUEUE_CAPACITY, type ChannelPathEvent } from '../../../src/css';
import { toHex } from '../../helpers/hex';
import { ENDING, setup } from './instructionStates';

describe('STORE CHANNEL REPORT WORD', () => {
  test('no CRW pending: zeros and cc 1', () => {
    const t = setup();
    expect(t.css.storeChannelReportWord()).toEqual({ cc: 1, crw: new Uint8Array(4) });
  });

  test('channel path offline: RSC 4, ERC 6, RSID = CHPID; online again: ERC 2; oldest first', () => {
    const t = setup();
    t.css.setChannelPathOnline(0x40, false);
    t.css.setChannelPathOnline(0x40, true);
    const a = t.css.storeChannelReportWord();
    const b = t.css.storeChannelReportWord();
    expect([a.cc, toHex(a.crw)]).toEqual([0, '04060040']);
    expect([b.cc, toHex(b.crw)]).toEqual([0, '04020040']);
    expect(t.css.storeChannelReportWord().cc).toBe(1);
  });

  test('a path already in the state asked for makes no report', () => {
    const t = setup();
    t.css.setChannelPathOnline(0x01, true);
    expect(t.css.storeChannelReportWord().cc).toBe(1);
  });

  test('a subchannel that disappears gives two chained CRWs: C in the first, RSID = subchannel number then the set IDs', () => {
    const t = setup();
    t.css.setDeviceOperational(0, false);
    expect(toHex(t.css.storeChannelReportWord().crw)).toBe('13040000');
    expect(toHex(t.css.storeChannelReportWord().crw)).toBe('03040000');
  });

  test('overflow: a report that does not fit is lost and the next queued CRW has R set', () => {
    const t = setup();
    for (let i = 0; i < CRW_QUEUE_CAPACITY; i++) t.css.setChannelPathOnline(0x80 + i, false);
    t.css.setChannelPathOnline(0xf0, false); // lost: the queue is full
    expect(toHex(t.css.storeChannelReportWord().crw)).toBe('04060080');
    t.css.setChannelPathOnline(0xf1, false);
    const words = [];
    for (let r = t.css.storeChannelReportWord(); r.cc === 0; r = t.css.storeChannelReportWord()) words.push(toHex(r.crw));
    expect(words).toHaveLength(CRW_QUEUE_CAPACITY);
    expect(words.at(-1)).toBe('240600F1');
    expect(words).not.toContain('040600F0');
  });
});

describe('paths of a subchannel (PoO "Path-Management-Control Word")', () => {
  test('a path whose channel path is offline is found not operational at selection: PNOM, POM, N, and another path is used', () => {
    const t = setup({ chpids: [0x40, 0x41] });
    t.css.setChannelPathOnline(0x40, false);
    expect(t.css.startSubchannel(1, t.orb({ cpa: ENDING, lpm: 0xff }))).toEqual({ cc: 0 });
    t.runAll();
    const r = t.css.testSubchannel(1);
    expect(r.irb?.[1]! & 0x01).toBe(1); // SCSW N
    expect(r.irb?.[13]).toBe(0x40); // ESW LPUM: the second path
    const schib = t.css.storeSubchannel(1).schib!;
    expect([schib[9], schib[10], schib[14]]).toEqual([0x80, 0x40, 0x7f]); // PNOM, LPUM, POM
  });

  test('no path in the LPM operational: deferred condition code 3 with alert status (PoO "Deferred Condition Code")', () => {
    const t = setup({ chpids: [0x40, 0x41] });
    t.css.setChannelPathOnline(0x40, false);
    t.css.setChannelPathOnline(0x41, false);
    expect(t.css.startSubchannel(1, t.orb({ cpa: ENDING, lpm: 0xff }))).toEqual({ cc: 0 });
    t.runAll();
    const r = t.css.testSubchannel(1);
    expect(toHex(r.irb!.subarray(0, 4))).toBe('03814011'); // CC 3, F, N; FC start; alert + pending
  });

  test('vary offline changes the path-available mask and makes no CRW; vary online restores it', () => {
    const t = setup({ chpids: [0x40, 0x41] });
    t.css.varyChannelPath(0x41, false);
    expect(t.css.storeSubchannel(1).schib![15]).toBe(0x80);
    expect(t.css.storeChannelReportWord().cc).toBe(1);
    t.css.varyChannelPath(0x41, true);
    expect(t.css.storeSubchannel(1).schib![15]).toBe(0xc0);
  });

  test('host listeners hear offline/online and vary events per subchannel, and subchannel events', () => {
    const t = setup({ chpids: [0x40, 0x41] });
    const events: { schno: number; chpid: number; event: ChannelPathEvent }[] = [];
    const subchannels: { schno: number; operational: boolean }[] = [];
    const off = t.css.addHostListener({ channelPathEvent: (e) => events.push(e), subchannelEvent: (e) => subchannels.push(e) });
    t.css.setChannelPathOnline(0x40, false);
    t.css.varyChannelPath(0x41, false);
    t.css.setDeviceOperational(1, false);
    off();
    t.css.setChannelPathOnline(0x40, true);
    expect(events).toEqual([
      { schno: 1, chpid: 0x40, event: 'offline' },
      { schno: 1, chpid: 0x41, event: 'vary-off' },
    ]);
    expect(subchannels).toEqual([{ schno: 1, operational: false }]);
  });
});
