/**
 * The ESA/390 program-status word, 8 bytes: the format of the IPL PSW that initial program
 * loading reads into absolute 0-7 and loads (PoO "Initial Program Loading"; ESA/390 PoO
 * SA22-7201 "Program-Status Word", "Exceptions Associated with the PSW"). Bit numbers count
 * from the leftmost bit of the doubleword (word 0 bits 0-31, word 1 bits 32-63).
 */
import { field, flag, hex, structure, type Decoded } from './field';

const PSW_FIELDS = [
  field('bit0', { word: 0, bits: [0, 0], doc: 'unassigned, must be zero' }),
  flag('R', { word: 0, bit: 1, doc: 'PER mask' }),
  field('bits2to4', { word: 0, bits: [2, 4], doc: 'unassigned, must be zero' }),
  flag('T', { word: 0, bit: 5, doc: 'DAT mode' }),
  flag('IO', { word: 0, bit: 6, doc: 'I/O mask' }),
  flag('EX', { word: 0, bit: 7, doc: 'external mask' }),
  field('key', { word: 0, bits: [8, 11], doc: 'PSW key' }),
  flag('ESA', { word: 0, bit: 12, doc: 'must be one in the ESA/390 format (zero is the S/370 BC-mode format)' }),
  flag('M', { word: 0, bit: 13, doc: 'machine-check mask' }),
  flag('W', { word: 0, bit: 14, doc: 'wait state' }),
  flag('P', { word: 0, bit: 15, doc: 'problem state' }),
  field('as', { word: 0, bits: [16, 17], doc: 'address-space control' }),
  field('cc', { word: 0, bits: [18, 19], doc: 'condition code' }),
  field('programMask', { word: 0, bits: [20, 23], doc: 'program mask' }),
  field('bits24to31', { word: 0, bits: [24, 31], doc: 'unassigned, must be zero' }),
  flag('A', { word: 1, bit: 0, doc: 'addressing mode: 1 = 31-bit, 0 = 24-bit (PSW bit 32)' }),
  field('ia', { word: 1, bits: [1, 31], doc: 'instruction address (PSW bits 33-63)' }),
] as const;

export const PSW = structure('PSW', 8, PSW_FIELDS);

export type Psw = Decoded<typeof PSW_FIELDS>;

/**
 * The format errors a PSW being loaded is checked for (ESA/390 PoO "Exceptions Associated with
 * the PSW", early exception recognition; Hercules' s390_load_psw checks the same): a one in an
 * unassigned bit (0, 2-4, 24-31), a zero in bit 12, or 24-bit mode (bit 32 zero) with an
 * instruction address beyond 24 bits (bits 33-39 not all zeros). Empty when the PSW is valid.
 */
export function pswFormatErrors(bytes: Uint8Array): string[] {
  const psw = PSW.decode(bytes);
  const errors: string[] = [];
  if (psw.bit0 !== 0) errors.push('bit 0 is one (unassigned)');
  if (psw.bits2to4 !== 0) errors.push('bits 2-4 are not zero (unassigned)');
  if (psw.ESA !== 1) errors.push('bit 12 is zero (the ESA/390 format needs a one; zero is the S/370 BC-mode format)');
  if (psw.bits24to31 !== 0) errors.push('bits 24-31 are not zero (unassigned)');
  if (psw.A === 0 && psw.ia > 0x00ff_ffff) errors.push(`24-bit mode (bit 32 zero) with instruction address X'${hex(psw.ia, 8)}' beyond 24 bits (bits 33-39 not zero)`);
  return errors;
}
