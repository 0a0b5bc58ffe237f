/** PATH direct: the guest's I/O instructions go straight to the channel subsystem. */
import type { Orb } from '../arch';
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
}
