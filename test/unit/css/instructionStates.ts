/**
 * Puts a subchannel into each state the PoO's condition-code tables distinguish, on a real
 * channel subsystem with a FakeDevice, by running virtual time (the CSS-level AWAIT).
 */
import { AC, CF, SC, SCHIB, SCSW } from '../../../src/arch';
import type { Subchannel } from '../../../src/css';
import { harness } from '../../helpers/cssHarness';
import { FakeDevice } from '../../helpers/fakeDevice';

export const STATES = [
  'idle',
  'start pending',
  'active',
  'suspended',
  'intermediate pending',
  'status pending',
  'halt pending',
  'clear pending',
  'not enabled',
  'not operational',
] as const;
export type State = (typeof STATES)[number];

/** NOP (CC) at 1000, then a NOP with S at 1008: the program suspends there. */
export const SUSPENDING = 0x1000;
/** A lone NOP: the program ends at once. */
export const ENDING = 0x1100;

export function setup(options: { chpids?: number[] } = {}) {
  const device = new FakeDevice(0x0190);
  const h = harness([device]);
  if (options.chpids) {
    // The harness attaches subchannel 0 with one path; subchannel 1 gets the paths asked for.
    h.css.attach(1, new FakeDevice(0x0191), { chpids: options.chpids });
  }
  h.program(SUSPENDING, [{ cmd: 0x03, flags: CF.CC }, { cmd: 0x03, flags: CF.S }]);
  h.program(ENDING, [{ cmd: 0x03 }]);
  const sch = h.css.subchannel(0) as Subchannel;
  return {
    ...h,
    device,
    sch,
    /** Runs events until `done` holds (or nothing is left). */
    runUntil(done: () => boolean): void {
      let guard = 0;
      while (!done() && h.scheduler.runNext()) if (++guard > 100_000) throw new Error('runaway');
    },
    runAll(): void {
      let guard = 0;
      while (h.scheduler.runNext()) if (++guard > 100_000) throw new Error('runaway');
    },
    scsw: () => SCSW.decode(SCSW.encode(sch.scsw)),
    schib: () => SCHIB.decode(h.css.storeSubchannel(0).schib ?? new Uint8Array(52)),
  };
}

export type Setup = ReturnType<typeof setup>;

/** A fresh channel subsystem with subchannel 0 in `state`. */
export function inState(state: State): Setup {
  const t = setup();
  const { css, sch } = t;
  const suspending = t.orb({ cpa: SUSPENDING, S: 1, U: 1 });
  switch (state) {
    case 'idle':
      break;
    case 'start pending':
      css.startSubchannel(0, suspending);
      break;
    case 'active':
      css.startSubchannel(0, suspending);
      t.runUntil(() => (sch.scsw.actl & AC.SCHACT) !== 0);
      break;
    case 'suspended':
      css.startSubchannel(0, suspending);
      t.runUntil(() => (sch.scsw.actl & AC.SUSP) !== 0);
      break;
    case 'intermediate pending':
      css.startSubchannel(0, t.orb({ cpa: SUSPENDING, S: 1, U: 0 }));
      t.runUntil(() => sch.scsw.stctl === (SC.INTER | SC.PEND));
      break;
    case 'status pending':
      css.startSubchannel(0, t.orb({ cpa: ENDING }));
      t.runAll();
      break;
    case 'halt pending':
      css.haltSubchannel(0);
      break;
    case 'clear pending':
      css.clearSubchannel(0);
      break;
    case 'not enabled':
      sch.pmcw.E = 0;
      break;
    case 'not operational':
      css.setDeviceOperational(0, false);
      break;
  }
  return t;
}
