/**
 * Where a DASD keeps its tracks. The device model never touches files: the CLI hands it a store
 * backed by an image file, the web extension one backed by the workspace file system, tests one
 * backed by memory.
 *
 * Tracks travel as images in the layout of a Hercules uncompressed CKD track slot (see
 * ckdTrack.ts): home address, records, X'FF'×8. That is the form a CKD_P370 image stores and a
 * CCKD image decompresses to, so a file-backed store only moves bytes, and every store is
 * byte-comparable with the oracle's track dumps.
 *
 * The interface is synchronous: the channel program runs synchronously in virtual time. A store
 * over an asynchronous file system must read ahead (or cache) before the program runs.
 */
import { buildTrack, standardR0 } from './ckdTrack';
import { freshTrackZero } from './freshVolume';

export interface TrackGeometry {
  readonly cylinders: number;
  readonly heads: number;
}

export type TrackRead = { readonly image: Uint8Array } | { readonly error: string };
export type TrackWrite = { readonly ok: true } | { readonly error: string };

export interface TrackStore {
  readonly geometry: TrackGeometry;
  /** Writes are refused (the device reports them as write inhibited). */
  readonly readOnly: boolean;
  /**
   * The image of one track. The caller must not modify it, and the store does not change it
   * afterwards (a write replaces the image): the device parses it once and offers views into it.
   */
  readTrack(cylinder: number, head: number): TrackRead;
  /** Replaces the image of one track. */
  writeTrack(cylinder: number, head: number, image: Uint8Array): TrackWrite;
  /** Short description for the debugger: `memory (fresh volume CCW190)`, `vol.3390`. */
  readonly description: string;
}

export interface FreshVolumeOptions {
  readonly cylinders: number;
  readonly heads: number;
  /** 1 to 6 label characters; stored blank padded. */
  readonly volser: string;
  readonly readOnly?: boolean;
}

/**
 * A volume in memory, created as Hercules 3.13's `dasdinit` creates a fresh one: every track
 * holds its home address and a standard R0; cylinder 0 head 0 also IPL1, IPL2 and VOL1.
 *
 * Tracks are made on demand and only tracks that were written are kept, so a 3390-54
 * (982,800 tracks) costs a few hundred bytes until a program writes to it.
 */
export class MemoryTrackStore implements TrackStore {
  readonly geometry: TrackGeometry;
  readonly readOnly: boolean;
  readonly description: string;
  private readonly written = new Map<number, Uint8Array>();
  private readonly trackZero: Uint8Array;

  constructor(options: FreshVolumeOptions) {
    this.geometry = { cylinders: options.cylinders, heads: options.heads };
    this.readOnly = options.readOnly ?? false;
    this.description = `memory (fresh volume ${options.volser})`;
    this.trackZero = freshTrackZero(options.volser);
  }

  readTrack(cylinder: number, head: number): TrackRead {
    const problem = this.check(cylinder, head);
    if (problem) return { error: problem };
    const stored = this.written.get(cylinder * this.geometry.heads + head);
    if (stored) return { image: stored };
    if (cylinder === 0 && head === 0) return { image: this.trackZero };
    // An untouched track is built when read and not kept: it is 29 bytes and cheap to rebuild.
    return { image: buildTrack(cylinder, head, [standardR0()]) };
  }

  writeTrack(cylinder: number, head: number, image: Uint8Array): TrackWrite {
    const problem = this.check(cylinder, head);
    if (problem) return { error: problem };
    if (this.readOnly) return { error: `track ${cylinder}/${head}: the volume is read-only` };
    this.written.set(cylinder * this.geometry.heads + head, image.slice());
    return { ok: true };
  }

  /** Number of tracks held in memory (for tests of the lazy creation). */
  get storedTracks(): number {
    return this.written.size;
  }

  private check(cylinder: number, head: number): string | null {
    const { cylinders, heads } = this.geometry;
    if (!Number.isInteger(cylinder) || !Number.isInteger(head) || cylinder < 0 || head < 0 || cylinder >= cylinders || head >= heads) {
      return `track ${cylinder}/${head} is not on this volume (${cylinders} cylinders, ${heads} heads)`;
    }
    return null;
  }
}
