/**
 * Interoperability with Hercules 3.13 (Debian's hercules package), both ways:
 *   - images Hercules makes (dasdinit, plain and compressed) read as Hercules itself reads them
 *     (its cckd2ckd output), and `ccw dasd init` is byte for byte dasdinit -lfs;
 *   - an image we wrote is read back by Hercules: ckd2cckd + cckd2ckd give our bytes back, and a
 *     channel program run by Hercules (the oracle) reads the record we wrote.
 * Skipped, with the reason in the test name, where the Hercules tools are not installed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { buildTrack, standardR0 } from '../../../src/devices/dasd/ckdTrack';
import { ImageTrackStore, freshImageParts, nullTrack, openImage, type TrackSource } from '../../../src/devices/images';
import { nodeDeviceHost } from '../../../src/cli/nodeDeviceHost';
import { concat } from './memoryHost';

const TOOLS = ['dasdinit', 'cckd2ckd', 'ckd2cckd'];
const missing = TOOLS.filter((t) => spawnSync('sh', ['-c', `command -v ${t}`]).status !== 0);
const SKIP = missing.length > 0 ? ` (skipped: Hercules' ${missing.join(', ')} not found; apt-get install -y hercules)` : '';
if (SKIP) console.warn(`interop tests${SKIP}`);
/** The vendored copy (tools/oracle), so a clean clone runs these tests. */
const ORACLE = resolve('tools/oracle/run-oracle');
const oracleMissing = SKIP !== '' || !existsSync(ORACLE) || spawnSync('sh', ['-c', 'command -v python3']).status !== 0;

const dir = SKIP ? '' : mkdtempSync(join(tmpdir(), 'ccw-interop-'));
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});
const host = nodeDeviceHost(dir || '.');

function run(cmd: string, ...args: string[]): void {
  const r = spawnSync(cmd, args, { cwd: dir, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: exit ${r.status}\n${r.stdout}\n${r.stderr}`);
}

function open(name: string): TrackSource {
  const opened = openImage(host, name, host.decompressors);
  if ('error' in opened) throw new Error(opened.error);
  return opened.source;
}

function image(source: TrackSource, c: number, h: number): Uint8Array {
  const r = source.readTrack(c, h);
  if ('error' in r) throw new Error(r.error);
  return r.image;
}

/** Every track of `name` as we read it equals Hercules' own uncompressed copy (cckd2ckd). */
function sameAsHercules(name: string): void {
  run('cckd2ckd', '-q', name, `${name}.ckd`);
  const ours = open(name);
  const theirs = open(`${name}.ckd`);
  expect(ours.geometry).toEqual(theirs.geometry);
  for (let c = 0; c < ours.geometry.cylinders; c++) for (let h = 0; h < 15; h++) expect(image(ours, c, h)).toEqual(image(theirs, c, h));
  ours.close();
  theirs.close();
}

describe.skipIf(SKIP !== '')(`Hercules makes, ccw reads${SKIP}`, () => {
  test.each([
    ['3390-3', 'fresh3', '7'],
    ['3390-9', 'lower9', '2'],
    ['3390-1', 'V1', '1'],
  ])('ccw dasd init FILE %s %s --cyls %s is byte for byte dasdinit -lfs', (model, volser, cyls) => {
    run('dasdinit', '-lfs', 'theirs.3390', model, volser, cyls);
    const ours = concat([...freshImageParts(Number(cyls), volser.toUpperCase())]);
    expect(Buffer.compare(ours, readFileSync(join(dir, 'theirs.3390')))).toBe(0);
    rmSync(join(dir, 'theirs.3390'));
  });

  test.each([
    ['zlib', ['-z']],
    ['bzip2', ['-bz2']],
    ['Linux null tracks', ['-linux', '-z']],
    ['no compression', ['-0']],
  ])('a dasdinit CCKD (%s) reads as Hercules reads it', (_what, opts) => {
    const name = `c${opts.join('')}.cckd`;
    run('dasdinit', ...opts, name, '3390', 'CCKD01', '5');
    sameAsHercules(name);
  });

  test('a records-bearing CCKD (dasdcopy -bz2 of a written volume) reads as Hercules reads it', () => {
    run('cp', resolve('test/fixtures/images/data-bz2.cckd'), 'd.cckd');
    sameAsHercules('d.cckd');
  });

  test('a compressed 3390-54 from dasdinit -z opens and reads without reading the volume (memory: level-2 tables on demand)', () => {
    run('dasdinit', '-z', 'big.cckd', '3390-54', 'BIG054');
    const big = open('big.cckd');
    expect(big.geometry).toEqual({ cylinders: 65_520, heads: 15 });
    expect(image(big, 65_519, 14)).toEqual(nullTrack(65_519, 14, 1));
    expect(image(big, 40_000, 0)).toEqual(nullTrack(40_000, 0, 1));
    big.close();
  });
});

describe.skipIf(SKIP !== '')(`ccw writes, Hercules reads${SKIP}`, () => {
  const records = (c: number, h: number) =>
    buildTrack(c, h, [standardR0(), { r: 1, key: Uint8Array.of(0xd2, 0xc5, 0xe8, 0xf1), data: new TextEncoder().encode('written by ccw '.repeat(20)) }, { r: 2, data: new Uint8Array(4000).fill(0x5a) }, { r: 3, data: new Uint8Array(0) }]);

  let volumes = 0;
  function writtenVolume(): string {
    const name = `w${++volumes}.3390`;
    run('dasdinit', '-lfs', name, '3390', 'WRITE1', '3');
    const opened = openImage(host, name);
    if ('error' in opened) throw new Error(opened.error);
    const store = new ImageTrackStore(opened.source, host, { persist: true });
    for (const [c, h] of [[0, 1], [1, 7], [2, 14]] as const) expect(store.writeTrack(c, h, records(c, h))).toEqual({ ok: true });
    expect(store.save()).toEqual({ ok: null });
    store.close();
    return name;
  }

  test('Hercules reads every track we saved: ckd2cckd then cckd2ckd give our image back byte for byte', () => {
    const name = writtenVolume();
    run('ckd2cckd', '-q', name, 'w.cckd');
    run('cckd2ckd', '-q', 'w.cckd', 'back.3390');
    expect(Buffer.compare(readFileSync(join(dir, 'back.3390')), readFileSync(join(dir, name)))).toBe(0);
    const back = open('w.cckd');
    expect(image(back, 1, 7)).toEqual(records(1, 7));
    back.close();
  });

  test.skipIf(oracleMissing)('a channel program run by Hercules (the oracle) reads the record we wrote', () => {
    const name = writtenVolume();
    const testCase = {
      name: 'ccw_written_image',
      devices: [{ devnum: '0190', type: '3390', image: join(dir, name) }],
      memory: [
        { addr: '0x2000', hex: '00C00000 00000000 00000000 0002000E' }, // extent: cylinders 0-2
        { addr: '0x2010', hex: '06000001 00010007 00010007 01000000' },
        { addr: '0x3000', fill: '0xAA', len: 32 },
      ],
      channel_programs: [{ addr: '0x1000', format: 1, ccws: [{ cmd: '0x63', flags: 'CC', count: 16, addr: '0x2000' }, { cmd: '0x47', flags: 'CC', count: 16, addr: '0x2010' }, { cmd: '0x06', flags: 'SLI', count: 16, addr: '0x3000' }] }],
      steps: [{ op: 'ssch', dev: '0190', orb: { key: 0, f: 1, lpm: '0x80', cpa: '0x1000' } }, { op: 'wait', dev: '0190' }],
      dump: [{ addr: '0x3000', len: 16 }],
      dump_tracks: [{ dev: '0190', cyl: 1, head: 7 }],
    };
    const r = spawnSync(ORACLE, ['-'], { input: JSON.stringify(testCase), encoding: 'utf8' });
    const result = JSON.parse(r.stdout) as { ok: boolean; memory: { hex: string }[]; tracks_after: { records: { r: number; kl: number; dl: number; key: string }[] }[] };
    expect(result.ok).toBe(true);
    expect(result.memory[0]?.hex).toBe(Buffer.from('written by ccw w').toString('hex').toUpperCase());
    expect(result.tracks_after[0]?.records.map((x) => [x.r, x.kl, x.dl, x.key])).toEqual([[0, 0, 8, ''], [1, 4, 300, 'D2C5E8F1'], [2, 0, 4000, ''], [3, 0, 0, '']]);
  });
});
