/**
 * Changed-value highlighting: which rows of a panel show another value than at the previous
 * stop. The mark stays until the next stop (memview semantics), so it is computed once per stop
 * from the two models, never on a repaint.
 */
import type { FieldRow } from './fieldRows';
import { leaves } from './fieldRows';

/** The comparable value of a row: its bits (numbers) or bytes. */
export function valueOf(row: FieldRow): string {
  return row.hex ?? row.bytes ?? row.text;
}

/** Row key → value, for every leaf. */
export function valuesOf(rows: readonly FieldRow[]): Map<string, string> {
  return new Map(leaves(rows).map((r) => [r.key, valueOf(r)]));
}

/**
 * Keys whose value differs from `previous`, with the value they had; a key the previous stop did
 * not have (a region that appeared) is not a change. Parents of changed rows are listed with ''.
 */
export function changedRows(previous: ReadonlyMap<string, string>, rows: readonly FieldRow[]): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (list: readonly FieldRow[]): boolean => {
    let any = false;
    for (const r of list) {
      if (r.children) {
        if (walk(r.children)) {
          out.set(r.key, '');
          any = true;
        }
        continue;
      }
      const was = previous.get(r.key);
      if (was !== undefined && was !== valueOf(r)) {
        out.set(r.key, was);
        any = true;
      }
    }
    return any;
  };
  walk(rows);
  return out;
}
