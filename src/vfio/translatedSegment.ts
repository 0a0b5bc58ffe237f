/**
 * One CCW-chain segment of a translation (vfio_ccw_cp.c's struct ccwchain), kept as columns: the
 * translation runs for every START over every CCW, and while the host runs the program the
 * records stay alive through every garbage collection the data transfer causes, so what it writes
 * per CCW goes into one typed array per segment rather than into objects per CCW.
 *
 * `ccws`, the per-CCW records the debugger, the trace and the snapshot read, is made from the
 * columns on its first read, and made again after a later change by the translation.
 */
import { CF, readCcw1 } from '../arch';
import type { CcwChainSegment, TranslatedCcw } from './cp';
import { PrefetchedCcw, type IdalShape } from './prefetchedCcw';

export class TranslatedSegment implements CcwChainSegment {
  /**
   * Two words per CCW: what the translation did to it (KEPT: the host CCW is the guest's; TIC: a
   * new data address; IDAL: IDA on and the data address is the IDAL, with the index of its
   * address lists in `shapes` above the kind), and the host data address when it is not KEPT.
   */
  private readonly cols: Uint32Array;
  private readonly shapes: IdalShape[] = [];
  #ccws: TranslatedCcw[] | null = null;

  /**
   * `raw`: the 2 KiB read from guest storage at the head (never changed later); `slots`: the
   * same in format-1 form (raw itself for a format-1 program).
   */
  constructor(
    readonly guestHead: number,
    readonly hostHead: number,
    readonly length: number,
    readonly raw: Uint8Array,
    readonly slots: Uint8Array,
  ) {
    this.cols = new Uint32Array(length * 2);
  }

  /** The guest CCW's command code, flags, count and data address (format-1 form). */
  cmd(i: number): number {
    return this.slots[i * 8] as number;
  }

  flags(i: number): number {
    return this.slots[i * 8 + 1] as number;
  }

  count(i: number): number {
    return ((this.slots[i * 8 + 2] as number) << 8) | (this.slots[i * 8 + 3] as number);
  }

  cda(i: number): number {
    const at = i * 8 + 4;
    const s = this.slots;
    return (((s[at] as number) << 24) | ((s[at + 1] as number) << 16) | ((s[at + 2] as number) << 8) | (s[at + 3] as number)) >>> 0;
  }

  /** The host CCW's flags and data address. */
  hostFlags(i: number): number {
    return ((this.cols[i * 2] as number) & KIND) === IDAL ? this.flags(i) | CF.IDA : this.flags(i);
  }

  hostCda(i: number): number {
    return ((this.cols[i * 2] as number) & KIND) === KEPT ? this.cda(i) : (this.cols[i * 2 + 1] as number);
  }

  /** The host IDAL's address (kernel memory), or 0 when the CCW has none. */
  idalAddress(i: number): number {
    return ((this.cols[i * 2] as number) & KIND) === IDAL ? (this.cols[i * 2 + 1] as number) : 0;
  }

  /** CCW `i` now has the IDAL at `address` (IDA on, data address = the IDAL) with `shape`'s addresses. */
  setIdal(i: number, address: number, shape: IdalShape): void {
    const shapes = this.shapes;
    let s = shapes.length - 1;
    if (s < 0 || shapes[s] !== shape) {
      shapes.push(shape);
      s++;
    }
    this.cols[i * 2] = (s << 2) | IDAL;
    this.cols[i * 2 + 1] = address;
    this.#ccws = null;
  }

  /** CCW `i` (a TIC) now goes to `hostAddress`. */
  setHostCda(i: number, hostAddress: number): void {
    this.cols[i * 2] = TIC;
    this.cols[i * 2 + 1] = hostAddress;
    this.#ccws = null;
  }

  /** Writes the host CCWs at `at` in `kernel`: the guest's in format-1 form, with the host flags and data addresses. */
  writeHost(kernel: Uint8Array, at: number): void {
    const n = this.length;
    kernel.set(this.slots.length === n * 8 ? this.slots : this.slots.subarray(0, n * 8), at);
    const cols = this.cols;
    for (let i = 0; i < n; i++) {
      const kind = (cols[i * 2] as number) & KIND;
      if (kind === KEPT) continue;
      const o = at + i * 8;
      const cda = cols[i * 2 + 1] as number;
      if (kind === IDAL) kernel[o + 1] = (kernel[o + 1] as number) | CF.IDA;
      kernel[o + 4] = cda >>> 24;
      kernel[o + 5] = cda >>> 16;
      kernel[o + 6] = cda >>> 8;
      kernel[o + 7] = cda;
    }
  }

  get ccws(): TranslatedCcw[] {
    if (this.#ccws !== null) return this.#ccws;
    const ccws: TranslatedCcw[] = [];
    for (let i = 0; i < this.length; i++) {
      const t = new PrefetchedCcw(this.guestHead + i * 8, this.raw, i * 8, readCcw1(this.slots, i * 8), this.hostHead + i * 8);
      t.host.flags = this.hostFlags(i);
      t.host.cda = this.hostCda(i);
      const word = this.cols[i * 2] as number;
      if ((word & KIND) === IDAL) t.setIdal(this.cols[i * 2 + 1] as number, this.shapes[word >>> 2] as IdalShape);
      ccws.push(t);
    }
    this.#ccws = ccws;
    return ccws;
  }

  /** The plain form an exported trace has always shown: head addresses and the CCW records. */
  toJSON(): CcwChainSegment {
    return { guestHead: this.guestHead, hostHead: this.hostHead, ccws: this.ccws };
  }
}

/** What the translation did to a CCW (the low two bits of its first word). */
const KIND = 3;
const KEPT = 0;
const TIC = 1;
const IDAL = 2;
