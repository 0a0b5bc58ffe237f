/** `ccw asm` as a user runs it: dist/cli.js in its own process (npm run build first). */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';

const CLI = resolve('dist/cli.js');
const ccw = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });

describe('ccw asm', () => {
  test('a clean program: exit 0, nothing on stderr', () => {
    const r = ccw('asm', 'examples/read-vol1.ccw');
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
  });

  test('errors: exit 2 and file:line:col: error CODE: message lines, as the $ccw problem matcher reads them', () => {
    const r = ccw('asm', 'test/dap/fixtures/broken.ccw');
    expect(r.status).toBe(2);
    const re = /^(.+?):(\d+):(\d+): (error|warning|info) (CCW\d{3}): (.*)$/;
    const lines = r.stderr.trim().split('\n');
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines) expect(l).toMatch(re);
  });

  test('--json prints the Image: devices, chunks with hex bytes, driver statements', () => {
    const r = ccw('asm', 'examples/read-vol1.ccw', '--json');
    expect(r.status).toBe(0);
    const image = JSON.parse(r.stdout) as { devices: { devno: number }[]; chunks: { kind: string; bytes: string }[]; statements: { op: string }[] };
    expect(image.devices[0]?.devno).toBe(0x190);
    expect(image.statements.map((s) => s.op)).toEqual(['SSCH', 'WAIT', 'EXPECT', 'EXPECT', 'END']);
    // CCW1 DEFEXT,DEXTPARM,CC,16: command 63, flags 40, count 0010, address of DEXTPARM.
    expect(image.chunks.find((c) => c.kind === 'ccw1')?.bytes).toMatch(/^63400010000010[0-9A-F]{2}$/);
  });

  test('--listing prints the listing with the cross reference and the diagnostics', () => {
    const r = ccw('asm', 'examples/read-vol1.ccw', '--listing');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('  LOC    OBJECT CODE        ADDR1    ADDR2    STMT   SOURCE STATEMENT');
    expect(r.stdout).toContain('Ordinary Symbol Cross Reference');
    expect(r.stdout).toMatch(/\n0 errors, 0 warnings$/m);
  });

  test('--json with --listing is a usage error', () => {
    expect(ccw('asm', 'examples/read-vol1.ccw', '--json', '--listing').status).toBe(3);
  });
});
