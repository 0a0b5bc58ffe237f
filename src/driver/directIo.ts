/** PATH direct: the guest's I/O instructions go straight to the channel subsystem. */
import { SCS, hex, type Orb } from '../arch';
import type { FaultSpec } from '../asm/image';
import type { ChannelSubsystem, InstructionResult } from '../css';
import type { GuestIo } from './guestIo';

export class DirectIo implements GuestIo {
  readonly path = 'direct' as const;

  constructor(private readonly css: ChannelSubsystem) {}

  startSubchannel(schno: number, orb: Orb): InstructionResult {
    return this.css.startSubchannel(schno, orb);
  }

  testSubchannel(schno: number) {
    return this.css.testSubchannel(schno);
  }

  haltSubchannel(schno: number): InstructionResult {
    return this.css.haltSubchannel(schno);
  }

  clearSubchannel(schno: number): InstructionResult {
    return this.css.clearSubchannel(schno);
  }

  resumeSubchannel(schno: number): InstructionResult {
    return this.css.resumeSubchannel(schno);
  }

  cancelSubchannel(schno: number): InstructionResult {
    return this.css.cancelSubchannel(schno);
  }

  storeSubchannel(schno: number) {
    return this.css.storeSubchannel(schno);
  }

  modifySubchannel(schno: number, schib: Uint8Array): InstructionResult {
    return this.css.modifySubchannel(schno, schib);
  }

  testPendingInterruption() {
    return this.css.testPendingInterruption();
  }

  storeChannelReportWord() {
    return this.css.storeChannelReportWord();
  }

  poll(): void {}

  nextInterruption(schnos: readonly number[] | null): number | null {
    return this.css.nextInterruption((s) => schnos === null || schnos.includes(s.schno))?.schno ?? null;
  }

  acceptInterruption(schno: number): void {
    const sch = this.css.subchannel(schno);
    if (sch) this.css.withdrawInterruption(sch);
  }

  subchannel(schno: number) {
    return this.css.subchannel(schno);
  }

  lastRet(): number | null {
    return null;
  }

  injectFault(fault: FaultSpec): string | null {
    if (fault.kind === 'CHPID') {
      // A logical vary changes only the path-available mask (no CRW); OFFLINE/ONLINE are physical.
      if (fault.logical) this.css.varyChannelPath(fault.chpid, fault.online);
      else this.css.setChannelPathOnline(fault.chpid, fault.online);
      return null;
    }
    const sch = this.css.byDevno(fault.devno);
    if (!sch) return `device ${hex(fault.devno, 4)} is not attached`;
    switch (fault.kind) {
      case 'UNITCHECK':
        this.css.injectUnitCheck(sch.schno, fault.sense);
        return null;
      case 'ATTN':
        this.css.presentAttention(sch.schno);
        return null;
      case 'CDC':
      case 'ICC':
      case 'CCC':
        this.css.injectChannelCheck(sch.schno, SCS[fault.kind]);
        return null;
      case 'BUSY':
        this.css.injectBusy(sch.schno);
        return null;
      case 'NOTOPER':
        this.css.setDeviceOperational(sch.schno, false, 'subchannel');
        return null;
      case 'NOPATH':
        this.css.setDeviceOperational(sch.schno, false, 'device');
        return null;
      case 'VFIO':
        return 'FAULT …,VFIO needs PATH vfio (there is no mediated device on PATH direct)';
    }
  }

  injectedSense(devno: number): Uint8Array | null {
    return this.css.byDevno(devno)?.faults.heldSense?.slice() ?? null;
  }
}
