/**
 * MSCH's `field=value` operands (LANGUAGE.md: PMCW fields by their PoO names) applied to a
 * stored SCHIB through the arch tables. Values that do not fit are reported, never thrown.
 */
import { PMCW, SCHIB } from '../arch';
import type { PmcwChange } from '../asm/image';

/** PoO name → PMCW table field (MBA is the SCHIB's measurement-block address). */
const PMCW_FIELD: Readonly<Record<string, string>> = {
  INTPARM: 'intparm',
  ISC: 'isc',
  E: 'E',
  LM: 'lm',
  MM: 'mm',
  D: 'D',
  MBI: 'mbi',
  LPM: 'lpm',
  POM: 'pom',
  F: 'F',
  X: 'X',
  S: 'S',
};

/** The SCHIB with the changes made, or why it cannot be made. */
export function applyPmcwChanges(schib: Uint8Array, changes: readonly PmcwChange[]): Uint8Array | string {
  const out = schib.slice();
  const pmcwAt = SCHIB.offsetOf('pmcw');
  for (const change of changes) {
    const name = change.field.toUpperCase();
    try {
      if (name === 'MBA') {
        SCHIB.set(out, 0, 'mba', change.value);
        continue;
      }
      const field = PMCW_FIELD[name];
      if (!field) return `MSCH: ${change.field} is not a program-modifiable PMCW field (INTPARM ISC E LM MM D MBI LPM POM F X S MBA)`;
      PMCW.set(out, pmcwAt, field, change.value);
    } catch {
      return `MSCH: ${change.field}=${change.value} does not fit the field`;
    }
  }
  return out;
}
