/**
 * `ccw test FILE|FOLDER...`: runs every EXPECT of every file (a folder: its `.ccw` files, not its
 * subfolders, where copybooks can live), prints one line per file and a last line
 * `N passed, N failed` (files). Exit status 1 when any file failed (an EXPECT failed, the file
 * did not assemble, its devices could not be built, or it ran away), 3 on a usage error.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { FileAccess } from '../runtime/load';
import { runFile, runawayMessage, DEFAULT_MAX_CCWS, type FileOutcome, type Output } from './run';
import type { IoPath } from '../asm/image';

export interface TestOptions {
  readonly path?: IoPath;
  readonly maxCcws?: number;
}

/** The files named, folders expanded to their `.ccw` files in name order. */
export function testFiles(args: readonly string[]): { files: string[]; errors: string[] } {
  const files: string[] = [];
  const errors: string[] = [];
  for (const arg of args) {
    let isDir = false;
    try {
      isDir = statSync(arg).isDirectory();
    } catch {
      errors.push(`ccw: cannot read ${arg}: no such file or folder`);
      continue;
    }
    if (!isDir) {
      files.push(arg);
      continue;
    }
    const inside = readdirSync(arg)
      .filter((n) => n.toLowerCase().endsWith('.ccw'))
      .sort()
      .map((n) => join(arg, n))
      .filter((f) => statSync(f).isFile());
    if (inside.length === 0) errors.push(`ccw: ${arg} has no .ccw files`);
    files.push(...inside);
  }
  return { files, errors };
}

/** One line for a file: PASS/FAIL, the name, the counts and the first problems. */
export function verdict(file: string, outcome: FileOutcome, maxCcws: number): { ok: boolean; lines: string[] } {
  switch (outcome.kind) {
    case 'unreadable':
      return { ok: false, lines: [`FAIL  ${file}  ${outcome.message.replace(/^ccw: /, '')}`] };
    case 'assembly':
      return { ok: false, lines: [`FAIL  ${file}  does not assemble`, ...outcome.messages.map((m) => `      ${m}`)] };
    case 'machine':
      return { ok: false, lines: [`FAIL  ${file}  devices cannot be built`, ...outcome.messages.map((m) => `      ${m}`)] };
  }
  const total = outcome.passed + outcome.failed;
  const problems: string[] = [];
  for (const r of outcome.records) {
    for (const e of r.expectations) {
      if (!e.passed) problems.push(`      line ${r.statement.loc.line}: EXPECT ${e.expectation.text}  (actual ${e.actual}${e.problem ? `: ${e.problem}` : ''})`);
    }
  }
  if (outcome.runaway) problems.push(`      ${runawayMessage(outcome.runaway, maxCcws).replace(/^ccw: /, '')}`);
  problems.push(...outcome.outputErrors.map((m) => `      ${m}`));
  const ok = outcome.failed === 0 && outcome.runaway === null && outcome.outputErrors.length === 0;
  const counts = outcome.runaway
    ? `ran away (${outcome.failed} of ${total} expectation(s) failed before)`
    : total === 0
      ? 'no EXPECT statements'
      : ok
        ? `${total} expectation(s)`
        : `${outcome.failed} of ${total} expectation(s) failed`;
  return { ok, lines: [`${ok ? 'PASS' : 'FAIL'}  ${file}  ${counts}`, ...problems] };
}

export async function testCommand(args: readonly string[], options: TestOptions, files: FileAccess, io: Output): Promise<number> {
  const { files: list, errors } = testFiles(args);
  errors.forEach((e) => io.err(e));
  if (list.length === 0) return 3;
  const maxCcws = options.maxCcws ?? DEFAULT_MAX_CCWS;
  let passed = 0;
  let failed = errors.length;
  for (const file of list) {
    const outcome = await runFile(file, { maxCcws, ...(options.path ? { path: options.path } : {}) }, files);
    const v = verdict(file, outcome, maxCcws);
    v.lines.forEach((l) => io.out(l));
    if (v.ok) passed++;
    else failed++;
  }
  io.out(`${passed} passed, ${failed} failed`);
  return failed > 0 ? 1 : 0;
}
