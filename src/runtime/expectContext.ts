/**
 * The state EXPECT looks at, read from the machine without side effects, so breakpoint
 * conditions, logpoints and the debug console see what an EXPECT at this point would see.
 * The driver keeps the last cc/ret/pgm per statement record; we take the latest of each.
 */
import type { ExpectContext } from '../driver/expect';
import { fsmStateNumber } from '../vfio';
import type { Machine } from './machine';

export function expectContextOf(machine: Machine): ExpectContext {
  const driver = machine.driver;
  const records = driver.records;
  let cc: number | null = null;
  let ret: number | null = null;
  let pgm = 0;
  let pgmSeen = false;
  for (let i = records.length - 1; i >= 0 && (cc === null || ret === null || !pgmSeen); i--) {
    const r = records[i];
    if (!r) continue;
    if (cc === null && r.cc !== null) cc = r.cc;
    if (ret === null && r.ret !== null) ret = r.ret;
    if (!pgmSeen && (r.statement.op === 'SSCH' || r.statement.op === 'WAIT')) {
      pgm = r.pgm;
      pgmSeen = true;
    }
  }
  const devno = driver.lastDevno;
  const d = devno === null ? undefined : machine.deviceByDevno(devno);
  const intparm = d ? (machine.io.subchannel(d.schno)?.pmcw.intparm ?? null) : null;
  return {
    cc,
    ret,
    pgm,
    irb: driver.lastIrb,
    intparm: driver.lastIrb ? intparm : null,
    schib: null,
    crw: null,
    sense: () => d?.device.sense() ?? null,
    memory: (address, length) => machine.guest.read(address, length),
    fsm: () => (d?.mdev ? fsmStateNumber(d.mdev.state) : null),
  };
}
