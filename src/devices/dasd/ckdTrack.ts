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
import { COUNT_FIELD, HOME_ADDRESS, decodeCchh, encodeCchh } from '../../arch/eckd';
import { hex } from '../../arch/field';

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
}

export type ParsedTrack = { readonly track: CkdTrack } | { readonly error: string };

/**
 * Parses a track image, checking what Hercules checks when it reads a track: a zero bin byte,
 * the expected CCHH, records inside the image and an end-of-track marker.
 */
export function parseTrack(image: Uint8Array, cylinder: number, head: number): ParsedTrack {
  const where = `track ${cylinder}/${head}`;
  if (image.length < TRACK_HEADER_LENGTH + END_OF_TRACK_LENGTH) {
    return { error: `${where}: the image is ${image.length} bytes, too short for a home address and an end-of-track marker` };
  }
  const header = HOME_ADDRESS.decode(image, 0);
  const address = decodeCchh(header.cc, header.hh);
  if (header.flag !== 0 || address.cylinder !== cylinder || address.head !== head) {
    return { error: `${where}: the track header says X'${hex(header.flag, 2)}' cylinder ${address.cylinder} head ${address.head}; the image is damaged` };
  }
  const records: CkdRecord[] = [];
  let at = TRACK_HEADER_LENGTH;
  for (;;) {
    if (at + END_OF_TRACK_LENGTH > image.length) {
      return { error: `${where}: no end-of-track marker before byte ${image.length}` };
    }
    if (isEndMarker(image, at)) break;
    // The hot path of every track read (bench/dasd.ts): the count field's bytes are read at the
    // offsets its field table gives, without building a decoded object per record.
    const cc = u16(image, at + COUNT_AT.cc);
    const hh = u16(image, at + COUNT_AT.hh);
    const r = image[at + COUNT_AT.r] ?? 0;
    const kl = image[at + COUNT_AT.kl] ?? 0;
    const dl = u16(image, at + COUNT_AT.dl);
    const keyOffset = at + 8;
    const dataOffset = keyOffset + kl;
    const next = dataOffset + dl;
    if (next > image.length) {
      return { error: `${where}: record ${r} at byte ${at} (key ${kl}, data ${dl}) runs past the end of the image` };
    }
    records.push({ cylinder: cc + (hh >>> 4) * 0x10000, head: hh & 0x0f, r, kl, dl, countOffset: at, keyOffset, dataOffset });
    at = next;
  }
  return { track: { cylinder, head, image, haFlag: image[0] ?? 0, records } };
}

/** Byte offsets of the count field's fields, taken from its table (COUNT_FIELD in src/arch/eckd.ts). */
const COUNT_AT = {
  cc: byteOffset('cc', 16),
  hh: byteOffset('hh', 16),
  r: byteOffset('r', 8),
  kl: byteOffset('kl', 8),
  dl: byteOffset('dl', 16),
};

function byteOffset(name: string, width: number): number {
  const f = COUNT_FIELD.field(name);
  if (f.kind !== 'number' || f.bitOffset % 8 !== 0 || f.width !== width) throw new Error(`COUNT_FIELD.${name} is not a ${width}-bit field on a byte boundary`);
  return f.bitOffset / 8;
}

function u16(image: Uint8Array, at: number): number {
  return ((image[at] ?? 0) << 8) | (image[at + 1] ?? 0);
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
