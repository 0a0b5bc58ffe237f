/**
 * Compressed Hercules CKD images (CKD_C370, "CCKD"), read only (cckd.h, cckddasd.c):
 *
 *   0     device header (as CKD_P370, id CKD_C370)
 *   512   CCKD header: number of level-1 entries, cylinders, null-track format, …
 *   1024  level-1 table: one 4-byte file offset per 256 tracks (0: all 256 are null tracks)
 *   …     level-2 tables (256 entries of offset, length, size) and track images, in any order
 *
 * A track image is a 5-byte header (compression in the low bits of byte 0, then CCHH) and the
 * rest of the track, compressed or not. A level-2 entry with offset 0 is a null track whose
 * format is its length. Level-2 tables are read when first needed and kept (2 KB each); the last
 * few decompressed tracks are kept so that a channel program going over one track does not
 * decompress it again and again.
 */
import {
  CCKD_COMPRESSION,
  CCKD_DEVICE_HEADER,
  CCKD_HEADER_OFFSET,
  CCKD_L1_ENTRY_SIZE,
  CCKD_L1_OFFSET,
  CCKD_L2_ENTRY,
  CCKD_OPTIONS,
  CCKD_TRACK_HEADER,
  imageNumber,
} from '../../arch/ckdImage';
import { decodeCchh } from '../../arch/eckd';
import type { TrackGeometry, TrackRead } from '../dasd/trackStore';
import type { HostFile } from '../host';
import type { Decompressors } from './decompressors';
import { deviceHeaderFacts } from './p370';
import { checkedTrack, nullTrack } from './trackImage';
import { at, type OpenedSource, type TrackSource } from './trackSource';

const L2_TABLE_ENTRIES = 256;
const L2_TABLE_SIZE = L2_TABLE_ENTRIES * CCKD_L2_ENTRY.size;
const TRACK_CACHE = 8;

/** Opens a CKD_C370 file; `header` is its first 1,024 bytes (both headers). */
export function openCckd(path: string, file: HostFile, header: Uint8Array, decompressors: Decompressors): OpenedSource {
  const fail = (error: string): OpenedSource => {
    file.close();
    return { error };
  };
  if (header.length < CCKD_L1_OFFSET) return fail(`${path}: ${file.size} bytes, too short for the two 512-byte headers of a compressed image; the image is truncated`);
  const device = deviceHeaderFacts(header);
  const bigEndian = (CCKD_DEVICE_HEADER.get(header, CCKD_HEADER_OFFSET, 'options') & CCKD_OPTIONS.BIG_ENDIAN) !== 0;
  const n = (name: string) => imageNumber(CCKD_DEVICE_HEADER, header, CCKD_HEADER_OFFSET, name, bigEndian);
  const cylinders = n('cylinders');
  const l1Entries = n('l1Entries');
  const l2Entries = n('l2Entries');
  const nullFormat = CCKD_DEVICE_HEADER.get(header, CCKD_HEADER_OFFSET, 'nullFormat');
  if (device.heads < 1 || device.heads > 255) return fail(`${path}: the device header says ${device.heads} heads per cylinder at byte 8; the image is damaged`);
  if (cylinders < 1 || cylinders > 0xffff) return fail(`${path}: the compressed header says ${cylinders} cylinders at byte ${CCKD_HEADER_OFFSET + 40}; the image is damaged`);
  const tracks = cylinders * device.heads;
  if (l2Entries !== L2_TABLE_ENTRIES) return fail(`${path}: the compressed header says ${l2Entries} entries per level-2 table at byte ${CCKD_HEADER_OFFSET + 8}, not 256; the image is damaged`);
  if (l1Entries !== Math.ceil(tracks / L2_TABLE_ENTRIES)) {
    return fail(`${path}: the compressed header says ${l1Entries} level-1 entries at byte ${CCKD_HEADER_OFFSET + 4}, but ${cylinders} cylinders need ${Math.ceil(tracks / L2_TABLE_ENTRIES)}; the image is damaged`);
  }
  if (nullFormat > 2) return fail(`${path}: the compressed header says null-track format ${nullFormat} at byte ${CCKD_HEADER_OFFSET + 44}; only 0, 1 and 2 exist`);
  const l1Bytes = l1Entries * CCKD_L1_ENTRY_SIZE;
  const l1Raw = file.read(CCKD_L1_OFFSET, l1Bytes);
  if (l1Raw.length < l1Bytes) return fail(`${path}: the level-1 table (${at(l1Bytes)} bytes at byte 1,024) runs past the end of the ${at(file.size)}-byte file; the image is truncated`);
  const l1: number[] = [];
  for (let i = 0; i < l1Entries; i++) {
    const off = readInt(l1Raw, i * CCKD_L1_ENTRY_SIZE, 4, bigEndian);
    if (off === 0xffffffff) return fail(`${path}: level-1 entry ${i} (byte ${at(CCKD_L1_OFFSET + i * 4)}) says "in a lower file", which only shadow files say; the image is damaged`);
    if (off !== 0 && (off < CCKD_L1_OFFSET + l1Bytes || off + L2_TABLE_SIZE > file.size)) {
      return fail(`${path}: level-1 entry ${i} (byte ${at(CCKD_L1_OFFSET + i * 4)}) points to a level-2 table at byte ${at(off)}, outside the ${at(file.size)}-byte file; the image is truncated or damaged`);
    }
    l1.push(off);
  }
  return {
    source: new CckdSource(path, file, { cylinders, heads: device.heads }, device.trackSize, device.deviceType, l1, nullFormat as 0 | 1 | 2, bigEndian, decompressors),
  };
}

function readInt(buf: Uint8Array, offset: number, length: number, bigEndian: boolean): number {
  let v = 0;
  for (let i = 0; i < length; i++) v = v * 256 + (buf[offset + (bigEndian ? i : length - 1 - i)] ?? 0);
  return v;
}

class CckdSource implements TrackSource {
  readonly format = 'CKD_C370' as const;
  readonly paths: readonly string[];
  private readonly l2 = new Map<number, Uint8Array>();
  private readonly cache = new Map<number, Uint8Array>();

  constructor(
    private readonly path: string,
    private readonly file: HostFile,
    readonly geometry: TrackGeometry,
    readonly trackSize: number,
    readonly deviceType: number,
    private readonly l1: readonly number[],
    private readonly nullFormat: 0 | 1 | 2,
    private readonly bigEndian: boolean,
    private readonly decompressors: Decompressors,
  ) {
    this.paths = [path];
  }

  readTrack(cylinder: number, head: number): TrackRead {
    const { cylinders, heads } = this.geometry;
    if (cylinder < 0 || cylinder >= cylinders || head < 0 || head >= heads) return { error: `track ${cylinder}/${head} is not on this volume` };
    const track = cylinder * heads + head;
    const cached = this.cache.get(track);
    if (cached) return { image: cached };
    const read = this.readUncached(track, cylinder, head);
    if ('image' in read) {
      if (this.cache.size >= TRACK_CACHE) this.cache.delete(this.cache.keys().next().value as number);
      this.cache.set(track, read.image);
    }
    return read;
  }

  private readUncached(track: number, cylinder: number, head: number): TrackRead {
    const l2Offset = this.l1[track >> 8] ?? 0;
    if (l2Offset === 0) return { image: nullTrack(cylinder, head, this.nullFormat) };
    let table = this.l2.get(l2Offset);
    if (!table) {
      table = this.file.read(l2Offset, L2_TABLE_SIZE);
      if (table.length < L2_TABLE_SIZE) return { error: `${this.path}: the level-2 table at byte ${at(l2Offset)} is cut short; the image is truncated` };
      this.l2.set(l2Offset, table);
    }
    const entryAt = (track & 0xff) * CCKD_L2_ENTRY.size;
    const place = `${this.path}: track ${cylinder}/${head} (level-2 entry at byte ${at(l2Offset + entryAt)})`;
    const offset = imageNumber(CCKD_L2_ENTRY, table, entryAt, 'offset', this.bigEndian);
    const length = imageNumber(CCKD_L2_ENTRY, table, entryAt, 'length', this.bigEndian);
    if (offset === 0) {
      if (length > 2) return { error: `${place} is a null track of format ${length}; only 0, 1 and 2 exist, the image is damaged` };
      // The entry's length is the null format, except that in a Linux-formatted image (header
      // null format 2) a zero entry is a Linux null track too: what Hercules 3.13's cckd2ckd
      // gives for dasdinit -linux -z images. In other images a zero entry is R0 and an EOF
      // record, even where dasdinit -z wrote R0 alone (Hercules reads it back so).
      const format = length === 0 && this.nullFormat === 2 ? 2 : length;
      return { image: nullTrack(cylinder, head, format as 0 | 1 | 2) };
    }
    if (offset === 0xffffffff) return { error: `${place} says "in a lower file", which only shadow files say; the image is damaged` };
    if (length < CCKD_TRACK_HEADER.size || offset + length > this.file.size) {
      return { error: `${place} says ${length} bytes at byte ${at(offset)}, outside the ${at(this.file.size)}-byte file; the image is truncated or damaged` };
    }
    const raw = this.file.read(offset, length);
    if (raw.length < length) return { error: `${place}: only ${raw.length} of ${length} bytes at byte ${at(offset)} could be read; the image is truncated` };
    const header = CCKD_TRACK_HEADER.decode(raw, 0);
    const said = decodeCchh(header.cc, header.hh);
    if (header.invalid !== 0 || said.cylinder !== cylinder || said.head !== head) {
      return { error: `${place}: the track image at byte ${at(offset)} starts X'${(raw[0] ?? 0).toString(16).toUpperCase().padStart(2, '0')}' cylinder ${said.cylinder} head ${said.head}; the image is damaged` };
    }
    const payload = raw.subarray(CCKD_TRACK_HEADER.size);
    let body: Uint8Array;
    if (header.compression === CCKD_COMPRESSION.NONE) body = payload;
    else {
      const name = header.compression === CCKD_COMPRESSION.ZLIB ? 'zlib' : header.compression === CCKD_COMPRESSION.BZIP2 ? 'bzip2' : null;
      if (!name) return { error: `${place}: the track image at byte ${at(offset)} says compression ${header.compression}, which does not exist (0 none, 1 zlib, 2 bzip2); the image is damaged` };
      const inflate = this.decompressors[name];
      if (!inflate) return { error: `${place} is ${name}-compressed, and this session has no ${name} decompressor` };
      try {
        body = inflate(payload);
      } catch (e) {
        return { error: `${place}: the ${name} data at byte ${at(offset + CCKD_TRACK_HEADER.size)} (${length - CCKD_TRACK_HEADER.size} bytes) is damaged: ${e instanceof Error ? e.message : String(e)}` };
      }
    }
    const image = new Uint8Array(CCKD_TRACK_HEADER.size + body.length);
    image.set(raw.subarray(0, CCKD_TRACK_HEADER.size));
    image[0] = 0; // the bin byte of the home address; Hercules keeps the compression there
    image.set(body, CCKD_TRACK_HEADER.size);
    return checkedTrack(image, cylinder, head, `${this.path} at byte ${at(offset)}`);
  }

  close(): void {
    this.file.close();
  }
}
