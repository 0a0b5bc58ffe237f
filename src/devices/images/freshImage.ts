/**
 * A fresh 3390 volume as an image file, for `ccw dasd init`: the bytes Hercules 3.13's
 * `dasdinit -lfs FILE 3390-n VOLSER [CYLS]` writes (one file whatever the size), made from the
 * same fresh-volume content the in-memory store gives the device (dasd/freshVolume.ts).
 */
import { HEADS_PER_CYLINDER } from '../dasd/geometry';
import { MemoryTrackStore } from '../dasd/trackStore';
import { DEVICE_TYPE_3390 } from './openImage';
import { TRACK_SIZE_3390, p370FileParts } from './writer';

export function freshImageParts(cylinders: number, volser: string, progress?: (cylinder: number) => void): Generator<Uint8Array> {
  const volume = new MemoryTrackStore({ cylinders, heads: HEADS_PER_CYLINDER, volser });
  return p370FileParts(volume, { firstCylinder: 0, cylinders, fileSequence: 0, highCylinder: 0 }, TRACK_SIZE_3390, DEVICE_TYPE_3390, progress);
}
