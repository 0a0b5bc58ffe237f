/**
 * SCSW transitions of the I/O instructions, as pure functions on subchannel state, so that the
 * channel subsystem and the QEMU role's virtual subchannels follow the same rules.
 */
import { AC, FC, SC, type Orb } from '../arch';
import type { ConditionCode } from './css';
import type { SubchannelState } from './subchannel';

/** START SUBCHANNEL's condition code before anything is changed; null when the start is accepted. */
export function startRefusal(sch: SubchannelState | undefined): ConditionCode | null {
  if (!sch || sch.pmcw.V !== 1 || sch.pmcw.E !== 1) return 3;
  if (sch.statusPending) return 1;
  if (sch.scsw.fctl !== 0) return 2;
  return null;
}

/** The start function is initiated: FC start, start pending, ORB control bits copied into the SCSW. */
export function acceptStart(sch: SubchannelState, orb: Orb): void {
  const scsw = sch.scsw;
  Object.assign(scsw, {
    fctl: FC.START,
    actl: AC.STARTPEND,
    stctl: 0,
    key: orb.key,
    S: orb.S,
    F: orb.F,
    P: orb.P,
    I: orb.I,
    A: orb.A,
    U: orb.U,
    L: 0,
    cc: 0,
    Z: 0,
    E: 0,
    N: 0,
    dstat: 0,
    cstat: 0,
    count: 0,
  });
  sch.esw.erwS = 0;
  sch.esw.scnt = 0;
  sch.ecw.fill(0);
  sch.pmcw.intparm = orb.intparm;
  sch.orb = orb;
}

/**
 * What TEST SUBCHANNEL clears when the subchannel is status pending (PoO figure "Conditions
 * and Indications Cleared at the Subchannel by TEST SUBCHANNEL").
 */
export function clearForTest(sch: SubchannelState): void {
  const scsw = sch.scsw;
  const intermediateOnly = scsw.stctl === (SC.INTER | SC.PEND);
  if (!intermediateOnly) {
    scsw.fctl = 0;
    scsw.actl &= ~(AC.RESPEND | AC.STARTPEND | AC.HALTPEND | AC.CLEARPEND | AC.SUSP);
    scsw.N = 0;
  } else if ((scsw.actl & AC.SUSP) !== 0) {
    if ((scsw.fctl & FC.HALT) !== 0) {
      scsw.fctl = 0;
      scsw.actl = 0;
      scsw.N = 0;
    } else {
      scsw.actl &= ~AC.RESPEND;
      scsw.N = 0;
    }
  }
  scsw.stctl = 0;
}

/** TEST SUBCHANNEL's condition code when the subchannel is not operational. */
export function testRefusal(sch: SubchannelState | undefined): ConditionCode | null {
  if (!sch || sch.pmcw.V !== 1 || sch.pmcw.E !== 1) return 3;
  return null;
}
