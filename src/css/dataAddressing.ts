/**
 * Where a CCW's data goes in storage: direct addressing, or an indirect-data-address list
 * (PoO "Indirect Data Addressing"). Format-1 IDAWs are 4 bytes with 2K blocks; format-2
 * IDAWs (ORB H = 1) are 8 bytes with 4K blocks, or 2K blocks when ORB T = 1. The first IDAW
 * may point anywhere in a block; every later one must point to a block boundary.
 */
import { SCS, idawView, readIdaw1At, readIdaw2At, readIdaw2HighAt, readIdaw2LowAt } from '../arch';
import { resolveMidaws } from './midaw';
import { FRAME_SIZE, type ChannelStorage, type StorageFault, type StoragePlace } from './storage';

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
 * A result for resolveDataAreas to fill again rather than make anew, for a caller that is done
 * with the areas before it resolves again and keeps none of them (the fast path's transfer, once
 * per CCW: between two CCWs' data the young generation has moved on, so a new array and area per
 * CCW, in memory not in any cache, cost about half as much again as the IDAL walk). Only an IDAL
 * read forward fills it; the first area is one of these two objects, any later one is new.
 */
export class AreaScratch {
  readonly list: DataArea[] = [];
  readonly joined: { address: number; length: number; block: number } = { address: 0, length: 0, block: 0 };
  readonly single: { address: number; length: number } = { address: 0, length: 0 };
}

/**
 * The storage areas of a transfer of `count` bytes. For read backward (`backward`), each area
 * is given by its lowest address and the data is placed in descending order by the caller.
 * With `scratch`, the areas may come back in it (see AreaScratch).
 */
export function resolveDataAreas(
  storage: ChannelStorage,
  key: number,
  cda: number,
  count: number,
  ida: IdaMode | null,
  format1: boolean,
  backward: boolean,
  scratch: AreaScratch | null = null,
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
  return resolveIdal(storage, key, cda, count, ida.format2, idaBlockSize(ida), backward, scratch);
}

const NO_BYTES = new Uint8Array(0);
/**
 * Where resolveIdal's IDAW fetches land (storage.fetchInPlace): one record for every call, as
 * resolveIdal runs to its end without calling out to anything that could call it again.
 */
const IDAWS: StoragePlace = { bytes: NO_BYTES, offset: 0 };

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
  scratch: AreaScratch | null,
): DataArea[] | AddressingCheck {
  const idawSize = format2 ? 8 : 4;
  // The low bits of the 32-bit address (no integer division for a power of two).
  if ((cda & (idawSize - 1)) !== 0) return { cstat: SCS.PGMCHK, reason: `IDAL address X'${cda.toString(16)}' is not ${idawSize}-byte aligned` };
  return backward ? resolveIdalBackward(storage, key, cda, count, format2, block) : resolveIdalForward(storage, key, cda, count, format2, block, scratch);
}

/**
 * Fetches the IDAWs from `idawAddress` on into IDAWS: the rest of the IDAW's frame, but no more
 * IDAWs than `remaining` bytes can still use. An aligned IDAW never crosses a frame, and keys and
 * storage end go by frames, so the longer fetch faults exactly when this IDAW's does; if it
 * faults anyway, this IDAW alone decides. Returns the bytes fetched, or the check.
 */
function fetchIdaws(storage: ChannelStorage, key: number, idawAddress: number, idawSize: number, remaining: number, block: number): number | AddressingCheck {
  // FRAME_SIZE divides 2^32, so the offset in the frame is in the low word (no float division).
  const frameLeft = FRAME_SIZE - ((idawAddress >>> 0) & (FRAME_SIZE - 1));
  // IDAWs the rest of the count can use: ceil(remaining / block) + 1 (the first may start mid-block).
  const want = Math.min(frameLeft, (((remaining + block - 1) >>> (block === 4096 ? 12 : 11)) + 1) * idawSize);
  let fault = storage.fetchInPlace(idawAddress, want, key, IDAWS);
  if (fault === null) return want;
  if (want > idawSize) fault = storage.fetchInPlace(idawAddress, idawSize, key, IDAWS);
  if (fault === null) return idawSize;
  if (fault === 'protection') return { cstat: SCS.PROTCHK, reason: `IDAW at X'${idawAddress.toString(16)}' is fetch protected` };
  return { cstat: SCS.PGMCHK, reason: `IDAW at X'${idawAddress.toString(16)}' is outside storage` };
}

/**
 * Reading forward: every IDAW after the first on a block boundary, and blocks that follow each
 * other in storage joined into one area. The IDAW2/IDAW1 field tables' layout is read without
 * the field walk, a word at a time through a view (once per data block; test/unit/vfio/
 * fastCodec.test.ts). `within` is the offset in the block, taken from the address's low word as
 * read: host addresses are above 4 GiB, where % (or >>> 0) on the whole address costs more; the
 * block sizes are powers of two that divide 2^32.
 *
 * A block joined to the area before it is checked for existence with that area, in one `valid`
 * over the area's blocks not yet checked, rather than on its own: a range exists exactly when
 * each of its blocks does and `valid` has no side effects, so the checks are moved, not changed.
 * They are made before anything that could tell them apart: before the next IDAW fetch (which
 * sets a reference bit), before the area is closed, and before any other check of a later IDAW
 * fails; a failure is then looked for block by block (checkBlocks), so the check that fails is
 * the one of the first IDAW in the list whose block does not exist, as checking each IDAW finds.
 */
function resolveIdalForward(
  storage: ChannelStorage,
  key: number,
  cda: number,
  count: number,
  format2: boolean,
  block: number,
  scratch: AreaScratch | null,
): DataArea[] | AddressingCheck {
  const idawSize = format2 ? 8 : 4;
  // Made with the first area closed (one area, an IDAL over one buffer, is the usual case).
  let areas: DataArea[] | null = null;
  // The area being joined: runLength 0 means none yet; its bytes from `checked` on are not checked yet.
  let runAddress = 0;
  let runLength = 0;
  let checked = 0;
  let joined = false;
  let remaining = count;
  let idawAddress = cda;
  let first = true;
  while (remaining > 0) {
    if (checked < runAddress + runLength) {
      const fault = checkBlocks(storage, checked, runAddress + runLength, block);
      if (fault !== null) return fault;
      checked = runAddress + runLength;
    }
    const got = fetchIdaws(storage, key, idawAddress, idawSize, remaining, block);
    if (typeof got !== 'number') return got;
    // The IDAWs fetched: list[at] is the byte at idawAddress, up to end.
    const list = idawView(IDAWS.bytes);
    let at = IDAWS.offset;
    const end = at + got;
    for (; at < end && remaining > 0; at += idawSize, idawAddress += idawSize) {
      let address: number;
      // The address's low word: the offset in the block comes from it.
      let low: number;
      if (format2) {
        low = readIdaw2LowAt(list, at);
        address = readIdaw2HighAt(list, at) * 0x1_0000_0000 + low;
      } else {
        address = readIdaw1At(list, at);
        low = address;
        if (address >= 0x8000_0000) {
          return checkBlocks(storage, checked, runAddress + runLength, block) ?? { cstat: SCS.PGMCHK, reason: `format-1 IDAW X'${address.toString(16)}' has bit 0 set` };
        }
      }
      const within = low & (block - 1);
      if (!first && within !== 0) {
        return checkBlocks(storage, checked, runAddress + runLength, block) ?? { cstat: SCS.PGMCHK, reason: `IDAW X'${address.toString(16)}' is not on a ${block}-byte boundary` };
      }
      first = false;
      const length = remaining < block - within ? remaining : block - within;
      if (runLength > 0 && address === runAddress + runLength) {
        runLength += length;
        joined = true;
      } else {
        if (runLength > 0) {
          const fault = checkBlocks(storage, checked, runAddress + runLength, block);
          if (fault !== null) return fault;
          areas = addArea(areas, scratch, runAddress, runLength, joined ? block : 0);
        }
        runAddress = address;
        runLength = length;
        checked = address;
        joined = false;
      }
      remaining -= length;
    }
  }
  if (runLength > 0) {
    const fault = checkBlocks(storage, checked, runAddress + runLength, block);
    if (fault !== null) return fault;
    areas = addArea(areas, scratch, runAddress, runLength, joined ? block : 0);
  }
  return areas ?? [];
}

/**
 * `areas` with one more area (made when null): the first area of a result with `scratch` goes
 * into the scratch's list and objects. `block` 0: an area of one IDAW's block (no `block` mark).
 */
function addArea(areas: DataArea[] | null, scratch: AreaScratch | null, address: number, length: number, block: number): DataArea[] {
  if (areas === null && scratch !== null) {
    let a: DataArea;
    if (block !== 0) {
      const j = scratch.joined;
      j.address = address;
      j.length = length;
      j.block = block;
      a = j;
    } else {
      const one = scratch.single;
      one.address = address;
      one.length = length;
      a = one;
    }
    // Setting an array's length is a slow call in V8: a list of one (the usual case) is refilled in place.
    const list = scratch.list;
    if (list.length === 1) list[0] = a;
    else {
      list.length = 0;
      list.push(a);
    }
    return list;
  }
  const area: DataArea = block !== 0 ? { address, length, block } : { address, length };
  if (areas === null) return [area];
  areas.push(area);
  return areas;
}

/**
 * Whether the IDAW blocks in [from, end) exist (null when they do, or when the range is empty):
 * one `valid` over all of them, and only when that fails, block by block for the first that does
 * not, named by its IDAW's address (where the block starts). Blocks in a joined area meet at
 * multiples of `block`, as every IDAW after the first is on a boundary.
 */
function checkBlocks(storage: ChannelStorage, from: number, end: number, block: number): AddressingCheck | null {
  if (from >= end || storage.valid(from, end - from)) return null;
  let at = from;
  for (;;) {
    const n = Math.min(end - at, block - ((at >>> 0) & (block - 1)));
    if (at + n >= end || !storage.valid(at, n)) return { cstat: SCS.PGMCHK, reason: `IDAW data address X'${at.toString(16)}' is outside storage` };
    at += n;
  }
}

/** Reading backward: every IDAW after the first at the end of a block, one area per IDAW (by its lowest address). */
function resolveIdalBackward(storage: ChannelStorage, key: number, cda: number, count: number, format2: boolean, block: number): DataArea[] | AddressingCheck {
  const idawSize = format2 ? 8 : 4;
  const areas: DataArea[] = [];
  let remaining = count;
  let idawAddress = cda;
  let first = true;
  while (remaining > 0) {
    const got = fetchIdaws(storage, key, idawAddress, idawSize, remaining, block);
    if (typeof got !== 'number') return got;
    const list = idawView(IDAWS.bytes);
    let at = IDAWS.offset;
    const end = at + got;
    for (; at < end && remaining > 0; at += idawSize, idawAddress += idawSize) {
      let address: number;
      if (format2) address = readIdaw2At(list, at);
      else {
        address = readIdaw1At(list, at);
        if (address >= 0x8000_0000) return { cstat: SCS.PGMCHK, reason: `format-1 IDAW X'${address.toString(16)}' has bit 0 set` };
      }
      const within = (address >>> 0) & (block - 1);
      if (!first && within !== block - 1) return { cstat: SCS.PGMCHK, reason: `IDAW X'${address.toString(16)}' does not end a ${block}-byte block` };
      first = false;
      const length = Math.min(remaining, within + 1);
      const low = address - length + 1;
      if (!storage.valid(low, length)) return { cstat: SCS.PGMCHK, reason: `IDAW data address X'${address.toString(16)}' is outside storage` };
      areas.push({ address: low, length });
      remaining -= length;
    }
  }
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
    // The whole data into one area (a joined IDAL area, the usual case) needs no view of it.
    let chunk = at === 0 && n === data.length ? data : data.subarray(at, at + n);
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
