#!/usr/bin/env node
/**
 * The `ccw` command: `ccw run FILE`, `ccw asm FILE`, `ccw dap`. Glue only: argument parsing and
 * output; the work is in the core.
 */
import { runCommand } from './run';
import { asmCommand } from './asm';
import { nodeFiles } from './nodeFiles';
import { startAdapter } from './adapter';

const USAGE = `usage:
  ccw run FILE [--trace] [--verbose] [--json] [--path vfio|direct]
      assemble FILE and run it headless; --trace prints every CCW as it executes
  ccw asm FILE [--json]
      assemble FILE and print its diagnostics (--json: the Image)
  ccw dap [--port N]
      the debug adapter on stdio, or on 127.0.0.1:N`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const flags = new Set(rest.filter((a) => a.startsWith('--')));
  const positional = rest.filter((a, i) => !a.startsWith('--') && !(rest[i - 1] === '--path' || rest[i - 1] === '--port'));
  const io = { out: (l: string) => process.stdout.write(l + '\n'), err: (l: string) => process.stderr.write(l + '\n') };
  const valueOf = (flag: string): string | undefined => {
    const i = rest.indexOf(flag);
    return i >= 0 ? rest[i + 1] : undefined;
  };
  switch (command) {
    case 'run': {
      const file = positional[0];
      const path = valueOf('--path');
      if (!file || (path !== undefined && path !== 'vfio' && path !== 'direct')) {
        io.err(USAGE);
        return 3;
      }
      return runCommand(
        file,
        { trace: flags.has('--trace'), verbose: flags.has('--verbose'), json: flags.has('--json'), ...(path ? { path } : {}) },
        nodeFiles,
        io,
      );
    }
    case 'asm': {
      const file = positional[0];
      if (!file) {
        io.err(USAGE);
        return 3;
      }
      return asmCommand(file, { json: flags.has('--json') }, nodeFiles, io);
    }
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
