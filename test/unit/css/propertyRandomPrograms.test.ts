/**
 * Property: any channel program in any storage (100,000 seeded random cases) ends with a
 * well-formed SCSW, or is still running when the limit stops it (an endless TIC loop), and never
 * throws. A failing seed reproduces with randomCase(seed).
 *
 * Well formed (PoO "Subchannel-Status Word"): status pending is set; final status (primary)
 * comes with secondary status and the start function, and leaves no activity; alert status
 * is set exactly when the status is unusual (program/protection/chaining check, IL, unit check or
 * exception, attention, busy); channel end accompanies primary status unless a program or
 * protection check ended the program before the device took the command; the CCW address and
 * count are in range; an intermediate status alone is PCI or a suspension.
 */
import { describe, expect, test } from 'vitest';
import { AC, DS, FC, SC, SCS, SCSW } from '../../../src/arch';
import { randomCase, runCase } from '../../helpers/randomChannelPrograms';

const CASES = 100_000;
/** 100 µs of virtual time: at most 400 CCWs (each takes at least the 250 ns fetch). */
const LIMIT_NS = 100_000;

function problems(irb: readonly number[]): string[] {
  const s = SCSW.decode(Uint8Array.from(irb));
  const out: string[] = [];
  if ((s.stctl & SC.PEND) === 0) out.push('status pending not set');
  if (s.count < 0 || s.count > 0xffff) out.push(`count ${s.count}`);
  if (s.cpa < 0 || s.cpa > 0xffff_ffff) out.push(`CCW address ${s.cpa}`);
  if ((s.stctl & SC.PRIM) !== 0) {
    if ((s.stctl & SC.SEC) === 0) out.push('primary without secondary status');
    if ((s.fctl & FC.START) === 0) out.push('primary status without the start function');
    if ((s.actl & (AC.SCHACT | AC.DEVACT)) !== 0) out.push(`activity ${s.actl} left with primary status`);
    const checks = SCS.PGMCHK | SCS.PROTCHK | SCS.CHAINCHK;
    if (s.cc === 0 && (s.cstat & checks) === 0 && (s.dstat & DS.CE) === 0) out.push(`primary status without channel end (dstat ${s.dstat})`);
    const unusual = (s.cstat & ~SCS.PCI) !== 0 || (s.dstat & (DS.UC | DS.UX | DS.ATTN | DS.BUSY)) !== 0 || s.cc !== 0;
    if (unusual !== ((s.stctl & SC.ALERT) !== 0)) out.push(`alert ${(s.stctl & SC.ALERT) !== 0} for cstat ${s.cstat} dstat ${s.dstat}`);
  } else if ((s.stctl & SC.INTER) !== 0) {
    const suspended = (s.actl & AC.SUSP) !== 0;
    if (!suspended && (s.cstat & SCS.PCI) === 0) out.push('intermediate status that is neither PCI nor a suspension');
    if (suspended && (s.actl & (AC.SCHACT | AC.DEVACT)) !== 0) out.push('suspended and active');
  } else {
    out.push(`status control ${s.stctl} is neither primary nor intermediate`);
  }
  return out;
}

describe('property: random channel programs', () => {
  test(`${CASES.toLocaleString('en-US')} random programs in random storage end well formed or are stopped by the limit`, () => {
    let ended = 0;
    let limited = 0;
    let ccws = 0;
    const failures: string[] = [];
    for (let seed = 1; seed <= CASES && failures.length < 5; seed++) {
      const c = randomCase(seed * 7919);
      // Half on the fast path, half on the reference path; records off on the fast half.
      const fast = seed % 2 === 0;
      let o;
      try {
        o = runCase(c, { fast, report: !fast, timeLimitNs: LIMIT_NS });
      } catch (e) {
        failures.push(`seed ${seed * 7919}: threw ${(e as Error).stack}`);
        continue;
      }
      ccws += o.records.length;
      if (o.limited) limited++;
      else ended++;
      if (!o.limited && o.ssch[0] === 0 && o.irbs.length === 0) failures.push(`seed ${seed * 7919}: started, ended, but no status`);
      for (const { irb } of o.irbs) {
        const p = problems(irb);
        if (p.length > 0) failures.push(`seed ${seed * 7919}: ${p.join('; ')} in ${Buffer.from(irb.slice(0, 12)).toString('hex')}`);
      }
    }
    expect(failures).toEqual([]);
    expect(ended + limited).toBe(CASES);
    // The generator must reach both outcomes, and real work (not just SSCH refusals).
    expect(limited).toBeGreaterThan(0);
    expect(ended).toBeGreaterThan(CASES / 2);
    // CCW records exist on the reference half only (the fast half runs with records off).
    expect(ccws).toBeGreaterThan(CASES / 4);
  });
});
