/**
 * Define Extent (X'63'): checks its 16 parameter bytes and turns them into the chain's extent,
 * file mask and attributes (reference eckd-dasd.md 3.2; Hercules 3.13 behaviour from the oracle
 * cases v_de_params, v_de_attrs, v_de_twice, v_de_short).
 */
import { DEFINE_EXTENT, decodeCchh, type TrackAddress } from '../../arch/eckd';
import { DEVICE_3390 } from './geometry';
import { commandReject, MSG, type SenseCondition } from './sense';
import type { TrackGeometry } from './trackStore';

export const DEFINE_EXTENT_LENGTH = 16;

/** Block size a Define Extent of 0 stands for: the largest R0 data length plus its count. */
export const DEFAULT_BLOCK_SIZE = DEVICE_3390.maxR0DataLength + 8;

export interface Extent {
  readonly begin: TrackAddress;
  readonly end: TrackAddress;
  /** Relative track numbers (cylinder × heads + head) of begin and end, inclusive. */
  readonly first: number;
  readonly last: number;
}

export interface DefinedExtent {
  /** The parameter bytes as received (a second Define Extent is compared with them). */
  readonly parameters: Uint8Array;
  readonly fileMask: number;
  readonly writeControl: number;
  readonly seekControl: number;
  readonly globalAttributes: number;
  /** Block size in force (0 in the parameters means DEFAULT_BLOCK_SIZE). */
  readonly blockSize: number;
  readonly extent: Extent;
}

export type DefineExtentResult = { readonly defined: DefinedExtent } | { readonly reject: SenseCondition };

export function trackNumber(address: TrackAddress, geometry: TrackGeometry): number {
  return address.cylinder * geometry.heads + address.head;
}

export function onDevice(address: TrackAddress, geometry: TrackGeometry): boolean {
  return address.cylinder < geometry.cylinders && address.head < geometry.heads;
}

export function inExtent(address: TrackAddress, extent: Extent, geometry: TrackGeometry): boolean {
  const t = trackNumber(address, geometry);
  return t >= extent.first && t <= extent.last;
}

/** The extent before any Define Extent: the whole volume (reference 3.2). */
export function wholeVolume(geometry: TrackGeometry): Extent {
  const end = { cylinder: geometry.cylinders - 1, head: geometry.heads - 1 };
  return { begin: { cylinder: 0, head: 0 }, end, first: 0, last: trackNumber(end, geometry) };
}

/**
 * Checks the parameters, in byte order, and the rule for a second Define Extent in the same
 * chain: Hercules accepts it only with the same mask, attributes and block size and an extent
 * inside the first one; otherwise "invalid command sequence" (oracle v_de_twice).
 */
export function defineExtent(data: Uint8Array, geometry: TrackGeometry, previous: DefinedExtent | null): DefineExtentResult {
  if (data.length < DEFINE_EXTENT_LENGTH) {
    return { reject: commandReject(MSG.COUNT_TOO_SMALL, `Define Extent needs ${DEFINE_EXTENT_LENGTH} parameter bytes, the CCW gave ${data.length}`) };
  }
  const parameters = data.slice(0, DEFINE_EXTENT_LENGTH);
  const p = DEFINE_EXTENT.decode(parameters);
  const invalid = (why: string): DefineExtentResult => ({ reject: commandReject(MSG.INVALID_PARAMETER, `Define Extent ${why}`) });

  if (p.maskReserved !== 0) return invalid('file mask bit 2 is reserved and must be zero');
  if (p.architecture !== 0b11) {
    return invalid(`global attributes give architecture mode B'${p.architecture.toString(2).padStart(2, '0')}'; a 3990 in ECKD mode needs B'11' (X'C0' in byte 1)`);
  }
  if (p.blockSize > DEFAULT_BLOCK_SIZE) return invalid(`block size ${p.blockSize} exceeds ${DEFAULT_BLOCK_SIZE}`);
  if (p.fastWriteId !== 0) return invalid('fast write identifier (bytes 4-5) must be zero');
  if (p.attributesAdditional !== 0) return invalid('byte 6 must be zero');

  const begin = decodeCchh(p.beginCc, p.beginHh);
  const end = decodeCchh(p.endCc, p.endHh);
  // Once an extent exists, a bad new one is a sequence error rather than a bad parameter.
  const badExtent = previous ? commandReject(MSG.INVALID_SEQUENCE, 'second Define Extent with an invalid extent') : null;
  // Hercules 3.13 turns CCHH into a track number without checking the head, so it accepts head
  // 15 as "the next cylinder" (oracle w_de_head15). A 3390 has heads 0-14; a head of 15 or more is
  // not an address on the device, which reference 3.2 rejects.
  if (!onDevice(begin, geometry) || !onDevice(end, geometry)) {
    return { reject: badExtent ?? commandReject(MSG.INVALID_PARAMETER, `Define Extent extent ${fmt(begin)}-${fmt(end)} is not on the device (${geometry.cylinders} cylinders, heads 0-${geometry.heads - 1})`) };
  }
  const first = trackNumber(begin, geometry);
  const last = trackNumber(end, geometry);
  if (first > last) {
    return { reject: badExtent ?? commandReject(MSG.INVALID_PARAMETER, `Define Extent extent begins at ${fmt(begin)}, after its end ${fmt(end)}`) };
  }
  const defined: DefinedExtent = {
    parameters,
    fileMask: parameters[0] ?? 0,
    writeControl: p.writeControl,
    seekControl: p.seekControl,
    globalAttributes: parameters[1] ?? 0,
    blockSize: p.blockSize === 0 ? DEFAULT_BLOCK_SIZE : p.blockSize,
    extent: { begin, end, first, last },
  };
  if (previous) {
    const same = [0, 1, 2, 3].every((i) => previous.parameters[i] === parameters[i]);
    if (!same) return { reject: commandReject(MSG.INVALID_SEQUENCE, 'a second Define Extent must repeat the file mask, global attributes and block size') };
    if (first < previous.extent.first || last > previous.extent.last) {
      return { reject: commandReject(MSG.INVALID_SEQUENCE, `a second Define Extent may only narrow the extent (${fmt(previous.extent.begin)}-${fmt(previous.extent.end)})`) };
    }
  }
  return { defined };
}

export function fmt(a: TrackAddress): string {
  return `${a.cylinder}/${a.head}`;
}
