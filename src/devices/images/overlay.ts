/**
 * An image file opened copy-on-write: reads come from the overlay when a track was written in
 * this session, else from the file; writes go only to the overlay. Nothing reaches the file but
 * an explicit `save()` of a PERSIST=YES device, which writes a new image beside the file and
 * renames it over (DeviceHost.writeAtomic): a crash leaves the old image or the new one, never
 * half of each.
 *
 * Checkpoints (for restart and stepBack): `checkpoint()` is O(1). The overlay map is shared
 * with the checkpoint and copied on the next write (a copy of references to track images, which
 * are never modified in place), so a checkpoint per step costs nothing until something is
 * written, and then one map copy of the tracks written so far. `restore(c)` puts the overlay
 * back exactly as it was at `checkpoint()`, whatever was written or saved since.
 *
 * Memory is the overlay alone: one image per track written (a few hundred bytes to 57 KB), so
 * a mostly empty 3390-54 costs what its written tracks cost.
 */
import type { TrackGeometry, TrackRead, TrackStore, TrackWrite } from '../dasd/trackStore';
import type { DeviceHost, HostResult } from '../host';
import { p370Layout } from './p370';
import type { ImageFormat, TrackSource } from './trackSource';
import { ImageWriteError, p370FileParts, type P370File } from './writer';

/** An opaque snapshot of an overlay. */
export interface OverlayCheckpoint {
  readonly tracks: ReadonlyMap<number, Uint8Array>;
}

export interface ImageTrackStoreOptions {
  /** Writes are refused (READONLY=YES). */
  readonly readOnly?: boolean;
  /** save() may write the image (PERSIST=YES). */
  readonly persist?: boolean;
}

/** Progress of a save: cylinders done of all. */
export type SaveProgress = (done: number, total: number) => void;

export class ImageTrackStore implements TrackStore {
  readonly geometry: TrackGeometry;
  readonly readOnly: boolean;
  readonly persist: boolean;
  readonly description: string;
  private overlay = new Map<number, Uint8Array>();
  /** The overlay map is also held by a checkpoint: copy it before the next write. */
  private shared = false;
  /** The overlay as last saved (dirty when it differs). */
  private saved: ReadonlyMap<number, Uint8Array> = new Map();

  constructor(
    private readonly source: TrackSource,
    private readonly host: DeviceHost,
    options: ImageTrackStoreOptions = {},
  ) {
    this.geometry = source.geometry;
    this.readOnly = options.readOnly ?? false;
    this.persist = options.persist ?? false;
    const file = source.paths.length === 1 ? source.paths[0] : `${source.paths[0]} (+${source.paths.length - 1} files)`;
    this.description = `${file} (${source.format}${this.readOnly ? ', read-only' : this.persist ? ', changes saved' : ', changes kept in memory'})`;
  }

  get format(): ImageFormat {
    return this.source.format;
  }

  get paths(): readonly string[] {
    return this.source.paths;
  }

  readTrack(cylinder: number, head: number): TrackRead {
    const problem = this.check(cylinder, head);
    if (problem) return { error: problem };
    return this.readFrom(cylinder, head);
  }

  private readFrom(cylinder: number, head: number): TrackRead {
    const written = this.overlay.get(cylinder * this.geometry.heads + head);
    return written ? { image: written } : this.source.readTrack(cylinder, head);
  }

  writeTrack(cylinder: number, head: number, image: Uint8Array): TrackWrite {
    const problem = this.check(cylinder, head);
    if (problem) return { error: problem };
    if (this.readOnly) return { error: `track ${cylinder}/${head}: the volume is read-only (READONLY=YES)` };
    if (this.shared) {
      this.overlay = new Map(this.overlay);
      this.shared = false;
    }
    this.overlay.set(cylinder * this.geometry.heads + head, image.slice());
    return { ok: true };
  }

  /** Tracks written in this session (held in memory). */
  get writtenTracks(): number {
    return this.overlay.size;
  }

  /** Bytes of track images held in the overlay. */
  get overlayBytes(): number {
    let n = 0;
    for (const image of this.overlay.values()) n += image.length;
    return n;
  }

  /** The overlay holds writes not yet saved. */
  get dirty(): boolean {
    return !sameTracks(this.overlay, this.saved);
  }

  checkpoint(): OverlayCheckpoint {
    this.shared = true;
    return { tracks: this.overlay };
  }

  restore(checkpoint: OverlayCheckpoint): void {
    this.overlay = checkpoint.tracks as Map<number, Uint8Array>;
    this.shared = true;
  }

  /**
   * Writes the volume (file plus overlay) back to its image file(s), each through a temporary
   * file renamed over it. Only for PERSIST=YES on an uncompressed image; refused otherwise.
   */
  save(progress?: SaveProgress): HostResult<null> {
    if (!this.persist) return { error: `${this.source.paths[0]}: not saved: the device does not say PERSIST=YES, so changes stay in memory` };
    const layout = p370Layout(this.source);
    if (!layout) return { error: `${this.source.paths[0]}: not saved: ${this.source.format} images are read only; convert it with Hercules' cckd2ckd to save changes` };
    if (!this.dirty) return { ok: null };
    const total = this.geometry.cylinders;
    let done = 0;
    const last = layout.length - 1;
    for (const [i, part] of layout.entries()) {
      const file: P370File = {
        firstCylinder: part.firstCylinder,
        cylinders: part.cylinders,
        fileSequence: layout.length === 1 ? 0 : i + 1,
        highCylinder: i === last ? 0 : part.firstCylinder + part.cylinders - 1,
      };
      let result: HostResult<null>;
      try {
        result = this.host.writeAtomic(part.path, p370FileParts(this, file, this.source.trackSize, this.source.deviceType, () => progress?.(++done, total)));
      } catch (e) {
        if (!(e instanceof ImageWriteError)) throw e;
        result = { error: `${part.path}: not saved: ${e.message}` };
      }
      if ('error' in result) return result;
    }
    this.shared = true;
    this.saved = this.overlay;
    return { ok: null };
  }

  /** Closes the image file(s); the store must not be used afterwards. */
  close(): void {
    this.source.close();
  }

  private check(cylinder: number, head: number): string | null {
    const { cylinders, heads } = this.geometry;
    if (!Number.isInteger(cylinder) || !Number.isInteger(head) || cylinder < 0 || head < 0 || cylinder >= cylinders || head >= heads) {
      return `track ${cylinder}/${head} is not on this volume (${cylinders} cylinders, ${heads} heads)`;
    }
    return null;
  }
}

function sameTracks(a: ReadonlyMap<number, Uint8Array>, b: ReadonlyMap<number, Uint8Array>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}

/** The image store behind a TrackStore, if it is one (for the debugger's checkpoints and saves). */
export function imageStoreOf(store: TrackStore): ImageTrackStore | null {
  return store instanceof ImageTrackStore ? store : null;
}
