/**
 * Shared objects: immutable objects the view-models reuse between stops carry an id, so an
 * answer can name one the client already holds instead of repeating it (parts.ts).
 *
 * What the panels know of a shared object (its id, the object it replaced, where its rows sit)
 * is one record kept on the object itself, in a private field (Recorded): JSON, spreads, key
 * walks and test equality do not see it, a stop reads it with the object (no table of every
 * shared object is searched), and a stop that changes a few panels adds it to a few new objects
 * at the cost of an ordinary property (Object.defineProperty, the other way to hide a property,
 * goes through the engine's slow path: about ten times as long). An object that cannot take a
 * field (frozen) keeps its record in a WeakMap instead.
 */

/** What the panels know of a shared object; parts.ts reads it once per object it encodes. */
export interface PartMeta {
  readonly id: string;
  /** The object this one replaced at its place (predecessorOf). */
  previous: object | undefined;
  /** What schema.ts records of a rows array (its placement); undefined for other objects. */
  placement: unknown;
  /** The last answer that carried the part (parts.ts): a client that decoded that answer holds it. -1: none yet. */
  sent: number;
}

/** A constructor that returns the object it is given: a subclass's fields are installed on that object. */
class OnTarget {
  constructor(target: object) {
    return target;
  }
}

/** Puts a part's record on any object as a private field (`new Recorded(o, m)` returns `o`). */
class Recorded extends OnTarget {
  readonly #meta: PartMeta;

  private constructor(target: object, meta: PartMeta) {
    super(target);
    this.#meta = meta;
  }

  static attach(target: object, meta: PartMeta): void {
    new Recorded(target, meta);
  }

  static of(value: object): PartMeta | undefined {
    return #meta in value ? value.#meta : undefined;
  }
}

const frozen = new WeakMap<object, PartMeta>();
let frozenCount = 0;
// Ids are unique within this module instance; the prefix keeps two adapters' ids apart for a client that mixes them up.
const prefix = Math.floor(Math.random() * 36 ** 4).toString(36);
let next = 0;

function find(value: object): PartMeta | undefined {
  const m = Recorded.of(value);
  return m !== undefined || frozenCount === 0 ? m : frozen.get(value);
}

function metaOf(value: object): PartMeta {
  let m = find(value);
  if (m === undefined) {
    m = { id: `${prefix}.${(next++).toString(36)}`, previous: undefined, placement: undefined, sent: -1 };
    if (Object.isExtensible(value)) Recorded.attach(value, m);
    else {
      frozen.set(value, m);
      frozenCount++;
    }
  }
  return m;
}

/** Marks an immutable object the view-models reuse between stops; returns it. */
export function markShared<T extends object>(value: T): T {
  metaOf(value);
  return value;
}

/** The id of a shared object, or undefined. */
export function partId(value: object): string | undefined {
  return find(value)?.id;
}

/** The record of a shared object (undefined for any other): its id, predecessor and last answer. */
export function partOf(value: object): PartMeta | undefined {
  return find(value);
}

/** What names this module instance's parts and answers: two adapters' never mix (parts.ts checks a `base` by it). */
export const PART_PREFIX = prefix;

/**
 * The object a shared object replaced at its place (the previous stop's panel of the same
 * device): a client that holds that one is sent only what differs (parts.ts). One link only: an
 * object that is replaced forgets its own predecessor, so no chain of old panels stays alive.
 * `fresh` becomes shared if it was not.
 */
export function replaces(fresh: object, previous: object): void {
  const p = find(previous);
  if (p) p.previous = undefined;
  metaOf(fresh).previous = previous;
}

export function predecessorOf(value: object): object | undefined {
  return find(value)?.previous;
}

/** Attaches schema.ts's placement to a rows array (made shared if it was not). */
export function setPlacement(rows: object, placement: unknown): void {
  metaOf(rows).placement = placement;
}

/** The placement attached to `rows`, if any. */
export function placementAttached(rows: object): unknown {
  return find(rows)?.placement;
}
