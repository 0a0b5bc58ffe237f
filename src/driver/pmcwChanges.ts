/**
 * MSCH's `field=value` operands (LANGUAGE.md: PMCW fields by their PoO names) applied to a
 * stored SCHIB through the arch tables. Values that do not fit are reported, never thrown.
 */
import { MSCH_FIELDS, PMCW, SCHIB } from '../arch';
import type { PmcwChange } from '../asm/image';

/** The SCHIB with the changes made, or why it cannot be made. */
export function applyPmcwChanges(schib: Uint8Array, changes: readonly PmcwChange[]): Uint8Array | string {
  const out = schib.slice();
  const pmcwAt = SCHIB.offsetOf('pmcw');
  for (const change of changes) {
    const name = change.field.toUpperCase();
    try {
      const target = MSCH_FIELDS[name];
      if (!target) return `MSCH: ${change.field} is not a program-modifiable PMCW field (${Object.keys(MSCH_FIELDS).join(' ')})`;
      if (target.table === 'SCHIB') SCHIB.set(out, 0, target.field, change.value);
      else PMCW.set(out, pmcwAt, target.field, change.value);
    } catch {
      return `MSCH: ${change.field}=${change.value} does not fit the field`;
    }
  }
  return out;
}
