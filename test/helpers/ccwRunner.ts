/**
 * Test helper for device-level tests: drives a Device through a list of CCWs with just the
 * arithmetic those tests need (no storage, subchannel, interruptions or keys). Whole channel
 * programs run on the real channel subsystem (test/helpers/oracleReplay.ts, src/css):
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

/** Subchannel-status bits this helper produces (for comparisons with the oracle's cstat). */
export function cstatOf(outcome: CcwOutcome): number {
  return outcome.incorrectLength ? SCS.IL : 0;
}
