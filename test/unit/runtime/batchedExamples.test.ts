/**
 * "The same input always gives the same trace" (issue 4), whichever way the machine runs: every
 * example gives the same driver records (condition codes, IRBs, messages, EXPECT results) with
 * the engine's fast path batching CCWs — as `ccw run` and a debug session's continue run — and
 * with one event per CCW — as stepping runs.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { assemble } from '../../../src/asm';
import { nodeDeviceHost } from '../../../src/cli/nodeDeviceHost';
import { createDevice } from '../../../src/devices';
import { Machine } from '../../../src/runtime/machine';

const FOLDERS = ['examples', 'examples/dasd', 'examples/vfio'];
const files = FOLDERS.flatMap((d) => readdirSync(d).filter((f) => f.endsWith('.ccw')).map((f) => join(d, f)));

function records(file: string, batching: boolean): string[] {
  const result = assemble(readFileSync(file, 'utf8'), { file });
  const host = nodeDeviceHost(dirname(file));
  const machine = Machine.create(result.image, { createDevice: (spec) => createDevice(spec, host) });
  if ('errors' in machine) throw new Error(machine.errors.join('\n'));
  machine.batching = batching;
  machine.runToEnd();
  return machine.driver.records.map((r) =>
    JSON.stringify({
      line: r.statement.loc.line,
      cc: r.cc,
      pgm: r.pgm,
      ret: r.ret,
      irb: r.irb ? Buffer.from(r.irb).toString('hex') : null,
      message: r.message ?? null,
      expectations: r.expectations.map((e) => [e.passed, e.actual]),
    }),
  );
}

describe('batched and one-event-per-CCW runs agree on every example', () => {
  test.each(files)('%s', (file) => {
    const batched = records(file, true);
    expect(batched.length).toBeGreaterThan(0);
    expect(batched).toEqual(records(file, false));
  });
});
