/**
 * Sizing arrays that live until the end of an assembly (one or more per source line).
 */

/**
 * An array grown by push keeps room for many more elements (17 after the first push); one that
 * is kept is copied to its exact size, so the garbage collector does not carry the spare room.
 */
export function exact<T>(a: T[]): T[] {
  return a.length === 0 ? [] : a.slice();
}
