/**
 * Where a CCW's data goes in storage: direct addressing, or an indirect-data-address list
 * (PoO "Indirect Data Addressing"). Format-1 IDAWs are 4 bytes with 2K blocks; format-2
 * IDAWs (ORB H = 1) are 8 bytes with 4K blocks, or 2K blocks when ORB T = 1. The first IDAW
 * may point anywhere in a block; every later one must point to a block boundary.
 */
import { SCS, readIdaw1, readIdaw2 } from '../arch';
import { resolveMidaws } from './midaw';
import { FRAME_SIZE, type ChannelStorage, type StorageFault } from './storage';

export interface DataArea {
  readonly address: number;
  readonly length: number;
  /** A MIDAW with the skip flag: read data for this area is not stored. */
  readonly skip?: boolean;
  /**
   * Set when the area joins several IDAW blocks of this size (resolveIdal): after a fault the
   * area is split again at multiples of it, so the blocks before the fault still move.
   */
  readonly block?: number;
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
  return resolveIdal(storage, key, cda, count, ida.format2, idaBlockSize(ida), backward);
}

const NO_BYTES = new Uint8Array(0);

/**
 * The IDAL's areas. Runs every check per IDAW, in the order of the architecture, but reads the
 * IDAWs of one 4K frame with one fetch (one key check) and, reading forward, joins IDAW blocks
 * that follow each other in storage into one area marked with `block`: an IDAL over contiguous
 * storage (vfio-ccw's over pinned pages, a driver's over one buffer) then costs one copy, not one
 * per block. scatter and gather split a joined area into its blocks again when a store or fetch
 * faults, so a fault stores or fetches exactly what one area per IDAW would.
 */
function resolveIdal(
  storage: ChannelStorage,
  key: number,
  cda: number,
  count: number,
  format2: boolean,
  block: number,
  backward: boolean,
): DataArea[] | AddressingCheck {
  const idawSize = format2 ? 8 : 4;
  if (cda % idawSize !== 0) return { cstat: SCS.PGMCHK, reason: `IDAL address X'${cda.toString(16)}' is not ${idawSize}-byte aligned` };
  const areas: DataArea[] = [];
  // The IDAWs fetched so far: list[i] is the byte at listAt + i, up to listEnd.
  let list: Uint8Array = NO_BYTES;
  let listAt = 0;
  let listEnd = 0;
  // The area being joined (forward only): runLength 0 means none yet.
  let runAddress = 0;
  let runLength = 0;
  let joined = false;
  let remaining = count;
  let idawAddress = cda;
  let first = true;
  while (remaining > 0) {
    if (idawAddress >= listEnd) {
      // The rest of the IDAW's frame, but no more IDAWs than the count can still use. An aligned
      // IDAW never crosses a frame, and keys and storage end go by frames, so the longer fetch
      // faults exactly when this IDAW's does; if it faults anyway, this IDAW alone decides.
      const frameEnd = (Math.floor(idawAddress / FRAME_SIZE) + 1) * FRAME_SIZE;
      const want = Math.min(frameEnd - idawAddress, (Math.ceil(remaining / block) + 1) * idawSize);
      let raw = storage.fetch(idawAddress, want, key);
      if (typeof raw === 'string' && want > idawSize) raw = storage.fetch(idawAddress, idawSize, key);
      if (raw === 'protection') return { cstat: SCS.PROTCHK, reason: `IDAW at X'${idawAddress.toString(16)}' is fetch protected` };
      if (raw === 'addressing') return { cstat: SCS.PGMCHK, reason: `IDAW at X'${idawAddress.toString(16)}' is outside storage` };
      list = raw;
      listAt = idawAddress;
      listEnd = idawAddress + raw.length;
    }
    // The IDAW2/IDAW1 field tables' layout, read without the field walk (once per data block;
    // test/unit/vfio/fastCodec.test.ts). `within` is the offset in the block, taken from the low
    // word: host addresses are above 4 GiB, where % on the whole address is a slow float modulo.
    const offset = idawAddress - listAt;
    let address: number;
    if (format2) {
      address = readIdaw2(list, offset);
    } else {
      address = readIdaw1(list, offset);
      if (address >= 0x8000_0000) return { cstat: SCS.PGMCHK, reason: `format-1 IDAW X'${address.toString(16)}' has bit 0 set` };
    }
    // The block sizes are powers of two that divide 2^32; >>> 0 is the address modulo 2^32.
    const within = (address >>> 0) & (block - 1);
    let low: number;
    let length: number;
    if (backward) {
      if (!first && within !== block - 1) {
        return { cstat: SCS.PGMCHK, reason: `IDAW X'${address.toString(16)}' does not end a ${block}-byte block` };
      }
      length = Math.min(remaining, within + 1);
      low = address - length + 1;
    } else {
      if (!first && within !== 0) {
        return { cstat: SCS.PGMCHK, reason: `IDAW X'${address.toString(16)}' is not on a ${block}-byte boundary` };
      }
      length = Math.min(remaining, block - within);
      low = address;
    }
    if (!storage.valid(low, length)) {
      return { cstat: SCS.PGMCHK, reason: `IDAW data address X'${address.toString(16)}' is outside storage` };
    }
    if (backward) {
      areas.push({ address: low, length });
    } else if (runLength > 0 && low === runAddress + runLength) {
      runLength += length;
      joined = true;
    } else {
      if (runLength > 0) areas.push(joined ? { address: runAddress, length: runLength, block } : { address: runAddress, length: runLength });
      runAddress = low;
      runLength = length;
      joined = false;
    }
    remaining -= length;
    idawAddress += idawSize;
    first = false;
  }
  if (runLength > 0) areas.push(joined ? { address: runAddress, length: runLength, block } : { address: runAddress, length: runLength });
  return areas;
}

/** Calls `each` with the blocks of a joined area (split at multiples of `block`), in order. */
function blocksOf(area: DataArea, length: number, block: number, each: (address: number, n: number, from: number) => boolean): void {
  let from = 0;
  while (from < length) {
    const address = area.address + from;
    const n = Math.min(length - from, block - (address % block));
    if (!each(address, n, from)) return;
    from += n;
  }
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
    if (typeof bytes === 'string') {
      let fault: StorageFault = bytes;
      // A joined area: the blocks before the faulting one are still fetched.
      if (area.block !== undefined) {
        blocksOf(area, area.length, area.block, (address, n) => {
          const got = storage.fetch(address, n, key);
          if (typeof got === 'string') {
            fault = got;
            return false;
          }
          data.set(got, at);
          at += n;
          return true;
        });
      }
      return { data: data.subarray(0, at), fault: fault === 'protection' ? SCS.PROTCHK : SCS.PGMCHK };
    }
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
    let fault = storage.store(address, chunk, key);
    if (fault && area.block !== undefined) {
      // A joined area (never read backward): store its blocks up to the faulting one.
      blocksOf(area, n, area.block, (blockAddress, blockLength, from) => {
        fault = storage.store(blockAddress, chunk.subarray(from, from + blockLength), key);
        if (!fault) at += blockLength;
        return !fault;
      });
    }
    if (fault) return { stored: at, fault: fault === 'protection' ? SCS.PROTCHK : SCS.PGMCHK };
    at += n;
  }
  return { stored: at, fault: 0 };
}
