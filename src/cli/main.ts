#!/usr/bin/env node
/**
 * The `ccw` command: `ccw run FILE`, `ccw test FILES...`, `ccw asm FILE`, `ccw dap`. Glue only:
 * argument parsing and output; the work is in the core.
 */
import { runCommand, DEFAULT_MAX_CCWS } from './run';
import { testCommand } from './test';
import type { IoPath } from '../asm/image';
import { asmCommand } from './asm';
import { nodeFiles } from './nodeFiles';
import { startAdapter } from './adapter';
import { DASD_USAGE, runDasd } from './dasd';

const USAGE = `usage:
  ccw run FILE [--trace] [--verbose] [--json] [--path vfio|direct] [--max-ccws N]
      assemble FILE and run it headless; --trace prints every CCW as it executes and every
      ending and interruption; a channel program still running after N CCWs (default
      ${DEFAULT_MAX_CCWS.toLocaleString('en-US')}) is stopped and reported
  ccw test FILE|FOLDER... [--path vfio|direct] [--max-ccws N]
      run every EXPECT of every file (a folder: its .ccw files); one line per file, then
      "N passed, N failed"; exit 1 when any file failed
  ccw asm FILE [--json | --listing]
      assemble FILE and print its diagnostics as file:line:col: severity CODE: message
      (--json: the Image; --listing: the assembler listing with cross reference)
  ccw dap [--port N]
      the debug adapter on stdio, or on 127.0.0.1:N
${DASD_USAGE}`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const flags = new Set(rest.filter((a) => a.startsWith('--')));
  const valued = new Set(['--path', '--port', '--max-ccws']);
  const positional = rest.filter((a, i) => !a.startsWith('--') && !valued.has(rest[i - 1] ?? ''));
  const io = { out: (l: string) => process.stdout.write(l + '\n'), err: (l: string) => process.stderr.write(l + '\n') };
  const valueOf = (flag: string): string | undefined => {
    const i = rest.indexOf(flag);
    return i >= 0 ? rest[i + 1] : undefined;
  };
  const path = valueOf('--path');
  const maxText = valueOf('--max-ccws');
  const maxCcws = maxText === undefined ? DEFAULT_MAX_CCWS : Number(maxText.replace(/[_,]/g, ''));
  const badPath = path !== undefined && path !== 'vfio' && path !== 'direct';
  const badMax = !Number.isSafeInteger(maxCcws) || maxCcws < 1;
  if ((command === 'run' || command === 'test') && (badPath || badMax)) {
    io.err(badMax ? `ccw: --max-ccws ${maxText ?? ''} is not a number of CCWs (1 or more)\n${USAGE}` : `ccw: --path ${path ?? ''}: write --path vfio or --path direct\n${USAGE}`);
    return 3;
  }
  const ioPath: { path?: IoPath } = path === 'vfio' || path === 'direct' ? { path } : {};
  switch (command) {
    case 'run': {
      const file = positional[0];
      if (!file) {
        io.err(USAGE);
        return 3;
      }
      return runCommand(file, { trace: flags.has('--trace'), verbose: flags.has('--verbose'), json: flags.has('--json'), maxCcws, ...ioPath }, nodeFiles, io);
    }
    case 'test': {
      if (positional.length === 0) {
        io.err(USAGE);
        return 3;
      }
      return testCommand(positional, { maxCcws, ...ioPath }, nodeFiles, io);
    }
    case 'asm': {
      const file = positional[0];
      if (!file || (flags.has('--json') && flags.has('--listing'))) {
        io.err(USAGE);
        return 3;
      }
      return asmCommand(file, { json: flags.has('--json'), listing: flags.has('--listing') }, nodeFiles, io);
    }
    case 'dasd':
      return runDasd(rest);
    case 'dap': {
      const port = valueOf('--port');
      startAdapter(port === undefined ? null : Number(port));
      return -1;
    }
    case '--help':
    case 'help':
    case undefined:
      io.out(USAGE);
      return command === undefined ? 3 : 0;
    default:
      io.err(`ccw: unknown command ${command}\n${USAGE}`);
      return 3;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`ccw: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 70;
  },
);
