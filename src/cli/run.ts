/**
 * `ccw run FILE [--trace] [--verbose] [--json] [--path vfio|direct]`: assemble and run a `.ccw`
 * file headless. Exit status: 0 all expectations passed, 1 an EXPECT failed, 2 assembly errors,
 * 3 the machine could not be built or the program ran away.
 */
import { dirname } from 'node:path';
import { hex, hexBytes } from '../arch';
import { ebcdicToText } from '../asm';
import { hasErrors, type IoPath, type SourceLocation } from '../asm/image';
import { createDevice } from '../devices';
import { nodeDeviceHost } from './nodeDeviceHost';
import { Machine } from '../runtime/machine';
import { loadProgram, type FileAccess } from '../runtime/load';
import { TraceCollector, formatTraceEntry } from '../runtime/trace';
import { formatDiagnostic } from './diagnostics';

export interface RunOptions {
  readonly trace: boolean;
  readonly verbose: boolean;
  readonly json: boolean;
  readonly path?: IoPath;
}

export interface Output {
  out(line: string): void;
  err(line: string): void;
}

/** Step limit for `ccw run`: a channel program that loops forever is reported, not waited on. */
const ATOM_LIMIT = 5_000_000;

export async function runCommand(file: string, options: RunOptions, files: FileAccess, io: Output): Promise<number> {
  const loaded = await loadProgram(file, files);
  if ('error' in loaded) {
    io.err(`ccw: ${loaded.error}`);
    return 2;
  }
  const { result, sources } = loaded;
  for (const d of result.diagnostics) io.err(formatDiagnostic(d));
  if (hasErrors(result)) return 2;

  const deviceHost = nodeDeviceHost(dirname(file));
  const machine = Machine.create(result.image, { createDevice: (spec) => createDevice(spec, deviceHost), ...(options.path ? { path: options.path } : {}) });
  if ('errors' in machine) {
    for (const e of machine.errors) io.err(e);
    return 3;
  }

  const sourceLine = (loc: SourceLocation): string => (sources.get(loc.file) ?? '').split(/\r?\n/)[loc.line - 1] ?? '';
  const format = { sourceLine, ebcdic: (b: Uint8Array) => ebcdicToText(b), verbose: options.verbose };
  const show = options.trace && !options.json;
  new TraceCollector(machine, show ? (entry) => formatTraceEntry(entry, format).forEach((l) => io.out(l)) : () => {});

  if (show) io.out(`ccw run ${file}  (PATH ${machine.path}; ${machine.devices.map((d) => `${hex(d.devno, 4)} ${d.device.description}`).join(', ')})`);
  let atoms = 0;
  let runaway = false;
  for (;;) {
    const a = machine.advance();
    if (a.kind === 'statement' && !show && !options.json) {
      formatTraceEntry({ kind: 'statement', record: a.record }, format).forEach((l) => io.out(l));
    }
    if (a.kind === 'idle') break;
    if (++atoms >= ATOM_LIMIT) {
      runaway = true;
      break;
    }
  }

  const passed = machine.driver.passed;
  const failed = machine.driver.failed;
  if (options.json) {
    const steps = machine.driver.records.map((r) => ({
      line: r.statement.loc.line,
      op: r.statement.op,
      devno: r.devno === null ? null : hex(r.devno, 4),
      cc: r.cc,
      ret: r.ret,
      irb: r.irb ? hexBytes(r.irb) : null,
    }));
    io.out(JSON.stringify({ steps, expectations: { passed, failed }, ...(runaway ? { runaway: true } : {}) }));
  } else {
    if (runaway) io.out(`ccw: stopped after ${ATOM_LIMIT} steps: the channel program does not end (a TIC loop?)`);
    io.out(`${passed} expectation(s) passed, ${failed} failed`);
  }
  if (runaway) return 3;
  return failed > 0 ? 1 : 0;
}
