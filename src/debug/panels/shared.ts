/**
 * Shared objects: immutable objects the view-models reuse between stops carry an id, so an
 * answer can name one the client already holds instead of repeating it (parts.ts).
 */

const ids = new WeakMap<object, string>();
// Ids are unique within this module instance; the prefix keeps two adapters' ids apart for a client that mixes them up.
const prefix = Math.floor(Math.random() * 36 ** 4).toString(36);
let next = 0;

/** Marks an immutable object the view-models reuse between stops; returns it. */
export function markShared<T extends object>(value: T): T {
  if (!ids.has(value)) ids.set(value, `${prefix}.${(next++).toString(36)}`);
  return value;
}

/** The id of a shared object, or undefined. */
export function partId(value: object): string | undefined {
  return ids.get(value);
}

/**
 * The object a shared object replaced at its place (the previous stop's panel of the same
 * device): a client that holds that one is sent only what differs (parts.ts). One link only: an
 * object that is replaced forgets its own predecessor, so no chain of old panels stays alive.
 */
const predecessors = new WeakMap<object, object>();

export function replaces(fresh: object, previous: object): void {
  predecessors.delete(previous);
  predecessors.set(fresh, previous);
}

export function predecessorOf(value: object): object | undefined {
  return predecessors.get(value);
}
