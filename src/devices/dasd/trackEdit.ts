/**
 * New track images for the write commands. Images are never changed in place: a write builds
 * the new image (stores, the cursor's parsed track and Read Track views may still hold the old
 * one) and the capacity of the track is checked on every image built.
 */
import { COUNT_FIELD, decodeCchh } from '../../arch/eckd';
import { END_OF_TRACK_LENGTH, TRACK_HEADER_LENGTH, type CkdTrack } from './ckdTrack';
import { DEVICE_3390, recordCells, TRACK_CELLS } from './geometry';

/** Hercules' track slot for a 3390 (reference 2.2): the only limit Hercules 3.13 enforces. */
export const HERCULES_TRACK_SLOT = 56_832;

/** Cells of a standard R0 (key 0, data 8): already part of the HA/R0 overhead of the formula. */
const STANDARD_R0_CELLS = recordCells(0, 8);

/**
 * Why a track image does not fit, or null. The real rule (reference 1.3): user records' cells,
 * plus whatever a larger-than-standard R0 takes beyond its 20, at most 1,729 (this gives R1 ≤
 * 56,664 bytes alone and R0 ≤ 57,326 alone, the RDC figures). `hercules`: Hercules 3.13 only
 * checks that the image fits its 56,832-byte slot (oracle x_capacity shows both agree there).
 */
export function capacityProblem(image: Uint8Array, hercules: boolean): string | null {
  if (hercules) {
    return image.length > HERCULES_TRACK_SLOT ? `the track image needs ${image.length} bytes, more than Hercules' ${HERCULES_TRACK_SLOT}-byte track slot` : null;
  }
  let cells = 0;
  let at = TRACK_HEADER_LENGTH;
  let first = true;
  while (at + 8 <= image.length - END_OF_TRACK_LENGTH + 8 && !isEnd(image, at)) {
    const c = COUNT_FIELD.decode(image, at);
    if (first && c.r === 0) {
      if (c.dl > DEVICE_3390.maxR0DataLength) return `record zero's data length ${c.dl} exceeds ${DEVICE_3390.maxR0DataLength}`;
      cells += recordCells(c.kl, c.dl) - STANDARD_R0_CELLS;
    } else {
      cells += recordCells(c.kl, c.dl);
    }
    first = false;
    at += 8 + c.kl + c.dl;
  }
  return cells > TRACK_CELLS ? `the records need ${cells} cells of 34 bytes; a 3390 track has ${TRACK_CELLS}` : null;
}

function isEnd(image: Uint8Array, at: number): boolean {
  for (let i = 0; i < END_OF_TRACK_LENGTH; i++) if (image[at + i] !== 0xff) return false;
  return true;
}

/** `track` with the key and/or data of record `index` replaced (same lengths; shorter input is zero-filled). */
export function replaceKeyData(track: CkdTrack, index: number, key: Uint8Array | null, data: Uint8Array): Uint8Array {
  const r = track.records[index];
  if (!r) throw new Error(`replaceKeyData: no record ${index}`);
  const image = track.image.slice();
  if (key) {
    image.fill(0, r.keyOffset, r.keyOffset + r.kl);
    image.set(key.subarray(0, r.kl), r.keyOffset);
  }
  image.fill(0, r.dataOffset, r.dataOffset + r.dl);
  image.set(data.subarray(0, r.dl), r.dataOffset);
  return image;
}

/**
 * `track` with records after `keep` (an index; -1 keeps none, only the home address) removed and,
 * when given, one new record appended: count (8 bytes), key and data zero-filled to the lengths
 * the count gives. The end-of-track marker follows (Write CKD, Write R0 and Erase "erase the rest
 * of the track", reference 2.2).
 */
export function truncateAndAppend(track: CkdTrack, keep: number, record: { count: Uint8Array; keyData: Uint8Array } | null): Uint8Array {
  const kept = track.records[keep];
  const end = kept ? kept.dataOffset + kept.dl : TRACK_HEADER_LENGTH;
  let add = 0;
  let kl = 0;
  let dl = 0;
  if (record) {
    const c = COUNT_FIELD.decode(record.count, 0);
    kl = c.kl;
    dl = c.dl;
    add = 8 + kl + dl;
  }
  const image = new Uint8Array(end + add + END_OF_TRACK_LENGTH);
  image.set(track.image.subarray(0, end), 0);
  if (record) {
    image.set(record.count.subarray(0, 8), end);
    image.set(record.keyData.subarray(0, kl + dl), end + 8);
  }
  image.fill(0xff, end + add);
  return image;
}

/** The home address with a new flag and CCHH bytes and nothing after it (Write Home Address). */
export function homeAddressOnly(ha: Uint8Array): Uint8Array {
  const image = new Uint8Array(TRACK_HEADER_LENGTH + END_OF_TRACK_LENGTH).fill(0xff);
  image.set(ha.subarray(0, TRACK_HEADER_LENGTH), 0);
  return image;
}

/** Key and data lengths of an 8-byte count field. */
export function countLengths(count: Uint8Array): { kl: number; dl: number; r: number; cylinder: number; head: number } {
  const c = COUNT_FIELD.decode(count, 0);
  const at = decodeCchh(c.cc, c.hh);
  return { kl: c.kl, dl: c.dl, r: c.r, cylinder: at.cylinder, head: at.head };
}
