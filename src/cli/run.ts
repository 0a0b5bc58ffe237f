/**
 * `ccw run FILE [--trace] [--verbose] [--json] [--path vfio|direct] [--max-ccws N]`: assemble and
 * run a `.ccw` file headless. Exit status: 0 all expectations passed, 1 an EXPECT failed, 2
 * assembly errors, 3 the machine could not be built or the program ran away.
 *
 * `runFile` is the part `ccw test` shares: it runs one file to its end and reports the outcome.
 */
import { dirname } from 'node:path';
import { hex, hexBytes } from '../arch';
import type { IoPath } from '../asm/image';
import { nodeDeviceHost } from './nodeDeviceHost';
import type { FileAccess } from '../runtime/load';
import { runProgramFile, traceHeader, type FileOutcome, type Runaway, type RunFileOptions as RunProgramOptions } from '../runtime/runFile';

/** Default of --max-ccws: about a minute of the fastest channel program on a laptop. */
export const DEFAULT_MAX_CCWS = 10_000_000;

export interface RunOptions {
  readonly trace: boolean;
  readonly verbose: boolean;
  readonly json: boolean;
  readonly path?: IoPath;
  /** Stop a channel program that does not end after this many CCWs (all devices together). */
  readonly maxCcws?: number;
}

export interface Output {
  out(line: string): void;
  err(line: string): void;
}

export type { Runaway, FileOutcome } from '../runtime/runFile';

export type RunFileOptions = Omit<RunProgramOptions, 'deviceHost'>;

/** Assembles `file` and runs it to the end (src/runtime/runFile.ts), with devices on Node's fs. */
export function runFile(file: string, options: RunFileOptions, files: FileAccess): Promise<FileOutcome> {
  return runProgramFile(file, { ...options, deviceHost: nodeDeviceHost(dirname(file)) }, files);
}

/** The message for a runaway program: what looped, where, and what to do. */
export function runawayMessage(r: Runaway, maxCcws: number): string {
  const via = r.ticHops.length > 0 ? `, reached through the TIC at ${hex(r.ticHops[r.ticHops.length - 1] ?? 0, 8)}` : '';
  return `ccw: stopped after ${maxCcws.toLocaleString('en-US')} CCWs: the channel program of device ${hex(r.devno, 4)} does not end; it keeps looping through the CCW at ${hex(r.address, 8)}${via}. Fix the loop, or raise the limit with --max-ccws N`;
}

export async function runCommand(file: string, options: RunOptions, files: FileAccess, io: Output): Promise<number> {
  const maxCcws = options.maxCcws ?? DEFAULT_MAX_CCWS;
  const show = options.trace && !options.json;
  const outcome = await runFile(
    file,
    {
      maxCcws,
      verbose: options.verbose,
      ...(options.path ? { path: options.path } : {}),
      ...(show ? { onTraceLine: (l: string) => io.out(l) } : {}),
      ...(!show && !options.json ? { onStatement: (lines: string[]) => lines.forEach((l) => io.out(l)) } : {}),
      onStart: (machine) => {
        if (show) io.out(traceHeader(file, machine));
      },
    },
    files,
  );
  switch (outcome.kind) {
    case 'unreadable':
      io.err(outcome.message);
      return 2;
    case 'assembly':
      outcome.messages.forEach((m) => io.err(m));
      return 2;
    case 'machine':
      outcome.messages.forEach((m) => io.err(m));
      return 3;
  }
  const { passed, failed, runaway } = outcome;
  outcome.warnings.forEach((m) => io.err(m));
  outcome.outputErrors.forEach((m) => io.err(m));
  if (options.json) {
    const steps = outcome.records.map((r) => ({
      line: r.statement.loc.line,
      op: r.statement.op,
      devno: r.devno === null ? null : hex(r.devno, 4),
      cc: r.cc,
      ret: r.ret,
      irb: r.irb ? hexBytes(r.irb) : null,
    }));
    const runawayJson = runaway ? { runaway: { ccws: runaway.ccws, devno: hex(runaway.devno, 4), address: hex(runaway.address, 8), message: runawayMessage(runaway, maxCcws) } } : {};
    io.out(JSON.stringify({ steps, expectations: { passed, failed }, ...runawayJson }));
  } else {
    if (runaway) io.out(runawayMessage(runaway, maxCcws));
    io.out(`${passed} expectation(s) passed, ${failed} failed`);
  }
  if (runaway) return 3;
  return failed > 0 ? 1 : 0;
}
