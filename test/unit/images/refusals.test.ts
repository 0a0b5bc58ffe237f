/**
 * Bad input never throws: formats we do not read are refused by name; a corrupt or truncated
 * image is refused with what is wrong and where; nothing is ever written to it.
 */
import { describe, expect, test } from 'vitest';
import { CCKD_HEADER_OFFSET, CCKD_L2_ENTRY, imageNumber } from '../../../src/arch/ckdImage';
import { openImage } from '../../../src/devices/images';
import { MemoryHost, fixture } from './memoryHost';

function openBytes(bytes: Uint8Array, name = 'vol.3390') {
  const host = new MemoryHost();
  host.files.set(name, bytes);
  const opened = openImage(host, name, host.decompressors);
  return { opened, host };
}

function errorOf(bytes: Uint8Array, name = 'vol.3390'): string {
  const { opened, host } = openBytes(bytes, name);
  expect(host.writes).toEqual([]);
  expect(host.openFiles).toBe(0);
  return 'error' in opened ? opened.error : 'opened';
}

function withId(base: Uint8Array, id: string): Uint8Array {
  const copy = base.slice();
  copy.set(new TextEncoder().encode(id), 0);
  return copy;
}

const fresh = fixture('fresh3.3390.gz');
const cckd = fixture('data-z.cckd');

describe('formats we do not read are refused with their name', () => {
  test.each([
    ['CKD_P064', /is a 64-bit uncompressed CKD image \(CKD_P064/],
    ['CKD_C064', /is a 64-bit compressed CKD image \(CKD_C064/],
    ['CKD_S370', /is a compressed CKD shadow file \(CKD_S370\)/],
    ['CKD_S064', /shadow file \(CKD_S064\)/],
    ['FBA_C370', /is a compressed FBA image \(FBA_C370\); ccw emulates a 3390/],
  ])('%s', (id, message) => {
    expect(errorOf(withId(fresh, id))).toMatch(message);
  });

  test('a file that is no CKD image at all', () => {
    expect(errorOf(new TextEncoder().encode('hello world'.repeat(100)))).toBe('vol.3390: not a Hercules CKD image: the first 8 bytes are "hello wo", not "CKD_P370" (uncompressed) or "CKD_C370" (compressed)');
  });

  test('a 3380 image: device type X\'80\'', () => {
    const copy = fresh.slice();
    copy[16] = 0x80;
    expect(errorOf(copy)).toBe("vol.3390: the device header says device type X'80' at byte 16 (X'80' is a 3380); ccw emulates a 3390, X'90'");
  });
});

describe('truncated and damaged images', () => {
  test('shorter than a device header', () => {
    expect(errorOf(fresh.slice(0, 100))).toMatch(/^vol\.3390: 100 bytes, too short for the 512-byte device header/);
  });

  test('a CKD_P370 cut inside its last cylinder', () => {
    expect(errorOf(fresh.slice(0, fresh.length - 1000))).toBe(
      'vol.3390: the file is 2,556,952 bytes, not a 512-byte header and whole cylinders of 15 × 56,832-byte tracks; the image is truncated or damaged at byte 1,705,472',
    );
  });

  test('a track whose header names another track is refused when read, with its byte offset', () => {
    const copy = fresh.slice();
    copy[512 + 3 * 56_832 + 4] = 9; // track 0/3 says head 9
    const { opened } = openBytes(copy);
    if ('error' in opened) throw new Error(opened.error);
    expect(opened.source.readTrack(0, 3)).toEqual({ error: "vol.3390 at byte 171,008: track 0/3 header says X'00' cylinder 0 head 9; the image is damaged" });
  });

  test('a track without an end marker', () => {
    const copy = fresh.slice();
    copy.fill(0x00, 512 + 56_832 + 21, 512 + 2 * 56_832); // track 0/1: the marker after R0 is gone
    copy[512 + 56_832 + 26] = 0xff; // and a data length that runs off the slot
    const { opened } = openBytes(copy);
    if ('error' in opened) throw new Error(opened.error);
    expect(opened.source.readTrack(0, 1)).toMatchObject({ error: expect.stringMatching(/^vol\.3390 at byte 57,344: track 0\/1 has no end-of-track marker within its 56,832 bytes/) });
  });

  test('a CCKD cut short: the level-2 table of level-1 entry 1 is past the end', () => {
    expect(errorOf(cckd.slice(0, 40_000), 'vol.cckd')).toMatch(/^vol\.cckd: level-1 entry 1 \(byte 1,028\) points to a level-2 table at byte 43,592, outside the 40,000-byte file/);
  });

  test('a CCKD whose header disagrees with its cylinders', () => {
    const copy = cckd.slice();
    copy[CCKD_HEADER_OFFSET + 4] = 7;
    expect(errorOf(copy, 'vol.cckd')).toBe('vol.cckd: the compressed header says 7 level-1 entries at byte 516, but 20 cylinders need 2; the image is damaged');
  });

  test('damaged zlib data is refused with the offset of the data', () => {
    const copy = cckd.slice();
    const l2 = imageNumber(CCKD_L2_ENTRY, copy, 1024, 'offset'); // level-1 entry 0: a 4-byte offset
    const offset = imageNumber(CCKD_L2_ENTRY, copy, l2 + 2 * 8, 'offset');
    copy.fill(0x55, offset + 7, offset + 40);
    const { opened } = openBytes(copy, 'vol.cckd');
    if ('error' in opened) throw new Error(opened.error);
    expect(opened.source.readTrack(0, 2)).toMatchObject({ error: expect.stringMatching(/^vol\.cckd: track 0\/2 \(level-2 entry at byte 1,048\): the zlib data at byte 3,398 \(78 bytes\) is damaged: /) });
  });

  test('a track image that points past the end of the file', () => {
    const copy = cckd.slice();
    copy.set([0xff, 0xff, 0xff, 0x00], 1032 + 3 * 8);
    const { opened } = openBytes(copy, 'vol.cckd');
    if ('error' in opened) throw new Error(opened.error);
    expect(opened.source.readTrack(0, 3)).toEqual({ error: 'vol.cckd: track 0/3 (level-2 entry at byte 1,056) says 40037 bytes at byte 16,777,215, outside the 45,954-byte file; the image is truncated or damaged' });
  });
});
