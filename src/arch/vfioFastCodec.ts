/**
 * Word-level readers and writers for the structures vfio-ccw's translation touches once per CCW
 * and once per page (CCW0, CCW1, IDAW1, IDAW2). The field tables in ccw.ts and idaw.ts stay the
 * definition; these only do the same shifts without building field objects, because a whole-volume
 * read translates ~50,000 CCWs and writes ~650,000 IDAWs. test/unit/vfio/fastCodec.test.ts checks
 * every function here against the field tables.
 */
import type { Ccw } from './ccw';

/** CCW1.decode(bytes, offset), without the field walk. */
export function readCcw1(bytes: Uint8Array, offset: number): Ccw {
  return {
    cmd: bytes[offset] as number,
    flags: bytes[offset + 1] as number,
    count: (((bytes[offset + 2] as number) << 8) | (bytes[offset + 3] as number)) >>> 0,
    cda: readU32be(bytes, offset + 4),
  };
}

/** CCW0.decode in format-1 shape: command, 24-bit address, flags (byte 4), count (bytes 6-7). */
export function readCcw0(bytes: Uint8Array, offset: number): Ccw {
  return {
    cmd: bytes[offset] as number,
    flags: bytes[offset + 4] as number,
    count: (((bytes[offset + 6] as number) << 8) | (bytes[offset + 7] as number)) >>> 0,
    cda: readU32be(bytes, offset) & 0x00ff_ffff,
  };
}

/** CCW1.encodeInto(bytes, offset, ccw). */
export function writeCcw1(bytes: Uint8Array, offset: number, ccw: Ccw): void {
  bytes[offset] = ccw.cmd;
  bytes[offset + 1] = ccw.flags;
  bytes[offset + 2] = ccw.count >>> 8;
  bytes[offset + 3] = ccw.count;
  writeU32be(bytes, offset + 4, ccw.cda);
}

/** IDAW1.get(bytes, offset, 'address'). */
export function readIdaw1(bytes: Uint8Array, offset: number): number {
  return readU32be(bytes, offset);
}

/** IDAW2.get(bytes, offset, 'address'), exact below 2^53 as every address here is. */
export function readIdaw2(bytes: Uint8Array, offset: number): number {
  return readU32be(bytes, offset) * 0x1_0000_0000 + readU32be(bytes, offset + 4);
}

/**
 * A big-endian view of `bytes` for readIdaw1At/readIdaw2At: the view of the last bytes asked for
 * is kept, as the channel reads IDAL after IDAL from the same storage (one IDAW per data block,
 * where one word read of a view costs less than four byte reads).
 */
export function idawView(bytes: Uint8Array): DataView {
  if (bytes !== viewOf) {
    viewOf = bytes;
    lastView = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  return lastView;
}

let viewOf: Uint8Array | null = null;
let lastView: DataView = new DataView(new ArrayBuffer(0));

/** IDAW1.get(bytes, offset, 'address') through idawView(bytes). */
export function readIdaw1At(view: DataView, offset: number): number {
  return view.getUint32(offset);
}

/** IDAW2.get(bytes, offset, 'address') through idawView(bytes), exact below 2^53. */
export function readIdaw2At(view: DataView, offset: number): number {
  return readIdaw2HighAt(view, offset) * 0x1_0000_0000 + readIdaw2LowAt(view, offset);
}

/** The high 32 bits of an IDAW2's address (readIdaw2At's parts). */
export function readIdaw2HighAt(view: DataView, offset: number): number {
  return view.getUint32(offset);
}

/**
 * The low 32 bits of an IDAW2's address: its offset in a 2K or 4K block without `>>> 0` on an
 * address above 4 GiB (a truncation of a double that costs more than reading the word).
 */
export function readIdaw2LowAt(view: DataView, offset: number): number {
  return view.getUint32(offset + 4);
}

/** IDAW2.encodeInto(bytes, offset, { address }). */
export function writeIdaw2(bytes: Uint8Array, offset: number, address: number): void {
  writeU32be(bytes, offset, Math.floor(address / 0x1_0000_0000));
  writeU32be(bytes, offset + 4, address >>> 0);
}

function readU32be(bytes: Uint8Array, at: number): number {
  return (((bytes[at] as number) << 24) | ((bytes[at + 1] as number) << 16) | ((bytes[at + 2] as number) << 8) | (bytes[at + 3] as number)) >>> 0;
}

function writeU32be(bytes: Uint8Array, at: number, value: number): void {
  bytes[at] = value >>> 24;
  bytes[at + 1] = value >>> 16;
  bytes[at + 2] = value >>> 8;
  bytes[at + 3] = value;
}
