/**
 * The fast path's data transfer (src/css/fastPath.ts): one read, sense or write CCW with direct
 * or indirect (IDA: format-1 or format-2 IDAWs, 2K or 4K blocks as the ORB says) addressing,
 * executed inside the running event exactly as ChannelEngine.execute, startOperation and
 * finishCcw would execute it, when it ends plainly and command-chains on.
 *
 * The caller has fetched the CCW, advanced time to its execution and checked what makes it plain
 * (no CD/S/PCI/MIDA/SKIP flag, no injected fault or held sense). Here the only storage accesses
 * are the ones the reference path makes:
 * - direct addressing: one `storage.fetch` of the write data (what `gather` does for one area),
 *   one `storage.store` of the read data (what `scatter` does, a single `Uint8Array.set` with one
 *   key check per 4K frame on guest storage);
 * - IDA: `resolveDataAreas` (the IDAW fetches, one per 4K frame of the IDAL; contiguous blocks
 *   joined into one area; the result in a scratch filled again for every CCW), then the
 *   reference's own `gather`, or for read data the one `storage.store` that `scatter` makes for a
 *   single area (an IDAL over one buffer), or `scatter` itself over several areas.
 * So storage bytes, keys and reference/change bits come out the same. Anything else goes back to
 * the engine at the point where the reference path would be:
 * - a data address or IDAW that fails resolveDataAreas' checks, or a write-data fetch fault:
 *   `execute`, before the device sees the command. The engine then resolves (and gathers) again:
 *   a fetch leaves nothing behind but reference bits, which are sticky, so doing it twice is
 *   doing it once;
 * - an immediate or rejected answer, incorrect length, a status other than channel end and device
 *   end (with or without status modifier), no command chaining: `finishCcw`, with the device's
 *   answer, before anything was stored;
 * - a store fault: `finishCcw` too. With direct addressing or a single area nothing was stored
 *   (a faulting store stores nothing); over several areas the blocks before the faulting one were
 *   (scatter). finishCcw's scatter then stores the blocks before the fault (again) and meets the
 *   same fault: the same storage, keys and result;
 * - device time that passes a queued event or the horizon: `scheduleCommandEnd`, after the CCW's
 *   record, as the reference path leaves it.
 * test/unit/css/differentialDataTransfer.test.ts and differentialIdaTransfer.test.ts (also through
 * the vfio-ccw path) hold this to the reference path.
 */
import { CF, DS, type Ccw, type CommandClass } from '../arch';
import { AreaScratch, gather, resolveDataAreas, scatter, type DataArea } from './dataAddressing';
import type { ActiveProgram, ChannelEngine, Operation } from './engine';
import type { Subchannel } from './subchannel';

const NO_BYTES = new Uint8Array(0);
/** What the reference's `shown` holds: up to the first 64 bytes moved. */
const SHOWN = 64;
/**
 * The IDA areas of the CCW being transferred (resolveDataAreas fills it again for each CCW): used
 * only within transferInline, and copied when they are handed to the engine (finishCcw).
 */
const AREAS = new AreaScratch();

/** Areas the engine may use after transferInline returns (not AREAS' objects). */
function ownAreas(areas: readonly DataArea[]): DataArea[] {
  return areas.map((a) => (a.block !== undefined ? { address: a.address, length: a.length, block: a.block } : { address: a.address, length: a.length }));
}

/**
 * Executes the fetched CCW (`program.phase` is 'executing'): returns the device status when the
 * CCW ended plainly and the program chains on inline at the command end (time advanced, record
 * made or counted), or -1 when the engine has taken over (`settle` was called first, so the
 * program's `ccw` and `ticHops` are the reference's).
 */
export function transferInline(
  engine: ChannelEngine,
  sch: Subchannel,
  program: ActiveProgram,
  klass: CommandClass,
  cmd: number,
  flags: number,
  count: number,
  cda: number,
  chaining: 'start' | 'command',
  report: boolean,
  settle: () => void,
): number {
  const { storage, scheduler } = engine;
  const key = program.orb.key;
  const time = scheduler.now;
  const input = klass !== 'write';
  // IDA: the areas of the whole count, as execute resolves them (null: direct addressing).
  let areas: DataArea[] | null = null;
  if ((flags & CF.IDA) !== 0) {
    const resolved = resolveDataAreas(storage, key, cda, count, program.ida, program.format1, false, AREAS);
    if (!Array.isArray(resolved)) {
      settle();
      engine.execute(sch, program);
      return -1;
    }
    areas = resolved;
  } else if (count > 0 && ((program.format1 && cda >= 0x8000_0000) || !storage.valid(cda, count))) {
    // resolveDataAreas for direct addressing: the whole count must be addressable (no area for count 0).
    settle();
    engine.execute(sch, program);
    return -1;
  }
  // startOperation's gather: the device gets its own copy.
  let sent: Uint8Array = NO_BYTES;
  if (!input && count > 0) {
    if (areas !== null) {
      const got = gather(storage, key, areas, count);
      if (got.fault !== 0) {
        settle();
        engine.execute(sch, program);
        return -1;
      }
      sent = got.data;
    } else {
      const got = storage.fetch(cda, count, key);
      if (typeof got === 'string') {
        settle();
        engine.execute(sch, program);
        return -1;
      }
      sent = got.slice();
    }
  }
  const result = sch.device.execute({ code: cmd, flags, count, chaining, data: sent });
  const initial = result.immediate === true || result.rejected === true;
  const size = initial ? 0 : input ? (result.data?.length ?? 0) : Math.min(result.required ?? 0, Number.MAX_SAFE_INTEGER);
  const bytes = input ? (result.data ?? new Uint8Array(0)) : sent;
  // The Operation startOperation makes, only when the engine goes on with it (none per plain CCW).
  const operation = (done: number): Operation => ({ code: cmd, klass, result, bytes, size, done, gatherFault: 0 });
  // finishCcw's arithmetic for an operation that ends with this CCW (no data chaining here).
  const share = Math.min(count, size);
  const residual = count - share;
  const status = result.status;
  const incorrectLength = (residual !== 0 || size > share) && (flags & CF.SLI) === 0;
  const plain = !initial && !incorrectLength && (flags & CF.CC) !== 0 && (status & ~DS.SM) === (DS.CE | DS.DE);
  // scatter: with direct addressing its one store (a fault stores nothing); with an IDAL the
  // reference's own scatter (see the file comment for a fault). finishCcw meets a fault again.
  let stored = plain;
  if (plain && input && share > 0) {
    const data = share === bytes.length ? bytes : bytes.subarray(0, share);
    // One area (direct addressing, or an IDAL joined into one; never a MIDAW's, which skip): one
    // store, which stores nothing on a fault; finishCcw's scatter then meets the fault.
    const one = areas === null ? cda : areas.length === 1 ? (areas[0] as DataArea).address : -1;
    stored = one >= 0 ? storage.store(one, data, key) === null : scatter(storage, key, areas as DataArea[], data, false).fault === 0;
  }
  if (!stored) {
    settle();
    const started = operation(0);
    program.operation = started;
    engine.finishCcw(sch, program, program.ccw as Ccw, started, areas !== null ? ownAreas(areas) : count === 0 ? [] : [{ address: cda, length: count }], time);
    return -1;
  }
  sch.scsw.count = residual;
  sch.scsw.cpa = (program.ccwAddress + 8) >>> 0;
  engine.countExecuted(program);
  if (report) {
    const shown = share === 0 ? NO_BYTES : bytes.slice(0, Math.min(share, SHOWN));
    engine.listener.ccwExecuted?.(engine.record(sch, program, program.ccw as Ccw, time, shown, share, status, 0, residual, false, null));
  } else {
    engine.unreportedInline++;
  }
  const deviceNs = Math.max(0, Math.round(result.timeUs * 1000));
  if (!scheduler.advanceInline(scheduler.now + deviceNs)) {
    settle();
    program.operation = operation(share);
    engine.scheduleCommandEnd(sch, program, deviceNs, true, status, 0);
    return -1;
  }
  return status;
}
