/**
 * Indirect-data-address words (PoO "Indirect Data Addressing"; Linux asm/idals.h).
 * Format 1: 4 bytes, bit 0 zero, 31-bit address. Format 2: 8 bytes, 64-bit address.
 */
import { field, structure } from './field';

export const IDAW1 = structure('IDAW1', 4, [
  field('address', { word: 0, doc: 'data address (31-bit; bit 0 must be zero)', format: 'address' }),
] as const);

export const IDAW2 = structure('IDAW2', 8, [
  field('address', { word: 0, bits: [0, 63], doc: 'data address (64-bit)', format: 'address' }),
] as const);
