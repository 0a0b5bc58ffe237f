/** The `ccw` command as a user runs it: dist/cli.js in its own process. */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';

const CLI = resolve('dist/cli.js');
const ccw = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });

describe('ccw run', () => {
  test('--json prints one object with a step per driver statement and the expectation counts; exit 0', () => {
    const r = ccw('run', 'examples/read-vol1.ccw', '--json');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { steps: { line: number; op: string; devno: string | null; cc: number | null; ret: number | null; irb: string | null }[]; expectations: { passed: number; failed: number } };
    expect(out.steps.map((s) => s.op)).toEqual(['SSCH', 'WAIT', 'EXPECT', 'EXPECT', 'END']);
    expect(out.steps[0]).toMatchObject({ devno: '0190', cc: 0, ret: 0, irb: null });
    // WAIT: the IRB as 96 bytes of hex; the SCSW shows CE DE with the guest CCW address.
    expect(out.steps[1]!.irb).toMatch(/^00804007000010380C000000[0-9A-F]{168}$/);
    expect(out.expectations).toEqual({ passed: 4, failed: 0 });
  });

  test('--trace shows each CCW with its name, data in hex and EBCDIC, and status', () => {
    const r = ccw('run', 'examples/read-vol1.ccw', '--trace');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/CCW 00001028 47 LOCATE RECORD\s+flags=40\(CC\) count=16 data@00001048/);
    expect(r.stdout).toMatch(/E5D6D3F1 .*\|VOL1/);
    expect(r.stdout).toMatch(/dev=CE\+DE sch=0 residual=0/);
    expect(r.stdout).toMatch(/SSCH\s+0190,READ\s+cc=0\s+ret_code=0/);
  });

  test('a failing EXPECT exits 1 and says what was found', () => {
    const r = ccw('run', 'test/cli/fixtures/failing.ccw');
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/FAIL DSTAT=CE\+DE\+UC\s+\(actual X'0C' \(CE\+DE\)\)/);
  });

  test('assembly errors exit 2 with file:line:col diagnostics', () => {
    const r = ccw('run', 'test/dap/fixtures/broken.ccw');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^test\/dap\/fixtures\/broken\.ccw:3:\d+: error CCW\d{3}: /m);
  });

  test('a missing file and a bad option are reported, not thrown', () => {
    expect(ccw('run', 'no/such/file.ccw')).toMatchObject({ status: 2, stderr: expect.stringMatching(/cannot read no\/such\/file\.ccw/) });
    expect(ccw('run', 'examples/read-vol1.ccw', '--path', 'sideways').status).toBe(3);
    expect(ccw('frobnicate').status).toBe(3);
  });
});
