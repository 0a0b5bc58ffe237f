/**
 * Where a CCW's data goes in storage: direct addressing, or an indirect-data-address list
 * (PoO "Indirect Data Addressing"). Format-1 IDAWs are 4 bytes with 2K blocks; format-2
 * IDAWs (ORB H = 1) are 8 bytes with 4K blocks, or 2K blocks when ORB T = 1. The first IDAW
 * may point anywhere in a block; every later one must point to a block boundary.
 */
import { SCS, readIdaw1, readIdaw2 } from '../arch';
import { resolveMidaws } from './midaw';
import type { ChannelStorage } from './storage';

export interface DataArea {
  readonly address: number;
  readonly length: number;
  /** A MIDAW with the skip flag: read data for this area is not stored. */
  readonly skip?: boolean;
}

/** A data-address failure, as the subchannel status it produces. */
export interface AddressingCheck {
  readonly cstat: number;
  readonly reason: string;
}

export interface IdaMode {
  /** ORB H: format-2 IDAWs. */
  readonly format2: boolean;
  /** ORB T: 2K blocks for format-2 IDAWs. */
  readonly twoK: boolean;
  /** The CCW's MIDA flag (with ORB D): the data address designates MIDAWs, not IDAWs. */
  readonly midaw?: boolean;
}

export function idaBlockSize(mode: IdaMode): number {
  return mode.format2 && !mode.twoK ? 4096 : 2048;
}

/**
 * The storage areas of a transfer of `count` bytes. For read backward (`backward`), each area
 * is given by its lowest address and the data is placed in descending order by the caller.
 */
export function resolveDataAreas(
  storage: ChannelStorage,
  key: number,
  cda: number,
  count: number,
  ida: IdaMode | null,
  format1: boolean,
  backward: boolean,
): DataArea[] | AddressingCheck {
  if (count === 0) return [];
  if (ida === null) {
    if (format1 && cda >= 0x8000_0000) return { cstat: SCS.PGMCHK, reason: `data address X'${cda.toString(16)}' has bit 0 set` };
    const low = backward ? cda - count + 1 : cda;
    if (low < 0 || !storage.valid(low, count)) {
      return { cstat: SCS.PGMCHK, reason: `data area X'${cda.toString(16).toUpperCase()}' (${count} bytes) is outside storage` };
    }
    return [{ address: low, length: count }];
  }

  if (ida.midaw === true) return resolveMidaws(storage, key, cda, count, backward);
  const idawSize = ida.format2 ? 8 : 4;
  if (cda % idawSize !== 0) return { cstat: SCS.PGMCHK, reason: `IDAL address X'${cda.toString(16)}' is not ${idawSize}-byte aligned` };
  const block = idaBlockSize(ida);
  const areas: DataArea[] = [];
  let remaining = count;
  let idawAddress = cda;
  let first = true;
  while (remaining > 0) {
    const raw = storage.fetch(idawAddress, idawSize, key);
    if (raw === 'protection') return { cstat: SCS.PROTCHK, reason: `IDAW at X'${idawAddress.toString(16)}' is fetch protected` };
    if (raw === 'addressing') return { cstat: SCS.PGMCHK, reason: `IDAW at X'${idawAddress.toString(16)}' is outside storage` };
    let address: number;
    if (ida.format2) {
      // The IDAW2/IDAW1 field tables' layout, read without the field walk (once per data block; test/unit/vfio/fastCodec.test.ts).
      address = readIdaw2(raw, 0);
    } else {
      address = readIdaw1(raw, 0);
      if (address >= 0x8000_0000) return { cstat: SCS.PGMCHK, reason: `format-1 IDAW X'${address.toString(16)}' has bit 0 set` };
    }
    let length: number;
    if (backward) {
      if (!first && (address + 1) % block !== 0) {
        return { cstat: SCS.PGMCHK, reason: `IDAW X'${address.toString(16)}' does not end a ${block}-byte block` };
      }
      length = Math.min(remaining, (address % block) + 1);
      areas.push({ address: address - length + 1, length });
    } else {
      if (!first && address % block !== 0) {
        return { cstat: SCS.PGMCHK, reason: `IDAW X'${address.toString(16)}' is not on a ${block}-byte boundary` };
      }
      length = Math.min(remaining, block - (address % block));
      areas.push({ address, length });
    }
    const last = areas[areas.length - 1] as DataArea;
    if (!storage.valid(last.address, last.length)) {
      return { cstat: SCS.PGMCHK, reason: `IDAW data address X'${address.toString(16)}' is outside storage` };
    }
    remaining -= length;
    idawAddress += idawSize;
    first = false;
  }
  return areas;
}

/**
 * Gathers write data from the areas; stops at the first fault. A MIDAW's skip flag does not
 * apply to output, as the CCW's SKIP flag does not (PoO "Skip").
 */
export function gather(storage: ChannelStorage, key: number, areas: readonly DataArea[], total: number): { data: Uint8Array; fault: number } {
  const data = new Uint8Array(total);
  let at = 0;
  for (const area of areas) {
    const bytes = storage.fetch(area.address, area.length, key);
    if (typeof bytes === 'string') return { data: data.subarray(0, at), fault: bytes === 'protection' ? SCS.PROTCHK : SCS.PGMCHK };
    data.set(bytes, at);
    at += area.length;
  }
  return { data, fault: 0 };
}

/** Scatters read data into the areas (descending for read backward); stops at the first fault. */
export function scatter(
  storage: ChannelStorage,
  key: number,
  areas: readonly DataArea[],
  data: Uint8Array,
  backward: boolean,
): { stored: number; fault: number } {
  let at = 0;
  for (const area of areas) {
    if (at >= data.length) break;
    const n = Math.min(area.length, data.length - at);
    if (area.skip === true) {
      // MIDAW skip: the bytes are taken from the device and not stored (they still count).
      at += n;
      continue;
    }
    let chunk = data.subarray(at, at + n);
    let address = area.address;
    if (backward) {
      // The first byte read goes to the highest address of the area.
      chunk = chunk.slice().reverse();
      address = area.address + area.length - n;
    }
    const fault = storage.store(address, chunk, key);
    if (fault) return { stored: at, fault: fault === 'protection' ? SCS.PROTCHK : SCS.PGMCHK };
    at += n;
  }
  return { stored: at, fault: 0 };
}
