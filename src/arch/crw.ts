/**
 * Channel-report word, 4 bytes (PoO "Channel-Report Word"; Linux arch/s390/include/asm/crw.h
 * struct crw; QEMU include/hw/s390x/ioinst.h CRW_FLAGS_MASK_*). STORE CHANNEL REPORT WORD
 * stores one; the channel subsystem queues them for channel-path and subchannel events.
 */
import { field, flag, structure, valueNames, type Decoded } from './field';

/** Reporting-source codes (Linux CRW_RSC_*). */
export const CRW_RSC = valueNames({ MONITOR: 0x2, SUBCHANNEL: 0x3, CHANNEL_PATH: 0x4, CONFIG_ALERT: 0x9, CSS: 0xb });

/** Error-recovery codes (Linux CRW_ERC_*). */
export const CRW_ERC = valueNames({
  EVENT: 0x00, // event information pending
  AVAIL: 0x01, // available
  INIT: 0x02, // initialized
  TERROR: 0x03, // temporary error
  IPI: 0x04, // installed parameters initialized
  TERM: 0x05, // terminal
  PERRN: 0x06, // permanent error, facility not initialized
  PERRI: 0x07, // permanent error, facility initialized
  PMOD: 0x08, // installed parameters modified
});

const CRW_FIELDS = [
  field('reserved0', { word: 0, bits: [0, 0], doc: 'reserved, zero' }),
  flag('S', { word: 0, bit: 1, doc: 'solicited' }),
  flag('R', { word: 0, bit: 2, doc: 'overflow: CRWs were lost because the queue was full' }),
  flag('C', { word: 0, bit: 3, doc: 'chaining: another CRW of the same report follows' }),
  field('rsc', { word: 0, bits: [4, 7], doc: 'reporting-source code', names: CRW_RSC }),
  flag('A', { word: 0, bit: 8, doc: 'ancillary report' }),
  field('reserved9', { word: 0, bits: [9, 9], doc: 'reserved, zero' }),
  field('erc', { word: 0, bits: [10, 15], doc: 'error-recovery code', names: CRW_ERC }),
  field('rsid', { word: 0, bits: [16, 31], doc: 'reporting-source ID (CHPID, subchannel number, …)' }),
] as const;

export const CRW = structure('CRW', 4, CRW_FIELDS);

export type Crw = Decoded<typeof CRW_FIELDS>;

export const RSC = CRW_RSC.names as Readonly<Record<'MONITOR' | 'SUBCHANNEL' | 'CHANNEL_PATH' | 'CONFIG_ALERT' | 'CSS', number>>;
export const ERC = CRW_ERC.names as Readonly<Record<'EVENT' | 'AVAIL' | 'INIT' | 'TERROR' | 'IPI' | 'TERM' | 'PERRN' | 'PERRI' | 'PMOD', number>>;
