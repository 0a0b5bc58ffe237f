/**
 * The fast path's control commands (NOP and the like; src/css/fastPath.ts holds the rules):
 * - `chainOn`: the end of one control command the device has answered, chaining on inline or
 *   handing the program to the engine where the reference path is after that answer;
 * - `runImmediates`: a string of consecutive control CCWs that the device answers immediately
 *   (src/css/immediate.ts) with records off, in a tight loop that keeps time, counters and the
 *   SCSW in locals and settles them once when the string ends. This is what makes a long NOP
 *   chain cost little more than reading it.
 *
 * `runImmediates` runs a CCW only when everything that the per-CCW loop would check holds for it
 * (alignment, storage, the key of its frame, the command class, flags, count, data area, the
 * device's answer, both inline time steps), and leaves any other CCW untouched for the per-CCW
 * loop, which then does exactly what it always did. Settling a string at its end gives the state
 * that the per-CCW loop leaves after the same CCWs: nothing looks at that state in between (no
 * records, no stop predicate, no event runs, and an immediate answer must not look at the
 * scheduler or the subchannel). test/unit/css/differentialDasdNop.test.ts and
 * differentialFastPath.test.ts (records off, immediate devices) hold it to the reference path.
 */
import { CF, DS, type Ccw } from '../arch';
import type { DeviceResult } from './device';
import type { ActiveProgram, CcwStopPredicate, ChannelEngine, Operation } from './engine';
import { cdaAt, countAt, SLOW_FLAGS, type CcwLayout } from './fastCcw';
import type { ImmediateDevice } from './immediate';
import { FRAME_SIZE, fetchPermitted, type GuestStorage } from './storage';
import type { Subchannel } from './subchannel';
import { CCW_FETCH_NS } from './timing';

const EMPTY = new Uint8Array(0);

/** The device time of an answer in whole nanoseconds, as the reference path schedules it. */
export function deviceNs(timeUs: number): number {
  return Math.max(0, Math.round(timeUs * 1000));
}

/** The current CCW as the fast path holds it: fields, not a Ccw object. */
export interface FastCcw {
  /** The TIC followed to reach it, or -1. */
  hop: number;
  cmd: number;
  flags: number;
  count: number;
  cda: number;
}

/** Leaves program.ccw and ticHops as the slow path has them (with records on they were set at the fetch). */
export function settleCcw(program: ActiveProgram, report: boolean, c: FastCcw): Ccw {
  if (!report) {
    program.ccw = { cmd: c.cmd, flags: c.flags, count: c.count, cda: c.cda };
    program.ticHops = c.hop >= 0 ? [c.hop] : [];
  }
  return program.ccw as Ccw;
}

/**
 * A control command, fetched and executed at `time` (the program's CCW), has the device's answer:
 * `result`, or for an immediate answer (src/css/immediate.ts) null with `status` and `timeUs`.
 * True: it ended plainly and the caller chains on inline to the next CCW (time is advanced past
 * the device time). False: the program is where the reference path is after that answer
 * (finishCcw for an ending the chain does not survive, scheduleCommandEnd when the device time
 * passes a queued event or the horizon), and the caller returns.
 */
export function chainOn(
  engine: ChannelEngine,
  sch: Subchannel,
  program: ActiveProgram,
  report: boolean,
  c: FastCcw,
  status: number,
  timeUs: number,
  result: DeviceResult | null,
  data: Uint8Array,
  time: number,
): boolean {
  const { cmd, flags, count, cda } = c;
  // An immediate operation transfers nothing: the residual is the count. With format-1 CCWs a
  // nonzero count is incorrect length unless SLI or ORB L (see ChannelEngine.finishCcw).
  const incorrectLength = program.format1 && count !== 0 && (flags & CF.SLI) === 0 && program.orb.L !== 1;
  const plainAnswer = result === null || (result.immediate === true && result.rejected !== true);
  const chains = plainAnswer && !incorrectLength && (flags & CF.CC) !== 0 && (status & ~DS.SM) === (DS.CE | DS.DE);
  if (!chains) {
    const ccw = settleCcw(program, report, c);
    const full: DeviceResult = result ?? { status, immediate: true, timeUs };
    const immediateOrRejected = full.immediate === true || full.rejected === true;
    const operation: Operation = {
      code: cmd,
      klass: 'control',
      result: full,
      bytes: data,
      size: immediateOrRejected ? 0 : Math.min(full.required ?? 0, Number.MAX_SAFE_INTEGER),
      done: 0,
      gatherFault: 0,
    };
    program.operation = operation;
    engine.finishCcw(sch, program, ccw, operation, count === 0 ? [] : [{ address: cda, length: count }], time);
    return false;
  }
  sch.scsw.count = count;
  sch.scsw.cpa = (program.ccwAddress + 8) >>> 0;
  engine.countExecuted(program);
  if (report) engine.listener.ccwExecuted?.(engine.record(sch, program, program.ccw as Ccw, time, EMPTY, 0, status, 0, count, false, 'immediate'));
  else engine.unreportedInline++;
  const ns = deviceNs(timeUs);
  const { scheduler } = engine;
  if (!scheduler.advanceInline(scheduler.now + ns)) {
    settleCcw(program, report, c);
    const full: DeviceResult = result ?? { status, immediate: true, timeUs };
    program.operation = { code: cmd, klass: 'control', result: full, bytes: data, size: 0, done: 0, gatherFault: 0 };
    engine.scheduleCommandEnd(sch, program, ns, true, status, 0);
    return false;
  }
  program.operation = null;
  return true;
}

/** Where a string of immediate CCWs leaves the event's walk through the program (one per event). */
export interface ImmediateCursor {
  /** The next CCW (not fetched yet), and how it is reached. */
  at: number;
  mode: 'start' | 'command';
  /** The frame whose key was checked and reference bit set during this event (-1: none yet). */
  checkedFrame: number;
  /** The data frame last found fetchable during this event (its reference bit is set). */
  dataFrame: number;
  /** CCWs run in this event so far. */
  n: number;
  /** Set when the program was handed to the engine: the event's walk is over. */
  ended: boolean;
}

/**
 * Runs the string of immediate CCWs that starts at `c.at`, up to `limit` of them, on guest
 * storage with records off (the caller checks that). A CCW the stop predicate names ends the
 * string: the predicate depends only on its arguments (the CCW and the fetch count), so asking it
 * here and again in the per-CCW loop gives the same answer. Leaves `c` at the first CCW it did
 * not run, untouched, or `ended` when the device's answer to a CCW did not let the program chain
 * on inline.
 */
export function runImmediates(
  engine: ChannelEngine,
  sch: Subchannel,
  program: ActiveProgram,
  guest: GuestStorage,
  device: ImmediateDevice,
  L: CcwLayout,
  c: ImmediateCursor,
  limit: number,
  stopBefore: CcwStopPredicate | null,
): void {
  const faults = sch.faults;
  if (faults.busy || faults.unitCheck !== null || faults.channelCheck !== 0) return;
  const { scheduler } = engine;
  const bytes = guest.bytes;
  const keys = guest.keys;
  const size = guest.size;
  const key = program.orb.key;
  const format1 = program.format1;
  // A nonzero count is no incorrect length for an immediate answer with SLI or ORB L (format 1).
  const lengthFree = !format1 || program.orb.L === 1;
  const classes = L.classes;
  const cmdAt = L.cmd;
  const flagsAt = L.flags;
  // Both inline steps of a CCW (fetch, device time) must fit: before the first queued event,
  // within the horizon and the scheduler's inline limit.
  const horizon = scheduler.horizon;
  const firstQueued = scheduler.firstQueuedTime();
  const max = Math.min(limit, Math.floor((scheduler.inlineLimit - scheduler.inlined) / 2), engine.inlineExecuteLimit - engine.executed);
  let now = scheduler.now;
  let at = c.at;
  let mode = c.mode;
  let checkedFrame = c.checkedFrame;
  let ran = 0;
  let last = -1;
  let lastMode: 'start' | 'command' = mode;
  let lastCount = 0;
  while (ran < max) {
    // ---- fetch, following one TIC (what runChain's fetch checks)
    if (at % 8 !== 0 || at < 0 || at + 8 > size) break;
    let frame = Math.floor(at / FRAME_SIZE);
    if (frame !== checkedFrame) {
      const k = keys[frame] ?? 0;
      if (key !== 0 && !fetchPermitted(key, k)) break;
      keys[frame] = k | 0x04;
      checkedFrame = frame;
    }
    let o = at;
    let hop = -1;
    let cmd = bytes[o + cmdAt] ?? 0;
    let klass = classes[cmd];
    if (klass === 'tic') {
      const target = cdaAt(bytes, o, L);
      if (format1 && ((bytes[o + flagsAt] ?? 0) !== 0 || countAt(bytes, o, L) !== 0 || target >= 0x8000_0000)) break;
      if (target % 8 !== 0 || target + 8 > size) break;
      frame = Math.floor(target / FRAME_SIZE);
      if (frame !== checkedFrame) {
        const k = keys[frame] ?? 0;
        if (key !== 0 && !fetchPermitted(key, k)) break;
        keys[frame] = k | 0x04;
        checkedFrame = frame;
      }
      hop = at;
      o = target;
      cmd = bytes[o + cmdAt] ?? 0;
      klass = classes[cmd];
    }
    if (klass !== 'control') break;
    const flags = bytes[o + flagsAt] ?? 0;
    if ((flags & (SLOW_FLAGS | CF.CC)) !== CF.CC) break;
    const count = countAt(bytes, o, L);
    if (count !== 0) {
      // The data area must lie in the data frame this event already checked (as touchData finds it).
      if (!lengthFree && (flags & CF.SLI) === 0) break;
      const cda = cdaAt(bytes, o, L);
      if ((format1 && cda >= 0x8000_0000) || cda + count > size) break;
      if (Math.floor(cda / FRAME_SIZE) !== c.dataFrame || Math.floor((cda + count - 1) / FRAME_SIZE) !== c.dataFrame) break;
    } else if (!format1) break;
    if (stopBefore !== null && stopBefore(o, hop, cmd, cdaAt(bytes, o, L), count, program.counter.fetched + ran)) break;
    const fetched = now + CCW_FETCH_NS;
    if (fetched > horizon || fetched >= firstQueued) break;
    const answer = device.immediate(cmd, flags, mode);
    if (answer === null) break;
    const status = answer.status;
    const done = fetched + deviceNs(answer.timeUs);
    if ((status & ~DS.SM) !== (DS.CE | DS.DE) || done > horizon || done >= firstQueued) {
      // The device has answered and the program does not chain on inline: settle the string,
      // fetch this CCW as the per-CCW loop does and end it there.
      settle(engine, sch, program, ran, now, last, lastMode, lastCount);
      c.n += ran;
      c.checkedFrame = checkedFrame;
      c.ended = true;
      program.ccwAddress = o;
      sch.scsw.cpa = (o + 8) >>> 0;
      program.chaining = mode;
      program.phase = 'fetched';
      program.counter.fetched++;
      scheduler.advanceInline(fetched);
      program.eventId = null;
      program.phase = 'executing';
      const ccw: FastCcw = { hop, cmd, flags, count, cda: cdaAt(bytes, o, L) };
      if (chainOn(engine, sch, program, false, ccw, status, answer.timeUs, null, EMPTY, fetched)) {
        // Not reached with the checks above, but keep the walk right if it ever is.
        c.n++;
        c.ended = false;
        c.at = o + ((status & DS.SM) !== 0 ? 16 : 8);
        c.mode = 'command';
      }
      return;
    }
    now = done;
    ran++;
    last = o;
    lastMode = mode;
    lastCount = count;
    at = o + ((status & DS.SM) !== 0 ? 16 : 8);
    mode = 'command';
  }
  settle(engine, sch, program, ran, now, last, lastMode, lastCount);
  c.at = at;
  c.mode = mode;
  c.checkedFrame = checkedFrame;
  c.n += ran;
}

/** What the per-CCW loop leaves after `ran` plain immediate CCWs, the last at `last`. */
function settle(engine: ChannelEngine, sch: Subchannel, program: ActiveProgram, ran: number, now: number, last: number, lastMode: 'start' | 'command', lastCount: number): void {
  if (ran === 0) return;
  program.ccwAddress = last;
  sch.scsw.cpa = (last + 8) >>> 0;
  sch.scsw.count = lastCount;
  program.chaining = lastMode;
  program.phase = 'executing';
  program.eventId = null;
  program.operation = null;
  const counter = program.counter;
  counter.fetched += ran;
  counter.executed += ran;
  counter.lastExecuted = last;
  engine.executed += ran;
  engine.unreportedInline += ran;
  engine.scheduler.commitInline(now, 2 * ran);
}
