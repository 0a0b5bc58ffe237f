/**
 * Path-management-control word and subchannel-information block (PoO "Subchannel-Information
 * Block"; Linux drivers/s390/cio/cio.h struct pmcw/schib; vfio-ccw SCHIB_AREA_SIZE 52).
 */
import { bytes, field, flag, nested, structure } from './field';
import { SCSW } from './scsw';

export const PMCW = structure('PMCW', 28, [
  field('intparm', { word: 0, doc: 'interruption parameter' }),
  flag('Q', { word: 1, bit: 0, doc: 'QDIO facility' }),
  flag('W', { word: 1, bit: 1, doc: 'reserved (Linux: w)' }),
  field('isc', { word: 1, bits: [2, 4], doc: 'interruption subclass', format: 'dec' }),
  field('reserved1', { word: 1, bits: [5, 7], doc: 'must be zero for MSCH' }),
  flag('E', { word: 1, bit: 8, doc: 'enabled' }),
  field('lm', { word: 1, bits: [9, 10], doc: 'limit mode' }),
  field('mm', { word: 1, bits: [11, 12], doc: 'measurement-mode enable' }),
  flag('D', { word: 1, bit: 13, doc: 'multipath mode' }),
  flag('T', { word: 1, bit: 14, doc: 'timing facility' }),
  flag('V', { word: 1, bit: 15, doc: 'device number valid' }),
  field('devno', { word: 1, bits: [16, 31], doc: 'device number' }),
  field('lpm', { word: 2, bits: [0, 7], doc: 'logical-path mask', format: 'bin' }),
  field('pnom', { word: 2, bits: [8, 15], doc: 'path-not-operational mask', format: 'bin' }),
  field('lpum', { word: 2, bits: [16, 23], doc: 'last-path-used mask', format: 'bin' }),
  field('pim', { word: 2, bits: [24, 31], doc: 'path-installed mask', format: 'bin' }),
  field('mbi', { word: 3, bits: [0, 15], doc: 'measurement-block index' }),
  field('pom', { word: 3, bits: [16, 23], doc: 'path-operational mask', format: 'bin' }),
  field('pam', { word: 3, bits: [24, 31], doc: 'path-available mask', format: 'bin' }),
  bytes('chpids', { offset: 16, length: 8, doc: 'channel-path identifiers 0-7' }),
  field('zone', { word: 6, bits: [0, 7], doc: 'reserved' }),
  field('st', { word: 6, bits: [8, 10], doc: 'subchannel type (0 = I/O)' }),
  field('reserved6', { word: 6, bits: [11, 28], doc: 'reserved' }),
  flag('F', { word: 6, bit: 29, doc: 'measurement-block format control' }),
  flag('X', { word: 6, bit: 30, doc: 'extended-measurement-word mode enable' }),
  flag('S', { word: 6, bit: 31, doc: 'concurrent sense' }),
] as const);

export const SCHIB = structure('SCHIB', 52, [
  nested('pmcw', PMCW, { offset: 0, doc: 'path-management-control word' }),
  nested('scsw', SCSW, { offset: 28, doc: 'subchannel-status word' }),
  field('mba', { byte: 40, bits: [0, 63], doc: 'measurement-block address', format: 'address' }),
  bytes('mda', { offset: 48, length: 4, doc: 'model-dependent area' }),
] as const);

export type Pmcw = ReturnType<typeof PMCW.decode>;
export type Schib = ReturnType<typeof SCHIB.decode>;

/**
 * The SCHIB fields MODIFY SUBCHANNEL takes from the program, by their PoO names (LANGUAGE.md's
 * `MSCH devno,field=value`) → the PMCW field of the table above; MBA is the SCHIB's own
 * measurement-block address. The assembler checks MSCH operands and the driver applies them
 * with this one map.
 */
export const MSCH_FIELDS: Readonly<Record<string, { readonly table: 'PMCW' | 'SCHIB'; readonly field: string }>> = {
  INTPARM: { table: 'PMCW', field: 'intparm' },
  ISC: { table: 'PMCW', field: 'isc' },
  E: { table: 'PMCW', field: 'E' },
  LM: { table: 'PMCW', field: 'lm' },
  MM: { table: 'PMCW', field: 'mm' },
  D: { table: 'PMCW', field: 'D' },
  MBI: { table: 'PMCW', field: 'mbi' },
  LPM: { table: 'PMCW', field: 'lpm' },
  POM: { table: 'PMCW', field: 'pom' },
  F: { table: 'PMCW', field: 'F' },
  X: { table: 'PMCW', field: 'X' },
  S: { table: 'PMCW', field: 'S' },
  MBA: { table: 'SCHIB', field: 'mba' },
};
