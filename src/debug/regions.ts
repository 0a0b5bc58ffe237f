/**
 * The `ccw/regions` custom request: the vfio-ccw regions of every mediated device as they
 * were at the stop, decoded from the field tables. Building it never reads a region with
 * side effects (no STSCH, no CRW pop): it copies what the device holds.
 */
import { IO_REGION, errnoText, hex, type FieldDescription } from '../arch';
import type { Machine } from '../runtime/machine';

export interface RegionField {
  readonly name: string;
  readonly bits: string;
  readonly value: string;
  readonly doc: string;
  readonly offset: number;
  readonly children?: readonly RegionField[];
}

export interface RegionView {
  readonly name: string;
  /** VFIO region index (the io region is 0). */
  readonly index: number;
  readonly size: number;
  readonly fields: readonly RegionField[];
}

export interface DeviceRegions {
  readonly devno: string;
  readonly description: string;
  readonly path: 'vfio' | 'direct';
  /** The mediated device's FSM state, or null on PATH direct. */
  readonly fsm: string | null;
  readonly regions: readonly RegionView[];
}

export interface RegionsResponse {
  readonly devices: readonly DeviceRegions[];
}

function toFields(rows: readonly FieldDescription[], decorate: (row: FieldDescription) => string): RegionField[] {
  return rows.map((r) => ({
    name: r.name,
    bits: r.bits,
    value: decorate(r),
    doc: r.doc,
    offset: r.byteOffset,
    ...(r.children ? { children: toFields(r.children, decorate) } : {}),
  }));
}

export function regionsSnapshot(machine: Machine): RegionsResponse {
  return {
    devices: machine.devices.map((d) => ({
      devno: hex(d.devno, 4),
      description: d.device.description,
      path: machine.path,
      fsm: d.mdev?.state ?? null,
      regions: d.mdev
        ? [
            {
              name: 'io',
              index: 0,
              size: IO_REGION.size,
              fields: toFields(IO_REGION.describe(d.mdev.ioRegionSnapshot()), (r) =>
                r.name === 'ret_code' && typeof r.value === 'number' ? errnoText(r.value) : r.text,
              ),
            },
          ]
        : [],
    })),
  };
}
