/**
 * The subchannel-identification word (general register 1 of the I/O instructions) and the
 * I/O-interruption code TEST PENDING INTERRUPTION stores (PoO "Subchannel-Identification
 * Word", "I/O-Interruption Code"; QEMU include/hw/s390x/ioinst.h IOINST_SCHID_*, hw/s390x/css.c
 * css_build_subchannel_id; Linux drivers/s390/cio/cio.h struct tpi_info).
 */
import { field, flag, nested, structure, type Decoded } from './field';

const SCHID_FIELDS = [
  field('cssid', { word: 0, bits: [0, 7], doc: 'channel-subsystem image ID (only with M = 1)' }),
  field('reserved', { word: 0, bits: [8, 11], doc: 'reserved, zero' }),
  flag('M', { word: 0, bit: 12, doc: 'multiple-channel-subsystem extension: CSSID valid' }),
  field('ssid', { word: 0, bits: [13, 14], doc: 'subchannel-set ID' }),
  flag('one', { word: 0, bit: 15, doc: 'must be one' }),
  field('schno', { word: 0, bits: [16, 31], doc: 'subchannel number' }),
] as const;

export const SCHID = structure('subchannel-identification word', 4, SCHID_FIELDS);
export type SchId = Decoded<typeof SCHID_FIELDS>;

/** The word for subchannel `schno` of subchannel set 0 in the only channel-subsystem image. */
export function subchannelId(schno: number): Uint8Array {
  return SCHID.encode({ one: 1, schno });
}

/** Why a subchannel-identification word is an operand exception, or null (QEMU ioinst_disassemble_sch_ident). */
export function schidOperandCheck(word: SchId): string | null {
  if (word.one !== 1) return 'subchannel-identification word bit 15 must be one';
  if (word.reserved !== 0) return 'subchannel-identification word bits 8-11 must be zero';
  if (word.M === 0 && word.cssid !== 0) return 'CSSID is nonzero but M = 0';
  return null;
}

/** Word 2 of the I/O-interruption code: the interruption-identification word. */
const INTERRUPTION_ID_FIELDS = [
  flag('A', { word: 0, bit: 0, doc: 'adapter interruption' }),
  flag('directed', { word: 0, bit: 1, doc: 'directed interruption (Linux tpi_info)' }),
  field('isc', { word: 0, bits: [2, 4], doc: 'interruption subclass', format: 'dec' }),
  field('type', { word: 0, bits: [17, 19], doc: 'subchannel type (Linux tpi_info)' }),
] as const;

export const INTERRUPTION_ID = structure('interruption-identification word', 4, INTERRUPTION_ID_FIELDS);

const IO_INTERRUPTION_CODE_FIELDS = [
  nested('schid', SCHID, { offset: 0, doc: 'subchannel-identification word' }),
  field('intparm', { word: 1, doc: 'interruption parameter' }),
  nested('id', INTERRUPTION_ID, { offset: 8, doc: 'interruption-identification word' }),
] as const;

/** The 3-word I/O-interruption code (TPI with operand 0 stores it at real 184-195). */
export const IO_INTERRUPTION_CODE = structure('I/O-interruption code', 12, IO_INTERRUPTION_CODE_FIELDS);
export type IoInterruptionCode = Decoded<typeof IO_INTERRUPTION_CODE_FIELDS>;
