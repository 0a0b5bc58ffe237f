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
import { decodeRows, encodeRows, isWireRows } from './schema';
import { markShared, partId } from './shared';

export { markShared };

/** An object the answer names instead of repeating (`value` when the client did not have it). */
export interface PartRef {
  readonly $part: string;
  readonly value?: unknown;
}

/** The model to send: shared objects the client has become `{ $part }`, the others `{ $part, value }`. */
export function encodeParts(model: unknown, have: ReadonlySet<string>): unknown {
  const walk = (v: unknown): unknown => {
    if (v === null || typeof v !== 'object') return v;
    const id = partId(v);
    if (id !== undefined && have.has(id)) return { $part: id };
    let copy: unknown;
    if (Array.isArray(v)) copy = encodeRows(v, walk) ?? v.map(walk);
    else {
      const o: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) if (x !== undefined) o[k] = walk(x);
      copy = o;
    }
    return id !== undefined ? { $part: id, value: copy } : copy;
  };
  return walk(model);
}

export interface Held {
  readonly value: unknown;
  /** Ids of the parts inside it (kept as long as it is). */
  readonly inner: readonly string[];
}

/**
 * The client's parts: those of the last decoded answer. Each request takes a snapshot (`have`
 * and the map it decodes against), so two answers in flight decode against what each asked with.
 */
export class PartCache {
  private held: ReadonlyMap<string, Held> = new Map();

  /** What to send as `have`, and what to decode the answer with. */
  snapshot(): { readonly have: string[]; readonly held: ReadonlyMap<string, Held> } {
    return { have: [...this.held.keys()], held: this.held };
  }

  /** The full model from an answer; keeps exactly the parts it holds. Throws on a part it does not know. */
  decode<T>(answer: unknown, held: ReadonlyMap<string, Held>): T {
    const live = new Map<string, Held>();
    const keep = (id: string, h: Held): void => {
      if (live.has(id)) return;
      live.set(id, h);
      for (const i of h.inner) {
        const inner = held.get(i) ?? live.get(i);
        if (inner) keep(i, inner);
      }
    };
    // The ids met inside the part being decoded, innermost last.
    const collecting: string[][] = [];
    const walk = (v: unknown): unknown => {
      if (v === null || typeof v !== 'object') return v;
      if (Array.isArray(v)) return v.map(walk);
      const o = v as Record<string, unknown>;
      if (isWireRows(o)) return decodeRows(o, walk);
      if (typeof o.$part === 'string') {
        const id = o.$part;
        collecting[collecting.length - 1]?.push(id);
        if ('value' in o) {
          collecting.push([]);
          const value = walk(o.value);
          const inner = collecting.pop() ?? [];
          keep(id, { value, inner });
          return value;
        }
        const h = live.get(id) ?? held.get(id);
        if (!h) throw new Error(`panels: the answer names part ${id}, which this client does not hold`);
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
