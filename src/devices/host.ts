/**
 * What devices need from outside the core: the files their DEVICE options name (IMAGE=, DECK=,
 * INPUT=, OUTPUT=). The core never touches a file system; the CLI implements this with Node's
 * fs (src/cli/nodeDeviceHost.ts), the extension with Node's fs on the desktop and with files
 * read whole through the workspace file system in the web build.
 *
 * Paths are as written in the DEVICE statement; the host resolves them (relative to the `.ccw`
 * file). Every method reports failure as a value, never by throwing.
 */

/** A file opened for reading, with random access (a 3390-54 image is far too large to read whole). */
export interface HostFile {
  /** Size in bytes when opened. */
  readonly size: number;
  /** Up to `length` bytes from `offset` (fewer at the end of the file). */
  read(offset: number, length: number): Uint8Array;
  close(): void;
}

export type HostResult<T> = { readonly ok: T } | { readonly error: string };

/** Decompressors for compressed (CCKD) images; see images/decompressors.ts. */
export type { Decompressors } from './images/decompressors';
import type { Decompressors } from './images/decompressors';

export interface DeviceHost {
  /** Opens an existing file for reading. */
  open(path: string): HostResult<HostFile>;
  /**
   * Replaces (or creates) a file with `parts`, concatenated, atomically: the bytes go to a
   * temporary file beside it that is then renamed over it, so a crash never leaves a half
   * written file. Used for OUTPUT= files and for PERSIST=YES saves.
   *
   * `parts` may be a generator that makes the bytes as they are written (a 3390-3 image is
   * 2.8 GB): write each part before taking the next, and keep none of them. If taking a part
   * throws, remove the temporary file, leave `path` as it was, and return the error.
   */
  writeAtomic(path: string, parts: Iterable<Uint8Array>): HostResult<null>;
  /**
   * How this host decompresses CCKD track images (Node's zlib in the CLI, pako and seek-bzip in
   * the web build). Without them, compressed tracks are refused with a message.
   */
  readonly decompressors?: Decompressors;
}

/** For devices created without a host (tests, fresh volumes): every file access fails clearly. */
export const NO_DEVICE_HOST: DeviceHost = {
  open: (path) => ({ error: `cannot open ${path}: this session has no file access` }),
  writeAtomic: (path) => ({ error: `cannot write ${path}: this session has no file access` }),
};
