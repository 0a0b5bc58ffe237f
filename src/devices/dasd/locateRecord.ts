/**
 * Locate Record (X'47'): checks its 16 parameter bytes (reference eckd-dasd.md 3.3; IBM SA22-1025
 * p. 4-14: the operation code is checked first, then the bytes in order, and only the first
 * exception is reported). Hercules 3.13 agrees on every case the oracle tried (v_lr_*).
 */
import { LOCATE_RECORD, decodeCchh, type TrackAddress } from '../../arch/eckd';
import { hex } from '../../arch/field';
import { onDevice, type DefinedExtent } from './defineExtent';
import { commandReject, MSG, type SenseCondition } from './sense';
import type { TrackGeometry } from './trackStore';

export const LOCATE_RECORD_LENGTH = 16;

export type Orientation = 'count' | 'home address' | 'data' | 'index';
const ORIENTATIONS: readonly Orientation[] = ['count', 'home address', 'data', 'index'];

export const LR_OP = {
  ORIENT: 0x00,
  WRITE_DATA: 0x01,
  FORMAT_WRITE: 0x03,
  READ_DATA: 0x06,
  WRITE_TRACK: 0x0b,
  READ_TRACKS: 0x0c,
  READ: 0x16,
} as const;

/**
 * Orientations each operation code accepts (Hercules' table, reference 3.3). The oracle confirms
 * that index orientation with Orient or Read Data is an invalid parameter (v_lr_index_op00/06).
 */
const VALID_ORIENTATIONS = new Map<number, ReadonlySet<Orientation>>([
  [LR_OP.ORIENT, new Set<Orientation>(['count', 'home address', 'data'])],
  [LR_OP.WRITE_DATA, new Set<Orientation>(['count', 'data'])],
  [LR_OP.FORMAT_WRITE, new Set<Orientation>(['count', 'home address', 'index'])],
  [LR_OP.READ_DATA, new Set<Orientation>(['count', 'home address', 'data'])],
  [LR_OP.WRITE_TRACK, new Set<Orientation>(['count'])],
  [LR_OP.READ_TRACKS, new Set<Orientation>(['count', 'home address'])],
  [LR_OP.READ, new Set<Orientation>(['count', 'home address', 'data', 'index'])],
]);

export interface LocateRecordRequest {
  readonly parameters: Uint8Array;
  readonly operation: number;
  readonly orientation: Orientation;
  readonly count: number;
  readonly seek: TrackAddress;
  /** Search argument bytes 8-12 (CCHHR) exactly as given; searches compare bytes. */
  readonly search: Uint8Array;
  readonly sector: number;
  /** Transfer length factor in force: the one given, or the Define Extent block size. */
  readonly transferLength: number;
  /** Bytes 14-15 gave the transfer length factor (auxiliary bit 0). */
  readonly tlfGiven: boolean;
  readonly readCountSuffix: boolean;
  /** Locate Record Extended Read Any / Write Any: the search skips R0 and zeros match the first user record. */
  readonly anyRecord?: boolean;
  /** Locate Record Extended Read Trackset: relative tracks (from the seek address) to read, ascending. */
  readonly trackset?: readonly number[];
}

export type LocateRecordResult = { readonly request: LocateRecordRequest } | { readonly reject: SenseCondition };

export function locateRecord(data: Uint8Array, geometry: TrackGeometry, extent: DefinedExtent): LocateRecordResult {
  if (data.length < LOCATE_RECORD_LENGTH) {
    return { reject: commandReject(MSG.COUNT_TOO_SMALL, `Locate Record needs ${LOCATE_RECORD_LENGTH} parameter bytes, the CCW gave ${data.length}`) };
  }
  const parameters = data.slice(0, LOCATE_RECORD_LENGTH);
  const p = LOCATE_RECORD.decode(parameters);
  const invalid = (why: string): LocateRecordResult => ({ reject: commandReject(MSG.INVALID_PARAMETER, `Locate Record ${why}`) });

  const orientations = VALID_ORIENTATIONS.get(p.operation);
  if (!orientations) return invalid(`operation code X'${hex(p.operation, 2)}' is not a Locate Record operation`);
  const orientation = ORIENTATIONS[p.orientation] ?? 'count';
  if (!orientations.has(orientation)) return invalid(`operation X'${hex(p.operation, 2)}' cannot be used with ${orientation} orientation (byte 0 X'${hex(parameters[0] ?? 0, 2)}')`);
  if (p.auxReserved !== 0) return invalid('auxiliary byte bits 1-6 are reserved and must be zero');
  const suffix = p.readCountSuffix === 1;
  if (suffix && p.operation !== LR_OP.WRITE_DATA && p.operation !== LR_OP.READ) return invalid('a Read Count suffix needs operation Write Data (01) or Read (16)');
  if (p.reserved !== 0) return invalid('byte 2 must be zero');
  if (p.operation === LR_OP.ORIENT ? p.count !== 0 : p.count === 0) {
    return invalid(p.operation === LR_OP.ORIENT ? 'count must be zero for Orient' : 'count must not be zero');
  }
  if (suffix && p.count < 2) return invalid('count must be at least 2 with a Read Count suffix');
  const seek = decodeCchh(p.seekCc, p.seekHh);
  if (!onDevice(seek, geometry)) return invalid(`seek address ${seek.cylinder}/${seek.head} is not on the device`);
  if (p.sector >= 224 && p.sector !== 0xff) return invalid(`sector ${p.sector} is not 0-223 or 255`);
  if (p.tlfValid === 1) {
    if (p.transferLengthFactor === 0) return invalid('transfer length factor is flagged valid but is zero');
    if (p.transferLengthFactor > extent.blockSize) return invalid(`transfer length factor ${p.transferLengthFactor} exceeds the Define Extent block size ${extent.blockSize}`);
  } else if (p.transferLengthFactor !== 0) {
    return invalid('bytes 14-15 must be zero when the auxiliary byte does not flag a transfer length factor');
  }
  return {
    request: {
      parameters,
      operation: p.operation,
      orientation,
      count: p.count,
      seek,
      search: parameters.slice(8, 13),
      sector: p.sector,
      transferLength: p.tlfValid === 1 ? p.transferLengthFactor : extent.blockSize,
      tlfGiven: p.tlfValid === 1,
      readCountSuffix: suffix,
    },
  };
}
