/**
 * IBM 3390 geometry: the models, the device constants reported by Read Device Characteristics,
 * and the track-capacity formula (reference eckd-dasd.md 1.1-1.3; Linux recs_per_track;
 * Hercules capacity_calc computes the same in bytes).
 */

/** Tracks (heads) per cylinder on every 3390. */
export const HEADS_PER_CYLINDER = 15;

/** The 3390 constants that Read Device Characteristics reports (reference 1.2). */
export const DEVICE_3390 = {
  deviceType: 0x3390,
  sectorsPerTrack: 224,
  /** Track length in capacity-formula bytes: 1,729 cells of 34 bytes. */
  trackLength: 58_786,
  haR0Overhead: 1_428,
  formula: 2,
  factors: [34, 19, 9, 6, 116] as const,
  f6: 6,
  rpsFactor: 0x7708,
  maxR0DataLength: 57_326,
  /** Largest data length of a keyless R1 alone on a track. */
  maxR1DataLength: 56_664,
} as const;

export type ModelNumber = 1 | 2 | 3 | 9 | 27 | 54;

export interface Dasd3390Model {
  readonly model: ModelNumber;
  /** As users write it: `3390-3`. */
  readonly name: string;
  readonly primaryCylinders: number;
  /** Alternate cylinders Hercules allows beyond the primary ones (reported through RDC bytes 28-31). */
  readonly alternateCylinders: number;
  /** Model byte of Sense ID byte 6 and RDC byte 5. */
  readonly modelByte: number;
  /** RDC byte 11, also the MDR and OBR record identifiers (bytes 40-41). */
  readonly unitTypeCode: number;
}

/** Reference table 1.1 (Hercules dasdtab values, checked against the oracle's RDC bytes). */
export const MODELS_3390: readonly Dasd3390Model[] = [
  { model: 1, name: '3390-1', primaryCylinders: 1_113, alternateCylinders: 1, modelByte: 0x02, unitTypeCode: 0x26 },
  { model: 2, name: '3390-2', primaryCylinders: 2_226, alternateCylinders: 1, modelByte: 0x06, unitTypeCode: 0x27 },
  { model: 3, name: '3390-3', primaryCylinders: 3_339, alternateCylinders: 1, modelByte: 0x0a, unitTypeCode: 0x24 },
  { model: 9, name: '3390-9', primaryCylinders: 10_017, alternateCylinders: 3, modelByte: 0x0c, unitTypeCode: 0x32 },
  { model: 27, name: '3390-27', primaryCylinders: 32_760, alternateCylinders: 3, modelByte: 0x0c, unitTypeCode: 0x32 },
  { model: 54, name: '3390-54', primaryCylinders: 65_520, alternateCylinders: 3, modelByte: 0x0c, unitTypeCode: 0x32 },
];

export function modelByNumber(model: ModelNumber): Dasd3390Model {
  const m = MODELS_3390.find((x) => x.model === model);
  if (!m) throw new Error(`no 3390 model ${model}`);
  return m;
}

/**
 * The smallest model that holds `cylinders` (primary plus alternates), as Hercules picks the
 * model of an image by its size; null when even a 3390-54 is too small (EAV is not modelled).
 */
export function modelForCylinders(cylinders: number): Dasd3390Model | null {
  return MODELS_3390.find((m) => cylinders <= m.primaryCylinders + m.alternateCylinders) ?? null;
}

// ---------------------------------------------------------------------------------------------
// Track capacity (formula 2, reference 1.3). Everything is counted in 34-byte cells.

/** Cells one track offers to user records (HA and R0 are already accounted for). */
export const TRACK_CELLS = 1_729;

/** Cells of one key or data area of `length` bytes (length > 0). */
function areaCells(length: number): number {
  const [f1, , f3, f4, f5] = DEVICE_3390.factors;
  // An area carries f4 bytes of overhead, plus f4 more per 2·f5-byte segment it spans.
  const segments = Math.ceil((length + f4) / (2 * f5));
  return f3 + Math.ceil((length + f4 * (segments + 1)) / f1);
}

const cellMemo = new Map<number, number>();

/** Cells a record with key length `kl` and data length `dl` occupies on a 3390 track. */
export function recordCells(kl: number, dl: number): number {
  const memoKey = kl * 0x10000 + dl;
  const known = cellMemo.get(memoKey);
  if (known !== undefined) return known;
  // Every record costs a count area (10 cells); a data area of length 0 still costs its gap.
  const cells = 10 + areaCells(dl) + (kl > 0 ? areaCells(kl) : 0);
  if (cellMemo.size < 4096) cellMemo.set(memoKey, cells);
  return cells;
}

/** How many records of the same size fit on one track. */
export function recordsPerTrack(kl: number, dl: number): number {
  return Math.floor(TRACK_CELLS / recordCells(kl, dl));
}

export interface RecordSize {
  readonly kl: number;
  readonly dl: number;
}

/** Whether these user records (R1 onwards, in order) fit on one track together. */
export function fitsOnTrack(records: readonly RecordSize[]): boolean {
  let cells = 0;
  for (const r of records) cells += recordCells(r.kl, r.dl);
  return cells <= TRACK_CELLS;
}

/**
 * The sector (rotational position) at which record `n` (n ≥ 1) of a track of equal keyless
 * records of data length `dl` starts, as Linux computes it for Locate Record (reference 1.3).
 */
export function sectorOfRecord(n: number, dl: number): number {
  const segments = Math.ceil((dl + 6) / 232);
  const d = 9 + Math.ceil((dl + 6 * (segments + 1)) / 34);
  return Math.floor((49 + (n - 1) * (10 + d)) / 8);
}
