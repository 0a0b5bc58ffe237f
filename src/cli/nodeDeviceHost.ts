/** The DeviceHost of the CLI and the desktop adapter: Node's fs, paths relative to a base folder. */
import { closeSync, fstatSync, fsyncSync, openSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname, isAbsolute, join, basename, resolve } from 'node:path';
import { inflateSync } from 'node:zlib';
import bunzip from 'seek-bzip';
import type { DeviceHost, HostFile, HostResult } from '../devices/host';
import type { Decompressors } from '../devices/images/decompressors';

/** Node's native zlib for CCKD tracks (faster than pako); bzip2 has no native binding in Node. */
export const NODE_DECOMPRESSORS: Decompressors = {
  zlib: (data) => inflateSync(data),
  bzip2: (data) => {
    // seek-bzip still calls the deprecated Buffer(); its one-time warning would land on the
    // user's stderr in the middle of `ccw dasd ls`.
    const quiet = process.noDeprecation;
    process.noDeprecation = true;
    try {
      const out = bunzip.decode(data);
      return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
    } finally {
      process.noDeprecation = quiet;
    }
  },
};

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** `base` is the folder paths are relative to: the `.ccw` file's folder. */
export function nodeDeviceHost(base: string): DeviceHost {
  const at = (path: string) => (isAbsolute(path) ? path : resolve(base, path));
  return {
    decompressors: NODE_DECOMPRESSORS,
    open(path: string): HostResult<HostFile> {
      const full = at(path);
      let fd: number;
      try {
        fd = openSync(full, 'r');
      } catch (e) {
        return { error: `cannot open ${full}: ${message(e)}` };
      }
      const size = fstatSync(fd).size;
      let open = true;
      return {
        ok: {
          size,
          read(offset: number, length: number): Uint8Array {
            const n = Math.max(0, Math.min(length, size - offset));
            const buffer = new Uint8Array(n);
            let done = 0;
            while (open && done < n) {
              const got = readSync(fd, buffer, done, n - done, offset + done);
              if (got === 0) break;
              done += got;
            }
            return done === n ? buffer : buffer.subarray(0, done);
          },
          close(): void {
            if (open) closeSync(fd);
            open = false;
          },
        },
      };
    },
    writeAtomic(path: string, parts: Iterable<Uint8Array>): HostResult<null> {
      const full = at(path);
      const temp = join(dirname(full), `.${basename(full)}.${process.pid}.tmp`);
      let fd: number | null = null;
      try {
        fd = openSync(temp, 'w');
        for (const part of parts) {
          let done = 0;
          while (done < part.length) done += writeSync(fd, part, done, part.length - done);
        }
        fsyncSync(fd);
        closeSync(fd);
        fd = null;
        renameSync(temp, full);
        return { ok: null };
      } catch (e) {
        if (fd !== null) closeSync(fd);
        rmSync(temp, { force: true });
        return { error: `cannot write ${full}: ${message(e)}` };
      }
    },
  };
}
