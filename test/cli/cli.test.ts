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

  test('--trace prints one line per CCW (time, device, CCW address, command by name and hex, flags, count, data address, 16 bytes in hex and EBCDIC), then one per ending and interruption', () => {
    const r = ccw('run', 'examples/read-vol1.ccw', '--trace');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^t=\s+[\d.]+us 0190 CCW 00001028 LOCATE RECORD X'47' flags=CC\(40\) count=16 data@00001048  06000001 00000000 00000000 03000000 \|\.+\|$/m);
    expect(r.stdout).toMatch(/^t=\s+[\d.]+us 0190 CCW 00001030 READ DATA X'06' flags=SLI\(20\) count=80 data@00001058  E5D6D3F1 .*\|VOL1/m);
    expect(r.stdout).toMatch(/^\s+0190 end  dev=CE\+DE\(0C\) sch=0\(00\) residual=0 ccw=00001038$/m);
    expect(r.stdout).toMatch(/^t=\s+[\d.]+us 0190 interruption PRIM\+SEC\+PEND\(07\) dev=CE\+DE\(0C\) sch=0\(00\) residual=0 ccw=00001038$/m);
    expect(r.stdout).toMatch(/SSCH\s+0190,READ\s+cc=0\s+ret_code=0/);
  });

  test('--trace names unit-record commands and shows an end of file as unit exception in the initial status', () => {
    const r = ccw('run', 'examples/reader-deck.ccw', '--trace');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/000C CCW 00001040 READ X'02' flags=CC\(40\) count=80 data@00001058  C8C5D3D3 D640C6D9 D6D440E3 C8C540C3 \|HELLO FROM THE C\|/);
    expect(r.stdout).toMatch(/000C CCW 00001050 READ X'02' flags=0\(00\) count=80 data@000010F8 \(rejected in initial status\)/);
    expect(r.stdout).toMatch(/000C interruption ALERT\+PRIM\+SEC\+PEND\(17\) dev=CE\+DE\+UX\(0D\) sch=0\(00\) residual=80 ccw=00001058/);
  });

  test('a runaway program is stopped after --max-ccws CCWs with a message naming the looping CCW; exit 3', () => {
    const r = ccw('run', 'test/cli/fixtures/runaway.ccw', '--max-ccws', '5000');
    expect(r.status).toBe(3);
    expect(r.stdout).toMatch(/stopped after 5,000 CCWs: the channel program of device 000C does not end; it keeps looping through the CCW at 00001020, reached through the TIC at 00001028/);
    expect(ccw('run', 'test/cli/fixtures/runaway.ccw', '--max-ccws', 'lots').status).toBe(3);
    const j = ccw('run', 'test/cli/fixtures/runaway.ccw', '--max-ccws', '100', '--json');
    expect(JSON.parse(j.stdout)).toMatchObject({ runaway: { ccws: 100, devno: '000C', address: '00001020' } });
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

describe('ccw test', () => {
  test('one line per file and a last line "N passed, N failed"; exit 1 when a file fails', () => {
    const r = ccw('test', 'test/cli/fixtures/suite', 'test/cli/fixtures/runaway.ccw', '--max-ccws', '1000');
    expect(r.status).toBe(1);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('PASS  test/cli/fixtures/suite/a-pass.ccw  15 expectation(s)');
    expect(lines[1]).toBe('FAIL  test/cli/fixtures/suite/b-fail.ccw  1 of 1 expectation(s) failed');
    expect(lines[2]).toMatch(/^\s+line 8: EXPECT DSTAT=CE\+DE\+UC\s+\(actual X'0C'/);
    expect(r.stdout).toMatch(/^FAIL  test\/cli\/fixtures\/runaway\.ccw  .*ran away/m);
    expect(lines[lines.length - 1]).toBe('1 passed, 2 failed');
  });

  test('every example passes (CI runs the same: ccw test examples/)', () => {
    const r = ccw('test', 'examples');
    expect(r.stdout).not.toMatch(/^FAIL/m);
    expect(r.stdout.trimEnd().split('\n').pop()).toMatch(/^(1[5-9]|[2-9]\d) passed, 0 failed$/);
    expect(r.status).toBe(0);
  });

  test('no files, or a folder without .ccw files, is a usage error', () => {
    expect(ccw('test').status).toBe(3);
    expect(ccw('test', 'test/cli/fixtures/suite/data')).toMatchObject({ status: 3, stderr: expect.stringMatching(/has no \.ccw files/) });
  });
});
