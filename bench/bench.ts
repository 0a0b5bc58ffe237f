/**
 * `npm run bench [suite...]`: figures for the issue notes, not tests (nothing here asserts a
 * time). Each suite is a module with `run(report)`; name suites on the command line to run only
 * those (`npm run bench -- nopChain`).
 */
import * as asm from './asm';
import * as cards from './cards';
import * as dap from './dap';
import * as dasd from './dasd';
import * as extension from './extension';
import * as nopChain from './nopChain';
import * as panels from './panels';
import * as vfio from './vfio';
import type { Report } from './report';
import { startTimedAdapter } from './timedAdapter';

/** Every suite, in the order they run. Add a suite by importing it and listing it here. */
const SUITES: Record<string, { run(report: Report): Promise<void> }> = {
  nopChain,
  cards,
  vfio,
  dap,
  dasd,
  asm,
  extension,
  panels,
};

async function main(): Promise<void> {
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const unknown = wanted.filter((w) => !(w in SUITES));
  if (unknown.length > 0) throw new Error(`unknown bench suite ${unknown.join(', ')}; suites: ${Object.keys(SUITES).join(', ')}`);
  for (const [name, suite] of Object.entries(SUITES)) {
    if (wanted.length > 0 && !wanted.includes(name)) continue;
    await suite.run((line) => console.log(`[${name}] ${line}`));
  }
}

// `--adapter`: this process is the debug adapter with a clock inside (bench/timedAdapter.ts), spawned by a suite.
if (process.argv.includes('--adapter')) startTimedAdapter();
else
  main().catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
