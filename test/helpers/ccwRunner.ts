/**
 * Test helper: drives a Device through a channel program the way a channel does, with just the
 * arithmetic device tests need (no subchannel, no interruptions, no storage keys):
 *
 * - the first CCW goes with chaining 'start', the following ones with 'command';
 * - write and control CCWs send their data area; read and sense CCWs store what the device
 *   offers, up to the count;
 * - residual = count − bytes transferred; incorrect length when the device offered or wanted a
 *   different amount and SLI is off — the rule Hercules 3.13's channel applies (oracle README,
 *   "observations"), so that results compare one to one with the oracle's. An immediate
 *   command transfers nothing and is never incorrect length here (oracle e2_nop);
 * - command chaining goes on while CC is set and the status is exactly CE DE (CE DE SM skips a
 *   CCW); TIC is followed. Data chaining is not supported (no test needs it yet).
 */
import { decodeCcw } from '../../src/arch/ccw';
import { CF, DS, SCS } from '../../src/arch/status';
import type { Device, DeviceResult } from '../../src/css/device';

export interface CcwSpec {
  readonly cmd: number;
  readonly flags?: number;
  readonly count: number;
  /** Bytes a write or control CCW sends (padded with zeros / cut to `count`). */
  readonly data?: Uint8Array;
}

export interface CcwOutcome {
  /** Address of the CCW (for storage programs) or its index (for `runCcws`). */
  readonly at: number;
  readonly cmd: number;
  readonly status: number;
  readonly residual: number;
  readonly incorrectLength: boolean;
  /** Bytes stored (reads and sense). */
  readonly stored: Uint8Array;
  readonly result: DeviceResult;
}

export interface ProgramOutcome {
  readonly ccws: readonly CcwOutcome[];
  /** The last CCW's outcome (what the SCSW shows), with the CCW address + 8. */
  readonly last: CcwOutcome;
  readonly ccwAddress: number;
  readonly timeUs: number;
}

const isInput = (cmd: number): boolean => (cmd & 0x03) === 0x02 || (cmd & 0x0f) === 0x04 || (cmd & 0x0f) === 0x0c;

/** One CCW against the device: returns its outcome and whether the chain continues (and how far). */
function step(device: Device, ccw: CcwSpec, first: boolean, at: number, write: Uint8Array): { outcome: CcwOutcome; next: 0 | 8 | 16 } {
  const flags = ccw.flags ?? 0;
  if ((flags & CF.CD) !== 0) throw new Error('ccwRunner: data chaining is not supported');
  const input = isInput(ccw.cmd);
  const result = device.execute({ code: ccw.cmd, flags, count: ccw.count, chaining: first ? 'start' : 'command', data: input ? new Uint8Array(0) : write });
  let transferred = 0;
  let differs = false;
  let stored = new Uint8Array(0);
  if (result.immediate !== true) {
    if (input) {
      const offered = result.data ?? new Uint8Array(0);
      transferred = Math.min(ccw.count, offered.length);
      stored = offered.slice(0, transferred);
      differs = offered.length !== ccw.count;
    } else {
      const wanted = result.required ?? 0;
      transferred = Math.min(ccw.count, wanted);
      differs = wanted !== ccw.count;
    }
  }
  const residual = ccw.count - transferred;
  const incorrectLength = result.immediate !== true && differs && (flags & CF.SLI) === 0;
  const outcome: CcwOutcome = { at, cmd: ccw.cmd, status: result.status, residual, incorrectLength, stored, result };
  const normal = (result.status & ~DS.SM) === (DS.CE | DS.DE);
  const chains = (flags & CF.CC) !== 0 && normal && !incorrectLength;
  return { outcome, next: chains ? ((result.status & DS.SM) !== 0 ? 16 : 8) : 0 };
}

/** Runs CCWs given as a list (CCW i is "at" i; SM skips one entry). */
export function runCcws(device: Device, ccws: readonly CcwSpec[]): ProgramOutcome {
  const out: CcwOutcome[] = [];
  let time = 0;
  for (let i = 0; i < ccws.length; ) {
    const ccw = ccws[i] as CcwSpec;
    const write = new Uint8Array(ccw.count);
    if (ccw.data) write.set(ccw.data.subarray(0, ccw.count));
    const { outcome, next } = step(device, ccw, i === 0, i, write);
    out.push(outcome);
    time += outcome.result.timeUs;
    if (next === 0) break;
    i += next / 8;
  }
  const last = out[out.length - 1] as CcwOutcome;
  return { ccws: out, last, ccwAddress: last.at + 1, timeUs: time };
}

/** Runs a channel program held in `storage` at `cpa` (format-0 or format-1 CCWs). */
export function runProgram(device: Device, storage: Uint8Array, cpa: number, format1: boolean): ProgramOutcome {
  const out: CcwOutcome[] = [];
  let time = 0;
  let at = cpa;
  let first = true;
  for (let guard = 0; guard < 10_000; guard++) {
    let ccw = decodeCcw(storage, at, format1);
    let hops = 0;
    while ((ccw.cmd & 0x0f) === 0x08) {
      if (++hops > 1) throw new Error(`ccwRunner: TIC to TIC at ${at.toString(16)}`);
      at = ccw.cda;
      ccw = decodeCcw(storage, at, format1);
    }
    const write = storage.slice(ccw.cda, ccw.cda + ccw.count);
    const { outcome, next } = step(device, { cmd: ccw.cmd, flags: ccw.flags, count: ccw.count }, first, at, write);
    if ((ccw.flags & CF.SKIP) === 0) storage.set(outcome.stored, ccw.cda);
    out.push(outcome);
    time += outcome.result.timeUs;
    first = false;
    if (next === 0) break;
    at += next;
  }
  const last = out[out.length - 1] as CcwOutcome;
  return { ccws: out, last, ccwAddress: last.at + 8, timeUs: time };
}

/** Subchannel-status bits this helper produces (for comparisons with the oracle's cstat). */
export function cstatOf(outcome: CcwOutcome): number {
  return outcome.incorrectLength ? SCS.IL : 0;
}
