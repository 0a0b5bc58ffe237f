/**
 * The channel subsystem's queue of channel report words (PoO "Channel-Report Word",
 * "STORE CHANNEL REPORT WORD"). Reports of several words are queued whole, with the chaining
 * bit (C) in every word but the last. When a report does not fit, it is lost and the overflow
 * bit (R) is set in the first word of the next report that is queued, as QEMU's
 * css_queue_crw does with its `crws_lost` flag.
 */
import { CRW, type Crw } from '../arch';

/** Model-dependent queue length (the PoO leaves it to the model). */
export const CRW_QUEUE_CAPACITY = 16;

export type CrwReport = Omit<Crw, 'reserved0' | 'reserved9' | 'C' | 'R'>;

export class CrwQueue {
  private readonly words: Crw[] = [];
  private lost = false;

  constructor(readonly capacity = CRW_QUEUE_CAPACITY) {}

  get length(): number {
    return this.words.length;
  }

  /** Queues one report (one or more chained words); false when it was lost. */
  queue(report: readonly CrwReport[]): boolean {
    if (report.length === 0) return true;
    if (this.words.length + report.length > this.capacity) {
      this.lost = true;
      return false;
    }
    report.forEach((w, i) => {
      this.words.push({
        ...w,
        reserved0: 0,
        reserved9: 0,
        C: i < report.length - 1 ? 1 : 0,
        R: i === 0 && this.lost ? 1 : 0,
      });
    });
    this.lost = false;
    return true;
  }

  /** STORE CHANNEL REPORT WORD: the oldest word (cc 0), or zeros with cc 1 when none is pending. */
  store(): { cc: 0 | 1; crw: Uint8Array } {
    const next = this.words.shift();
    if (!next) return { cc: 1, crw: new Uint8Array(CRW.size) };
    return { cc: 0, crw: CRW.encode(next) };
  }

  /** The pending words, oldest first (for the debugger; no side effects). */
  peek(): Uint8Array[] {
    return this.words.map((w) => CRW.encode(w));
  }
}
