/**
 * SCSW transitions of the I/O instructions, as pure functions on subchannel state, so that the
 * channel subsystem and the QEMU role's virtual subchannels follow the same rules.
 */
import { AC, DS, FC, SC, SCS, type Orb, type Schib } from '../arch';
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

/** Not operational for the instructions that need an enabled subchannel with a valid device number. */
function notOperational(sch: SubchannelState | undefined): boolean {
  return !sch || sch.pmcw.V !== 1 || sch.pmcw.E !== 1;
}

/** Status pending with anything other than intermediate status alone. */
function finalStatusPending(sch: SubchannelState): boolean {
  const sc = sch.scsw.stctl;
  return (sc & SC.PEND) !== 0 && (sc === SC.PEND || (sc & (SC.ALERT | SC.PRIM | SC.SEC)) !== 0);
}

/**
 * HALT SUBCHANNEL's condition code (PoO "HALT SUBCHANNEL"): 1 when status pending alone or with
 * alert, primary or secondary status; 2 when a halt or clear function is in progress.
 * Intermediate status alone does not refuse the halt (it is discarded by acceptHalt).
 */
export function haltRefusal(sch: SubchannelState | undefined): ConditionCode | null {
  if (!sch || notOperational(sch)) return 3;
  if (finalStatusPending(sch)) return 1;
  if ((sch.scsw.fctl & (FC.HALT | FC.CLEAR)) !== 0) return 2;
  return null;
}

/** The halt function is initiated: FC halt added (start stays when it was there), halt pending. */
export function acceptHalt(sch: SubchannelState): void {
  const scsw = sch.scsw;
  if (scsw.stctl === (SC.INTER | SC.PEND)) {
    // Intermediate status alone is discarded (PoO "HALT SUBCHANNEL", function initiated).
    scsw.stctl = 0;
    scsw.cstat &= ~SCS.PCI;
    scsw.Z = 0;
  }
  scsw.fctl |= FC.HALT;
  scsw.actl |= AC.HALTPEND;
}

/** What the subchannel was doing when HALT SUBCHANNEL arrived: decides the halt's ending status. */
export type HaltedActivity = 'idle' | 'start-pending' | 'suspended' | 'active';

export function activityOf(sch: SubchannelState): HaltedActivity {
  const { fctl, actl } = sch.scsw;
  if ((fctl & FC.START) === 0) return 'idle';
  if ((actl & AC.SUSP) !== 0) return 'suspended';
  if ((actl & (AC.SCHACT | AC.DEVACT)) !== 0) return 'active';
  if ((actl & (AC.STARTPEND | AC.RESPEND)) !== 0) return 'start-pending';
  return 'idle';
}

/**
 * The halt function completes (PoO "Halt Function"). With the device active, the device ends
 * the operation and presents channel end and device end: primary and secondary status, the
 * CCW address of the interrupted CCW + 8 and its residual count. Otherwise the halt signal
 * finds no operation at the device and no status is presented: status pending alone, the CCW
 * address as it was (the suspended CCW + 8 after suspension). QEMU's sch_handle_halt_func
 * reports device end for an idle subchannel; the PoO does not (no operation, no status).
 */
export function completeHalt(sch: SubchannelState, prior: HaltedActivity, path: number): number {
  const scsw = sch.scsw;
  scsw.actl = 0;
  scsw.cstat = 0;
  scsw.cc = 0;
  sch.pmcw.lpum = path;
  sch.esw.lpum = path;
  if (prior === 'active') {
    scsw.dstat = DS.CE | DS.DE;
    return SC.PRIM | SC.SEC | SC.PEND;
  }
  scsw.dstat = 0;
  return SC.PEND;
}

/** Whether the halt signal finds the device in a channel program (it then ends the device's operation and chain). */
export function haltReachesDevice(prior: HaltedActivity): boolean {
  return prior === 'active' || prior === 'suspended';
}

/**
 * The channel path in use (`lost`, PMCW path bits) became not operational while the subchannel
 * was active on it (PoO "Interface-Control Check": an invalid or missing signal on the channel
 * path during an operation; "Path-Not-Operational Mask"; SCSW "Path Not Operational"). The
 * channel subsystem ends the operation: no device status arrives over a path that is gone, so
 * device status is zero; subchannel status is interface-control check; primary, secondary and
 * alert status; the path leaves the POM and enters the PNOM, and N says the PNOM is meaningful.
 * The CCW address and count stay those of the last CCW, as the channel left them. Returns the
 * status-control bits; the caller adds the channel-check logout (ESW format 0, LPUM valid).
 */
export function endOnPathLoss(sch: SubchannelState, lost: number): number {
  const scsw = sch.scsw;
  sch.pmcw.pom &= ~lost;
  sch.pmcw.pnom |= lost;
  sch.pmcw.lpum = lost;
  sch.esw.lpum = lost;
  scsw.N = 1;
  scsw.dstat = 0;
  scsw.cstat = (scsw.cstat & SCS.PCI) | SCS.ICC;
  scsw.actl &= ~(AC.SCHACT | AC.DEVACT | AC.STARTPEND);
  return SC.PRIM | SC.SEC | SC.ALERT | SC.PEND;
}

/** CLEAR SUBCHANNEL: cc 3 when not operational, otherwise always initiated (PoO "CLEAR SUBCHANNEL"). */
export function clearRefusal(sch: SubchannelState | undefined): ConditionCode | null {
  return !sch || notOperational(sch) ? 3 : null;
}

/**
 * The clear function is initiated: pending status is discarded, the path-management fields
 * are reset (POM all ones, PNOM and LPUM zero, N zero) and the subchannel is clear pending
 * (PoO "Clear Function", subchannel modification).
 */
export function acceptClear(sch: SubchannelState): void {
  Object.assign(sch.pmcw, { pom: 0xff, pnom: 0, lpum: 0 });
  const scsw = sch.scsw;
  scsw.N = 0;
  scsw.fctl = FC.CLEAR;
  scsw.actl = AC.CLEARPEND;
  scsw.stctl = 0;
}

/**
 * The clear function completes: status pending alone with function control clear; SCSW word 0
 * flags, device and subchannel status are zero. The PoO makes the CCW address and count
 * meaningless here; like Hercules (clear_subchan) we store zeros, so traces are stable.
 */
export function completeClear(sch: SubchannelState, path: number): number {
  Object.assign(sch.scsw, {
    key: 0, S: 0, L: 0, cc: 0, F: 0, P: 0, I: 0, A: 0, U: 0, Z: 0, E: 0, N: 0, Q: 0,
    fctl: FC.CLEAR, actl: 0, cpa: 0, dstat: 0, cstat: 0, count: 0,
  });
  sch.pmcw.lpum = path;
  sch.esw = { ...sch.esw, esf: 0, arep: 0, fvf: 0, sacc: 0, termc: 0, devsc: 0, serr: 0, ioerr: 0, seqc: 0, lpum: path };
  sch.esw.erwS = 0;
  sch.esw.scnt = 0;
  sch.ecw.fill(0);
  return SC.PEND;
}

/**
 * CANCEL SUBCHANNEL (PoO "CANCEL SUBCHANNEL"): 1 when status pending; 2 unless only the start
 * function is in progress and the program is start pending, resume pending or suspended, and
 * the subchannel is not active.
 */
export function cancelRefusal(sch: SubchannelState | undefined): ConditionCode | null {
  if (!sch || notOperational(sch)) return 3;
  if ((sch.scsw.stctl & SC.PEND) !== 0) return 1;
  const { fctl, actl } = sch.scsw;
  if (fctl !== FC.START) return 2;
  if ((actl & (AC.STARTPEND | AC.RESPEND | AC.SUSP)) === 0) return 2;
  if ((actl & (AC.SCHACT | AC.DEVACT)) !== 0) return 2;
  return null;
}

/** The start function is withdrawn without a signal to the device and without an interruption. */
export function acceptCancel(sch: SubchannelState): void {
  sch.scsw.fctl = 0;
  sch.scsw.actl = 0;
  sch.scsw.dstat = 0;
  sch.scsw.cstat = 0;
}

/**
 * RESUME SUBCHANNEL (PoO "RESUME SUBCHANNEL"): 1 when status pending; 2 unless the start
 * function alone is in progress, with suspend control (SCSW S) and no resume pending. The
 * program need not be suspended yet: resume pending then keeps it from suspending.
 */
export function resumeRefusal(sch: SubchannelState | undefined): ConditionCode | null {
  if (!sch || notOperational(sch)) return 3;
  if (sch.statusPending) return 1;
  const scsw = sch.scsw;
  if (scsw.fctl !== FC.START || scsw.S !== 1 || (scsw.actl & AC.RESPEND) !== 0) return 2;
  return null;
}

/**
 * MODIFY SUBCHANNEL's condition code (PoO "MODIFY SUBCHANNEL"): 3 when not provided, 1 when
 * status pending, 2 when a function is in progress. MSCH works on a disabled subchannel (that
 * is how a program enables one). `'ignored'`: V = 0, cc 0 and nothing changes (QEMU css_do_msch).
 */
export function modifyRefusal(sch: SubchannelState | undefined): ConditionCode | 'ignored' | null {
  if (!sch) return 3;
  if (sch.pmcw.V !== 1) return 'ignored';
  if (sch.statusPending) return 1;
  if (sch.scsw.fctl !== 0) return 2;
  return null;
}

/**
 * SCHIB fields that must be zero for MODIFY SUBCHANNEL (operand exception): PMCW word 1 bits
 * 5-7, word 6 bits 0-7 and 11-28 (QEMU ioinst_schib_valid masks 0x0700 / 0xff1ffff8), and X:
 * this channel subsystem has no extended-measurement-word facility (QEMU refuses it likewise).
 */
export function schibOperandCheck(schib: Schib): string | null {
  const p = schib.pmcw;
  if (p.reserved1 !== 0) return 'PMCW word 1 bits 5-7 must be zero';
  if (p.zone !== 0 || p.reserved6 !== 0) return 'PMCW word 6 bits 0-7 and 11-28 must be zero';
  if (p.X !== 0) return 'PMCW X = 1: the extended-measurement-word facility is not installed';
  return null;
}

/** The program-modifiable fields MODIFY SUBCHANNEL takes from the SCHIB (PoO "MODIFY SUBCHANNEL"). */
export function applyModify(sch: SubchannelState, schib: Schib): void {
  const p = schib.pmcw;
  Object.assign(sch.pmcw, {
    intparm: p.intparm, isc: p.isc, E: p.E, lm: p.lm, mm: p.mm, D: p.D,
    lpm: p.lpm, mbi: p.mbi, pom: p.pom, F: p.F, X: p.X, S: p.S,
  });
  sch.mba = schib.mba;
}
