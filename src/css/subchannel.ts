/**
 * One I/O subchannel: its SCHIB (PMCW + SCSW), the status it holds for the next TEST
 * SUBCHANNEL, the ORB of the current start function and the device behind it.
 */
import { ESW, IRB, PMCW, SCHIB, SCSW, type Orb, type Pmcw, type Scsw } from '../arch';
import type { Device } from './device';
import { PendingFaults } from './faults';

export type Esw = ReturnType<typeof ESW.decode>;

export interface PathConfig {
  readonly chpids: readonly number[];
  readonly isc: number;
  readonly enabled: boolean;
}

/**
 * The architected state of a subchannel, without a device: used by the channel subsystem
 * and by the virtual subchannel the QEMU role shows a guest.
 */
export class SubchannelState {
  pmcw: Pmcw;
  scsw: Scsw;
  esw: Esw;
  /** Extended-control word (concurrent sense). */
  ecw = new Uint8Array(32);
  /** ORB of the start function in progress or last performed. */
  orb: Orb | null = null;
  /** True while an interruption request for this subchannel is queued (PoO "interruption pending"). */
  interruptionPending = false;
  /** SCHIB bytes 40-47: measurement-block address (set by MODIFY SUBCHANNEL). */
  mba = 0;

  constructor(
    readonly schno: number,
    devno: number,
    paths: PathConfig,
  ) {
    const chpids = new Uint8Array(8);
    let pim = 0;
    paths.chpids.slice(0, 8).forEach((chpid, i) => {
      chpids[i] = chpid;
      pim |= 0x80 >> i;
    });
    this.pmcw = PMCW.decode(new Uint8Array(28));
    Object.assign(this.pmcw, {
      isc: paths.isc,
      E: paths.enabled ? 1 : 0,
      V: 1,
      devno,
      lpm: pim,
      pim,
      pam: pim,
      pom: 0xff,
      chpids,
    });
    this.scsw = SCSW.decode(new Uint8Array(12));
    this.esw = ESW.decode(new Uint8Array(20));
  }

  get devno(): number {
    return this.pmcw.devno;
  }

  get statusPending(): boolean {
    return (this.scsw.stctl & 0x01) !== 0;
  }

  /** The 52-byte SCHIB as STORE SUBCHANNEL would store it (no side effects). */
  schibBytes(): Uint8Array {
    return SCHIB.encode({ pmcw: this.pmcw, scsw: this.scsw, mba: this.mba });
  }

  /** The IRB TEST SUBCHANNEL would store now: SCSW, ESW, ECW; the EMW is zeros. */
  irbBytes(): Uint8Array {
    return IRB.encode({ scsw: this.scsw, esw: this.esw, ecw: this.ecw, emw: new Uint8Array(32) });
  }
}

export class Subchannel extends SubchannelState {
  /** Faults injected for the device behind this subchannel (FAULT statements). */
  readonly faults = new PendingFaults();
  /** False once the subchannel has disappeared (FAULT NOTOPER): every instruction gets cc 3. */
  operational = true;
  /** False while the device answers on no path (FAULT NOPATH): START SUBCHANNEL gets cc 3. */
  deviceAnswers = true;
  /** Paths (bit 0x80 = CHPID 0 of the PMCW) whose channel path is physically online. */
  pathsOnline = 0xff;

  constructor(
    schno: number,
    readonly device: Device,
    paths: PathConfig,
  ) {
    super(schno, device.devno, paths);
  }
}
