/**
 * The per-CCW record of a translation (cp.ts), built for every CCW of every START, so it holds
 * numbers and shared references and makes the debugger's objects only when they are read:
 *
 *  - `raw` is a view of the segment's private 2 KiB copy (the bytes as prefetched, never
 *    changed later), made on each read instead of once per CCW;
 *  - `idal` is built on first read from the IDAL's host address and the address lists it shares
 *    with the other IDALs made from the same guest addresses (a chain reading into one buffer).
 *
 * toJSON gives the plain form, so an exported trace shows exactly the fields a plain object had.
 */
import type { Ccw } from '../arch';
import type { TranslatedCcw, TranslatedIdal } from './cp';

/** What IDALs with the same guest addresses share (all but their host address). */
export interface IdalShape {
  readonly guestAddresses: readonly number[];
  readonly hostAddresses: readonly number[];
  readonly pinned: boolean;
}

export class PrefetchedCcw implements TranslatedCcw {
  readonly #copy: Uint8Array;
  readonly #at: number;
  /** The host IDAL's address (when #shape is set). */
  #idalAddress = 0;
  #shape: IdalShape | null = null;
  /** `idal` once built (or as assigned). */
  #idal: TranslatedIdal | null = null;
  host: Ccw;

  constructor(
    readonly guestAddress: number,
    copy: Uint8Array,
    at: number,
    readonly guest: Ccw,
    readonly hostAddress: number,
  ) {
    this.#copy = copy;
    this.#at = at;
    this.host = { cmd: guest.cmd, flags: guest.flags, count: guest.count, cda: guest.cda };
  }

  get raw(): Uint8Array {
    return this.#copy.subarray(this.#at, this.#at + 8);
  }

  get idal(): TranslatedIdal | null {
    const shape = this.#shape;
    if (this.#idal === null && shape !== null) {
      this.#idal = { hostAddress: this.#idalAddress, guestAddresses: shape.guestAddresses, hostAddresses: shape.hostAddresses, pinned: shape.pinned };
    }
    return this.#idal;
  }

  set idal(idal: TranslatedIdal | null) {
    this.#idal = idal;
    this.#shape = null;
  }

  /** Gives the CCW an IDAL at `hostAddress` with `shape`'s addresses (the object waits for a reader). */
  setIdal(hostAddress: number, shape: IdalShape): void {
    this.#idalAddress = hostAddress;
    this.#shape = shape;
    this.#idal = null;
  }

  /** The host IDAL's address, or null: without building `idal` (cp_free, once per CCW). */
  get idalAddress(): number | null {
    if (this.#shape !== null) return this.#idalAddress;
    return this.#idal ? this.#idal.hostAddress : null;
  }

  toJSON(): TranslatedCcw {
    return { guestAddress: this.guestAddress, raw: this.raw, guest: this.guest, hostAddress: this.hostAddress, host: this.host, idal: this.idal };
  }
}
