/**
 * Checks on one track image read from a file: Hercules' own checks when it reads a track (bin
 * byte zero, the CCHH of the track asked for) and a walk of the count fields to the end marker,
 * so a damaged track is refused with its place in the file instead of reaching the device.
 */
import { COUNT_FIELD, HOME_ADDRESS, decodeCchh } from '../../arch/eckd';
import { hex } from '../../arch/field';
import { END_OF_TRACK_LENGTH, TRACK_HEADER_LENGTH, buildTrack, standardR0, type RecordSpec } from '../dasd/ckdTrack';
import { at } from './trackSource';

/**
 * Length of the track image at the start of `slot` (home address, records, end marker), or
 * null when the records run off the end without a marker.
 */
export function imageLength(slot: Uint8Array): number | null {
  let pos = TRACK_HEADER_LENGTH;
  while (pos + END_OF_TRACK_LENGTH <= slot.length) {
    let marker = true;
    for (let i = 0; i < END_OF_TRACK_LENGTH; i++) if (slot[pos + i] !== 0xff) marker = false;
    if (marker) return pos + END_OF_TRACK_LENGTH;
    pos += 8 + COUNT_FIELD.get(slot, pos, 'kl') + COUNT_FIELD.get(slot, pos, 'dl');
  }
  return null;
}

/**
 * The track image of `slot` trimmed to its end marker, or a message naming what is wrong.
 * `where` says which file and byte the slot came from.
 */
export function checkedTrack(slot: Uint8Array, cylinder: number, head: number, where: string): { image: Uint8Array } | { error: string } {
  if (slot.length < TRACK_HEADER_LENGTH + END_OF_TRACK_LENGTH) {
    return { error: `${where}: track ${cylinder}/${head} is ${slot.length} bytes, too short for a home address and an end marker; the image is truncated or damaged` };
  }
  const ha = HOME_ADDRESS.decode(slot, 0);
  const said = decodeCchh(ha.cc, ha.hh);
  if (ha.flag !== 0 || said.cylinder !== cylinder || said.head !== head) {
    return { error: `${where}: track ${cylinder}/${head} header says X'${hex(ha.flag, 2)}' cylinder ${said.cylinder} head ${said.head}; the image is damaged` };
  }
  const length = imageLength(slot);
  if (length === null) return { error: `${where}: track ${cylinder}/${head} has no end-of-track marker within its ${at(slot.length)} bytes; the image is damaged` };
  return { image: slot.slice(0, length) };
}

/**
 * A null track as a CCKD image leaves it out (cckd.h null track formats): 0 is R0 and an
 * end-of-file record, 1 is R0 alone (dasdinit's empty track), 2 is R0 and twelve 4,096-byte
 * records (a Linux dasdfmt'ed track).
 */
export function nullTrack(cylinder: number, head: number, format: 0 | 1 | 2): Uint8Array {
  const records: RecordSpec[] = [standardR0()];
  if (format === 0) records.push({ r: 1, data: new Uint8Array(0) });
  if (format === 2) for (let r = 1; r <= 12; r++) records.push({ r, data: new Uint8Array(4096) });
  return buildTrack(cylinder, head, records);
}
