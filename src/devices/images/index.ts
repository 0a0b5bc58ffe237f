/**
 * Hercules CKD image files behind the 3390's TrackStore: read CKD_P370 (single and multi-file)
 * and CKD_C370 (zlib, bzip2, null tracks), write CKD_P370; writes of a session go to a
 * copy-on-write overlay with cheap checkpoints. See README.md in this folder.
 */
export { type Decompressors, NO_DECOMPRESSORS } from './decompressors';
export { JS_DECOMPRESSORS } from './jsDecompressors';
export { openImage, DEVICE_TYPE_3390 } from './openImage';
export { ImageTrackStore, imageStoreOf, type OverlayCheckpoint, type ImageTrackStoreOptions, type SaveProgress } from './overlay';
export { p370FileParts, deviceHeader, ImageWriteError, TRACK_SIZE_3390, type P370File, type TrackReader } from './writer';
export { freshImageParts } from './freshImage';
export { sequenceFileName, MAX_FILES } from './p370';
export { nullTrack, imageLength } from './trackImage';
export type { TrackSource, ImageFormat, OpenedSource } from './trackSource';
export { saveImages, endImageSession, imageStoreOfDevice } from './persist';
