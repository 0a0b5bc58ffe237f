/**
 * Run one `.ccw` file headless, to its end (or to a runaway stop), and report what happened:
 * the part `ccw run`, `ccw test` and the extension's Test Explorer and "Run File" share. Files
 * come through a FileAccess and a DeviceHost, so it runs the same under Node and in a browser.
 */
import { hex } from '../arch';
import { ebcdicToText } from '../asm';
import { formatDiagnostic } from '../asm/listing';
import { hasErrors, type IoPath, type SourceLocation } from '../asm/image';
import { createDevice, endImageSession, isFlushable, type DeviceHost } from '../devices';
import type { StatementRecord } from '../driver';
import { loadProgram, type FileAccess } from './load';
import { guestViewOfCcw } from './guestView';
import { Machine } from './machine';
import { TraceCollector, formatTraceEntry, type TraceFormatOptions } from './trace';

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
  /** Files named by DEVICE options (IMAGE=, DECK=, …), relative to the program's folder. */
  readonly deviceHost: DeviceHost;
  /** Trace entries as text (the `ccw run --trace` layout), and statements as they complete. */
  readonly onTraceLine?: (line: string) => void;
  readonly onStatement?: (lines: string[]) => void;
  readonly verbose?: boolean;
  /** Called once the machine is built (the trace header). */
  readonly onStart?: (machine: Machine) => void;
}

/** Assembles `file` and runs it to the end, to a runaway stop, or not at all. */
export async function runProgramFile(file: string, options: RunFileOptions, files: FileAccess): Promise<FileOutcome> {
  const loaded = await loadProgram(file, files);
  if ('error' in loaded) return { kind: 'unreadable', message: `ccw: ${loaded.error}` };
  const { result, sources } = loaded;
  if (hasErrors(result)) return { kind: 'assembly', messages: result.diagnostics.map(formatDiagnostic) };

  const deviceHost = options.deviceHost;
  const machine = Machine.create(result.image, { createDevice: (spec) => createDevice(spec, deviceHost), ...(options.path ? { path: options.path } : {}) });
  if ('errors' in machine) return { kind: 'machine', messages: machine.errors };

  const sourceLine = (loc: SourceLocation): string => (sources.get(loc.file) ?? '').split(/\r?\n/)[loc.line - 1] ?? '';
  const format: TraceFormatOptions = { sourceLine, ebcdic: (b: Uint8Array) => ebcdicToText(b), verbose: options.verbose ?? false };
  const traceLine = options.onTraceLine;
  if (traceLine) new TraceCollector(machine, (entry) => formatTraceEntry(entry, format).forEach(traceLine));
  options.onStart?.(machine);

  // Chained immediate CCWs run on the engine's fast path; the engine counts every CCW executed.
  // The CCW that reaches the limit always runs on the reference path (its record names the
  // loop), so a runaway stops exactly where it stops one event per CCW.
  const engine = machine.css.engine;
  machine.batching = true;
  engine.reportInline = traceLine !== undefined;
  engine.inlineExecuteLimit = options.maxCcws - 1;
  let last: { devno: number; address: number; ticHops: readonly number[] } = { devno: 0, address: 0, ticHops: [] };
  machine.addListener({
    ccw: (record, device) => {
      // Guest addresses, also on PATH vfio where the channel runs the translated program.
      last = { devno: device.devno, address: guestViewOfCcw(device, record.address, record.ccw).address, ticHops: record.ticHops.map((a) => guestViewOfCcw(device, a, null).address) };
    },
  });
  // A guard for loops that execute no CCW at all (none are known; a headless run must never hang).
  const atomLimit = options.maxCcws * 8 + 1_000_000;
  let runaway: Runaway | null = null;
  for (;;) {
    const a = machine.advance();
    if (a.kind === 'statement' && options.onStatement) options.onStatement(formatTraceEntry({ kind: 'statement', record: a.record }, format));
    if (a.kind === 'idle') break;
    if (engine.executed >= options.maxCcws || machine.position >= atomLimit) {
      runaway = { ccws: engine.executed, ...last };
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
  // Volume images: PERSIST=YES devices save their overlay now (atomically); every image file
  // is closed. Without PERSIST=YES nothing reaches the user's file.
  for (const error of endImageSession(machine.devices.map((d) => d.device))) outputErrors.push(`ccw: ${error}`);
  const warnings = result.diagnostics.map(formatDiagnostic);
  return { kind: 'ran', passed: machine.driver.passed, failed: machine.driver.failed, records: machine.driver.records, runaway, outputErrors, warnings };
}

/** The first line of a text trace (`ccw run --trace` and the extension's trace export). */
export function traceHeader(file: string, machine: Machine): string {
  return `ccw run ${file}  (PATH ${machine.path}; ${machine.devices.map((d) => `${hex(d.devno, 4)} ${d.device.description}`).join(', ')})`;
}

/** One EXPECT check as it came out: where it is written, what it says, and what was seen. */
export interface ExpectOutcome {
  readonly loc: SourceLocation;
  readonly text: string;
  readonly passed: boolean;
  readonly actual: string;
  readonly problem?: string;
}

/** Every EXPECT check the run evaluated, in the order it evaluated them. */
export function expectOutcomes(outcome: FileOutcome): ExpectOutcome[] {
  if (outcome.kind !== 'ran') return [];
  return outcome.records.flatMap((r) =>
    r.expectations.map((e) => ({
      loc: e.expectation.loc,
      text: e.expectation.text,
      passed: e.passed,
      actual: e.actual,
      ...(e.problem ? { problem: e.problem } : {}),
    })),
  );
}
