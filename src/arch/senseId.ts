/**
 * Sense ID (command X'E4') response: 8 bytes of identification followed by command-information
 * words (common I/O architecture; Linux asm/ccwdev.h struct senseid and struct ciw; QEMU
 * SenseId). Reference eckd-dasd.md 1.4.
 */
import { field, nested, structure, valueNames, type Structure } from './field';

export const CIW_TYPE = valueNames({
  'READ CONFIGURATION DATA': 0,
  'SET INTERFACE IDENTIFIER': 1,
  'READ NODE IDENTIFIER': 2,
});

/** A command-information word: which command performs a function, with what byte count. */
export const CIW = structure('CIW', 4, [
  field('et', { byte: 0, bits: [0, 1], doc: 'entry type (01 = CIW)', format: 'bin' }),
  field('reserved', { byte: 0, bits: [2, 3], doc: 'reserved' }),
  field('ciwType', { byte: 0, bits: [4, 7], doc: 'function the command performs', names: CIW_TYPE }),
  field('command', { byte: 1, doc: 'command code' }),
  field('count', { byte: 2, bits: [0, 15], doc: 'byte count', format: 'dec' }),
] as const);

export type Ciw = ReturnType<typeof CIW.decode>;

const SENSE_ID_HEADER_FIELDS = [
  field('reserved', { byte: 0, doc: 'always X\'FF\'' }),
  field('cuType', { byte: 1, bits: [0, 15], doc: 'control unit type' }),
  field('cuModel', { byte: 3, doc: 'control unit model' }),
  field('deviceType', { byte: 4, bits: [0, 15], doc: 'device type' }),
  field('deviceModel', { byte: 6, doc: 'device model' }),
  field('unused', { byte: 7, doc: 'zero' }),
] as const;

/** The 8-byte identification at the start of every extended Sense ID response. */
export const SENSE_ID_HEADER = structure('Sense ID', 8, SENSE_ID_HEADER_FIELDS);

const withCiws = new Map<number, Structure<unknown>>();

/** The table of a Sense ID response carrying `ciwCount` CIWs (8 + 4 × ciwCount bytes). */
export function senseIdStructure(ciwCount: number): Structure<unknown> {
  let s = withCiws.get(ciwCount);
  if (!s) {
    const ciws = Array.from({ length: ciwCount }, (_, i) => nested(`ciw${i + 1}`, CIW, { offset: 8 + 4 * i, doc: `command-information word ${i + 1}` }));
    s = structure('Sense ID', 8 + 4 * ciwCount, [...SENSE_ID_HEADER_FIELDS, ...ciws]) as Structure<unknown>;
    withCiws.set(ciwCount, s);
  }
  return s;
}
