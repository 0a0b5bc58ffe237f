/**
 * Reading Hercules-made images: every track of a CKD_P370 and of its CCKD copies (zlib, bzip2,
 * none) reads the same as Hercules' own cckd2ckd output, null tracks included; multi-file volumes
 * follow their headers; a fresh dasdinit volume reads as the in-memory fresh volume does.
 */
import { describe, expect, test } from 'vitest';
import { parseTrack } from '../../../src/devices/dasd/ckdTrack';
import { MemoryTrackStore } from '../../../src/devices/dasd/trackStore';
import { nullTrack, openImage, sequenceFileName, type TrackSource } from '../../../src/devices/images';
import { MemoryHost, fixture, type VirtualFile } from './memoryHost';

function open(host: MemoryHost, path: string): TrackSource {
  const opened = openImage(host, path, host.decompressors);
  if ('error' in opened) throw new Error(opened.error);
  return opened.source;
}

function hostWith(files: Record<string, Uint8Array | VirtualFile>): MemoryHost {
  const host = new MemoryHost();
  for (const [k, v] of Object.entries(files)) host.files.set(k, v);
  return host;
}

function image(source: TrackSource, c: number, h: number): Uint8Array {
  const read = source.readTrack(c, h);
  if ('error' in read) throw new Error(read.error);
  return read.image;
}

describe('CKD_P370', () => {
  test('a fresh dasdinit volume gives the device the same track bytes as the in-memory fresh volume (all 45 tracks)', () => {
    const source = open(hostWith({ 'fresh3.3390': fixture('fresh3.3390.gz') }), 'fresh3.3390');
    expect(source.geometry).toEqual({ cylinders: 3, heads: 15 });
    const memory = new MemoryTrackStore({ cylinders: 3, heads: 15, volser: 'FRESH3' });
    for (let c = 0; c < 3; c++) {
      for (let h = 0; h < 15; h++) {
        const expected = memory.readTrack(c, h);
        expect('image' in expected && expected.image).toEqual(image(source, c, h));
      }
    }
  });

  test('records written into an image read back as written (track 1/1: keyed records and an EOF record)', () => {
    const source = open(hostWith({ 'data.3390': fixture('data.3390.gz') }), 'data.3390');
    const parsed = parseTrack(image(source, 1, 1), 1, 1);
    if ('error' in parsed) throw new Error(parsed.error);
    expect(parsed.track.records.map((r) => [r.r, r.kl, r.dl])).toEqual([[0, 0, 8], [1, 4, 8], [2, 4, 4096], [3, 0, 0]]);
  });

  test('file n of a multi-file volume is named by replacing the character before the first dot (Hercules: vol_1.390, vol_2.390)', () => {
    expect(sequenceFileName('dir.x/mv_1.3390', 2)).toBe('dir.x/mv_2.3390');
    expect(sequenceFileName('vol1', 10)).toBe('volA');
  });

  test('a multi-file volume is read across its files as its headers say (dasdinit 3390 MULTI1 2521: 2,519 + 2 cylinders)', () => {
    const fresh = new MemoryTrackStore({ cylinders: 2521, heads: 15, volser: 'MULTI1' });
    const virtual = (header: Uint8Array, first: number, cyls: number): VirtualFile => ({
      size: 512 + cyls * 15 * 56_832,
      read(offset, length) {
        const out = new Uint8Array(length);
        for (let i = 0; i < length; ) {
          const pos = offset + i;
          if (pos < 512) {
            out[i] = header[pos] ?? 0;
            i++;
            continue;
          }
          const t = Math.floor((pos - 512) / 56_832);
          const slot = fresh.readTrack(first + Math.floor(t / 15), t % 15);
          const track = 'image' in slot ? slot.image : new Uint8Array(0);
          const within = (pos - 512) % 56_832;
          const n = Math.min(length - i, 56_832 - within);
          out.set(track.subarray(within, Math.min(track.length, within + n)), i);
          i += n;
        }
        return out;
      },
    });
    const host = hostWith({ 'mv_1.3390': virtual(fixture('multi_1.hdr'), 0, 2519), 'mv_2.3390': virtual(fixture('multi_2.hdr'), 2519, 2) });
    const source = open(host, 'mv_1.3390');
    expect(source.paths).toEqual(['mv_1.3390', 'mv_2.3390']);
    expect(source.geometry).toEqual({ cylinders: 2521, heads: 15 });
    for (const [c, h] of [[0, 0], [2518, 14], [2519, 0], [2520, 14]] as const) {
      const expected = fresh.readTrack(c, h);
      expect('image' in expected && expected.image).toEqual(image(source, c, h));
    }
  });
});

describe('CKD_C370 (CCKD)', () => {
  const reference = open(hostWith({ 'data.3390': fixture('data.3390.gz') }), 'data.3390');

  test.each(['data-z.cckd', 'data-bz2.cckd', 'data-0.cckd'])('every track of %s equals Hercules\' cckd2ckd output', (name) => {
    const source = open(hostWith({ [name]: fixture(name) }), name);
    expect(source.geometry).toEqual({ cylinders: 20, heads: 15 });
    for (let c = 0; c < 20; c++) for (let h = 0; h < 15; h++) expect(image(source, c, h)).toEqual(image(reference, c, h));
  });

  test('dasdinit -z: track 0 and 1 as written, every later (zero) entry is R0 and an EOF record, as Hercules\' cckd2ckd reads it', () => {
    const source = open(hostWith({ 'fresh-z.cckd': fixture('fresh-z.cckd') }), 'fresh-z.cckd');
    const memory = new MemoryTrackStore({ cylinders: 3, heads: 15, volser: 'ZVOL01' });
    for (const [c, h] of [[0, 0], [0, 1]] as const) {
      const expected = memory.readTrack(c, h);
      expect('image' in expected && expected.image).toEqual(image(source, c, h));
    }
    // cckd2ckd fresh-z.cckd, track 0/2: 00 0000 0002 | R0 | 0000 0002 01 00 0000 | FF×8
    expect(Buffer.from(image(source, 0, 2)).toString('hex')).toBe('0000000002' + '0000000200000008' + '0000000000000000' + '0000000201000000' + 'ffffffffffffffff');
    expect(image(source, 2, 14)).toEqual(nullTrack(2, 14, 0));
  });

  test('dasdinit -linux -z: null format 2 is R0 and twelve 4,096-byte records', () => {
    const source = open(hostWith({ 'linux-z.cckd': fixture('linux-z.cckd') }), 'linux-z.cckd');
    const parsed = parseTrack(image(source, 2, 5), 2, 5);
    if ('error' in parsed) throw new Error(parsed.error);
    expect(parsed.track.records.map((r) => r.dl)).toEqual([8, ...Array<number>(12).fill(4096)]);
    expect(image(source, 2, 5)).toEqual(nullTrack(2, 5, 2));
  });

  test('without decompressors a compressed track is refused with a message, uncompressed ones still read', () => {
    const host = hostWith({ 'data-z.cckd': fixture('data-z.cckd') });
    const opened = openImage(host, 'data-z.cckd');
    if ('error' in opened) throw new Error(opened.error);
    expect(opened.source.readTrack(0, 2)).toEqual({ error: 'data-z.cckd: track 0/2 (level-2 entry at byte 1,048) is zlib-compressed, and this session has no zlib decompressor' });
    expect('image' in opened.source.readTrack(0, 0)).toBe(true);
  });
});
