/**
 * The in-memory track store and the fresh volume it creates, against the track images Hercules
 * 3.13's dasdinit writes (oracle v_fresh_volume, v_fresh_volume_volser: `tracks_after`) and the
 * CKD track-slot layout of reference 2.2.
 */
import { describe, expect, test } from 'vitest';
import { VOL1_LABEL } from '../../../src/arch/volumeLabel';
import { decodeEbcdic } from '../../../src/asm/ebcdic';
import { buildTrack, parseTrack } from '../../../src/devices/dasd/ckdTrack';
import { MemoryTrackStore } from '../../../src/devices/dasd/trackStore';
import { fromHex, toHex } from '../../helpers/hex';
import { loadOracle } from '../../helpers/oracleReplay';

interface DumpedTrack {
  cyl: number;
  head: number;
  ha: string;
  records: { count: string; key: string; data: string }[];
}

function dumpedTracks(name: string): DumpedTrack[] {
  return loadOracle(name).result.tracks_after as DumpedTrack[];
}

function ourTrack(store: MemoryTrackStore, cyl: number, head: number): DumpedTrack {
  const read = store.readTrack(cyl, head);
  if ('error' in read) throw new Error(read.error);
  const parsed = parseTrack(read.image, cyl, head);
  if ('error' in parsed) throw new Error(parsed.error);
  const t = parsed.track;
  return {
    cyl,
    head,
    ha: toHex(t.image.subarray(0, 5)),
    records: t.records.map((r) => ({
      count: toHex(t.image.subarray(r.countOffset, r.countOffset + 8)),
      key: toHex(t.image.subarray(r.keyOffset, r.keyOffset + r.kl)),
      data: toHex(t.image.subarray(r.dataOffset, r.dataOffset + r.dl)),
    })),
  };
}

const strip = (t: DumpedTrack): DumpedTrack => ({ cyl: t.cyl, head: t.head, ha: t.ha, records: t.records.map((r) => ({ count: r.count, key: r.key, data: r.data })) });

describe('a fresh volume is what Hercules 3.13 dasdinit creates (oracle v_fresh_volume)', () => {
  const store = new MemoryTrackStore({ cylinders: 10, heads: 15, volser: 'TEST01' });

  test.each(dumpedTracks('v_fresh_volume').map((t) => [t.cyl, t.head, t] as const))('track %i/%i: home address and every record byte for byte', (cyl, head, dumped) => {
    expect(ourTrack(store, cyl, head)).toEqual(strip(dumped));
  });

  test('cylinder 0 head 0 holds R0, IPL1 (key C9D7D3F1, 24 bytes), IPL2 (144 zeros) and VOL1 (80 bytes), as the oracle README lists', () => {
    const t = ourTrack(store, 0, 0);
    expect(t.records.map((r) => r.count)).toEqual(['0000000000000008', '0000000001040018', '0000000002040090', '0000000003040050']);
    expect(t.records[1]?.data).toBe('000600000000000F03000000000000010000000000000000');
  });

  test('the VOL1 label of Hercules 3.13: volser at 4-9, security byte blank, VTOC at 0/1 R1, owner HERCULES at 41 (not reference 2.2\'s newer layout)', () => {
    const label = fromHex(ourTrack(store, 0, 0).records[3]?.data ?? '');
    const v = VOL1_LABEL.decode(label);
    expect(decodeEbcdic(v.labelId) + decodeEbcdic(v.labelNumber)).toBe('VOL1');
    expect(decodeEbcdic(v.volser)).toBe('TEST01');
    expect(v.security).toBe(0x40);
    expect([v.vtocCc, v.vtocHh, v.vtocR]).toEqual([0, 1, 1]);
    expect(decodeEbcdic(v.owner)).toBe('HERCULES      ');
  });

  test('VOLSER= goes into the label (oracle v_fresh_volume_volser: MYVOL7)', () => {
    const mine = new MemoryTrackStore({ cylinders: 10, heads: 15, volser: 'MYVOL7' });
    const dumped = dumpedTracks('v_fresh_volume_volser')[0] as DumpedTrack;
    expect(ourTrack(mine, 0, 0)).toEqual(strip(dumped));
  });

  test('a short volser is blank padded in the label', () => {
    const mine = new MemoryTrackStore({ cylinders: 1, heads: 15, volser: 'AB' });
    const label = fromHex(ourTrack(mine, 0, 0).records[3]?.data ?? '');
    expect(decodeEbcdic(VOL1_LABEL.decode(label).volser)).toBe('AB    ');
  });
});

describe('the store creates tracks on demand', () => {
  test('a 3390-54 volume (982,800 tracks) holds no track in memory until one is written', () => {
    const store = new MemoryTrackStore({ cylinders: 65_520, heads: 15, volser: 'BIG001' });
    const last = store.readTrack(65_519, 14);
    expect('image' in last && toHex(last.image)).toBe(`00FFEF000E${'FFEF000E00000008'}${'00'.repeat(8)}${'FF'.repeat(8)}`);
    expect(store.storedTracks).toBe(0);
  });

  test('a written track is read back; other tracks stay fresh', () => {
    const store = new MemoryTrackStore({ cylinders: 10, heads: 15, volser: 'TEST01' });
    const image = buildTrack(0, 1, [{ r: 0, data: new Uint8Array(8) }, { r: 1, data: fromHex('C1C2C3') }]);
    expect(store.writeTrack(0, 1, image)).toEqual({ ok: true });
    expect(store.storedTracks).toBe(1);
    const back = store.readTrack(0, 1);
    expect('image' in back && toHex(back.image)).toBe(toHex(image));
    const other = store.readTrack(0, 2);
    expect('image' in other && toHex(other.image)).toBe('00000000020000000200000008' + '00'.repeat(8) + 'FF'.repeat(8));
  });

  test('an address off the volume and a write to a read-only volume are errors, not exceptions', () => {
    const store = new MemoryTrackStore({ cylinders: 10, heads: 15, volser: 'TEST01', readOnly: true });
    expect(store.readTrack(10, 0)).toEqual({ error: 'track 10/0 is not on this volume (10 cylinders, 15 heads)' });
    expect(store.readTrack(0, 15)).toHaveProperty('error');
    expect(store.writeTrack(0, 1, buildTrack(0, 1, []))).toEqual({ error: 'track 0/1: the volume is read-only' });
  });
});

describe('track images in Hercules CKD slot layout (reference 2.2)', () => {
  test('home address 00 CCHH, then count-key-data records, then eight X\'FF\' (the runner\'s layout for `tracks`)', () => {
    const image = buildTrack(0, 1, [
      { r: 0, data: new Uint8Array(8) },
      { r: 1, key: fromHex('D2C5E8F1'), data: fromHex('D9C5C3') },
      { r: 2, data: new Uint8Array(0) },
    ]);
    expect(toHex(image)).toBe('0000000001' + '0000000100000008' + '00'.repeat(8) + '0000000101040003' + 'D2C5E8F1' + 'D9C5C3' + '0000000102000000' + 'FF'.repeat(8));
  });

  test('parsing checks what Hercules checks: bin byte 0, the CCHH of the track, records inside the image, an end marker', () => {
    const good = buildTrack(3, 4, [{ r: 0, data: new Uint8Array(8) }]);
    expect(parseTrack(good, 3, 4)).toHaveProperty('track');
    expect(parseTrack(good, 3, 5)).toEqual({ error: "track 3/5: the track header says X'00' cylinder 3 head 4; the image is damaged" });
    const bin = good.slice();
    bin[0] = 1;
    expect(parseTrack(bin, 3, 4)).toHaveProperty('error');
    expect(parseTrack(good.subarray(0, good.length - 8), 3, 4)).toEqual({ error: 'track 3/4: no end-of-track marker before byte 21' });
    const long = good.slice();
    long[11] = 0xff; // R0's data length (bytes 11-12) becomes X'FF08'
    expect(parseTrack(long, 3, 4)).toEqual({ error: 'track 3/4: record 0 at byte 5 (key 0, data 65288) runs past the end of the image' });
  });
});
