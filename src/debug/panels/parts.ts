/**
 * Parts the client already holds are not sent again. Most of what the panels show at a stop is
 * the same as at the previous one (a CCW step changes a SCSW, not the PMCW, the regions, the
 * track or the IRBs already taken), and the view-models share those immutable objects between
 * stops (fieldRows' cache, the IRB entries, the track records, the storage rows). Serializing,
 * sending and parsing the whole model is what a stop costs, not building it: so each shared
 * object carries an id, the client says which ids it holds, and the answer names those instead
 * of repeating them.
 *
 * The adapter side (markShared, encodeParts) is stateless: the client's `have` list is the whole
 * protocol. The client side (PartCache) is vscode-free so the unit tests can run it. Field rows
 * go as their table's schema (a part too) and their values: schema.ts.
 */
import { same } from './reuse';
import type { FieldRow } from './fieldRows';
import { decodeRow, encodeRows, encodeRowsDelta, isPlacedRows, isWireRows, placementOf, type RowsPlacement } from './schema';
import { markShared, partId, predecessorOf } from './shared';

export { markShared };

/**
 * An object the answer names instead of repeating: `value` when the client did not have it; `from`
 * and `set` when it holds the object this one replaced at its place (the previous stop's panel):
 * the new object is that one with the members in `set` replaced (and those in `unset` removed);
 * `from` and `rows` for field rows: the rows at those indexes, as wire values (schema.ts).
 */
export interface PartRef {
  readonly $part: string;
  readonly value?: unknown;
  readonly from?: string;
  readonly set?: Readonly<Record<string, unknown>>;
  readonly unset?: readonly string[];
  readonly rows?: Readonly<Record<string, unknown>>;
}

/** The model to send: shared objects the client has become `{ $part }`, the others `{ $part, value }` or `{ $part, from, set }`. */
export function encodeParts(model: unknown, have: ReadonlySet<string>): unknown {
  // `base`: what stood at the same place in the object this one's container replaced (a member,
  // an element, a nested structure's rows): a part the client holds there is what `v` differs from.
  const walk = (v: unknown, base?: unknown): unknown => {
    if (v === null || typeof v !== 'object') return v;
    const id = partId(v);
    if (id === undefined) return plain(v);
    if (have.has(id)) return { $part: id };
    const delta = changes(v, base !== null && typeof base === 'object' && partId(base) !== undefined ? base : predecessorOf(v), have, walk);
    return delta ? { $part: id, ...delta } : { $part: id, value: plain(v) };
  };
  const plain = (v: object): unknown => {
    if (Array.isArray(v)) return encodeRows(v, walk) ?? v.map(walk);
    const o: Record<string, unknown> = {};
    for (const k in v) {
      const x = (v as Record<string, unknown>)[k];
      if (x !== undefined) o[k] = walk(x);
    }
    return o;
  };
  return walk(model);
}

/**
 * `v` as the members that differ from the object it replaced, when the client holds that one: an
 * object's changed members; an array's changed and added elements (an array that got shorter
 * goes whole).
 */
function changes(v: object, prev: object | undefined, have: ReadonlySet<string>, walk: (v: unknown, base?: unknown) => unknown): { from: string; set?: Record<string, unknown>; unset?: string[]; rows?: Record<string, unknown> } | null {
  const from = prev && partId(prev);
  if (!prev || from === undefined || !have.has(from) || Array.isArray(prev) !== Array.isArray(v)) return null;
  if (Array.isArray(v) && isPlacedRows(v)) {
    const rows = encodeRowsDelta(v, prev as readonly FieldRow[], walk);
    return rows ? { from, rows } : null;
  }
  const set: Record<string, unknown> = {};
  if (Array.isArray(v)) {
    const before = prev as readonly unknown[];
    if (v.length < before.length) return null;
    for (let i = 0; i < v.length; i++) if (i >= before.length || !same(v[i], before[i])) set[i] = walk(v[i], before[i]);
    return { from, set };
  }
  const now = v as Record<string, unknown>;
  const was = prev as Record<string, unknown>;
  for (const k in now) {
    const x = now[k];
    if (x !== undefined && !same(x, was[k])) set[k] = walk(x, was[k]);
  }
  const unset = Object.keys(was).filter((k) => was[k] !== undefined && now[k] === undefined);
  return unset.length > 0 ? { from, set, unset } : { from, set };
}

export interface Held {
  readonly value: unknown;
  /** Ids of the parts inside it (kept as long as it is). */
  readonly inner: readonly string[];
  /** An object's inner ids member by member: what a `{ from, set }` keeps of it. */
  readonly byKey?: ReadonlyMap<string, readonly string[]>;
}

/**
 * The client's parts: those of the last decoded answer. Each request takes a snapshot (`have`
 * and the map it decodes against), so two answers in flight decode against what each asked with.
 */
export class PartCache {
  private held: ReadonlyMap<string, Held> = new Map();
  /** Where the field rows this client decoded sit: what a `{ from, rows }` is decoded with. */
  private readonly placements = new WeakMap<readonly FieldRow[], RowsPlacement>();

  /** What to send as `have`, and what to decode the answer with. */
  snapshot(): { readonly have: string[]; readonly held: ReadonlyMap<string, Held> } {
    return { have: [...this.held.keys()], held: this.held };
  }

  /** The full model from an answer; keeps exactly the parts it holds. Throws on a part it does not know. */
  decode<T>(answer: unknown, held: ReadonlyMap<string, Held>): T {
    const placements = this.placements;
    const live = new Map<string, Held>();
    const keep = (id: string, h: Held): void => {
      if (live.has(id)) return;
      live.set(id, h);
      for (const i of h.inner) {
        const inner = held.get(i) ?? live.get(i);
        if (inner) keep(i, inner);
      }
    };
    const lookup = (id: string): Held => {
      const h = live.get(id) ?? held.get(id);
      if (!h) throw new Error(`panels: the answer names part ${id}, which this client does not hold`);
      return h;
    };
    // The ids met inside the part being decoded, innermost last.
    const collecting: string[][] = [];
    const collected = (f: () => unknown): { value: unknown; ids: string[] } => {
      collecting.push([]);
      const value = f();
      return { value, ids: collecting.pop() ?? [] };
    };
    /** Field rows from their wire form, row by row (a later `{ from, rows }` replaces some). */
    const rowsPart = (o: Record<string, unknown>): Held => {
      const byKey = new Map<string, readonly string[]>();
      const s = collected(() => placementOf(o, walk));
      const p = s.value as RowsPlacement;
      if (s.ids.length > 0) byKey.set('$rows', s.ids);
      const values = o.values as readonly unknown[];
      const rows = p.schema.map((_, i) => {
        const m = collected(() => decodeRow(p, i, values[i], walk));
        if (m.ids.length > 0) byKey.set(String(i), m.ids);
        return m.value as FieldRow;
      });
      placements.set(rows, p);
      return { value: rows, inner: [...byKey.values()].flat(), byKey };
    };
    /** The rows `from` with the rows at the indexes in `changes` replaced. */
    const changedRows = (base: Held, changes: Record<string, unknown>): Held => {
      const p = placements.get(base.value as readonly FieldRow[]);
      if (!p) throw new Error('panels: the answer changes rows this client holds in another form');
      const rows = [...(base.value as readonly FieldRow[])];
      const byKey = new Map(base.byKey ?? [['', base.inner]]);
      for (const [k, x] of Object.entries(changes)) {
        const m = collected(() => decodeRow(p, Number(k), x, walk));
        rows[Number(k)] = m.value as FieldRow;
        if (m.ids.length > 0) byKey.set(k, m.ids);
        else byKey.delete(k);
      }
      placements.set(rows, p);
      return { value: rows, inner: [...byKey.values()].flat(), byKey };
    };
    /** A part's value; an object or array member by member, so a later `{ from, set }` knows which ids each member holds. */
    const part = (v: unknown): Held => {
      if (v !== null && typeof v === 'object' && isWireRows(v as Record<string, unknown>)) return rowsPart(v as Record<string, unknown>);
      if (v === null || typeof v !== 'object') {
        const { value, ids } = collected(() => walk(v));
        return { value, inner: ids };
      }
      const value: Record<string, unknown> | unknown[] = Array.isArray(v) ? [] : {};
      const byKey = new Map<string, readonly string[]>();
      for (const [k, x] of Object.entries(v)) {
        const m = collected(() => walk(x));
        (value as Record<string, unknown>)[k] = m.value;
        if (m.ids.length > 0) byKey.set(k, m.ids);
      }
      return { value, inner: [...byKey.values()].flat(), byKey };
    };
    /** The object (or array) `from` with the members of `set` replaced and those of `unset` removed. */
    const changed = (base: Held, set: Record<string, unknown>, unset: readonly unknown[]): Held => {
      const value = (Array.isArray(base.value) ? [...(base.value as unknown[])] : { ...(base.value as Record<string, unknown>) }) as Record<string, unknown>;
      const byKey = new Map(base.byKey ?? [['', base.inner]]);
      for (const k of unset) {
        delete value[String(k)];
        byKey.delete(String(k));
      }
      for (const [k, x] of Object.entries(set)) {
        const m = collected(() => walk(x));
        value[k] = m.value;
        if (m.ids.length > 0) byKey.set(k, m.ids);
        else byKey.delete(k);
      }
      return { value, inner: [...byKey.values()].flat(), byKey };
    };
    const walk = (v: unknown): unknown => {
      if (v === null || typeof v !== 'object') return v;
      if (Array.isArray(v)) return v.map(walk);
      const o = v as Record<string, unknown>;
      if (isWireRows(o)) {
        // Rows that are not a part themselves: the parts inside them belong to the enclosing one.
        const h = rowsPart(o);
        collecting[collecting.length - 1]?.push(...h.inner);
        return h.value;
      }
      if (typeof o.$part === 'string') {
        const id = o.$part;
        collecting[collecting.length - 1]?.push(id);
        let h: Held;
        if ('value' in o) h = part(o.value);
        else if (typeof o.from === 'string' && o.rows !== undefined) h = changedRows(lookup(o.from), o.rows as Record<string, unknown>);
        else if (typeof o.from === 'string') h = changed(lookup(o.from), (o.set ?? {}) as Record<string, unknown>, Array.isArray(o.unset) ? o.unset : []);
        else h = lookup(id);
        keep(id, h);
        return h.value;
      }
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(o)) out[k] = walk(x);
      return out;
    };
    const model = walk(answer) as T;
    this.held = live;
    return model;
  }

  clear(): void {
    this.held = new Map();
  }
}
