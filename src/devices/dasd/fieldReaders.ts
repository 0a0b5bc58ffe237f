/**
 * Direct byte readers for the home address and count field of a track image, at the byte offsets
 * their field tables give (HOME_ADDRESS and COUNT_FIELD in src/arch/eckd.ts). `parseTrack` runs
 * once per track read (50,085 times in bench/dasd.ts); decoding through the generic table builds
 * an object per field set, these read the bytes in place. The offsets are taken from the tables
 * when this module loads (a table change that moves a field off a byte boundary fails loudly
 * here), and test/unit/devices/dasd/fieldReaders.test.ts checks every reader against the table's
 * own decode on random vectors.
 */
import { COUNT_FIELD, HOME_ADDRESS } from '../../arch/eckd';
import type { Structure } from '../../arch/field';

/** Byte offset of `name` in `table`, which must be a `width`-bit number on a byte boundary. */
function byteOffset(table: Structure<unknown>, name: string, width: number): number {
  const f = table.field(name);
  if (f.kind !== 'number' || f.bitOffset % 8 !== 0 || f.width !== width) throw new Error(`${table.name}.${name} is not a ${width}-bit field on a byte boundary`);
  return f.bitOffset / 8;
}

const HA_FLAG = byteOffset(HOME_ADDRESS, 'flag', 8);
const HA_CC = byteOffset(HOME_ADDRESS, 'cc', 16);
const HA_HH = byteOffset(HOME_ADDRESS, 'hh', 16);
const COUNT_CC = byteOffset(COUNT_FIELD, 'cc', 16);
const COUNT_HH = byteOffset(COUNT_FIELD, 'hh', 16);
const COUNT_R = byteOffset(COUNT_FIELD, 'r', 8);
const COUNT_KL = byteOffset(COUNT_FIELD, 'kl', 8);
const COUNT_DL = byteOffset(COUNT_FIELD, 'dl', 16);

function u8(image: Uint8Array, at: number): number {
  return image[at] ?? 0;
}

function u16(image: Uint8Array, at: number): number {
  return ((image[at] ?? 0) << 8) | (image[at + 1] ?? 0);
}

/** Cylinder of a CCHH pair: EAV puts cylinder bits 16-27 in the top 12 bits of HH (decodeCchh). */
function cylinderOf(cc: number, hh: number): number {
  return cc + (hh >>> 4) * 0x10000;
}

// Home address at the start of the image (the track header of ckdTrack.ts).

export function haFlag(image: Uint8Array): number {
  return u8(image, HA_FLAG);
}

export function haCylinder(image: Uint8Array): number {
  return cylinderOf(u16(image, HA_CC), u16(image, HA_HH));
}

export function haHead(image: Uint8Array): number {
  return u16(image, HA_HH) & 0x0f;
}

// Count field at byte `at` of the image.

export function countCylinder(image: Uint8Array, at: number): number {
  return cylinderOf(u16(image, at + COUNT_CC), u16(image, at + COUNT_HH));
}

export function countHead(image: Uint8Array, at: number): number {
  return u16(image, at + COUNT_HH) & 0x0f;
}

export function countR(image: Uint8Array, at: number): number {
  return u8(image, at + COUNT_R);
}

export function countKl(image: Uint8Array, at: number): number {
  return u8(image, at + COUNT_KL);
}

export function countDl(image: Uint8Array, at: number): number {
  return u16(image, at + COUNT_DL);
}
