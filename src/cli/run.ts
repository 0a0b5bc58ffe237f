/**
 * `ccw run FILE [--trace] [--verbose] [--json] [--path vfio|direct] [--max-ccws N]`: assemble and
 * run a `.ccw` file headless. Exit status: 0 all expectations passed, 1 an EXPECT failed, 2
 * assembly errors, 3 the machine could not be built or the program ran away.
 *
 * `runFile` is the part `ccw test` shares: it runs one file to its end and reports the outcome.
 */
import { dirname } from 'node:path';
import { hex, hexBytes } from '../arch';
import { ebcdicToText } from '../asm';
import { hasErrors, type IoPath, type SourceLocation } from '../asm/image';
import { createDevice, isFlushable } from '../devices';
import { nodeDeviceHost } from './nodeDeviceHost';
import { Machine } from '../runtime/machine';
import { loadProgram, type FileAccess } from '../runtime/load';
import { guestAddressOf } from '../runtime/guestView';
import { TraceCollector, formatTraceEntry, type TraceFormatOptions } from '../runtime/trace';
import type { StatementRecord } from '../driver';
import { formatDiagnostic } from './diagnostics';

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

/** Where a runaway program was looping when it was stopped. */
export interface Runaway {
  readonly ccws: number;
  readonly devno: number;
  readonly address: number;
  /** TICs followed to reach that CCW (the loop's back edge). */
  readonly ticHops: readonly number[];
}

export type FileOutcome =
  | { readonly kind: 'unreadable'; readonly message: string }
  | { readonly kind: 'assembly'; readonly messages: readonly string[] }
  | { readonly kind: 'machine'; readonly messages: readonly string[] }
  | {
      readonly kind: 'ran';
      readonly passed: number;
      readonly failed: number;
      readonly records: readonly StatementRecord[];
      readonly runaway: Runaway | null;
      /** Output files that could not be written. */
      readonly outputErrors: readonly string[];
      /** Assembler warnings. */
      readonly warnings: readonly string[];
    };

export interface RunFileOptions {
  readonly path?: IoPath;
  readonly maxCcws: number;
  /** Trace entries as text (with --trace), and statements as they complete. */
  readonly onTraceLine?: (line: string) => void;
  readonly onStatement?: (lines: string[]) => void;
  readonly verbose?: boolean;
  /** Called once the machine is built (the trace header). */
  readonly onStart?: (machine: Machine) => void;
}

/** Assembles `file` and runs it to the end, to a runaway stop, or not at all. */
export async function runFile(file: string, options: RunFileOptions, files: FileAccess): Promise<FileOutcome> {
  const loaded = await loadProgram(file, files);
  if ('error' in loaded) return { kind: 'unreadable', message: `ccw: ${loaded.error}` };
  const { result, sources } = loaded;
  if (hasErrors(result)) return { kind: 'assembly', messages: result.diagnostics.map(formatDiagnostic) };

  const deviceHost = nodeDeviceHost(dirname(file));
  const machine = Machine.create(result.image, { createDevice: (spec) => createDevice(spec, deviceHost), ...(options.path ? { path: options.path } : {}) });
  if ('errors' in machine) return { kind: 'machine', messages: machine.errors };

  const sourceLine = (loc: SourceLocation): string => (sources.get(loc.file) ?? '').split(/\r?\n/)[loc.line - 1] ?? '';
  const format: TraceFormatOptions = { sourceLine, ebcdic: (b: Uint8Array) => ebcdicToText(b), verbose: options.verbose ?? false };
  const traceLine = options.onTraceLine;
  if (traceLine) new TraceCollector(machine, (entry) => formatTraceEntry(entry, format).forEach(traceLine));
  options.onStart?.(machine);

  // Count CCWs as the channel executes them; remember the last, to name the loop.
  let ccws = 0;
  let last: { devno: number; address: number; ticHops: readonly number[] } = { devno: 0, address: 0, ticHops: [] };
  machine.addListener({
    ccw: (record, device) => {
      ccws++;
      // Guest addresses, also on PATH vfio where the channel runs the translated program.
      last = { devno: device.devno, address: guestAddressOf(device, record.address), ticHops: record.ticHops.map((a) => guestAddressOf(device, a)) };
    },
  });
  // A guard for loops that execute no CCW at all (none are known; the CLI must never hang).
  const atomLimit = options.maxCcws * 8 + 1_000_000;
  let atoms = 0;
  let runaway: Runaway | null = null;
  for (;;) {
    const a = machine.advance();
    if (a.kind === 'statement' && options.onStatement) options.onStatement(formatTraceEntry({ kind: 'statement', record: a.record }, format));
    if (a.kind === 'idle') break;
    if (ccws >= options.maxCcws || ++atoms >= atomLimit) {
      runaway = { ccws, ...last };
      break;
    }
  }

  // Output files are written when a channel program ends; write them once more now, so that a
  // program stopped mid-chain (a runaway) loses nothing.
  const outputErrors: string[] = [];
  for (const d of machine.devices) {
    if (!isFlushable(d.device)) continue;
    const flushed = d.device.flush();
    if ('error' in flushed) outputErrors.push(`ccw: device ${hex(d.devno, 4)}: ${flushed.error}`);
  }
  const warnings = result.diagnostics.map(formatDiagnostic);
  return { kind: 'ran', passed: machine.driver.passed, failed: machine.driver.failed, records: machine.driver.records, runaway, outputErrors, warnings };
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
        if (show) io.out(`ccw run ${file}  (PATH ${machine.path}; ${machine.devices.map((d) => `${hex(d.devno, 4)} ${d.device.description}`).join(', ')})`);
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
