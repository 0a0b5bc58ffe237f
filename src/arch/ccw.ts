/**
 * Channel-command words (PoO "Channel-Command Word"; Linux asm/cio.h struct ccw0/ccw1).
 * Both formats are 8 bytes, doubleword aligned; the flags byte has the same bits in both.
 */
import { field, structure, type Decoded } from './field';
import { CCW_FLAGS } from './status';

const CCW1_FIELDS = [
  field('cmd', { byte: 0, doc: 'command code' }),
  field('flags', { byte: 1, doc: 'flags: CD CC SLI SKIP PCI IDA S MIDA', names: CCW_FLAGS }),
  field('count', { byte: 2, bits: [0, 15], doc: 'byte count', format: 'dec' }),
  field('cda', { word: 1, doc: 'data address (31-bit; bit 0 must be zero)', format: 'address' }),
] as const;

/** Format-1 CCW: command, flags, count, 31-bit data address. */
export const CCW1 = structure('CCW1', 8, CCW1_FIELDS);

/** Format-0 CCW: command, 24-bit data address, flags, count. */
export const CCW0 = structure('CCW0', 8, [
  field('cmd', { byte: 0, doc: 'command code' }),
  field('cda', { word: 0, bits: [8, 31], doc: 'data address (24-bit)', format: 'address' }),
  field('flags', { byte: 4, doc: 'flags: CD CC SLI SKIP PCI IDA S MIDA', names: CCW_FLAGS }),
  field('reserved', { byte: 5, doc: 'ignored' }),
  field('count', { byte: 6, bits: [0, 15], doc: 'byte count', format: 'dec' }),
] as const);

/** A CCW in the common (format-1) shape, whichever format it was fetched in. */
export type Ccw = Decoded<typeof CCW1_FIELDS>;

/** Decodes the CCW at `offset` in the format the ORB F bit selects. */
export function decodeCcw(bytes: Uint8Array, offset: number, format1: boolean): Ccw {
  if (format1) return CCW1.decode(bytes, offset);
  const c = CCW0.decode(bytes, offset);
  return { cmd: c.cmd, flags: c.flags, count: c.count, cda: c.cda };
}

export function encodeCcw(ccw: Ccw, format1: boolean): Uint8Array {
  return format1 ? CCW1.encode(ccw) : CCW0.encode({ cmd: ccw.cmd, cda: ccw.cda, flags: ccw.flags, count: ccw.count });
}

/** The control command with no modifier bits: No Operation. */
export const NO_OPERATION = 0x03;

/** Command-code classes by the low-order bits (PoO "Command Code"; vfio_ccw_cp.c predicates). */
export type CommandClass = 'invalid' | 'write' | 'read' | 'read backward' | 'control' | 'sense' | 'tic';

export function commandClass(cmd: number, format1: boolean): CommandClass {
  const low = cmd & 0x0f;
  if (low === 0x00) return 'invalid';
  if (low === 0x08) return format1 && cmd !== 0x08 ? 'invalid' : 'tic';
  if (low === 0x04) return 'sense';
  if (low === 0x0c) return 'read backward';
  switch (cmd & 0x03) {
    case 0x01:
      return 'write';
    case 0x02:
      return 'read';
    default:
      return 'control';
  }
}
