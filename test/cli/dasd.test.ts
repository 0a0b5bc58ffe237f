/** `ccw dasd init | ls | dump` as a user runs them: dist/cli.js in its own process. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';

const CLI = resolve('dist/cli.js');
const dir = mkdtempSync(join(tmpdir(), 'ccw-dasd-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const ccw = (...args: string[]) => spawnSync(process.execPath, [CLI, 'dasd', ...args], { cwd: dir, encoding: 'utf8' });
const FIXTURES = resolve('test/fixtures/images');

describe('ccw dasd init', () => {
  test('makes a one-file CKD_P370 volume of the cylinders asked for and says what it made', () => {
    const r = ccw('init', 'a.3390', '3390-3', 'vol001', '--cyls', '2');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('a.3390: 3390-3 volume VOL001, 2 cylinders, 1,705,472 bytes (CKD_P370)\n');
    expect(statSync(join(dir, 'a.3390')).size).toBe(512 + 2 * 15 * 56_832);
    expect(readFileSync(join(dir, 'a.3390')).subarray(0, 8).toString('latin1')).toBe('CKD_P370');
  });

  test('shows progress on stderr for a volume of many cylinders', () => {
    const r = ccw('init', 'p.3390', '3390-1', 'PROG01', '--cyls', '60');
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/init p\.3390: cylinder 60 of 60 \(100%\)/);
  });

  test('never overwrites a file', () => {
    writeFileSync(join(dir, 'keep.3390'), 'precious');
    const r = ccw('init', 'keep.3390', '3390-3', 'VOL001');
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/keep\.3390 exists; ccw dasd init never overwrites a file/);
    expect(readFileSync(join(dir, 'keep.3390'), 'utf8')).toBe('precious');
  });

  test.each([
    [['init', 'x.3390', '3390-4', 'V'], /3390-4 is not a 3390 model/],
    [['init', 'x.3390', '3390-3', 'TOOLONG'], /TOOLONG is not a volume serial/],
    [['init', 'x.3390', '3390-3', 'V', '--cyls', '0'], /--cyls 0: write a number of cylinders from 1 to 65,523/],
    [['init', 'x.3390', '3390', 'V'], /3390 without a model needs --cyls N/],
    [['frob'], /unknown command frob/],
  ])('%j is refused with a message (exit 3)', (args, message) => {
    const r = ccw(...args);
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(message);
  });
});

describe('ccw dasd ls', () => {
  test('lists the records of each track that holds more than R0 (Hercules-made bzip2 CCKD)', () => {
    const r = ccw('ls', join(FIXTURES, 'data-bz2.cckd'));
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/data-bz2\.cckd: CKD_C370, 20 cylinders × 15 heads, 300 tracks/);
    expect(r.stdout).toMatch(/^0\/0 +R0 0\/8 {2}R1 4\/24 key 'IPL1' {2}R2 4\/144 key 'IPL2' {2}R3 4\/80 key 'VOL1'$/m);
    expect(r.stdout).toMatch(/^1\/1 +R0 0\/8 {2}R1 4\/8 key 'KEY1' {2}R2 4\/4096 key 'KEY2' {2}R3 0\/0 \(EOF\)$/m);
    expect(r.stdout).toMatch(/\(293 tracks hold only R0 and are not listed; --all lists them\)/);
  });

  test('--all lists every track', () => {
    const r = ccw('ls', join(FIXTURES, 'fresh-z.cckd'), '--all');
    expect(r.stdout.split('\n').filter((l) => /^\d+\/\d+ /.test(l))).toHaveLength(45);
  });

  test('a refused format says which it is', () => {
    const bytes = readFileSync(join(FIXTURES, 'fresh-z.cckd'));
    bytes.write('CKD_C064', 0, 'latin1');
    writeFileSync(join(dir, 'c64.cckd'), bytes);
    const r = ccw('ls', 'c64.cckd');
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/c64\.cckd: is a 64-bit compressed CKD image \(CKD_C064/);
  });
});

describe('ccw dasd dump', () => {
  test('shows one track in hex and EBCDIC, record by record', () => {
    const r = ccw('dump', join(FIXTURES, 'data-z.cckd'), '1', '1');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/track 1\/1 \(CKD_C370\): 4,165 bytes, 4 records/);
    expect(r.stdout).toMatch(/^R1 +count 0001 0001 01 04 0008/m);
    expect(r.stdout).toMatch(/key +0000 +D2C5E8F1 +\|KEY1\|/);
    expect(r.stdout).toMatch(/data +0000 +C4C1E3C1 40D6D5C5 +\|DATA ONE\|/);
    expect(r.stdout).toMatch(/^END +FF FF FF FF FF FF FF FF$/m);
  });

  test('a track that is not on the volume', () => {
    const r = ccw('dump', join(FIXTURES, 'data-z.cckd'), '20', '0');
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/track 20\/0 is not on .* \(20 cylinders, 15 heads\)/);
  });
});
