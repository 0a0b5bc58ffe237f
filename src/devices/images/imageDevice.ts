/**
 * IMAGE=, READONLY= and PERSIST= of a 3390 DEVICE statement: the image is opened copy-on-write
 * and its size chooses the model (as Hercules chooses it by the image's cylinders).
 */
import { HEADS_PER_CYLINDER, MODELS_3390, modelForCylinders, type Dasd3390Model } from '../dasd/geometry';
import type { DeviceHost } from '../host';
import { NO_DECOMPRESSORS } from './decompressors';
import { openImage } from './openImage';
import { ImageTrackStore } from './overlay';

export interface ImageDeviceOptions {
  /** `3390` or `3390-n`, upper case. */
  readonly type: string;
  readonly image: string;
  readonly readOnly: boolean;
  readonly persist: boolean;
  /** CYLS= and VOLSER= as written (they describe a fresh volume, so they conflict with IMAGE=). */
  readonly cyls?: string | undefined;
  readonly volser?: string | undefined;
}

export type OpenedImageDevice = { readonly store: ImageTrackStore; readonly model: Dasd3390Model } | { readonly error: string };

export function openImageDevice(host: DeviceHost, options: ImageDeviceOptions): OpenedImageDevice {
  if (options.cyls !== undefined) return { error: `CYLS= sizes a fresh volume; with IMAGE= the image's size counts: leave CYLS= out` };
  if (options.volser !== undefined) return { error: `VOLSER= names a fresh volume; with IMAGE= the image's VOL1 label counts: leave VOLSER= out` };
  if (options.persist && options.readOnly) return { error: 'PERSIST=YES and READONLY=YES contradict each other: a read-only volume has no changes to save' };
  const opened = openImage(host, options.image, host.decompressors ?? NO_DECOMPRESSORS);
  if ('error' in opened) return opened;
  const { source } = opened;
  const fail = (error: string): OpenedImageDevice => {
    source.close();
    return { error };
  };
  const { cylinders, heads } = source.geometry;
  if (heads !== HEADS_PER_CYLINDER) return fail(`${options.image}: the image has ${heads} heads per cylinder; a 3390 has ${HEADS_PER_CYLINDER}`);
  if (options.persist && source.format !== 'CKD_P370') {
    return fail(`${options.image}: PERSIST=YES saves uncompressed images only, and this one is compressed (${source.format}); convert it with Hercules' cckd2ckd, or leave PERSIST= out to keep changes in memory`);
  }
  let model: Dasd3390Model | null;
  if (options.type === '3390') {
    model = modelForCylinders(cylinders);
    if (!model) return fail(`${options.image}: ${cylinders.toLocaleString('en-US')} cylinders is more than any 3390 model holds`);
  } else {
    model = MODELS_3390.find((m) => m.name === options.type) ?? null;
    if (!model) return fail(`device type ${options.type} is not a 3390 model; write one of ${MODELS_3390.map((m) => m.name).join(', ')} or 3390`);
    const most = model.primaryCylinders + model.alternateCylinders;
    if (cylinders > most) return fail(`${options.image} has ${cylinders.toLocaleString('en-US')} cylinders, more than a ${model.name} holds (${most.toLocaleString('en-US')}); write 3390 and let the image choose the model`);
  }
  return { store: new ImageTrackStore(source, host, { readOnly: options.readOnly, persist: options.persist }), model };
}
