/**
 * The records a freshly initialised CKD volume carries on cylinder 0 head 0: the IPL1 record
 * (an IPL PSW and two format-0 CCWs) and the standard volume label VOL1 (z/OS DFSMS
 * "standard volume label" layout; bytes as Hercules 3.13's dasdinit writes them, see the oracle
 * case v_fresh_volume).
 */
import { bytes, field, nested, structure } from './field';
import { CCW0 } from './ccw';

/** Data of record 1 (key IPL1): what the IPL reads into absolute 0. */
export const IPL1_RECORD = structure('IPL1 record', 24, [
  bytes('psw', { offset: 0, length: 8, doc: 'initial PSW, loaded when the IPL chain ends' }),
  nested('ccw1', CCW0, { offset: 8, doc: 'first CCW the IPL chains to (format 0)' }),
  nested('ccw2', CCW0, { offset: 16, doc: 'second CCW the IPL chains to (format 0)' }),
] as const);

/** Data of record 3 (key VOL1): the 80-byte standard volume label, EBCDIC text. */
export const VOL1_LABEL = structure('VOL1 label', 80, [
  bytes('labelId', { offset: 0, length: 3, doc: 'label identifier, EBCDIC "VOL"' }),
  bytes('labelNumber', { offset: 3, length: 1, doc: 'label number, EBCDIC "1"' }),
  bytes('volser', { offset: 4, length: 6, doc: 'volume serial number, EBCDIC, blank padded' }),
  field('security', { byte: 10, doc: 'volume security byte (Hercules 3.13 writes a blank)' }),
  field('vtocCc', { byte: 11, bits: [0, 15], doc: 'VTOC address: cylinder', format: 'dec' }),
  field('vtocHh', { byte: 13, bits: [0, 15], doc: 'VTOC address: head', format: 'dec' }),
  field('vtocR', { byte: 15, doc: 'VTOC address: record', format: 'dec' }),
  bytes('reserved1', { offset: 16, length: 25, doc: 'reserved (blanks)' }),
  bytes('owner', { offset: 41, length: 14, doc: 'owner name and address code, EBCDIC' }),
  bytes('reserved2', { offset: 55, length: 25, doc: 'reserved (blanks)' }),
] as const);
