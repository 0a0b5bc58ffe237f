/**
 * Modified indirect-data-address word (PoO "Modified Indirect Data Addressing"; Linux
 * asm/idals.h has none, QEMU hw/s390x/css.c `MIDAW` flags). 16 bytes, quadword aligned:
 * bits 0-39 reserved, 40-47 flags, 48-63 count, 64-127 data address.
 */
import { field, maskNames, structure } from './field';

/** MIDAW flag byte (bits 40-47): last MIDAW, skip, data-transfer-interruption control. */
export const MIDAW_FLAGS = maskNames({ LAST: 0x80, SKIP: 0x40, DTI: 0x20 });

export const MIDAW = structure('MIDAW', 16, [
  field('reserved', { byte: 0, bits: [0, 31], doc: 'reserved (bits 0-31, must be zero)' }),
  field('reserved2', { byte: 4, bits: [0, 7], doc: 'reserved (bits 32-39, must be zero)' }),
  field('flags', { byte: 5, bits: [0, 7], doc: 'flags: last, skip, data-transfer-interruption control', names: MIDAW_FLAGS }),
  field('count', { byte: 6, bits: [0, 15], doc: 'byte count', format: 'dec' }),
  field('address', { byte: 8, bits: [0, 63], doc: 'data address (64-bit)', format: 'address' }),
] as const);
