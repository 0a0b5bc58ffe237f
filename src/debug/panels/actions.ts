/**
 * The destructive region reads, as explicit actions (never part of building a panel): a pread of
 * the crw region takes the next queued CRW off the device's queue; a pread of the schib region
 * makes the device issue STORE SUBCHANNEL into it. They act as user space (QEMU) reading the
 * device file would, change the machine, and are not replayed by reverse execution.
 */
import { CRW_REGION, SCHIB_REGION, errnoText, hex } from '../../arch';
import type { Machine } from '../../runtime/machine';
import { fieldRows, type FieldRow } from './fieldRows';

export type DestructiveRead = 'crw' | 'schib';

export interface RegionReadResult {
  readonly devno: string;
  readonly region: DestructiveRead;
  /** The pread's result: the bytes decoded, or the errno it failed with. */
  readonly rows: readonly FieldRow[];
  readonly error: string | null;
}

export function readRegionDestructively(machine: Machine, devno: number, region: DestructiveRead): RegionReadResult | { error: string } {
  const d = machine.deviceByDevno(devno);
  if (!d?.mdev) return { error: `device ${hex(devno, 4)} has no mediated device (PATH direct)` };
  const info = d.mdev.regions.all().find((r) => r.name === region);
  if (!info) return { error: `the ${region} region is not registered (the mediated device is not open)` };
  const layout = region === 'crw' ? CRW_REGION : SCHIB_REGION;
  const got = d.mdev.read(info.offset, layout.size);
  if (typeof got === 'number') return { devno: hex(devno, 4), region, rows: [], error: errnoText(got) };
  return { devno: hex(devno, 4), region, rows: fieldRows(layout, got, `${hex(devno, 4)}/${region}/read`), error: null };
}
