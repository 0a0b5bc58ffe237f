/**
 * Modified indirect data addressing (PoO "Modified Indirect Data Addressing"; ORB D = 1 and the
 * CCW's MIDA flag): the CCW's data address designates a list of 16-byte MIDAWs, each giving a
 * 64-bit data address, a count and flags (last, skip, data-transfer interruption). The checks
 * and their order follow the architecture as Hercules' channel.c applies it (read there for
 * the facts; QEMU does not implement MIDAWs):
 *  - the list is quadword aligned, inside storage, and does not cross a 4K boundary after its
 *    first MIDAW; a fetch-protected MIDAW is a protection check;
 *  - reserved bits 0-39 are zero; the count is not zero; the data area is inside storage and,
 *    unless the MIDAW skips, does not cross a 4K boundary (read backward: below its address);
 *  - no MIDAW count exceeds what is left of the CCW count, and the list does not end (last
 *    flag) before the CCW count is used up;
 *  - the data-transfer-interruption flag is a program check (as in Hercules; the channel has
 *    no transport-mode data-transfer interruption to give in command mode).
 */
import { MIDAW, MIDAW_FLAGS, SCS } from '../arch';
import type { AddressingCheck, DataArea } from './dataAddressing';
import type { ChannelStorage } from './storage';

const FRAME = 4096;

/** Offsets of the MIDAW fields, from the one field table (src/arch/midaw.ts). */
const FLAGS_AT = MIDAW.offsetOf('flags');
/** The flag bits, by their names in the MIDAW table. */
const flag = (name: string): number => MIDAW_FLAGS.names[name] ?? 0;
const LAST = flag('LAST');
const SKIP = flag('SKIP');
const DTI = flag('DTI');
const COUNT_AT = MIDAW.offsetOf('count');
const ADDRESS_AT = MIDAW.offsetOf('address');

export function resolveMidaws(storage: ChannelStorage, key: number, cda: number, count: number, backward: boolean): DataArea[] | AddressingCheck {
  const at = (a: number) => `X'${a.toString(16).toUpperCase()}'`;
  if (cda % 16 !== 0) return { cstat: SCS.PGMCHK, reason: `MIDAW list address ${at(cda)} is not quadword aligned` };
  const areas: DataArea[] = [];
  let remaining = count;
  let midawAddress = cda;
  for (let seq = 0; remaining > 0; seq++) {
    if (seq > 0 && midawAddress % FRAME === 0) return { cstat: SCS.PGMCHK, reason: `MIDAW list crosses the 4K boundary at ${at(midawAddress)}` };
    const raw = storage.fetch(midawAddress, 16, key);
    if (raw === 'protection') return { cstat: SCS.PROTCHK, reason: `MIDAW at ${at(midawAddress)} is fetch protected for key ${key}` };
    if (raw === 'addressing') return { cstat: SCS.PGMCHK, reason: `MIDAW at ${at(midawAddress)} is outside storage` };
    if (raw[0] !== 0 || raw[1] !== 0 || raw[2] !== 0 || raw[3] !== 0 || raw[4] !== 0) {
      return { cstat: SCS.PGMCHK, reason: `MIDAW at ${at(midawAddress)} has reserved bits 0-39 set` };
    }
    const flags = raw[FLAGS_AT] as number;
    const length = ((raw[COUNT_AT] as number) << 8) | (raw[COUNT_AT + 1] as number);
    const high = new DataView(raw.buffer, raw.byteOffset + ADDRESS_AT, 8).getUint32(0);
    const low = new DataView(raw.buffer, raw.byteOffset + ADDRESS_AT, 8).getUint32(4);
    if ((flags & DTI) !== 0) return { cstat: SCS.PGMCHK, reason: `MIDAW at ${at(midawAddress)} asks for a data-transfer interruption` };
    if (length === 0) return { cstat: SCS.PGMCHK, reason: `MIDAW at ${at(midawAddress)} has count 0` };
    const skip = (flags & SKIP) !== 0;
    // A 64-bit address beyond what a JavaScript number holds exactly is outside any storage.
    const address = high * 0x1_0000_0000 + low;
    const lowest = backward ? address - length + 1 : address;
    if (high >= 0x20_0000 || lowest < 0 || !storage.valid(lowest, length)) {
      return { cstat: SCS.PGMCHK, reason: `MIDAW data area at ${at(address)} (${length} bytes) is outside storage` };
    }
    const room = backward ? (address % FRAME) + 1 : FRAME - (address % FRAME);
    if (!skip && length > room) return { cstat: SCS.PGMCHK, reason: `MIDAW data area at ${at(address)} (${length} bytes) crosses a 4K boundary` };
    if (length > remaining) return { cstat: SCS.PGMCHK, reason: `MIDAW at ${at(midawAddress)} counts ${length} bytes but only ${remaining} of the CCW count are left` };
    areas.push(skip ? { address: lowest, length, skip } : { address: lowest, length });
    remaining -= length;
    midawAddress += 16;
    if ((flags & LAST) !== 0 && remaining > 0) {
      return { cstat: SCS.PGMCHK, reason: `the MIDAW list ends (last flag) with ${remaining} bytes of the CCW count left` };
    }
  }
  return areas;
}
