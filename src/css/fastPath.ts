/**
 * The engine's fast path: consecutive command-chained CCWs run inside one scheduler event when
 * nobody stops between CCWs (`ChannelEngine.batchCcws`).
 *
 * Equivalence with the reference (one event per CCW) rests on two rules:
 * - a CCW runs inline only when `Scheduler.advanceInline` says no queued event (and no deadline
 *   of the CPU, `Scheduler.horizon`) is due at or before the time its event would have had, so
 *   virtual times and the interleaving with everything else are those of the slow path;
 * - only the plain case runs here: a control command (NOP and the like) with direct addressing,
 *   no CD/S/PCI/IDA/MIDA flag, no injected fault, which the device answers immediately with
 *   channel end and device end (and maybe status modifier) and which command-chains on; or a
 *   read, sense or write with direct addressing or IDAWs (no CD/S/PCI/MIDA/SKIP flag), whose
 *   transfer ends without incorrect length or a storage fault (src/css/fastTransfer.ts). Anything
 *   else goes back to the engine's own code at the exact point where the slow path would be:
 *   before the fetch (`fetch`, which also finds every program check), at the execution
 *   (`execute`), after the device answered (`finishCcw`), or at an event boundary.
 * test/unit/css/differentialFastPath.test.ts runs programs both ways and compares the complete
 * CcwRecord streams, the SCSWs, storage and storage keys.
 *
 * Per CCW the plain case allocates nothing when the device gives an immediate answer
 * (src/css/immediate.ts), otherwise only the device's command and result (and records when
 * `reportCcws` and `reportInline` are on): CCW fields are read straight from guest storage bytes,
 * with the key check and the reference bit done once per 4K frame. CCWs are counted in the
 * subchannel's CcwCounter either way.
 *
 * A debugger stops between CCWs without giving up the fast path: `engine.stopBefore` sends the
 * CCWs it names to the reference path, and the scheduler's `inlineLimit` and the engine's
 * `inlineExecuteLimit` end a batch at an exact position.
 */
import { CCW0, CCW1, CF, DS, commandClass, type Ccw, type CommandClass, type Structure } from '../arch';
import type { ChannelEngine, ActiveProgram, Operation } from './engine';
import { hasImmediate } from './immediate';
import { FRAME_SIZE, GuestStorage, fetchPermitted } from './storage';
import type { Subchannel } from './subchannel';
import { CCW_FETCH_NS } from './timing';
import type { DeviceResult } from './device';
import { transferInline } from './fastTransfer';

/** CCWs one event may run before it yields to the queue (an endless TIC loop must not hang the caller). */
export const MAX_CCWS_PER_EVENT = 16_384;

/** Flags that need the slow path: data chaining, suspension, PCI, indirect addressing. */
const SLOW_FLAGS = CF.CD | CF.S | CF.PCI | CF.IDA | CF.MIDA;
/**
 * For a data transfer: SKIP too (read data not stored: scatter's business), but not IDA, whose
 * IDAL fastTransfer.ts resolves with the reference's own code.
 */
const SLOW_TRANSFER_FLAGS = (SLOW_FLAGS & ~CF.IDA) | CF.SKIP;

const EMPTY = new Uint8Array(0);
/** Stands in for the DeviceResult an immediate answer makes unnecessary (never read). */
const IMMEDIATE: DeviceResult = { status: 0, immediate: true, timeUs: 0 };

/** Where a CCW format keeps its fields, taken from the arch field tables (whole bytes, big-endian). */
interface CcwLayout {
  readonly cmd: number;
  readonly flags: number;
  readonly count: number;
  readonly cda: number;
  readonly cdaBytes: number;
  /** Command class by command code. */
  readonly classes: readonly CommandClass[];
}

function layoutOf(table: Structure<unknown>, format1: boolean): CcwLayout {
  const at = (name: string, bytes: number): number => {
    const f = table.fields.find((x) => x.name === name);
    if (!f || f.kind !== 'number' || f.bitOffset % 8 !== 0 || f.width !== bytes * 8) throw new Error(`${table.name}.${name} is not ${bytes} whole byte(s)`);
    return f.bitOffset / 8;
  };
  const cdaField = table.fields.find((x) => x.name === 'cda');
  const cdaBytes = cdaField && cdaField.kind === 'number' ? cdaField.width / 8 : 0;
  return {
    cmd: at('cmd', 1),
    flags: at('flags', 1),
    count: at('count', 2),
    cda: at('cda', cdaBytes),
    cdaBytes,
    classes: Array.from({ length: 256 }, (_, cmd) => commandClass(cmd, format1)),
  };
}

const FORMAT1 = layoutOf(CCW1 as Structure<unknown>, true);
const FORMAT0 = layoutOf(CCW0 as Structure<unknown>, false);

/**
 * Runs the program from the CCW at `address` (reached by starting or command chaining), inline
 * as far as the rules above allow; it always leaves the program exactly where the slow path
 * would be at that virtual time, with its next event scheduled (or ended by the engine).
 */
export function runChain(engine: ChannelEngine, sch: Subchannel, program: ActiveProgram, address: number, chaining: 'start' | 'command'): void {
  const { storage, scheduler } = engine;
  const report = engine.reportCcws && engine.reportInline;
  const stopBefore = engine.stopBefore === null ? null : engine.stopBefore(sch.schno);
  const counter = program.counter;
  const device = sch.device;
  const immediate = hasImmediate(device) ? device : null;
  const key = program.orb.key;
  const format1 = program.format1;
  const L = format1 ? FORMAT1 : FORMAT0;
  const guest = storage instanceof GuestStorage ? storage : null;
  const scratch = new Uint8Array(8);
  // The frame whose key was checked and reference bit set during this event.
  let checkedFrame = -1;
  // The bytes the last `read` found the CCW in: guest storage itself (always, with guest storage), or a copy.
  let buf: Uint8Array = guest ? guest.bytes : scratch;

  /** Offset of the 8 CCW bytes at `at` in `buf`, or -1 when the slow path must look (alignment, addressing, protection). */
  const read = (at: number): number => {
    if (at % 8 !== 0) return -1;
    if (guest) {
      if (at < 0 || at + 8 > guest.size) return -1;
      const frame = Math.floor(at / FRAME_SIZE);
      if (frame !== checkedFrame) {
        const k = guest.keys[frame] ?? 0;
        if (key !== 0 && !fetchPermitted(key, k)) return -1;
        // What storage.fetch does on every fetch; the bit is sticky, so once per frame is the same.
        guest.keys[frame] = k | 0x04;
        checkedFrame = frame;
      }
      return at;
    }
    const got = storage.fetch(at, 8, key);
    if (typeof got === 'string') return -1;
    scratch.set(got);
    buf = scratch;
    return 0;
  };
  // The data frame last found fetchable during this event (its reference bit is set).
  let dataFrame = -1;
  /** What GuestStorage.fetch checks and marks for the data area, when it would succeed; false leaves it to fetch. */
  const touchData = (cda: number, count: number): boolean => {
    if (guest === null || (format1 && cda >= 0x8000_0000) || cda < 0 || cda + count > guest.size || !Number.isInteger(cda)) return false;
    const first = Math.floor(cda / FRAME_SIZE);
    const last = Math.floor((cda + count - 1) / FRAME_SIZE);
    if (first === last && first === dataFrame) return true;
    for (let f = first; f <= last; f++) if (key !== 0 && !fetchPermitted(key, guest.keys[f] ?? 0)) return false;
    for (let f = first; f <= last; f++) guest.keys[f] = (guest.keys[f] ?? 0) | 0x04;
    if (first === last) dataFrame = first;
    return true;
  };
  const u16 = (o: number): number => ((buf[o] ?? 0) << 8) | (buf[o + 1] ?? 0);
  const cdaOffset = L.cda;
  const cdaAt =
    L.cdaBytes === 4
      ? (o: number): number => (buf[o + cdaOffset] ?? 0) * 0x100_0000 + (((buf[o + cdaOffset + 1] ?? 0) << 16) | ((buf[o + cdaOffset + 2] ?? 0) << 8) | (buf[o + cdaOffset + 3] ?? 0))
      : (o: number): number => {
          let v = 0;
          for (let i = 0; i < L.cdaBytes; i++) v = v * 256 + (buf[o + cdaOffset + i] ?? 0);
          return v;
        };

  // The current CCW, as fields (a Ccw object is made only when somebody will look at it).
  let ccwAt = address;
  let hop = -1;
  let cmd = 0;
  let flags = 0;
  let count = 0;
  let cda = 0;
  /** Leaves program.ccw and ticHops as the slow path has them, before handing over. */
  const settle = (): void => {
    if (report) return; // already set at the fetch
    program.ccw = { cmd, flags, count, cda };
    program.ticHops = hop >= 0 ? [hop] : [];
  };

  /**
   * Back to the reference path for the CCW at `at`: it starts from the state `chain` gives it
   * (no TIC hops yet), whatever the inline CCWs left.
   */
  const refetch = (): void => {
    if (program.ticHops.length !== 0) program.ticHops = [];
    engine.fetch(sch, program, at, mode, false);
  };

  let at = address;
  let mode: 'start' | 'command' = chaining;
  for (let n = 0; ; n++) {
    if (n >= MAX_CCWS_PER_EVENT || engine.executed >= engine.inlineExecuteLimit) return refetch();

    // ---- fetch (following one TIC), as ChannelEngine.fetch does for the plain case
    let o = read(at);
    if (o < 0) return refetch();
    ccwAt = at;
    hop = -1;
    cmd = buf[o + L.cmd] ?? 0;
    if (L.classes[cmd] === 'tic') {
      const target = cdaAt(o);
      if (format1 && ((buf[o + L.flags] ?? 0) !== 0 || u16(o + L.count) !== 0 || target >= 0x8000_0000)) return refetch();
      hop = at;
      ccwAt = target;
      o = read(ccwAt);
      if (o < 0) return refetch();
      cmd = buf[o + L.cmd] ?? 0;
      if (L.classes[cmd] === 'tic') return refetch();
    }
    flags = buf[o + L.flags] ?? 0;
    count = u16(o + L.count);
    cda = cdaAt(o);
    const faults = sch.faults;
    const klass = L.classes[cmd];
    const transfer = klass === 'read' || klass === 'write' || klass === 'sense';
    const plain =
      (klass === 'control' ? (flags & SLOW_FLAGS) === 0 : transfer && (flags & SLOW_TRANSFER_FLAGS) === 0 && faults.heldSense === null) &&
      (format1 || count !== 0) &&
      !faults.busy &&
      faults.unitCheck === null &&
      faults.channelCheck === 0;
    if (!plain) return refetch();
    if (stopBefore !== null && stopBefore(ccwAt, hop, cmd, cda, count, counter.fetched)) return refetch();

    program.ccwAddress = ccwAt;
    sch.scsw.cpa = (ccwAt + 8) >>> 0;
    program.chaining = mode;
    program.phase = 'fetched';
    counter.fetched++;
    if (report) {
      program.ccw = { cmd, flags, count, cda };
      program.ticHops = hop >= 0 ? [hop] : [];
      engine.listener.ccwFetched?.(sch, ccwAt, program.ccw);
    }
    if (!scheduler.advanceInline(scheduler.now + CCW_FETCH_NS)) {
      settle();
      return engine.scheduleExecute(sch, program);
    }

    program.eventId = null;
    program.phase = 'executing';
    if (transfer) {
      // ---- execute a read, sense or write (src/css/fastTransfer.ts), then chain on
      const status = transferInline(engine, sch, program, klass as CommandClass, cmd, flags, count, cda, mode, report, settle);
      if (status < 0) return;
      program.operation = null;
      at = ccwAt + ((status & DS.SM) !== 0 ? 16 : 8);
      mode = 'command';
      continue;
    }
    // ---- execute, as ChannelEngine.execute does for a control command
    const time = scheduler.now;
    let data = EMPTY;
    // Checked and referenced as storage.fetch would, without making a copy an immediate answer does not read.
    const touched = count > 0 && immediate !== null && guest !== null && touchData(cda, count);
    if (count > 0 && !touched) {
      // Direct addressing of the whole count (resolveDataAreas), then the write data (gather);
      // the fetch also checks the key and sets reference bits, so it is made even for an
      // immediate answer, which does not look at the bytes.
      const bad = (format1 && cda >= 0x8000_0000) || !storage.valid(cda, count);
      const bytes = bad ? 'addressing' : storage.fetch(cda, count, key);
      if (typeof bytes === 'string') {
        settle();
        return engine.execute(sch, program);
      }
      data = bytes.slice();
    }
    // An immediate answer that chains on is all the plain case needs; anything else (or no
    // answer) goes through execute with a DeviceCommand, as before.
    const answer = immediate !== null && (flags & CF.CC) !== 0 ? immediate.immediate(cmd, flags, mode) : null;
    if (answer === null && touched && guest !== null) data = guest.bytes.slice(cda, cda + count);
    const result = answer !== null ? IMMEDIATE : device.execute({ code: cmd, flags, count, chaining: mode, data });
    const status = answer !== null ? answer.status : result.status;
    const timeUs = answer !== null ? answer.timeUs : result.timeUs;
    // An immediate operation transfers nothing: the residual is the count. With format-1 CCWs a
    // nonzero count is incorrect length unless SLI or ORB L (see ChannelEngine.finishCcw).
    const incorrectLength = format1 && count !== 0 && (flags & CF.SLI) === 0 && program.orb.L !== 1;
    const chains =
      (answer !== null || (result.immediate === true && result.rejected !== true)) && !incorrectLength && (flags & CF.CC) !== 0 && (status & ~DS.SM) === (DS.CE | DS.DE);
    if (!chains) {
      settle();
      if (answer !== null) {
        // Incorrect length after an immediate answer: the reference path from the device's answer on.
        const full = { status, immediate: true, timeUs } as const;
        const operation: Operation = { code: cmd, klass: 'control', result: full, bytes: data, size: 0, done: 0, gatherFault: 0 };
        program.operation = operation;
        return engine.finishCcw(sch, program, program.ccw as Ccw, operation, count === 0 ? [] : [{ address: cda, length: count }], time);
      }
      const immediateOrRejected = result.immediate === true || result.rejected === true;
      const operation: Operation = {
        code: cmd,
        klass: 'control',
        result,
        bytes: data,
        size: immediateOrRejected ? 0 : Math.min(result.required ?? 0, Number.MAX_SAFE_INTEGER),
        done: 0,
        gatherFault: 0,
      };
      program.operation = operation;
      return engine.finishCcw(sch, program, program.ccw as Ccw, operation, count === 0 ? [] : [{ address: cda, length: count }], time);
    }

    sch.scsw.count = count;
    sch.scsw.cpa = (ccwAt + 8) >>> 0;
    engine.countExecuted(program);
    if (!report) engine.unreportedInline++;
    if (report) {
      engine.listener.ccwExecuted?.(engine.record(sch, program, program.ccw as Ccw, time, EMPTY, 0, status, 0, count, false, 'immediate'));
    }
    const deviceNs = Math.max(0, Math.round(timeUs * 1000));
    if (!scheduler.advanceInline(scheduler.now + deviceNs)) {
      settle();
      const full = answer !== null ? { status, immediate: true, timeUs } : result;
      program.operation = { code: cmd, klass: 'control', result: full, bytes: data, size: 0, done: 0, gatherFault: 0 };
      return engine.scheduleCommandEnd(sch, program, deviceNs, true, status, 0);
    }
    // ---- command end: chain on (status modifier skips a CCW, as in the slow path)
    program.operation = null;
    at = ccwAt + ((status & DS.SM) !== 0 ? 16 : 8);
    mode = 'command';
  }
}
