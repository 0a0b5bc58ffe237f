/**
 * Extended-status word, 20 bytes at IRB offset 12 (PoO "Extended-Status Word"; Linux
 * asm/cio.h struct esw0/esw1, struct sublog, struct erw). Word 0 is the subchannel logout
 * in format 0 (SCSW L = 1); in formats 1-3 only its LPUM byte is used, at the same place.
 */
import { field, flag, structure } from './field';

export const ESW = structure('ESW', 20, [
  field('esf', { word: 0, bits: [1, 7], doc: 'extended-status flags (format 0)' }),
  field('lpum', { word: 0, bits: [8, 15], doc: 'last-path-used mask', format: 'bin' }),
  flag('arep', { word: 0, bit: 16, doc: 'ancillary report (format 0)' }),
  field('fvf', { word: 0, bits: [17, 21], doc: 'field-validity flags (format 0)' }),
  field('sacc', { word: 0, bits: [22, 23], doc: 'storage-access code (format 0)' }),
  field('termc', { word: 0, bits: [24, 25], doc: 'termination code (format 0)' }),
  flag('devsc', { word: 0, bit: 26, doc: 'device-status check (format 0)' }),
  flag('serr', { word: 0, bit: 27, doc: 'secondary error (format 0)' }),
  flag('ioerr', { word: 0, bit: 28, doc: 'I/O-error alert (format 0)' }),
  field('seqc', { word: 0, bits: [29, 31], doc: 'sequence code (format 0)' }),
  // Extended-report word (ERW), word 1.
  flag('erwL', { word: 1, bit: 1, doc: 'ERW L: request logging only' }),
  flag('erwE', { word: 1, bit: 2, doc: 'ERW E: extended-logout pending' }),
  flag('erwA', { word: 1, bit: 3, doc: 'ERW A: authorization check' }),
  flag('erwP', { word: 1, bit: 4, doc: 'ERW P: path verification required' }),
  flag('erwT', { word: 1, bit: 5, doc: 'ERW T: channel-path timeout' }),
  flag('erwF', { word: 1, bit: 6, doc: 'ERW F: failing-storage address valid' }),
  flag('erwS', { word: 1, bit: 7, doc: 'ERW S: concurrent sense (the ECW holds sense data)' }),
  flag('erwC', { word: 1, bit: 8, doc: 'ERW C: secondary-CCW address valid' }),
  flag('erwR', { word: 1, bit: 9, doc: 'ERW R: failing-storage-address format' }),
  field('scnt', { word: 1, bits: [10, 15], doc: 'ERW SCNT: sense byte count', format: 'dec' }),
  field('failingStorageAddress', { word: 2, bits: [0, 63], doc: 'failing-storage address', format: 'address' }),
  field('secondaryCcwAddress', { word: 4, doc: 'secondary-CCW address', format: 'address' }),
] as const);
