/**
 * A panel is not built again when what it is built from did not change. Most of a stop's panels
 * show what the previous stop showed (a CCW step changes one SCSW, not the regions of the other
 * device, the DASD geometry or the translated program), and comparing a panel's inputs (a few
 * dozen bytes and numbers) costs far less than building the panel and comparing that.
 *
 * A panel is a pure function of its inputs, so the same inputs give the panel built before (the
 * same object, so the same part id: parts.ts). The inputs are a flat list (inputs()): primitives
 * and typed arrays compared by value, any other object by identity (an immutable translated
 * program, a program image); plain data the machine mutates in place is flattened into it.
 */

export class Memo<T> {
  private readonly last = new Map<string, { readonly inputs: readonly unknown[]; readonly output: T }>();

  /** The output built for `place` when its inputs were the same as now; else `build()`, remembered. */
  get(place: string, inputs: readonly unknown[], build: () => T): T {
    const hit = this.last.get(place);
    if (hit && sameInputs(hit.inputs, inputs)) return hit.output;
    const output = build();
    this.last.delete(place);
    // Typed arrays are the machine's live bytes: kept as a copy, so later writes do not reach it.
    this.last.set(place, { inputs: inputs.map((x) => (ArrayBuffer.isView(x) ? (x as Uint8Array).slice() : x)), output });
    if (this.last.size > LIMIT) this.last.delete(this.last.keys().next().value as string);
    return output;
  }
}

/** Places per panel kind (devices, subchannels): a session has few. */
const LIMIT = 256;

/**
 * `values` flattened into `out`: primitives and typed arrays as they are; arrays and plain
 * objects member by member (their keys and lengths too, so a different shape is a different
 * list). For state the machine mutates in place (a decoded PMCW, a device snapshot).
 */
export function inputs(out: unknown[], ...values: readonly unknown[]): unknown[] {
  for (const v of values) flatten(v, out);
  return out;
}

function flatten(v: unknown, out: unknown[]): void {
  if (v === null || typeof v !== 'object' || ArrayBuffer.isView(v)) {
    out.push(v);
    return;
  }
  if (Array.isArray(v)) {
    out.push(v.length);
    for (const x of v) flatten(x, out);
    return;
  }
  for (const k of Object.keys(v)) {
    out.push(k);
    flatten((v as Record<string, unknown>)[k], out);
  }
}

function sameInputs(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (!ArrayBuffer.isView(x) || !ArrayBuffer.isView(y) || !sameBytes(x as Uint8Array, y as Uint8Array)) return false;
  }
  return true;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length || a.constructor !== b.constructor) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
