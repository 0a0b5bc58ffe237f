/**
 * Every example is also a test: it assembles cleanly and all its EXPECTs pass, on both paths,
 * except examples that say `PATH direct`: they show rules the vfio path changes (format-0
 * conversion, no RSCH in the kernel), and run on the direct path only.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { runProgram } from '../../helpers/runProgram';

const dir = 'examples';
const files = readdirSync(dir).filter((f) => f.endsWith('.ccw'));

const directOnly = (source: string) => /^\S*\s+PATH\s+direct\b/im.test(source);

describe.each(files)('%s', (file) => {
  const source = readFileSync(join(dir, file), 'utf8');
  const paths = directOnly(source) ? (['direct'] as const) : (['vfio', 'direct'] as const);
  test.each(paths)('runs with every expectation passing on PATH %s', (path) => {
    const r = runProgram(source, path, join(dir, file));
    expect(r.machine.driver.failed).toBe(0);
    expect(r.machine.driver.passed).toBeGreaterThan(0);
    expect(r.machine.driver.state).toBe('ended');
  });
});
