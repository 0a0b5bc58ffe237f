/**
 * Writes uncompressed CKD images (CKD_P370) as a stream of parts, one cylinder at a time, so a
 * 2.8 GB 3390-3 never sits in memory: the host writes each part before the next is made
 * (DeviceHost.writeAtomic). Used by `ccw dasd init` (a fresh volume, byte for byte what Hercules
 * 3.13's `dasdinit -lfs` writes) and by the save of a PERSIST=YES device.
 */
import { CKD_DEVICE_HEADER, CKD_IMAGE_IDS, setImageNumber } from '../../arch/ckdImage';
import type { TrackGeometry, TrackRead } from '../dasd/trackStore';
import { DEVICE_HEADER_SIZE } from './p370';

/**
 * The track slot of a 3390 as dasdinit sizes it: home address, R0, the largest R1 and the end
 * marker (5 + 8 + 8 + 8 + 56,664 + 8), rounded up to 512.
 */
export const TRACK_SIZE_3390 = 56_832;

export interface TrackReader {
  readonly geometry: TrackGeometry;
  readTrack(cylinder: number, head: number): TrackRead;
}

/** One file of a volume: which cylinders, and what its header says. */
export interface P370File {
  readonly firstCylinder: number;
  readonly cylinders: number;
  /** 0 for a single-file volume, else 1, 2, … */
  readonly fileSequence: number;
  /** Last cylinder in this file, 0 in the last or only file. */
  readonly highCylinder: number;
}

/** A save or init stopped by a track that cannot be written; the host then leaves the target alone. */
export class ImageWriteError extends Error {}

export function deviceHeader(heads: number, trackSize: number, deviceType: number, file: P370File): Uint8Array {
  const header = new Uint8Array(DEVICE_HEADER_SIZE);
  CKD_DEVICE_HEADER.encodeInto(header, 0, {
    devid: new TextEncoder().encode(CKD_IMAGE_IDS.CKD_P370),
    deviceType,
    fileSequence: file.fileSequence,
  });
  setImageNumber(CKD_DEVICE_HEADER, header, 0, 'heads', heads);
  setImageNumber(CKD_DEVICE_HEADER, header, 0, 'trackSize', trackSize);
  setImageNumber(CKD_DEVICE_HEADER, header, 0, 'highCylinder', file.highCylinder);
  return header;
}

/**
 * The bytes of one CKD_P370 file: its header, then a cylinder of track slots per part.
 * `progress` hears of each cylinder as it is made. Throws ImageWriteError when a track cannot be
 * read or does not fit its slot (so the host discards its temporary file).
 */
export function* p370FileParts(
  tracks: TrackReader,
  file: P370File,
  trackSize: number,
  deviceType: number,
  progress?: (cylinder: number) => void,
): Generator<Uint8Array> {
  const { heads } = tracks.geometry;
  yield deviceHeader(heads, trackSize, deviceType, file);
  for (let c = file.firstCylinder; c < file.firstCylinder + file.cylinders; c++) {
    const chunk = new Uint8Array(heads * trackSize);
    for (let h = 0; h < heads; h++) {
      const read = tracks.readTrack(c, h);
      if ('error' in read) throw new ImageWriteError(read.error);
      if (read.image.length > trackSize) throw new ImageWriteError(`track ${c}/${h} is ${read.image.length} bytes, more than the ${trackSize}-byte track slot of the image`);
      chunk.set(read.image, h * trackSize);
    }
    progress?.(c);
    yield chunk;
  }
}
