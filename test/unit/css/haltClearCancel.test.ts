/**
 * The halt, clear and cancel functions, state by state, with byte-exact IRBs (PoO "HALT
 * SUBCHANNEL", "Halt Function", "CLEAR SUBCHANNEL", "Clear Function", "CANCEL SUBCHANNEL",
 * "TEST SUBCHANNEL"). Expected bytes are written from the PoO's SCSW layout, not from our encoder.
 */
import { describe, expect, test } from 'vitest';
import { toHex } from '../../helpers/hex';
import { inState } from './instructionStates';

/** The 64 bytes TSCH stores, as hex: SCSW, ESW, ECW. */
function irbHex(irb: Uint8Array | null): string {
  return toHex((irb ?? new Uint8Array(96)).subarray(0, 64));
}
const ZERO_ECW = '00'.repeat(32);

describe('HALT SUBCHANNEL in each state (PoO "Halt Function")', () => {
  test('active: the device ends the operation: CE+DE, primary+secondary, FC start+halt, CCW address of the halted CCW + 8', () => {
    const t = inState('active');
    expect(t.css.haltSubchannel(0)).toEqual({ cc: 0 });
    // Halt pending until the halt signal completes.
    expect(t.scsw()).toMatchObject({ fctl: 0b110, actl: 0b0010110 });
    t.runAll();
    const r = t.css.testSubchannel(0);
    expect(r.cc).toBe(0);
    // word 0: S, F, U from the ORB, FC 110, SC primary+secondary+pending; word 1: 1008; device status 0C.
    expect(irbHex(r.irb)).toBe('08886007' + '00001008' + '0C000000' + '00800000' + '00'.repeat(16) + ZERO_ECW);
  });

  test('start pending: no CCW was fetched, the device had no operation: status pending alone, no device status', () => {
    const t = inState('start pending');
    expect(t.css.haltSubchannel(0)).toEqual({ cc: 0 });
    t.runAll();
    const r = t.css.testSubchannel(0);
    // S and U from the ORB (byte 0 bit 4, byte 1 bit 4), FC start+halt, SC pending alone; CCW address not set.
    expect(irbHex(r.irb)).toBe('08886001' + '00000000' + '00000000' + '00800000' + '00'.repeat(16) + ZERO_ECW);
    expect(t.records).toHaveLength(0);
  });

  test('suspended: the program ends there; CCW address = the suspended CCW + 8, status pending alone', () => {
    const t = inState('suspended');
    expect(t.css.haltSubchannel(0)).toEqual({ cc: 0 });
    t.runAll();
    const r = t.css.testSubchannel(0);
    expect(irbHex(r.irb)).toBe('08886001' + '00001010' + '00000000' + '00800000' + '00'.repeat(16) + ZERO_ECW);
    // TSCH made it idle: a new START is accepted.
    expect(t.scsw()).toMatchObject({ fctl: 0, actl: 0, stctl: 0 });
  });

  test('idle: the halt signal finds no operation: FC halt alone, status pending alone (QEMU adds device end; the PoO has no status to report)', () => {
    const t = inState('idle');
    expect(t.css.haltSubchannel(0)).toEqual({ cc: 0 });
    t.runAll();
    const r = t.css.testSubchannel(0);
    expect(irbHex(r.irb)).toBe('00002001' + '00000000' + '00000000' + '00800000' + '00'.repeat(16) + ZERO_ECW);
  });

  test('intermediate status alone is discarded and the halt proceeds (PoO HALT SUBCHANNEL, cc 0)', () => {
    const t = inState('intermediate pending');
    expect(t.css.haltSubchannel(0)).toEqual({ cc: 0 });
    expect(t.css.testPendingInterruption()).toEqual({ cc: 0, schno: null });
    t.runAll();
    expect(t.scsw()).toMatchObject({ fctl: 0b110, stctl: 0b00001 });
  });

  test('a second HSCH while halt pending is cc 2, and no further CCW runs after the halt', () => {
    const t = inState('active');
    t.css.haltSubchannel(0);
    expect(t.css.haltSubchannel(0)).toEqual({ cc: 2 });
    t.runAll();
    expect(t.records).toHaveLength(0);
  });
});

describe('CLEAR SUBCHANNEL (PoO "Clear Function")', () => {
  test('path management is reset at once: POM all ones, PNOM and LPUM zero, N zero', () => {
    const t = inState('active');
    Object.assign(t.sch.pmcw, { pom: 0x7f, pnom: 0x80 });
    t.sch.scsw.N = 1;
    t.css.clearSubchannel(0);
    expect(t.schib().pmcw).toMatchObject({ pom: 0xff, pnom: 0, lpum: 0 });
    expect(t.scsw()).toMatchObject({ fctl: 0b001, actl: 0b0001000, N: 0 });
  });

  test('completion: FC clear, status pending alone, no other SCSW bits; LPUM = the path of the clear signal', () => {
    const t = inState('active');
    t.css.clearSubchannel(0);
    t.runAll();
    const r = t.css.testSubchannel(0);
    expect(irbHex(r.irb)).toBe('00001001' + '00000000' + '00000000' + '00800000' + '00'.repeat(16) + ZERO_ECW);
    expect(t.schib().pmcw.lpum).toBe(0x80);
  });

  test('clear discards pending status and its interruption, then makes its own', () => {
    const t = inState('status pending');
    expect(t.css.clearSubchannel(0)).toEqual({ cc: 0 });
    expect(t.css.testPendingInterruption().cc).toBe(0);
    t.runAll();
    expect(t.css.testPendingInterruption()).toEqual({ cc: 1, schno: 0 });
  });

  test('clear supersedes a halt in progress (PoO: CSCH cc 0 in every operational state)', () => {
    const t = inState('active');
    t.css.haltSubchannel(0);
    expect(t.css.clearSubchannel(0)).toEqual({ cc: 0 });
    t.runAll();
    expect(t.scsw()).toMatchObject({ fctl: 0b001, stctl: 0b00001 });
  });
});

describe('CANCEL SUBCHANNEL (PoO "CANCEL SUBCHANNEL")', () => {
  test('start pending: the start function is withdrawn, the device never sees it, no interruption', () => {
    const t = inState('start pending');
    expect(t.css.cancelSubchannel(0)).toEqual({ cc: 0 });
    t.runAll();
    expect(t.records).toHaveLength(0);
    expect(t.css.testSubchannel(0).cc).toBe(1);
    expect(t.scsw()).toMatchObject({ fctl: 0, actl: 0, stctl: 0 });
  });

  test('suspended (U = 1): the program is withdrawn and the subchannel is idle', () => {
    const t = inState('suspended');
    expect(t.css.cancelSubchannel(0)).toEqual({ cc: 0 });
    t.runAll();
    expect(t.css.testPendingInterruption().cc).toBe(0);
    expect(t.scsw()).toMatchObject({ fctl: 0, actl: 0 });
  });

  test('active: cc 2 and the program goes on', () => {
    const t = inState('active');
    expect(t.css.cancelSubchannel(0)).toEqual({ cc: 2 });
    t.runUntil(() => t.records.length > 0);
    expect(t.records.length).toBeGreaterThan(0);
  });
});

describe('RESUME SUBCHANNEL (PoO "RESUME SUBCHANNEL")', () => {
  test('suspended: resume pending, the suspended CCW is refetched and the program ends normally', () => {
    const t = inState('suspended');
    expect(t.css.resumeSubchannel(0)).toEqual({ cc: 0 });
    expect(t.scsw().actl & 0x40).toBe(0x40);
    t.runAll();
    expect(t.scsw()).toMatchObject({ stctl: 0b00111, dstat: 0x0c, cpa: 0x1010 });
  });

  test('before the program reaches the S flag: resume pending keeps it from suspending', () => {
    const t = inState('active');
    expect(t.css.resumeSubchannel(0)).toEqual({ cc: 0 });
    t.runAll();
    expect(t.scsw()).toMatchObject({ stctl: 0b00111, actl: 0, cpa: 0x1010 });
  });
});
