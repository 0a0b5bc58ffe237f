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
 * subchannel's CcwCounter either way. With records off, strings of CCWs the device answers
 * immediately run in a tighter loop still (`runImmediates`, src/css/fastControl.ts) that settles
 * time, counters and the SCSW once per string.
 *
 * A debugger stops between CCWs without giving up the fast path: `engine.stopBefore` sends the
 * CCWs it names to the reference path, and the scheduler's `inlineLimit` and the engine's
 * `inlineExecuteLimit` end a batch at an exact position.
 */
import { CF, DS, type CommandClass } from '../arch';
import type { ChannelEngine, ActiveProgram } from './engine';
import { chainOn, runImmediates, settleCcw, type FastCcw, type ImmediateCursor } from './fastControl';
import { FORMAT0, FORMAT1, SLOW_FLAGS, SLOW_TRANSFER_FLAGS, cdaAt as cdaIn, countAt } from './fastCcw';
import { hasImmediate } from './immediate';
import { FRAME_SIZE, GuestStorage, fetchPermitted, type StoragePlace } from './storage';
import type { Subchannel } from './subchannel';
import { CCW_FETCH_NS } from './timing';
import { transferInline } from './fastTransfer';

/** CCWs one event may run before it yields to the queue (an endless TIC loop must not hang the caller). */
export const MAX_CCWS_PER_EVENT = 16_384;

const EMPTY = new Uint8Array(0);

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
  // Where other storage (the vfio path's host storage) has the CCW: fetchInPlace, no view or copy.
  const place: StoragePlace = { bytes: EMPTY, offset: 0 };
  // The frame whose key was checked and reference bit set during this event.
  let checkedFrame = -1;
  // The bytes the last `read` found the CCW in: guest storage itself (always, with guest storage), or where fetchInPlace found it.
  let buf: Uint8Array = guest ? guest.bytes : EMPTY;

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
    if (storage.fetchInPlace(at, 8, key, place) !== null) return -1;
    buf = place.bytes;
    return place.offset;
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
  // The current CCW, as fields (a Ccw object is made only when somebody will look at it).
  let ccwAt = address;
  let hop = -1;
  let cmd = 0;
  let flags = 0;
  let count = 0;
  let cda = 0;
  /** Leaves program.ccw and ticHops as the slow path has them, before handing over. */
  const cur: FastCcw = { hop: -1, cmd: 0, flags: 0, count: 0, cda: 0 };
  /** The current CCW's fields in `cur` (one object per event, not per CCW). */
  const current = (): FastCcw => {
    cur.hop = hop;
    cur.cmd = cmd;
    cur.flags = flags;
    cur.count = count;
    cur.cda = cda;
    return cur;
  };
  const settle = (): void => {
    settleCcw(program, report, current());
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
  // Strings of immediate CCWs (src/css/fastControl.ts) need guest storage and records off.
  const strings = guest !== null && immediate !== null && !report;
  const cursor: ImmediateCursor = { at, mode, checkedFrame, dataFrame, n: 0, ended: false };
  for (let n = 0; ; n++) {
    if (strings) {
      cursor.at = at;
      cursor.mode = mode;
      cursor.checkedFrame = checkedFrame;
      cursor.dataFrame = dataFrame;
      cursor.n = n;
      runImmediates(engine, sch, program, guest, immediate, L, cursor, MAX_CCWS_PER_EVENT - n, stopBefore);
      if (cursor.ended) return;
      at = cursor.at;
      mode = cursor.mode;
      checkedFrame = cursor.checkedFrame;
      n = cursor.n;
    }
    if (n >= MAX_CCWS_PER_EVENT || engine.executed >= engine.inlineExecuteLimit) return refetch();

    // ---- fetch (following one TIC), as ChannelEngine.fetch does for the plain case
    let o = read(at);
    if (o < 0) return refetch();
    ccwAt = at;
    hop = -1;
    cmd = buf[o + L.cmd] ?? 0;
    if (L.classes[cmd] === 'tic') {
      const target = cdaIn(buf, o, L);
      if (format1 && ((buf[o + L.flags] ?? 0) !== 0 || countAt(buf, o, L) !== 0 || target >= 0x8000_0000)) return refetch();
      hop = at;
      ccwAt = target;
      o = read(ccwAt);
      if (o < 0) return refetch();
      cmd = buf[o + L.cmd] ?? 0;
      if (L.classes[cmd] === 'tic') return refetch();
    }
    flags = buf[o + L.flags] ?? 0;
    count = countAt(buf, o, L);
    cda = cdaIn(buf, o, L);
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
    let status: number;
    if (answer !== null) {
      if (!chainOn(engine, sch, program, report, current(), answer.status, answer.timeUs, null, data, time)) return;
      status = answer.status;
    } else {
      if (touched && guest !== null) data = guest.bytes.slice(cda, cda + count);
      const result = device.execute({ code: cmd, flags, count, chaining: mode, data });
      if (!chainOn(engine, sch, program, report, current(), result.status, result.timeUs, result, data, time)) return;
      status = result.status;
    }
    // ---- command end: chain on (status modifier skips a CCW, as in the slow path)
    at = ccwAt + ((status & DS.SM) !== 0 ? 16 : 8);
    mode = 'command';
  }
}
