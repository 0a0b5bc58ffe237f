/**
 * Track images in the layout of a Hercules uncompressed CKD track slot (reference eckd-dasd.md
 * 2.2; the oracle's "DASD image format"):
 *
 *   00 CC CC HH HH | count key data | count key data | … | FF FF FF FF FF FF FF FF
 *
 * without the zero padding to the slot size. This is the one form in which `TrackStore`s hand
 * tracks around: an image-file store moves these bytes to and from a CKD_P370 slot (or a CCKD
 * track after decompression) untouched, and the device parses them into a record view here.
 */
import { COUNT_FIELD, HOME_ADDRESS, encodeCchh } from '../../arch/eckd';
import { hex } from '../../arch/field';
import { countCylinder, countDl, countHead, countKl, countR, haCylinder, haFlag, haHead } from './fieldReaders';

/** Bytes of the track header (the home address as Hercules stores it: bin byte, CC, HH). */
export const TRACK_HEADER_LENGTH = 5;
/** A count field of eight X'FF' bytes ends the track. */
export const END_OF_TRACK_LENGTH = 8;

/** One record of a parsed track: its count field and where its key and data start. */
export interface CkdRecord {
  readonly cylinder: number;
  readonly head: number;
  readonly r: number;
  readonly kl: number;
  readonly dl: number;
  /** Offset of the 8-byte count field within the track image. */
  readonly countOffset: number;
  readonly keyOffset: number;
  readonly dataOffset: number;
}

export interface CkdTrack {
  readonly cylinder: number;
  readonly head: number;
  /** The image the records point into. */
  readonly image: Uint8Array;
  /** Home-address flag byte (0: good primary track). */
  readonly haFlag: number;
  /** Records in track order; record zero (if present) first. */
  readonly records: readonly CkdRecord[];
  /** `records.length`, without building the record objects. */
  readonly recordCount: number;
  /**
   * Where each record's count field starts, and one more entry: where the end-of-track marker
   * starts. Records are contiguous, so record i spans countOffsets[i] to countOffsets[i + 1].
   * The hot reads (Read Track) work from this alone, without building `records`.
   */
  readonly countOffsets: readonly number[];
}

export type ParsedTrack = { readonly track: CkdTrack } | { readonly error: string };

/**
 * A parsed track whose record objects are built on first use: Read Track, the one read of a bulk
 * volume read, needs only the offsets, and 13 objects per track were most of its allocation. The
 * image is validated in full when parsed, so building the records later cannot fail; they are
 * built once, so a record object is the same object on every access (readers find a record's
 * index with `records.indexOf`).
 */
class ParsedCkdTrack implements CkdTrack {
  private built: readonly CkdRecord[] | null = null;

  constructor(
    readonly cylinder: number,
    readonly head: number,
    readonly image: Uint8Array,
    readonly haFlag: number,
    readonly countOffsets: readonly number[],
  ) {}

  get recordCount(): number {
    return this.countOffsets.length - 1;
  }

  get records(): readonly CkdRecord[] {
    return (this.built ??= recordsOf(this.image, this.countOffsets));
  }
}

function recordsOf(image: Uint8Array, countOffsets: readonly number[]): CkdRecord[] {
  const records: CkdRecord[] = new Array<CkdRecord>(countOffsets.length - 1);
  for (let i = 0; i < records.length; i++) {
    const at = countOffsets[i] as number;
    const kl = countKl(image, at);
    const keyOffset = at + 8;
    records[i] = {
      cylinder: countCylinder(image, at),
      head: countHead(image, at),
      r: countR(image, at),
      kl,
      dl: countDl(image, at),
      countOffset: at,
      keyOffset,
      dataOffset: keyOffset + kl,
    };
  }
  return records;
}

/**
 * Parses a track image, checking what Hercules checks when it reads a track: a zero bin byte,
 * the expected CCHH, records inside the image and an end-of-track marker.
 */
export function parseTrack(image: Uint8Array, cylinder: number, head: number): ParsedTrack {
  if (image.length < TRACK_HEADER_LENGTH + END_OF_TRACK_LENGTH) {
    return { error: `${where(cylinder, head)}: the image is ${image.length} bytes, too short for a home address and an end-of-track marker` };
  }
  // Every track read parses (bench/dasd.ts: 50,085 per volume): the home address and count
  // fields are read in place at their tables' offsets (fieldReaders.ts), not decoded to objects.
  const flag = haFlag(image);
  const haCyl = haCylinder(image);
  const haHd = haHead(image);
  if (flag !== 0 || haCyl !== cylinder || haHd !== head) {
    return { error: `${where(cylinder, head)}: the track header says X'${hex(flag, 2)}' cylinder ${haCyl} head ${haHd}; the image is damaged` };
  }
  const countOffsets: number[] = [];
  let at = TRACK_HEADER_LENGTH;
  for (;;) {
    if (at + END_OF_TRACK_LENGTH > image.length) {
      return { error: `${where(cylinder, head)}: no end-of-track marker before byte ${image.length}` };
    }
    if (isEndMarker(image, at)) break;
    const kl = countKl(image, at);
    const dl = countDl(image, at);
    const next = at + 8 + kl + dl;
    if (next > image.length) {
      return { error: `${where(cylinder, head)}: record ${countR(image, at)} at byte ${at} (key ${kl}, data ${dl}) runs past the end of the image` };
    }
    countOffsets.push(at);
    at = next;
  }
  countOffsets.push(at);
  return { track: new ParsedCkdTrack(cylinder, head, image, flag, countOffsets) };
}

/** The track's name in parse errors (formatted only on an error: a good track is the hot path). */
function where(cylinder: number, head: number): string {
  return `track ${cylinder}/${head}`;
}

function isEndMarker(image: Uint8Array, at: number): boolean {
  for (let i = 0; i < END_OF_TRACK_LENGTH; i++) if (image[at + i] !== 0xff) return false;
  return true;
}

/** A record to place on a track; the count's CCHH defaults to the track's own. */
export interface RecordSpec {
  readonly r: number;
  readonly key?: Uint8Array;
  readonly data: Uint8Array;
  readonly cylinder?: number;
  readonly head?: number;
}

/** Builds a track image holding `records` in order (the caller includes R0). */
export function buildTrack(cylinder: number, head: number, records: readonly RecordSpec[]): Uint8Array {
  let length = TRACK_HEADER_LENGTH + END_OF_TRACK_LENGTH;
  for (const r of records) length += 8 + (r.key?.length ?? 0) + r.data.length;
  const image = new Uint8Array(length);
  const home = encodeCchh({ cylinder, head });
  HOME_ADDRESS.encodeInto(image, 0, { flag: 0, cc: home.cc, hh: home.hh });
  let at = TRACK_HEADER_LENGTH;
  for (const r of records) {
    const key = r.key ?? new Uint8Array(0);
    const id = encodeCchh({ cylinder: r.cylinder ?? cylinder, head: r.head ?? head });
    COUNT_FIELD.encodeInto(image, at, { cc: id.cc, hh: id.hh, r: r.r, kl: key.length, dl: r.data.length });
    image.set(key, at + 8);
    image.set(r.data, at + 8 + key.length);
    at += 8 + key.length + r.data.length;
  }
  image.fill(0xff, at, at + END_OF_TRACK_LENGTH);
  return image;
}

/** The record zero every formatted track starts with: key length 0, eight zero data bytes. */
export function standardR0(): RecordSpec {
  return { r: 0, data: new Uint8Array(8) };
}

/** The 8 count bytes of a record, as Read Count transfers them. */
export function countBytes(track: CkdTrack, record: CkdRecord): Uint8Array {
  return track.image.slice(record.countOffset, record.countOffset + 8);
}

export function keyBytes(track: CkdTrack, record: CkdRecord): Uint8Array {
  return track.image.slice(record.keyOffset, record.keyOffset + record.kl);
}

export function dataBytes(track: CkdTrack, record: CkdRecord): Uint8Array {
  return track.image.slice(record.dataOffset, record.dataOffset + record.dl);
}

/**
 * Areas of a record as views into the image, for the reads (Read Count, Read Data, Read Key and
 * Data, Read Count Key and Data, Read Record Zero, Read IPL): the channel copies what a device offers into storage, so a copy here would
 * be a second one. A view stays right as long as the image does not change, and nothing changes an
 * image in place: the device's writes build new images (trackEdit.ts) and the stores keep a copy
 * of what they are given (TrackStore.writeTrack).
 */
export function countView(track: CkdTrack, record: CkdRecord): Uint8Array {
  return track.image.subarray(record.countOffset, record.countOffset + 8);
}

export function dataView(track: CkdTrack, record: CkdRecord): Uint8Array {
  return track.image.subarray(record.dataOffset, record.dataOffset + record.dl);
}

/** Key and data: one view, as the key area is followed by the data area in the image. */
export function keyDataView(track: CkdTrack, record: CkdRecord): Uint8Array {
  return track.image.subarray(record.keyOffset, record.dataOffset + record.dl);
}

/** Count, key and data: one view, as the three areas follow each other in the image. */
export function countKeyDataView(track: CkdTrack, record: CkdRecord): Uint8Array {
  return track.image.subarray(record.countOffset, record.dataOffset + record.dl);
}
