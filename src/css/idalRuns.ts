/**
 * A forward IDAL's areas the quick way (src/css/dataAddressing.ts resolveIdal calls it first):
 * the same IDAW fetches, bit-0 and boundary checks as the per-IDAW resolver, but `storage.valid`
 * once per run of IDAW blocks that follow each other in storage instead of once per IDAW. An
 * IDAL over one buffer (every vfio-ccw host IDAL, a driver's over contiguous storage) is then one
 * check per CCW, not one per 4K block.
 *
 * It answers only when every check passes; on any failure it returns null and the caller runs the
 * per-IDAW resolver from the start, so errors (which IDAW, which check, which message) stay that
 * resolver's. That is sound because:
 * - `valid` says whether every byte of a range is addressable (GuestStorage, HostMemory), so one
 *   check over a run passes exactly when the checks over its blocks all do, and it has no effects;
 * - the pending run is checked before every IDAW fetch, so this never fetches an IDAL frame the
 *   per-IDAW resolver would not have reached (a fetch sets the frame's reference bit); the redo's
 *   fetches repeat ones made here, and reference bits are sticky.
 * test/unit/css/idalRuns.test.ts holds it to the per-IDAW resolver on random IDALs.
 */
import { readIdaw1, readIdaw2 } from '../arch';
import type { DataArea } from './dataAddressing';
import { FRAME_SIZE, type ChannelStorage } from './storage';

const NO_BYTES = new Uint8Array(0);

export function resolveIdalRuns(
  storage: ChannelStorage,
  key: number,
  cda: number,
  count: number,
  format2: boolean,
  block: number,
): DataArea[] | null {
  const idawSize = format2 ? 8 : 4;
  if (cda % idawSize !== 0) return null;
  const areas: DataArea[] = [];
  let list: Uint8Array = NO_BYTES;
  let listAt = 0;
  let listEnd = 0;
  // The run being joined (runLength 0: none yet); bytes from `unchecked` to its end await `valid`.
  let runAddress = 0;
  let runLength = 0;
  let unchecked = 0;
  let joined = false;
  let remaining = count;
  let idawAddress = cda;
  while (remaining > 0) {
    if (idawAddress >= listEnd) {
      // The per-IDAW resolver has checked every earlier block before it fetches this IDAW.
      if (runLength > 0) {
        if (!checked(storage, unchecked, runAddress + runLength)) return null;
        unchecked = runAddress + runLength;
      }
      // The same fetch as the per-IDAW resolver's (see there); any fault goes back to it.
      const frameEnd = (Math.floor(idawAddress / FRAME_SIZE) + 1) * FRAME_SIZE;
      const want = Math.min(frameEnd - idawAddress, (Math.ceil(remaining / block) + 1) * idawSize);
      const raw = storage.fetch(idawAddress, want, key);
      if (typeof raw === 'string') return null;
      list = raw;
      listAt = idawAddress;
      listEnd = idawAddress + raw.length;
    }
    const offset = idawAddress - listAt;
    let address: number;
    if (format2) {
      address = readIdaw2(list, offset);
    } else {
      address = readIdaw1(list, offset);
      if (address >= 0x8000_0000) return null;
    }
    let length: number;
    if (runLength > 0 && address === runAddress + runLength) {
      // The next block of the run. The run ends on a block boundary (only the last IDAW's block
      // can be short, and nothing follows it), so this IDAW passes the boundary check.
      length = Math.min(remaining, block);
      runLength += length;
      joined = true;
    } else {
      // Not the first IDAW: it must start a block (>>> 0 as in the per-IDAW resolver).
      const within = (address >>> 0) & (block - 1);
      if (idawAddress !== cda && within !== 0) return null;
      length = Math.min(remaining, block - within);
      if (runLength > 0) {
        if (!checked(storage, unchecked, runAddress + runLength)) return null;
        areas.push(joined ? { address: runAddress, length: runLength, block } : { address: runAddress, length: runLength });
      }
      runAddress = address;
      runLength = length;
      unchecked = address;
      joined = false;
    }
    remaining -= length;
    idawAddress += idawSize;
  }
  if (runLength > 0) {
    if (!checked(storage, unchecked, runAddress + runLength)) return null;
    areas.push(joined ? { address: runAddress, length: runLength, block } : { address: runAddress, length: runLength });
  }
  return areas;
}

/** Whether the bytes from `from` to `end` are addressable; none left (all checked already) passes. */
function checked(storage: ChannelStorage, from: number, end: number): boolean {
  return end <= from || storage.valid(from, end - from);
}
