/**
 * Parts the client already holds are not sent again. Most of what the panels show at a stop is
 * the same as at the previous one (a CCW step changes a SCSW, not the PMCW, the regions, the
 * track or the IRBs already taken), and the view-models share those immutable objects between
 * stops (fieldRows' cache, the IRB entries, the track records, the storage rows). Serializing,
 * sending and parsing the whole model is what a stop costs, not building it: so each shared
 * object carries an id, and an answer names or patches what the client holds instead of
 * repeating it.
 *
 * What the client holds is the model of the last answer it decoded: each answer is named
 * (`$answer`) and the next request names it back (`base`). The adapter keeps the last few models
 * it answered with, so it diffs the new model against the one the client holds, place by place:
 * a member of the model that is the same is left out (the client keeps its own), a part that is
 * the same object as the one at its place is named, one that replaced it is sent as what differs.
 * A part met elsewhere is held when the answer the client decoded carried it (PartMeta.sent).
 * Nothing is listed per part: the request is one name, and the adapter looks nothing up by id.
 *
 * The client side (PartCache) is vscode-free so the unit tests can run it. Field rows go as their
 * table's schema (a part too) and their values: schema.ts.
 */
import { same } from './reuse';
import type { FieldRow } from './fieldRows';
import { decodeRow, encodeRows, encodeRowsDelta, isPlacedRows, isWireRows, placementOf, type RowsPlacement } from './schema';
import { markShared, PART_PREFIX, partOf, type PartMeta } from './shared';

export { markShared };

/**
 * An object the answer names instead of repeating: `value` when the client did not have it; `from`
 * and `set` when it holds the object this one replaced at its place (the previous stop's panel):
 * the new object is that one with the members in `set` replaced (and those in `unset` removed);
 * `from` and `at` for an array: the elements at those indexes replaced or added, as index, value
 * pairs in one flat list; `from` and `rows` for field rows: the rows at those indexes, as index,
 * wire value pairs (schema.ts). Index lists are arrays, not objects with number keys: JSON writes
 * an array of numbers and values on its fast path, an object with index keys on its slow one.
 */
export interface PartRef {
  readonly $part: string;
  readonly value?: unknown;
  readonly from?: string;
  readonly set?: Readonly<Record<string, unknown>>;
  readonly unset?: readonly string[];
  readonly at?: readonly unknown[];
  readonly rows?: readonly unknown[];
}

/** The members an answer adds to the model's: its name, and the answer whose model the left-out members are from. */
export interface AnswerNames {
  readonly $answer: string;
  readonly $base?: string;
}

/**
 * The answers a client decoded one after the other, each made against the one before: a chain.
 * Tables' schemas (schema.ts) are few and never change, and a rows array of a new place (a new
 * IRB entry's SCSW) names one the client was sent long ago: the client keeps every schema it was
 * sent (PartCache), so the chain records the schemas it sent and names them from then on.
 */
interface Chain {
  readonly schemas: Set<object>;
}

/** Models answered lately, by answer number, with their chain: what a request's `base` can name. A client asks with the last it decoded; a few answers may cross. */
const answered = new Map<number, { readonly model: object; readonly chain: Chain }>();
const KEPT_ANSWERS = 8;
let answers = 0;

const ANSWER_PREFIX = `${PART_PREFIX}:`;
const answerName = (n: number): string => `${ANSWER_PREFIX}${n}`;

/** The number of an answer this module made, or null (another adapter's, or not a name at all). */
function answerNumber(name: unknown): number | null {
  if (typeof name !== 'string' || !name.startsWith(ANSWER_PREFIX)) return null;
  const n = Number(name.slice(ANSWER_PREFIX.length));
  return Number.isSafeInteger(n) && n > 0 && n <= answers ? n : null;
}

/**
 * The answer for `model` to a client that decoded answer `base` (null: it holds nothing): the
 * model's members that differ from that answer's, shared objects the client holds as
 * `{ $part }`, those that replaced one it holds as `{ $part, from, … }`, the others as
 * `{ $part, value }`; plus the answer's name, which the client sends as the next `base`.
 */
export function encodeParts(model: object, base: string | null): AnswerNames & Record<string, unknown> {
  const n = ++answers;
  const b = answerNumber(base);
  const last = b === null ? undefined : answered.get(b);
  const before = last?.model;
  const chain: Chain = last?.chain ?? { schemas: new Set() };
  // `at`: what the client holds at the same place (a member of the model it holds, of a part it
  // holds that `v`'s container replaced, a nested structure's rows). It is what `v` differs from.
  const walk = (v: unknown, at?: unknown): unknown => {
    if (v === null || typeof v !== 'object') return v;
    const m = partOf(v);
    if (m === undefined) return plain(v, at);
    // Held: the part at its place in what the client holds, one this answer already carried, or one the answer the client decoded carried.
    const held = v === at || m.sent === n || (b !== null && m.sent === b);
    m.sent = n;
    if (held) return { $part: m.id };
    const prev = at !== null && typeof at === 'object' && partOf(at) !== undefined ? at : m.previous;
    const pm = prev === undefined ? undefined : partOf(prev);
    const delta = pm !== undefined && (prev === at || (b !== null && pm.sent === b)) ? changes(m.id, pm.id, v, prev as object, walk) : null;
    return delta ?? { $part: m.id, value: plain(v) };
  };
  // A schema is plain data: sent once in a chain, named from then on.
  const schema = (s: object): unknown => {
    const id = (partOf(markShared(s)) as PartMeta).id;
    if (chain.schemas.has(s)) return { $part: id };
    chain.schemas.add(s);
    return { $part: id, value: s };
  };
  const plain = (v: object, at?: unknown): unknown => {
    if (Array.isArray(v)) {
      const rows = encodeRows(v, walk, schema);
      if (rows) return rows;
      const was = Array.isArray(at) ? (at as readonly unknown[]) : undefined;
      return was ? v.map((x, i) => walk(x, was[i])) : v.map((x) => walk(x));
    }
    // A copy of the same shape (cloned as a whole), members replaced where their wire form differs:
    // no property is added one by one (a member left undefined is dropped by JSON as before).
    const o: Record<string, unknown> = { ...(v as Record<string, unknown>) };
    const was = at !== null && typeof at === 'object' && !Array.isArray(at) ? (at as Record<string, unknown>) : undefined;
    for (const k in o) {
      const x = o[k];
      if (x === null || typeof x !== 'object') continue;
      o[k] = walk(x, was?.[k]);
    }
    return o;
  };
  const out: Record<string, unknown> = before ? { $answer: answerName(n), $base: base } : { $answer: answerName(n) };
  const now = model as Record<string, unknown>;
  const was = before as Record<string, unknown> | undefined;
  for (const k in now) {
    const x = now[k];
    // A member the client holds as it is: left out (it keeps its own).
    if (was !== undefined && (x === was[k] || (k in was && same(x, was[k])))) continue;
    out[k] = walk(x, was?.[k]);
  }
  answered.set(n, { model, chain });
  if (answered.size > KEPT_ANSWERS) answered.delete(answered.keys().next().value as number);
  return out as AnswerNames & Record<string, unknown>;
}

/**
 * Part `id` (`v`) as what differs from `prev` (part `from`, which the client holds): an object's
 * changed members; an array's changed and added elements (an array that got shorter goes whole);
 * field rows' changed rows. Null when it cannot be said that way.
 */
function changes(id: string, from: string, v: object, prev: object, walk: (v: unknown, at?: unknown) => unknown): PartRef | null {
  if (Array.isArray(v)) {
    if (!Array.isArray(prev)) return null;
    if (isPlacedRows(v)) {
      const rows = encodeRowsDelta(v, prev as readonly FieldRow[], walk);
      return rows ? { $part: id, from, rows } : null;
    }
    const before = prev as readonly unknown[];
    if (v.length < before.length) return null;
    const at: unknown[] = [];
    for (let i = 0; i < v.length; i++) if (i >= before.length || !same(v[i], before[i])) at.push(i, walk(v[i], before[i]));
    return { $part: id, from, at };
  }
  if (Array.isArray(prev)) return null;
  const now = v as Record<string, unknown>;
  const was = prev as Record<string, unknown>;
  const set: Record<string, unknown> = {};
  for (const k in now) {
    const x = now[k];
    const y = was[k];
    if (x !== undefined && x !== y && !same(x, y)) set[k] = walk(x, y);
  }
  let unset: string[] | undefined;
  for (const k in was) if (was[k] !== undefined && now[k] === undefined) (unset ??= []).push(k);
  return unset ? { $part: id, from, set, unset } : { $part: id, from, set };
}

/** An index list of an answer (`at`, `rows`); throws on anything else. */
function listOf(v: unknown): readonly unknown[] {
  if (!Array.isArray(v)) throw new Error('panels: an index list in the answer is not a list');
  return v;
}

/** `[index, value, index, value …]` as [key, value] entries; throws on an odd length or an index that is not one below `limit`. */
function indexPairs(list: readonly unknown[], limit: number): [string, unknown][] {
  if (list.length % 2 !== 0) throw new Error('panels: an index list in the answer has an odd length');
  const out: [string, unknown][] = [];
  for (let i = 0; i < list.length; i += 2) {
    const k = list[i];
    if (typeof k !== 'number' || !Number.isSafeInteger(k) || k < 0 || k >= limit) throw new Error(`panels: the answer names index ${String(k)}`);
    out.push([String(k), list[i + 1]]);
  }
  return out;
}

export interface Held {
  readonly value: unknown;
  /** Ids of the parts inside it (kept as long as it is). */
  readonly inner: readonly string[];
  /** An object's inner ids member by member: what a `{ from, set }` keeps of it. */
  readonly byKey?: ReadonlyMap<string, readonly string[]>;
}

/** What a request is made with and its answer decoded against: the client's last answer, its model and parts. */
export interface PartSnapshot {
  /** The name of the last answer decoded (the request's `base`), or null. */
  readonly base: string | null;
  readonly model: Readonly<Record<string, unknown>> | null;
  readonly held: ReadonlyMap<string, Held>;
  /** Per member of the model, the ids of the parts in it: kept when an answer leaves the member out. */
  readonly members: ReadonlyMap<string, readonly string[]>;
}

/**
 * The client's parts: those of the last decoded answer. Each request takes a snapshot (the
 * answer it names as `base`, and what it decodes against), so two answers in flight decode
 * against what each asked with.
 */
export class PartCache {
  private last: PartSnapshot = EMPTY;
  /** Every table schema decoded since the last clear(): the adapter names a schema it sent once (encodeParts). */
  private schemas = new Map<string, readonly unknown[]>();
  /** Where the field rows this client decoded sit: what a `{ from, rows }` is decoded with. */
  private readonly placements = new WeakMap<readonly FieldRow[], RowsPlacement>();

  /** The `base` to send, and what to decode the answer with. */
  snapshot(): PartSnapshot {
    return this.last;
  }

  /**
   * The full model from an answer; keeps exactly the parts it holds. Throws on an answer that is
   * not one (no `$answer`), one made against a model this snapshot does not hold, or a part it
   * does not know.
   */
  decode<T>(answer: unknown, snap: PartSnapshot): T {
    if (answer === null || typeof answer !== 'object' || Array.isArray(answer) || typeof (answer as AnswerNames).$answer !== 'string') throw new Error('panels: the answer is not a parts answer (no $answer)');
    const names = answer as AnswerNames & Record<string, unknown>;
    if (names.$base !== undefined && (names.$base !== snap.base || snap.model === null)) throw new Error(`panels: the answer is against answer ${String(names.$base)}, which this client does not hold`);
    const held = snap.held;
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
    const schemas = this.schemas;
    /** A rows array's schema: `{ $part, value }` the first time, `{ $part }` after. */
    const schemaOf = (v: unknown): unknown => {
      const o = (v !== null && typeof v === 'object' ? v : {}) as Record<string, unknown>;
      const id = o.$part;
      if (typeof id !== 'string') throw new Error('panels: rows in the answer name no schema');
      if ('value' in o) {
        if (!Array.isArray(o.value)) throw new Error(`panels: schema ${id} in the answer is not a list`);
        schemas.set(id, o.value);
        return o.value;
      }
      const known = schemas.get(id);
      if (!known) throw new Error(`panels: the answer names schema ${id}, which this client does not hold`);
      return known;
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
      const s = collected(() => placementOf(o, schemaOf));
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
    /** The rows `from` with the rows at the indexes `changes` names (index, value pairs) replaced. */
    const changedRows = (base: Held, changes: readonly unknown[]): Held => {
      const p = placements.get(base.value as readonly FieldRow[]);
      if (!p) throw new Error('panels: the answer changes rows this client holds in another form');
      const rows = [...(base.value as readonly FieldRow[])];
      const byKey = new Map(base.byKey ?? [['', base.inner]]);
      for (const [k, x] of indexPairs(changes, rows.length)) {
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
        else if (typeof o.from === 'string' && o.rows !== undefined) h = changedRows(lookup(o.from), listOf(o.rows));
        else if (typeof o.from === 'string' && o.at !== undefined) h = changed(lookup(o.from), Object.fromEntries(indexPairs(listOf(o.at), Infinity)), []);
        else if (typeof o.from === 'string') h = changed(lookup(o.from), (o.set ?? {}) as Record<string, unknown>, Array.isArray(o.unset) ? o.unset : []);
        else h = lookup(id);
        keep(id, h);
        return h.value;
      }
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(o)) out[k] = walk(x);
      return out;
    };
    const model: Record<string, unknown> = {};
    const members = new Map<string, readonly string[]>();
    for (const k in names) {
      if (k === '$answer' || k === '$base') continue;
      const m = collected(() => walk(names[k]));
      model[k] = m.value;
      members.set(k, m.ids);
    }
    // The members the answer left out are the ones the client holds, with their parts.
    if (names.$base !== undefined && snap.model !== null) {
      for (const k in snap.model) {
        if (k in model) continue;
        model[k] = snap.model[k];
        const ids = snap.members.get(k) ?? [];
        for (const id of ids) {
          const h = held.get(id);
          if (h) keep(id, h);
        }
        members.set(k, ids);
      }
    }
    this.last = { base: names.$answer, model, held: live, members };
    return model as T;
  }

  /**
   * The answer was made before the last one this client decoded, by the same adapter: a reply
   * that a push or a later answer overtook on the way (follow.ts). Its model is of an earlier
   * moment than the one shown; decoding it would show that again.
   */
  overtaken(answer: unknown): boolean {
    const now = answerOrder(this.last.base);
    const that = answerOrder(answer !== null && typeof answer === 'object' ? (answer as Partial<AnswerNames>).$answer : undefined);
    return now !== null && that !== null && that.adapter === now.adapter && that.n <= now.n;
  }

  clear(): void {
    this.last = EMPTY;
    this.schemas = new Map();
  }
}

/** The adapter an answer name is from (its part prefix) and the answer's number there; null for anything else. */
function answerOrder(name: unknown): { readonly adapter: string; readonly n: number } | null {
  if (typeof name !== 'string') return null;
  const colon = name.lastIndexOf(':');
  const n = Number(name.slice(colon + 1));
  return colon > 0 && Number.isSafeInteger(n) && n > 0 ? { adapter: name.slice(0, colon), n } : null;
}

const EMPTY: PartSnapshot = { base: null, model: null, held: new Map(), members: new Map() };
