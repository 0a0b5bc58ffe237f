/**
 * The end of a session for image-backed devices: save every PERSIST=YES volume that has unsaved
 * writes, then close the image files. For `ccw run`, the debug session's terminate and an
 * explicit "save" request; one call, so each caller does the same thing.
 */
import type { Device } from '../../css/device';
import type { TrackStore } from '../dasd/trackStore';
import { imageStoreOf, type ImageTrackStore, type SaveProgress } from './overlay';

/** The image store of a device, if it is a DASD on an image file. */
export function imageStoreOfDevice(device: Device): ImageTrackStore | null {
  const store = (device as { readonly store?: TrackStore }).store;
  return store ? imageStoreOf(store) : null;
}

/** Saves the PERSIST=YES images of `devices` that have unsaved writes; returns one message per failure. */
export function saveImages(devices: readonly Device[], progress?: (device: Device) => SaveProgress): string[] {
  const errors: string[] = [];
  for (const device of devices) {
    const store = imageStoreOfDevice(device);
    if (!store || !store.persist || !store.dirty) continue;
    const saved = store.save(progress?.(device));
    if ('error' in saved) errors.push(saved.error);
  }
  return errors;
}

/** Saves (as saveImages) and then closes every image file of `devices`. */
export function endImageSession(devices: readonly Device[]): string[] {
  const errors = saveImages(devices);
  for (const device of devices) imageStoreOfDevice(device)?.close();
  return errors;
}
