/**
 * What an image file gives the overlay: the tracks as the file holds them, read only. Image
 * files are never written while a session runs; writes go to the overlay (overlay.ts) and reach
 * the file only through an explicit save of a PERSIST=YES device.
 */
import type { TrackGeometry, TrackRead } from '../dasd/trackStore';

export type ImageFormat = 'CKD_P370' | 'CKD_C370';

export interface TrackSource {
  readonly geometry: TrackGeometry;
  readonly format: ImageFormat;
  /** The files the volume lives in, in order (one, or up to 27 for a multi-file CKD_P370). */
  readonly paths: readonly string[];
  /** Bytes of a track slot (CKD_P370) or of the uncompressed track size (CKD_C370). */
  readonly trackSize: number;
  /** Low byte of the device type in the header (X'90' for a 3390). */
  readonly deviceType: number;
  /** The image of one track, in the TrackStore form (home address … end marker, no padding). */
  readTrack(cylinder: number, head: number): TrackRead;
  close(): void;
}

export type OpenedSource = { readonly source: TrackSource } | { readonly error: string };

/** `1,234,567`: byte offsets in messages, as a person reads them. */
export function at(n: number): string {
  return n.toLocaleString('en-US');
}
