/**
 * Hercules CKD image files: the headers, table entries and track header of uncompressed
 * (CKD_P370) and compressed (CKD_C370, "CCKD") images.
 *
 * Sources: Hercules' cckd.h and cckddasd.c (struct layouts), checked against bytes of images made
 * by Hercules 3.13's dasdinit and dasdcopy (test/fixtures/images, test/unit/images/ckdImage.test.ts).
 *
 * Hercules keeps most numbers of these files in little-endian order (the CCKD header says
 * big-endian when option bit X'02' is set), while the field tables here read big-endian IBM bit
 * numbering. So multi-byte integers of the file headers are declared as byte runs, and read and
 * written only through `imageNumber` / `setImageNumber`, which take the byte order from the file:
 * the table stays the one place that says where each field is. The 5-byte track header is
 * big-endian (it is a CKD home address) and is an ordinary table.
 */
import { bytes, field, maskNames, structure, valueNames, type Structure } from './field';

/** The device-header ids (dh_devid), in ASCII. */
export const CKD_IMAGE_IDS = {
  /** Uncompressed CKD image (one file of a volume). */
  CKD_P370: 'CKD_P370',
  /** Compressed CKD image. */
  CKD_C370: 'CKD_C370',
  /** Compressed CKD shadow file. */
  CKD_S370: 'CKD_S370',
  /** 64-bit-offset variants (newer Hercules). */
  CKD_P064: 'CKD_P064',
  CKD_C064: 'CKD_C064',
  CKD_S064: 'CKD_S064',
  /** Compressed FBA images (uncompressed FBA images have no header). */
  FBA_C370: 'FBA_C370',
  FBA_S370: 'FBA_S370',
  FBA_C064: 'FBA_C064',
  FBA_S064: 'FBA_S064',
} as const;

/** The first 512 bytes of every CKD image file (cckd.h CKD_DEVHDR). */
export const CKD_DEVICE_HEADER = structure('CKD device header', 512, [
  bytes('devid', { offset: 0, length: 8, doc: 'image id, ASCII: CKD_P370 uncompressed, CKD_C370 compressed, …' }),
  bytes('heads', { offset: 8, length: 4, doc: 'heads (tracks) per cylinder; little-endian' }),
  bytes('trackSize', { offset: 12, length: 4, doc: 'bytes per track slot (3390: 56,832); little-endian' }),
  field('deviceType', { byte: 16, doc: 'low byte of the device type: X\'90\' 3390, X\'80\' 3380' }),
  field('fileSequence', { byte: 17, doc: '0 the only file; 1, 2, … its place in a multi-file volume', format: 'dec' }),
  bytes('highCylinder', { offset: 18, length: 2, doc: 'last cylinder in this file, 0 in the last or only file; little-endian' }),
  bytes('reserved', { offset: 20, length: 492, doc: 'reserved (zeros from Hercules 3.13; newer Hercules keeps a serial number at 20-31)' }),
] as const);

/** CCKD option bits (cdh_opts). */
export const CCKD_OPTIONS = { OPENED: 0x80, OPENED_RW: 0x40, SPACE_ERRORS: 0x20, BIG_ENDIAN: 0x02 } as const;

/** CCKD track compression (cmp_algo; also the low bits of a track header's first byte). */
export const CCKD_COMPRESSION = { NONE: 0, ZLIB: 1, BZIP2: 2 } as const;

/** The compressed-device header at byte 512 of a CCKD file (cckd.h CCKD_DEVHDR). */
export const CCKD_DEVICE_HEADER = structure('CCKD device header', 512, [
  bytes('vrm', { offset: 0, length: 3, doc: 'version, release, modification level (0, 3, 1)' }),
  field('options', { byte: 3, doc: 'option bits', names: maskNames(CCKD_OPTIONS) }),
  bytes('l1Entries', { offset: 4, length: 4, doc: 'entries in the level-1 table: tracks / 256, rounded up' }),
  bytes('l2Entries', { offset: 8, length: 4, doc: 'entries in each level-2 table (256)' }),
  bytes('fileSize', { offset: 12, length: 4, doc: 'file size in bytes' }),
  bytes('used', { offset: 16, length: 4, doc: 'bytes in use' }),
  bytes('freeOffset', { offset: 20, length: 4, doc: 'offset of the first free block' }),
  bytes('freeTotal', { offset: 24, length: 4, doc: 'total free bytes' }),
  bytes('freeLargest', { offset: 28, length: 4, doc: 'largest free block' }),
  bytes('freeCount', { offset: 32, length: 4, doc: 'number of free blocks' }),
  bytes('freeImbedded', { offset: 36, length: 4, doc: 'free bytes imbedded in track images' }),
  bytes('cylinders', { offset: 40, length: 4, doc: 'cylinders on the volume' }),
  field('nullFormat', { byte: 44, doc: 'format of null tracks: 0 (R0 + EOF), 1 (R0), 2 (Linux: R0 + 12×4096)', format: 'dec' }),
  field('compression', { byte: 45, doc: 'compression of new track images', names: valueNames(CCKD_COMPRESSION) }),
  bytes('compressionParm', { offset: 46, length: 2, doc: 'compression parameter (signed; -1 the default)' }),
  bytes('reserved', { offset: 48, length: 464, doc: 'reserved' }),
] as const);

/** Byte offset of the CCKD header and of the level-1 table in a compressed file. */
export const CCKD_HEADER_OFFSET = 512;
export const CCKD_L1_OFFSET = 1024;
/** A level-1 entry is a 4-byte file offset of a level-2 table (0: none, all its tracks null). */
export const CCKD_L1_ENTRY_SIZE = 4;

/** One entry of a level-2 table (256 per table), the place of one track image (cckd.h CCKD_L2ENT). */
export const CCKD_L2_ENTRY = structure('CCKD level-2 entry', 8, [
  bytes('offset', { offset: 0, length: 4, doc: 'file offset of the track image; 0: a null track' }),
  bytes('length', { offset: 4, length: 2, doc: 'bytes of the track image; for a null track its null format' }),
  bytes('size', { offset: 6, length: 2, doc: 'bytes reserved for it (≥ length)' }),
] as const);

/** Header of a track image in a CCKD file: the home address with the compression in its bin byte. */
export const CCKD_TRACK_HEADER = structure('CCKD track header', 5, [
  field('compression', { byte: 0, bits: [6, 7], doc: 'how the rest is compressed', names: valueNames(CCKD_COMPRESSION) }),
  field('invalid', { byte: 0, bits: [0, 5], doc: 'must be zero' }),
  field('cc', { byte: 1, bits: [0, 15], doc: 'cylinder', format: 'dec' }),
  field('hh', { byte: 3, bits: [0, 15], doc: 'head', format: 'dec' }),
] as const);

/**
 * Reads an unsigned integer declared as a byte run of `table` (2 or 4 bytes), in the file's byte
 * order. Hercules' image numbers are little-endian unless the file says otherwise.
 */
export function imageNumber<T>(table: Structure<T>, buf: Uint8Array, base: number, name: string, bigEndian = false): number {
  const f = table.field(name);
  if (f.kind !== 'bytes') throw new Error(`${table.name}.${name} is not a byte run`);
  let value = 0;
  for (let i = 0; i < f.length; i++) {
    const at = base + f.offset + (bigEndian ? i : f.length - 1 - i);
    value = value * 256 + (buf[at] ?? 0);
  }
  return value;
}

/** Writes an unsigned integer into a byte-run field, little-endian (the order Hercules writes). */
export function setImageNumber<T>(table: Structure<T>, buf: Uint8Array, base: number, name: string, value: number): void {
  const f = table.field(name);
  if (f.kind !== 'bytes') throw new Error(`${table.name}.${name} is not a byte run`);
  let v = value;
  for (let i = 0; i < f.length; i++) {
    buf[base + f.offset + i] = v % 256;
    v = Math.floor(v / 256);
  }
}

/** The ASCII id of a device header ('' when it is not printable). */
export function imageId(header: Uint8Array): string {
  const id = header.subarray(0, 8);
  let text = '';
  for (const b of id) {
    if (b < 0x20 || b > 0x7e) return '';
    text += String.fromCharCode(b);
  }
  return text;
}
