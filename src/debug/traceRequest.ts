/**
 * The `ccw/trace` custom request: the session's execution trace up to the current stop, as text
 * in the `ccw run --trace` layout or as JSON, for the extension's "Export Trace" command and
 * for other clients. The trace is what the runtime's TraceCollector holds: on a long run the
 * session keeps only the most recent entries, and with the Debug Console trace off the CCWs the
 * fast path ran inline have no entries of their own (`unrecorded` entries count them where they
 * ran); the answer says both.
 */
import { hexBytes } from '../arch';
import { ebcdicToText } from '../asm';
import type { SourceLocation } from '../asm/image';
import type { Runtime } from '../runtime/runtime';
import { traceHeader } from '../runtime/runFile';
import { formatTraceEntry, type TraceEntry } from '../runtime/trace';

export const TRACE_REQUEST = 'ccw/trace';

export type TraceFormat = 'text' | 'json';

export interface TraceRequestArguments {
  readonly format?: TraceFormat;
  /** Include vfio-ccw FSM transitions and translation details in the text form. */
  readonly verbose?: boolean;
}

export interface TraceResponseBody {
  readonly format: TraceFormat;
  /** The trace: text lines joined with '\n', or a JSON document. */
  readonly content: string;
  readonly entries: number;
  /** False when earlier entries were dropped (the session keeps the most recent ones). */
  readonly complete: boolean;
  /** CCWs the entries held count without an entry of their own (run batched while the trace was off); 0 when every CCW has one. */
  readonly unrecordedCcws: number;
}

/** The JSON form: byte arrays as hex strings, every other field as the runtime records it. */
function toJson(program: string, runtime: Runtime, entries: readonly TraceEntry[], complete: boolean, unrecordedCcws: number): string {
  const machine = runtime.machine;
  const doc = {
    program,
    path: machine.path,
    devices: machine.devices.map((d) => ({ devno: d.devno, description: d.device.description })),
    complete,
    unrecordedCcws,
    entries,
  };
  return JSON.stringify(doc, (_key, value: unknown) => (value instanceof Uint8Array ? hexBytes(value) : value), 1);
}

export function traceRequest(
  runtime: Runtime | null,
  program: string | undefined,
  sources: ReadonlyMap<string, string>,
  raw: unknown,
): { body: TraceResponseBody } | { error: string } {
  if (!runtime || program === undefined) return { error: 'No program has been launched yet.' };
  if (runtime.isRunning) return { error: 'The program is running; pause it (or wait for a stop) to export its trace.' };
  const args = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const format = args.format ?? 'text';
  if (format !== 'text' && format !== 'json') return { error: `format must be "text" or "json", not ${JSON.stringify(format)}` };
  const entries = [...runtime.trace.entries];
  // A trace that starts at the first driver statement is whole; the session trims long ones.
  const first = entries[0];
  const complete = first === undefined || (first.kind === 'statement' && first.record.index === 0);
  let unrecordedCcws = 0;
  for (const e of entries) if (e.kind === 'unrecorded') unrecordedCcws += e.ccws;
  const counts = { entries: entries.length, complete, unrecordedCcws };
  if (format === 'json') return { body: { format, content: toJson(program, runtime, entries, complete, unrecordedCcws), ...counts } };

  const sourceLine = (loc: SourceLocation): string => (sources.get(loc.file) ?? '').split(/\r?\n/)[loc.line - 1] ?? '';
  const options = { sourceLine, ebcdic: ebcdicToText, verbose: args.verbose === true };
  const lines = [traceHeader(program, runtime.machine)];
  if (!complete) lines.push('… earlier entries are not shown: a debug session keeps the most recent trace entries (ccw run --trace prints all)');
  if (unrecordedCcws > 0) {
    lines.push(`… ${unrecordedCcws} CCW(s) below ran batched without a line of their own while the Debug Console trace was off ("… CCW(s) ran batched" lines count them where they ran; "trace on" in the Debug Console records every CCW)`);
  }
  for (const e of entries) lines.push(...formatTraceEntry(e, options));
  return { body: { format, content: lines.join('\n') + '\n', ...counts } };
}
