/** A DeviceHost over files in memory, or made on demand (a 2 GB file costs nothing), that records every write. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ungzip } from 'pako';
import type { DeviceHost, HostFile, HostResult } from '../../../src/devices/host';
import { JS_DECOMPRESSORS } from '../../../src/devices/images';

export interface VirtualFile {
  readonly size: number;
  read(offset: number, length: number): Uint8Array;
}

export class MemoryHost implements DeviceHost {
  readonly files = new Map<string, Uint8Array | VirtualFile>();
  readonly writes: string[] = [];
  readonly decompressors = JS_DECOMPRESSORS;
  openFiles = 0;

  open(path: string): HostResult<HostFile> {
    const f = this.files.get(path);
    if (!f) return { error: `cannot open ${path}: no such file` };
    this.openFiles++;
    let open = true;
    const size = f instanceof Uint8Array ? f.length : f.size;
    return {
      ok: {
        size,
        read: (offset, length) => {
          if (!open) throw new Error(`read of closed ${path}`);
          const n = Math.max(0, Math.min(length, size - offset));
          return f instanceof Uint8Array ? f.slice(offset, offset + n) : f.read(offset, n);
        },
        close: () => {
          if (open) this.openFiles--;
          open = false;
        },
      },
    };
  }

  writeAtomic(path: string, parts: Iterable<Uint8Array>): HostResult<null> {
    const chunks: Uint8Array[] = [];
    try {
      for (const p of parts) chunks.push(p.slice());
    } catch (e) {
      return { error: `cannot write ${path}: ${e instanceof Error ? e.message : String(e)}` };
    }
    this.writes.push(path);
    this.files.set(path, concat(chunks));
    return { ok: null };
  }
}

export function concat(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** A fixture of test/fixtures/images (gunzipped when it ends in .gz). */
export function fixture(name: string): Uint8Array {
  const bytes = new Uint8Array(readFileSync(resolve('test/fixtures/images', name)));
  return name.endsWith('.gz') ? ungzip(bytes) : bytes;
}
