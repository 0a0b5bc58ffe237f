/**
 * Chunk bytes carved out of shared 64 KiB buffers: an image has one small chunk per storage
 * statement (8-byte CCWs, 32-byte ORBs, short constants), and a Uint8Array of its own costs
 * each of them an ArrayBuffer and a backing store besides the view, which the garbage
 * collector then copies and frees one by one. Each view is exactly its chunk's bytes (zeros
 * until written); only `.buffer` shows the sharing, and nothing reads a chunk through it.
 * Larger chunks get a buffer of their own, so that a small slab never holds a big one alive.
 */
const SLAB_BYTES = 1 << 16;
const OWN_BUFFER_FROM = 1 << 10;

export class ByteSlab {
  private buffer = new ArrayBuffer(0);
  private used = 0;

  /** `n` zero bytes. */
  take(n: number): Uint8Array {
    if (n >= OWN_BUFFER_FROM) return new Uint8Array(n);
    if (this.used + n > this.buffer.byteLength) {
      this.buffer = new ArrayBuffer(SLAB_BYTES);
      this.used = 0;
    }
    const bytes = new Uint8Array(this.buffer, this.used, n);
    this.used += n;
    return bytes;
  }
}
