/**
 * A copy of bytes the machine writes in place (guest storage, a vfio region), to compare with
 * where they live at the next stop. The machine writes those arrays from many places, none of
 * them through one counter: a panel built from them keeps a copy, compares it at every stop (a
 * word at a time where both start on a word), and is built again only when they differ.
 */
import { sameBytesAt } from '../../arch';

export class HeldBytes {
  /** The copy (in a buffer rounded up to a word; the bytes past the copy stay zero). */
  readonly bytes: Uint8Array;
  private readonly words: Uint32Array;
  /** The live array compared last, and its whole words (null when it does not start on a word). */
  private live: Uint8Array | null = null;
  private liveWords: Uint32Array | null = null;

  /** A copy of `length` bytes of `live` from `start`. */
  constructor(
    live: Uint8Array,
    readonly start: number,
    length: number,
  ) {
    this.words = new Uint32Array((length + 3) >> 2);
    this.bytes = new Uint8Array(this.words.buffer, 0, length);
    this.bytes.set(live.subarray(start, start + length));
    this.follow(live);
  }

  /** `live` (the same array as before, or one made anew: a restart) holds the copy's bytes from `start`. */
  heldBy(live: Uint8Array): boolean {
    const at = this.start;
    const n = this.bytes.length;
    if (at + n > live.length) return false;
    this.follow(live);
    let i = 0;
    const y = this.liveWords;
    if (y !== null && (at & 3) === 0) {
      const x = this.words;
      const w = at >> 2;
      const whole = n >> 2;
      for (; i < whole; i++) if (x[i] !== y[w + i]) return false;
      i <<= 2;
    }
    return sameBytesAt(this.bytes, i, live, at + i, n - i);
  }

  private follow(live: Uint8Array): void {
    if (this.live === live) return;
    this.live = live;
    this.liveWords = (live.byteOffset & 3) === 0 ? new Uint32Array(live.buffer, live.byteOffset, live.length >> 2) : null;
  }
}
