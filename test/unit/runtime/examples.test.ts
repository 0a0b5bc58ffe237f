/** Every example is also a test: it assembles cleanly and all its EXPECTs pass, on both paths. */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { runProgram } from '../../helpers/runProgram';

const dir = 'examples';
const files = readdirSync(dir).filter((f) => f.endsWith('.ccw'));

describe.each(files)('%s', (file) => {
  test.each(['vfio', 'direct'] as const)('runs with every expectation passing on PATH %s', (path) => {
    const r = runProgram(readFileSync(join(dir, file), 'utf8'), path);
    expect(r.machine.driver.failed).toBe(0);
    expect(r.machine.driver.passed).toBeGreaterThan(0);
    expect(r.machine.driver.state).toBe('ended');
  });
});
