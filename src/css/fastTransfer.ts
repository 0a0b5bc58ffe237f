/**
 * The fast path's data transfer (src/css/fastPath.ts): one read, sense or write CCW with direct
 * addressing, executed inside the running event exactly as ChannelEngine.execute, startOperation
 * and finishCcw would execute it, when it ends plainly and command-chains on.
 *
 * The caller has fetched the CCW, advanced time to its execution and checked what makes it plain
 * (no CD/S/PCI/IDA/MIDA/SKIP flag, no injected fault or held sense). Here the only storage
 * accesses are the ones the reference path makes for one direct area — one `storage.fetch` of
 * the write data (what `gather` does), one `storage.store` of the read data (what `scatter`
 * does, a single `Uint8Array.set` with one key check per 4K frame on guest storage) — so storage
 * bytes, keys and reference/change bits come out the same. Anything else goes back to the engine
 * at the point where the reference path would be:
 * - a data address outside storage or a write-data fetch fault: `execute`, before the device
 *   sees the command (both storage calls leave nothing behind on a fault);
 * - an immediate or rejected answer, incorrect length, a status other than channel end and device
 *   end (with or without status modifier), no command chaining, or a store fault: `finishCcw`,
 *   with the device's answer, before anything was stored;
 * - device time that passes a queued event or the horizon: `scheduleCommandEnd`, after the CCW's
 *   record, as the reference path leaves it.
 * test/unit/css/differentialDataTransfer.test.ts holds this to the reference path.
 */
import { CF, DS, type Ccw, type CommandClass } from '../arch';
import type { ActiveProgram, ChannelEngine, Operation } from './engine';
import type { Subchannel } from './subchannel';

const NO_BYTES = new Uint8Array(0);
/** What the reference's `shown` holds: up to the first 64 bytes moved. */
const SHOWN = 64;

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
  // resolveDataAreas for direct addressing: the whole count must be addressable (no area for count 0).
  if (count > 0 && ((program.format1 && cda >= 0x8000_0000) || !storage.valid(cda, count))) {
    settle();
    engine.execute(sch, program);
    return -1;
  }
  // startOperation's gather for one direct area: the device gets its own copy.
  let sent = NO_BYTES;
  if (!input && count > 0) {
    const got = storage.fetch(cda, count, key);
    if (typeof got === 'string') {
      settle();
      engine.execute(sch, program);
      return -1;
    }
    sent = got.slice();
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
  // scatter's one store; a fault stores nothing, and finishCcw meets it again.
  const stored = plain && input && share > 0 ? storage.store(cda, share === bytes.length ? bytes : bytes.subarray(0, share), key) === null : plain;
  if (!stored) {
    settle();
    const started = operation(0);
    program.operation = started;
    engine.finishCcw(sch, program, program.ccw as Ccw, started, count === 0 ? [] : [{ address: cda, length: count }], time);
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
