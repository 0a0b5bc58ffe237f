/**
 * What the panels keep of a shared object (shared.ts) lives on the object, out of sight: it must
 * not reach the wire, a spread copy, a key or symbol walk, a structured clone or test equality,
 * and a frozen object must still get an id.
 */
import { describe, expect, test } from 'vitest';
import { markShared, partId, predecessorOf, replaces } from '../../../src/debug/panels/shared';

describe('shared objects', () => {
  test('an id is given once and is not part of the object: JSON, keys and spreads do not carry it', () => {
    const o = markShared({ a: 1, b: [2] });
    const id = partId(o);
    expect(id).toMatch(/^[0-9a-z]+\.[0-9a-z]+$/);
    expect(partId(markShared(o))).toBe(id);
    expect(JSON.stringify(o)).toBe('{"a":1,"b":[2]}');
    expect(Object.keys(o)).toEqual(['a', 'b']);
    const copy = { ...o };
    expect(partId(copy)).toBeUndefined();
    expect(copy).toEqual({ a: 1, b: [2] });
    // Nor do symbol walks, structured clones (postMessage) or test equality on the object itself.
    expect(Object.getOwnPropertySymbols(o)).toEqual([]);
    expect(Object.getOwnPropertyNames(o)).toEqual(['a', 'b']);
    expect(partId(structuredClone(o))).toBeUndefined();
    expect(o).toStrictEqual({ a: 1, b: [2] });
    const rows = markShared([1, 2]);
    expect(partId(rows)).not.toBe(id);
    expect(partId([...rows])).toBeUndefined();
    expect(partId({ a: 1 })).toBeUndefined();
  });

  test('a frozen object gets an id too', () => {
    const f = Object.freeze({ kind: 'index' });
    const g = Object.freeze({ kind: 'index' });
    markShared(f);
    expect(partId(f)).toBeDefined();
    expect(partId(g)).toBeUndefined();
    markShared(g);
    expect(partId(g)).not.toBe(partId(f));
  });

  test('a replaced object forgets its own predecessor; a fresh successor becomes shared', () => {
    const a = markShared({ n: 1 });
    const b = { n: 2 };
    replaces(b, a);
    expect(partId(b)).toBeDefined();
    expect(predecessorOf(b)).toBe(a);
    const c = markShared({ n: 3 });
    replaces(c, b);
    expect(predecessorOf(c)).toBe(b);
    expect(predecessorOf(b)).toBeUndefined();
  });
});
