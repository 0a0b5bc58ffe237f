/**
 * Decompression for CCKD track images, handed in from outside the core.
 *
 * The core never decompresses by itself: the CLI gives it Node's zlib (fast, native), the web
 * build the pure-JavaScript libraries (jsDecompressors.ts). Both are well-kept libraries; there
 * is no hand-written inflate or bunzip2 here. A function may throw on damaged input: the reader
 * catches it and refuses the track with a message that says where.
 */
export interface Decompressors {
  /** A zlib stream (RFC 1950), as Hercules' compress2() writes it. */
  readonly zlib?: (data: Uint8Array) => Uint8Array;
  /** A bzip2 stream, as Hercules' BZ2_bzBuffToBuffCompress writes it. */
  readonly bzip2?: (data: Uint8Array) => Uint8Array;
}

/** No decompressors: compressed tracks are refused with a message naming what is missing. */
export const NO_DECOMPRESSORS: Decompressors = {};
