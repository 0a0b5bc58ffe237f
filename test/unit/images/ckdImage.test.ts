/**
 * The header tables of src/arch/ckdImage.ts against bytes Hercules 3.13 wrote (dasdinit, dasdcopy;
 * test/fixtures/images/make-fixtures.sh), never against our own output.
 */
import { describe, expect, test } from 'vitest';
import {
  CCKD_DEVICE_HEADER,
  CCKD_HEADER_OFFSET,
  CCKD_L2_ENTRY,
  CCKD_TRACK_HEADER,
  CKD_DEVICE_HEADER,
  imageId,
  imageNumber,
} from '../../../src/arch/ckdImage';
import { fixture } from './memoryHost';

const n = (buf: Uint8Array, base: number, name: string) => imageNumber(CKD_DEVICE_HEADER, buf, base, name);
const c = (buf: Uint8Array, name: string) => imageNumber(CCKD_DEVICE_HEADER, buf, CCKD_HEADER_OFFSET, name);

describe('CKD device header (cckd.h CKD_DEVHDR)', () => {
  test('dasdinit -lfs 3390-3 FRESH3 3: CKD_P370, 15 heads, 56,832-byte slots, device type X\'90\', the only file', () => {
    const h = fixture('fresh3.3390.gz');
    expect(imageId(h)).toBe('CKD_P370');
    expect(n(h, 0, 'heads')).toBe(15);
    expect(n(h, 0, 'trackSize')).toBe(56_832);
    expect(CKD_DEVICE_HEADER.decode(h)).toMatchObject({ deviceType: 0x90, fileSequence: 0 });
    expect(n(h, 0, 'highCylinder')).toBe(0);
    // Hercules 3.13 keeps no serial number: the rest of the header is zeros.
    expect(CKD_DEVICE_HEADER.decode(h).reserved.every((b) => b === 0)).toBe(true);
  });

  test('a multi-file volume (dasdinit 3390 MULTI1 2521): file 1 ends at cylinder 2,518, file 2 is the last (high cylinder 0)', () => {
    const one = fixture('multi_1.hdr');
    const two = fixture('multi_2.hdr');
    expect(CKD_DEVICE_HEADER.decode(one).fileSequence).toBe(1);
    expect(n(one, 0, 'highCylinder')).toBe(2518);
    expect(CKD_DEVICE_HEADER.decode(two).fileSequence).toBe(2);
    expect(n(two, 0, 'highCylinder')).toBe(0);
  });
});

describe('CCKD device header (cckd.h CCKD_DEVHDR)', () => {
  test('dasdcopy -z of a 20-cylinder 3390: version 0.3.1, 2 level-1 entries of 256-entry tables, zlib, null format 0 in the header (entries carry their own)', () => {
    const f = fixture('data-z.cckd');
    expect(imageId(f)).toBe('CKD_C370');
    const h = CCKD_DEVICE_HEADER.decode(f, CCKD_HEADER_OFFSET);
    expect(Array.from(h.vrm)).toEqual([0, 3, 1]);
    expect(c(f, 'l1Entries')).toBe(2);
    expect(c(f, 'l2Entries')).toBe(256);
    expect(c(f, 'cylinders')).toBe(20);
    expect(c(f, 'fileSize')).toBe(f.length);
    expect(h.nullFormat).toBe(0);
    expect(h.compression).toBe(1);
    expect(imageNumber(CCKD_DEVICE_HEADER, f, CCKD_HEADER_OFFSET, 'compressionParm')).toBe(0xffff); // -1: the default
  });

  test('dasdcopy -bz2 says compression 2; dasdinit -linux -z says null format 2', () => {
    expect(CCKD_DEVICE_HEADER.decode(fixture('data-bz2.cckd'), CCKD_HEADER_OFFSET).compression).toBe(2);
    expect(CCKD_DEVICE_HEADER.decode(fixture('linux-z.cckd'), CCKD_HEADER_OFFSET).nullFormat).toBe(2);
  });
});

describe('level-2 entries and track headers', () => {
  const f = fixture('data-z.cckd');
  const l2 = imageNumber(CCKD_L2_ENTRY, f, 1024, 'offset'); // level-1 entry 0 is a 4-byte offset too
  const entry = (track: number) => ({
    offset: imageNumber(CCKD_L2_ENTRY, f, l2 + track * 8, 'offset'),
    length: imageNumber(CCKD_L2_ENTRY, f, l2 + track * 8, 'length'),
    size: imageNumber(CCKD_L2_ENTRY, f, l2 + track * 8, 'size'),
  });

  test('an empty track (R0 only) is a null track of format 1: offset 0, length 1', () => {
    expect(entry(1)).toEqual({ offset: 0, length: 1, size: 1 });
  });

  test('a track holding R0 and an end-of-file record is a null track of format 0', () => {
    expect(entry(4)).toEqual({ offset: 0, length: 0, size: 0 });
  });

  test('track 0/2 is a zlib image: its header says compression 1, cylinder 0, head 2', () => {
    const e = entry(2);
    expect(e.offset).toBeGreaterThan(0);
    expect(CCKD_TRACK_HEADER.decode(f, e.offset)).toEqual({ compression: 1, invalid: 0, cc: 0, hh: 2 });
  });

  test('a track image under 512 bytes is stored uncompressed (track 0: compression 0)', () => {
    const e = entry(0);
    expect(e.length).toBe(313);
    expect(CCKD_TRACK_HEADER.decode(f, e.offset).compression).toBe(0);
  });
});
