/**
 * An unchanged panel stays the same object: a panel built at a stop that shows what the one of
 * the previous stop showed is replaced by that one, so it keeps its part id and the client, who
 * holds it, is sent its name only (parts.ts). Content is compared, shared parts by identity (a
 * shared object is immutable: the same object is the same content).
 */
import { markShared, partId, replaces } from './shared';

/** Same content; below the top, a shared object is only the same as itself. */
export function same(a: unknown, b: unknown, top = false): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (!top && (partId(a) !== undefined || partId(b) !== undefined)) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!same(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  // Member by member, then any member of `b` that `a` lacks: no key lists are made.
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  for (const k in x) if (!(k in y) || !same(x[k], y[k])) return false;
  for (const k in y) if (!(k in x)) return false;
  return true;
}

/** Last panels by place (a device, a subchannel …): bounded, a session has few places. */
export class Settled<T extends object> {
  private readonly last = new Map<string, T>();

  /** `fresh`, or the previous object at `place` when it shows the same; marked shared either way. */
  settle(place: string, fresh: T): T {
    const prev = this.last.get(place);
    if (prev !== undefined && same(prev, fresh, true)) return prev;
    this.last.delete(place);
    this.last.set(place, markShared(fresh));
    if (prev !== undefined) replaces(fresh, prev);
    if (this.last.size > LIMIT) this.last.delete(this.last.keys().next().value as string);
    return fresh;
  }
}

const LIMIT = 256;

/**
 * Last panels by place, without the comparison: for a panel built only when its inputs changed,
 * whose content therefore differs nearly always. The client is sent what differs from
 * the one it holds (parts.ts), which the encoder finds member by member anyway.
 */
export class Successions<T extends object> {
  private readonly last = new Map<string, T>();

  /** `fresh`, marked shared, as the successor of the previous object at `place`. */
  next(place: string, fresh: T): T {
    const prev = this.last.get(place);
    this.last.delete(place);
    this.last.set(place, markShared(fresh));
    if (prev !== undefined) replaces(fresh, prev);
    if (this.last.size > LIMIT) this.last.delete(this.last.keys().next().value as string);
    return fresh;
  }
}
