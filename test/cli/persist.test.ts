/**
 * A user's volume image through `ccw run`, as a user runs it (dist/cli.js in its own process):
 * without PERSIST=YES the file is never touched, with PERSIST=YES the run saves the written
 * record into it (atomically: no temporary file is left beside it), and `ccw dasd ls` sees it.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { writeRecordProgram } from '../helpers/writeRecordProgram';

const CLI = resolve('dist/cli.js');
const dir = mkdtempSync(join(tmpdir(), 'ccw-persist-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const ccw = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { cwd: dir, encoding: 'utf8' });

const program = (persist: boolean) => writeRecordProgram(`IMAGE='vol.3390'${persist ? ',PERSIST=YES' : ''}`);

describe('ccw run on a volume image', () => {
  test('without PERSIST=YES the program sees its write, and the file stays byte for byte as it was', () => {
    expect(ccw('dasd', 'init', 'vol.3390', '3390-1', 'KEEP01', '--cyls', '1').status).toBe(0);
    const before = readFileSync(join(dir, 'vol.3390'));
    writeFileSync(join(dir, 'keep.ccw'), program(false));
    const r = ccw('run', 'keep.ccw');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(readFileSync(join(dir, 'vol.3390')).equals(before)).toBe(true);
    expect(ccw('dasd', 'ls', 'vol.3390').stdout).not.toMatch(/WRITTEN|R1 +0 +8/);
    rmSync(join(dir, 'vol.3390'));
  });

  test('with PERSIST=YES the run saves the record into the image, leaving no temporary file', () => {
    expect(ccw('dasd', 'init', 'vol.3390', '3390-1', 'SAVE01', '--cyls', '1').status).toBe(0);
    const before = readFileSync(join(dir, 'vol.3390'));
    writeFileSync(join(dir, 'save.ccw'), program(true));
    const r = ccw('run', 'save.ccw');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const after = readFileSync(join(dir, 'vol.3390'));
    expect(after.length).toBe(before.length);
    expect(after.equals(before)).toBe(false);
    // The record's data, in EBCDIC as the program wrote it, is in the file now.
    expect(after.includes(Buffer.from('e6d9c9e3e3c5d55a', 'hex'))).toBe(true);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
