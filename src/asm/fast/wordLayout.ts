/**
 * Several number fields of a src/arch structure written at once, by the structure's own field
 * table: each field's word and shift are read from the table once, and a statement's values
 * are added into 32-bit words (the fields never overlap, and each is written once into zeroed
 * bytes, so adding is setting their bits), then stored big-endian. This is `encodeInto` for the
 * fast path's hot statements (CCW, ORB) without a value object or a by-name lookup per field.
 */
import type { Structure } from '../../arch';

export class WordLayout {
  private readonly word: Int32Array;
  /** 2^shift: the factor that moves a value to its place in its word. */
  private readonly scale: Float64Array;
  /** False when a field is not a number within one word: the caller encodes the general way. */
  readonly usable: boolean;
  private readonly words: Float64Array;

  constructor(table: Structure<unknown>, names: readonly string[]) {
    this.word = new Int32Array(names.length);
    this.scale = new Float64Array(names.length);
    this.words = new Float64Array(Math.ceil(table.size / 4));
    let usable = table.size % 4 === 0;
    names.forEach((name, i) => {
      const f = table.field(name);
      const w = f.kind === 'number' ? Math.floor(f.bitOffset / 32) : -1;
      const shift = f.kind === 'number' ? 32 - (f.bitOffset % 32) - f.width : -1;
      if (w < 0 || shift < 0 || f.kind !== 'number' || f.signed) usable = false;
      this.word[i] = w;
      this.scale[i] = 2 ** shift;
    });
    this.usable = usable;
  }

  /**
   * Writes `values` (by the order of the names; NaN: not written) into `bytes`, which are
   * zero; each value fits its field (the caller has checked).
   */
  write(bytes: Uint8Array, values: Float64Array): void {
    const words = this.words;
    words.fill(0);
    for (let i = 0; i < values.length; i++) {
      const v = values[i] as number;
      if (v !== v) continue;
      const w = this.word[i] as number;
      words[w] = (words[w] as number) + v * (this.scale[i] as number);
    }
    for (let w = 0; w < words.length; w++) {
      const v = words[w] as number;
      if (v === 0) continue;
      bytes[w * 4] = v / 0x1000000;
      bytes[w * 4 + 1] = (v >>> 16) & 0xff;
      bytes[w * 4 + 2] = (v >>> 8) & 0xff;
      bytes[w * 4 + 3] = v & 0xff;
    }
  }
}
