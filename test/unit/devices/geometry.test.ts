/**
 * 3390 models and the track-capacity formula, against the tables of
 * ../shared/reference/eckd-dasd.md 1.1 and 1.3 (which match the IBM 3390 capacity table and
 * Linux recs_per_track).
 */
import { describe, expect, test } from 'vitest';
import {
  DEVICE_3390,
  HEADS_PER_CYLINDER,
  MODELS_3390,
  TRACK_CELLS,
  fitsOnTrack,
  modelForCylinders,
  recordCells,
  recordsPerTrack,
  sectorOfRecord,
} from '../../../src/devices/dasd/geometry';

describe('3390 models (reference 1.1)', () => {
  test.each([
    ['3390-1', 1_113, 1, 0x02, 0x26, 16_695],
    ['3390-2', 2_226, 1, 0x06, 0x27, 33_390],
    ['3390-3', 3_339, 1, 0x0a, 0x24, 50_085],
    ['3390-9', 10_017, 3, 0x0c, 0x32, 150_255],
    ['3390-27', 32_760, 3, 0x0c, 0x32, 491_400],
    ['3390-54', 65_520, 3, 0x0c, 0x32, 982_800],
  ])('%s: %i primary cylinders, %i alternate, model byte %i, unit type %i, %i tracks', (name, primary, alt, modelByte, unit, tracks) => {
    const m = MODELS_3390.find((x) => x.name === name);
    expect(m).toMatchObject({ primaryCylinders: primary, alternateCylinders: alt, modelByte, unitTypeCode: unit });
    expect(primary * HEADS_PER_CYLINDER).toBe(tracks);
  });

  test('the usable capacity is 56,664 bytes a track (reference 1.1: a 3390-3 holds 2,838,016,440 bytes)', () => {
    expect(recordsPerTrack(0, DEVICE_3390.maxR1DataLength)).toBe(1);
    expect(recordsPerTrack(0, DEVICE_3390.maxR1DataLength + 1)).toBe(0);
    expect(3_339 * 15 * DEVICE_3390.maxR1DataLength).toBe(2_838_016_440);
  });

  test('Hercules picks the smallest model whose primary + alternate cylinders hold the volume (reference 1.1; oracle w_rdc_sid_*)', () => {
    expect(modelForCylinders(10)?.name).toBe('3390-1');
    expect(modelForCylinders(1_114)?.name).toBe('3390-1');
    expect(modelForCylinders(1_115)?.name).toBe('3390-2');
    expect(modelForCylinders(3_340)?.name).toBe('3390-3');
    expect(modelForCylinders(3_341)?.name).toBe('3390-9');
    expect(modelForCylinders(32_763)?.name).toBe('3390-27');
    expect(modelForCylinders(65_523)?.name).toBe('3390-54');
    expect(modelForCylinders(65_524)).toBeNull();
  });
});

describe('track capacity, formula 2 (reference 1.3)', () => {
  // Records per track for data length × key length 0 / 8 / 44.
  test.each([
    [8, 86, 57, 55],
    [80, 78, 54, 52],
    [140, 72, 50, 49],
    [512, 49, 38, 37],
    [800, 39, 32, 31],
    [1024, 33, 28, 27],
    [2048, 21, 19, 18],
    [4096, 12, 11, 11],
    [6144, 8, 8, 8],
    [8192, 6, 6, 6],
    [18452, 3, 2, 2],
    [27998, 2, 1, 1],
    [56664, 1, 0, 0],
  ])('DL %i: %i records without key, %i with an 8-byte key, %i with a 44-byte key', (dl, k0, k8, k44) => {
    expect([recordsPerTrack(0, dl), recordsPerTrack(8, dl), recordsPerTrack(44, dl)]).toEqual([k0, k8, k44]);
  });

  test('data length 0 (an end-of-file record) costs what data length 8 costs: 86 a track', () => {
    expect(recordsPerTrack(0, 0)).toBe(86);
  });

  // The largest data length that still gives n keyless records a track (reference 1.3, "matches the IBM 3390 capacity table").
  const LARGEST_KL0: readonly (readonly [number, number])[] = [
    [1, 56664], [2, 27998], [3, 18452], [4, 13682], [5, 10796], [6, 8906], [7, 7548], [8, 6518], [9, 5726], [10, 5064],
    [11, 4566], [12, 4136], [13, 3768], [14, 3440], [15, 3174], [16, 2942], [17, 2710], [18, 2546], [19, 2376], [20, 2212],
    [21, 2082], [22, 1946], [23, 1850], [24, 1748], [25, 1646], [26, 1550], [27, 1482], [28, 1386], [29, 1318], [30, 1250],
    [31, 1182], [32, 1154], [33, 1086], [34, 1018], [35, 984], [36, 950], [37, 888], [38, 854], [39, 820], [40, 786],
    [41, 752], [42, 718], [43, 690], [44, 656], [45, 622], [46, 588], [48, 554], [49, 520], [50, 486],
  ];
  test.each(LARGEST_KL0)('%i keyless records a track up to data length %i, and not one byte more', (n, dl) => {
    expect(recordsPerTrack(0, dl)).toBe(n);
    expect(recordsPerTrack(0, dl + 1)).toBeLessThan(n);
  });

  test.each([
    [1, 56302], [2, 27630], [3, 18090], [4, 13314], [5, 10434], [10, 4696], [12, 3768],
  ])('with a 44-byte key, %i records a track up to data length %i', (n, dl) => {
    expect(recordsPerTrack(44, dl)).toBe(n);
    expect(recordsPerTrack(44, dl + 1)).toBeLessThan(n);
  });

  test('a set of records fits when its cells add up to at most 1,729 (HA and R0 not deducted)', () => {
    expect(TRACK_CELLS).toBe(DEVICE_3390.trackLength / DEVICE_3390.factors[0]);
    const twelve = Array.from({ length: 12 }, () => ({ kl: 0, dl: 4096 }));
    expect(fitsOnTrack(twelve)).toBe(true);
    expect(fitsOnTrack([...twelve, { kl: 0, dl: 4096 }])).toBe(false);
    // The fresh volume's track 0: IPL1 (4/24), IPL2 (4/144), VOL1 (4/80) and room to spare.
    expect(fitsOnTrack([{ kl: 4, dl: 24 }, { kl: 4, dl: 144 }, { kl: 4, dl: 80 }])).toBe(true);
    expect(fitsOnTrack([{ kl: 0, dl: 27998 }, { kl: 0, dl: 27998 }])).toBe(true);
    expect(fitsOnTrack([{ kl: 0, dl: 27999 }, { kl: 0, dl: 27999 }])).toBe(false);
    expect(recordCells(0, 4096) * 12).toBeLessThanOrEqual(TRACK_CELLS);
  });

  test('sectors of R1..R12 for 4096-byte blocks: 6, 24, 41, 59, 77, 95, 113, 131, 149, 167, 184, 202 (reference 1.3)', () => {
    expect(Array.from({ length: 12 }, (_, i) => sectorOfRecord(i + 1, 4096))).toEqual([6, 24, 41, 59, 77, 95, 113, 131, 149, 167, 184, 202]);
  });
});
