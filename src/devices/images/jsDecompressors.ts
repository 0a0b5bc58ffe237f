/**
 * Pure-JavaScript decompressors (pako for zlib, seek-bzip for bzip2): they run wherever the core
 * runs, the web extension host included (seek-bzip expects a global `Buffer`, which web bundles
 * must provide). The CLI prefers Node's zlib (src/cli/nodeDeviceHost.ts).
 */
import { inflate } from 'pako';
import bunzip from 'seek-bzip';
import type { Decompressors } from './decompressors';

export const JS_DECOMPRESSORS: Decompressors = {
  zlib: (data) => inflate(data),
  bzip2: (data) => {
    const out = bunzip.decode(data);
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  },
};
