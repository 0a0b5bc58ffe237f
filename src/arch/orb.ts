/**
 * Operation-request block (PoO "Operation-Request Block"; Linux drivers/s390/cio/orb.h;
 * QEMU include/hw/s390x/ioinst.h). 32 bytes; command mode uses words 0-2, and vfio-ccw's
 * io region carries exactly those 12 bytes (`orb_area`).
 */
import { field, flag, structure, type Decoded } from './field';

/** Words 0-2: everything command mode uses. Shared by ORB and the io region's orb_area. */
const ORB_COMMAND_FIELDS = [
  field('intparm', { word: 0, doc: 'interruption parameter' }),
  field('key', { word: 1, bits: [0, 3], doc: 'subchannel key for all storage accesses' }),
  flag('S', { word: 1, bit: 4, doc: 'suspend control' }),
  flag('C', { word: 1, bit: 5, doc: 'streaming-mode control' }),
  flag('M', { word: 1, bit: 6, doc: 'modification control' }),
  flag('Y', { word: 1, bit: 7, doc: 'synchronization control' }),
  flag('F', { word: 1, bit: 8, doc: 'CCW format (1 = format 1)' }),
  flag('P', { word: 1, bit: 9, doc: 'prefetch control' }),
  flag('I', { word: 1, bit: 10, doc: 'initial-status-interruption control' }),
  flag('A', { word: 1, bit: 11, doc: 'address-limit-checking control' }),
  flag('U', { word: 1, bit: 12, doc: 'suppress-suspended-interruption control' }),
  flag('B', { word: 1, bit: 13, doc: 'channel-program type (1 = transport mode)' }),
  flag('H', { word: 1, bit: 14, doc: 'format-2-IDAW control' }),
  flag('T', { word: 1, bit: 15, doc: '2K-IDAW control' }),
  field('lpm', { word: 1, bits: [16, 23], doc: 'logical-path mask', format: 'bin' }),
  flag('L', { word: 1, bit: 24, doc: 'incorrect-length-suppression mode' }),
  flag('D', { word: 1, bit: 25, doc: 'modified-CCW-indirect-data-addressing control' }),
  field('reserved', { word: 1, bits: [26, 30], doc: 'must be zero' }),
  flag('X', { word: 1, bit: 31, doc: 'ORB-extension control' }),
  field('cpa', { word: 2, doc: 'channel-program address (bit 0 must be zero)', format: 'address' }),
] as const;

export const ORB = structure('ORB', 32, [
  ...ORB_COMMAND_FIELDS,
  field('cssPriority', { word: 3, bits: [0, 7], doc: 'channel-subsystem priority (X = 1)' }),
  field('cuPriority', { word: 3, bits: [16, 23], doc: 'control-unit priority (X = 1)' }),
  field('word3Reserved', { word: 3, bits: [8, 15], doc: 'reserved' }),
  field('word3Low', { word: 3, bits: [24, 31], doc: 'reserved' }),
  field('word4', { word: 4, doc: 'reserved' }),
  field('word5', { word: 5, doc: 'reserved' }),
  field('word6', { word: 6, doc: 'reserved' }),
  field('word7', { word: 7, doc: 'reserved' }),
] as const);

/** The 12 ORB bytes vfio-ccw's io region carries (uapi vfio_ccw.h ORB_AREA_SIZE). */
export const ORB_AREA = structure('orb_area', 12, ORB_COMMAND_FIELDS);

export type Orb = Decoded<typeof ORB_COMMAND_FIELDS>;
