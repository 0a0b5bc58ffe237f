/** Builds a channel subsystem on guest storage and runs channel programs to completion. */
import { CCW0, CCW1, ORB, SCSW, type Orb } from '../../src/arch';
import { ChannelSubsystem, GuestStorage, Scheduler, type CcwRecord, type Device } from '../../src/css';

export interface CcwSpec {
  cmd: number;
  flags?: number;
  count?: number;
  cda?: number;
}

export function harness(devices: Device[], storageSize = 1 << 20) {
  const storage = new GuestStorage(storageSize);
  const scheduler = new Scheduler();
  const css = new ChannelSubsystem(storage, scheduler);
  devices.forEach((d, i) => css.attach(i, d));
  const records: CcwRecord[] = [];
  css.addListener({ ccwExecuted: (r) => records.push(r) });
  return {
    storage,
    scheduler,
    css,
    records,
    /** Writes CCWs at `address` in the given format. */
    program(address: number, ccws: CcwSpec[], format1 = true): void {
      ccws.forEach((c, i) => {
        const bytes = format1
          ? CCW1.encode({ cmd: c.cmd, flags: c.flags ?? 0, count: c.count ?? 0, cda: c.cda ?? 0 })
          : CCW0.encode({ cmd: c.cmd, flags: c.flags ?? 0, count: c.count ?? 0, cda: c.cda ?? 0 });
        storage.write(address + i * 8, bytes);
      });
    },
    orb(fields: Partial<Orb>): Orb {
      return ORB.decode(ORB.encode({ lpm: 0x80, F: 1, intparm: 0x11223344, ...fields }));
    },
    /** Runs events until nothing is scheduled; returns the TSCH result of subchannel 0. */
    runToStatus(schno = 0) {
      let guard = 0;
      while (scheduler.runNext()) if (++guard > 1_000_000) throw new Error('runaway');
      const t = css.testSubchannel(schno);
      return { cc: t.cc, irb: t.irb, scsw: t.irb ? SCSW.decode(t.irb) : null };
    },
  };
}
