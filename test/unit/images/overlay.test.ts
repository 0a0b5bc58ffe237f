/**
 * Images are opened copy-on-write: writes go to an overlay with O(1) checkpoints; only an
 * explicit save of a PERSIST=YES device writes the file, through writeAtomic; a 3390-54 costs
 * what its written tracks cost.
 */
import { describe, expect, test } from 'vitest';
import { assemble } from '../../../src/asm';
import { hasErrors } from '../../../src/asm/image';
import { buildTrack, parseTrack, standardR0 } from '../../../src/devices/dasd/ckdTrack';
import { Dasd3390 } from '../../../src/devices/dasd/dasd3390';
import { MemoryTrackStore } from '../../../src/devices/dasd/trackStore';
import { createDevice } from '../../../src/devices';
import { ImageTrackStore, endImageSession, imageStoreOf, openImage } from '../../../src/devices/images';
import { Machine } from '../../../src/runtime/machine';
import { MemoryHost, fixture, type VirtualFile } from './memoryHost';
import { writeRecordProgram } from '../../helpers/writeRecordProgram';

const FRESH = fixture('fresh3.3390.gz');

function store(options: { readOnly?: boolean; persist?: boolean } = {}, files: Record<string, Uint8Array | VirtualFile> = { 'vol.3390': FRESH.slice() }) {
  const host = new MemoryHost();
  for (const [k, v] of Object.entries(files)) host.files.set(k, v);
  const name = Object.keys(files)[0] as string;
  const opened = openImage(host, name, host.decompressors);
  if ('error' in opened) throw new Error(opened.error);
  return { host, store: new ImageTrackStore(opened.source, host, options) };
}

const track = (c: number, h: number, fill: number) => buildTrack(c, h, [standardR0(), { r: 1, data: new Uint8Array(100).fill(fill) }]);
const read = (s: ImageTrackStore, c: number, h: number) => {
  const r = s.readTrack(c, h);
  if ('error' in r) throw new Error(r.error);
  return r.image;
};

describe('copy-on-write', () => {
  test('a write is read back from the overlay and never reaches the file', () => {
    const { host, store: s } = store();
    expect(s.writeTrack(0, 1, track(0, 1, 0xaa))).toEqual({ ok: true });
    expect(read(s, 0, 1)).toEqual(track(0, 1, 0xaa));
    expect(host.writes).toEqual([]);
    expect(host.files.get('vol.3390')).toEqual(FRESH);
    expect(s.writtenTracks).toBe(1);
    expect(s.dirty).toBe(true);
  });

  test('READONLY=YES refuses writes', () => {
    const { store: s } = store({ readOnly: true });
    expect(s.writeTrack(0, 1, track(0, 1, 1))).toEqual({ error: 'track 0/1: the volume is read-only (READONLY=YES)' });
  });

  test('the caller\'s buffer is copied: changing it later does not change the volume', () => {
    const { store: s } = store();
    const image = track(0, 2, 1);
    s.writeTrack(0, 2, image);
    image[20] = 0x99;
    expect(read(s, 0, 2)).toEqual(track(0, 2, 1));
  });
});

describe('checkpoint and restore (restart and stepBack)', () => {
  test('restore puts back exactly the overlay of the checkpoint, in either direction', () => {
    const { store: s } = store();
    const start = s.checkpoint();
    s.writeTrack(0, 1, track(0, 1, 1));
    const one = s.checkpoint();
    s.writeTrack(0, 1, track(0, 1, 2));
    s.writeTrack(0, 2, track(0, 2, 3));
    const two = s.checkpoint();

    s.restore(one);
    expect(read(s, 0, 1)).toEqual(track(0, 1, 1));
    expect(read(s, 0, 2)).toEqual((new MemoryTrackStore({ cylinders: 3, heads: 15, volser: 'FRESH3' }).readTrack(0, 2) as { image: Uint8Array }).image);
    s.writeTrack(0, 3, track(0, 3, 4)); // writing after a restore must not change the checkpoints
    s.restore(two);
    expect(read(s, 0, 1)).toEqual(track(0, 1, 2));
    expect(read(s, 0, 2)).toEqual(track(0, 2, 3));
    expect(parseTrack(read(s, 0, 3), 0, 3)).toMatchObject({ track: { records: [{ r: 0 }] } });
    s.restore(start);
    expect(s.writtenTracks).toBe(0);
  });
});

describe('save', () => {
  test('without PERSIST=YES nothing is saved', () => {
    const { host, store: s } = store();
    s.writeTrack(0, 1, track(0, 1, 1));
    expect(s.save()).toEqual({ error: 'vol.3390: not saved: the device does not say PERSIST=YES, so changes stay in memory' });
    expect(host.writes).toEqual([]);
  });

  test('PERSIST=YES writes the whole image once through writeAtomic, with the written tracks in their slots', () => {
    const { host, store: s } = store({ persist: true });
    s.writeTrack(1, 7, track(1, 7, 0x5a));
    const progress: number[] = [];
    expect(s.save((done) => progress.push(done))).toEqual({ ok: null });
    expect(host.writes).toEqual(['vol.3390']);
    expect(progress).toEqual([1, 2, 3]);
    const saved = host.files.get('vol.3390') as Uint8Array;
    expect(saved.length).toBe(FRESH.length);
    const slot = 512 + (1 * 15 + 7) * 56_832;
    const expected = FRESH.slice();
    expected.fill(0, slot, slot + 56_832);
    expected.set(track(1, 7, 0x5a), slot);
    expect(saved).toEqual(expected);
    expect(s.dirty).toBe(false);
    expect(s.save()).toEqual({ ok: null });
    expect(host.writes).toEqual(['vol.3390']); // nothing new to save
  });

  test('a compressed image is never saved', () => {
    const { host, store: s } = store({ persist: true }, { 'vol.cckd': fixture('data-z.cckd') });
    s.writeTrack(0, 1, track(0, 1, 1));
    expect(s.save()).toEqual({ error: "vol.cckd: not saved: CKD_C370 images are read only; convert it with Hercules' cckd2ckd to save changes" });
    expect(host.writes).toEqual([]);
  });

  test('a damaged track stops the save and leaves the file as it was', () => {
    const damaged = FRESH.slice();
    damaged[512 + 20 * 56_832 + 2] = 7; // track 1/5 says cylinder 7
    const { host, store: s } = store({ persist: true }, { 'vol.3390': damaged });
    s.writeTrack(0, 1, track(0, 1, 1));
    expect(s.save()).toEqual({ error: "cannot write vol.3390: vol.3390 at byte 1,137,152: track 1/5 header says X'00' cylinder 7 head 5; the image is damaged" });
    expect(host.files.get('vol.3390')).toEqual(damaged);
  });
});

describe('IMAGE=, READONLY=, PERSIST= on a DEVICE statement', () => {
  const host = () => {
    const h = new MemoryHost();
    h.files.set('vol.3390', FRESH.slice());
    h.files.set('vol.cckd', fixture('data-z.cckd'));
    return h;
  };
  const make = (options: Record<string, string>, h = host()) => createDevice({ devno: 0x190, type: '3390', options }, h);

  test('the image chooses the model: 3 cylinders is a 3390-1; the store is the image', () => {
    const made = make({ IMAGE: 'vol.3390' });
    if ('error' in made) throw new Error(made.error);
    expect(made.device.typeName).toBe('3390-1');
    const s = imageStoreOf((made.device as Dasd3390).store);
    expect(s?.description).toBe('vol.3390 (CKD_P370, changes kept in memory)');
  });

  test.each([
    [{ IMAGE: 'vol.3390', CYLS: '10' }, "CYLS= sizes a fresh volume; with IMAGE= the image's size counts: leave CYLS= out"],
    [{ IMAGE: 'vol.3390', VOLSER: 'X' }, "VOLSER= names a fresh volume; with IMAGE= the image's VOL1 label counts: leave VOLSER= out"],
    [{ IMAGE: 'vol.3390', PERSIST: 'YES', READONLY: 'YES' }, 'PERSIST=YES and READONLY=YES contradict each other: a read-only volume has no changes to save'],
    [{ IMAGE: 'vol.cckd', PERSIST: 'YES' }, "vol.cckd: PERSIST=YES saves uncompressed images only, and this one is compressed (CKD_C370); convert it with Hercules' cckd2ckd, or leave PERSIST= out to keep changes in memory"],
    [{ IMAGE: 'vol.3390', PERSIST: 'MAYBE' }, 'PERSIST=MAYBE: write YES or NO'],
    [{ IMAGE: 'nothere.3390' }, 'cannot open nothere.3390: no such file'],
  ])('%j: %s', (options, message) => {
    expect(make(options)).toEqual({ error: message });
  });

  test('a channel program writes a record to an image device; the file is unchanged until save()', () => {
    const h = host();
    const source = writeRecordProgram("IMAGE='vol.3390',PERSIST=YES");
    const result = assemble(source, { file: 'test.ccw' });
    if (hasErrors(result)) throw new Error(result.diagnostics.map((d) => d.message).join('\n'));
    const machine = Machine.create(result.image, { createDevice: (spec) => createDevice(spec, h), path: 'direct' });
    if ('errors' in machine) throw new Error(machine.errors.join('\n'));
    machine.runToEnd();
    const failed = machine.driver.records.filter((r) => r.statement.op === 'EXPECT' && JSON.stringify(r).includes('"passed":false'));
    expect(failed).toEqual([]);
    expect(h.files.get('vol.3390')).toEqual(FRESH);
    const device = machine.devices[0]?.device as Dasd3390;
    const s = imageStoreOf(device.store);
    expect(s?.writtenTracks).toBe(1);
    expect(endImageSession([device])).toEqual([]); // saves PERSIST=YES, closes the file
    expect(h.openFiles).toBe(0);
    const reopened = openImage(h, 'vol.3390');
    if ('error' in reopened) throw new Error(reopened.error);
    const parsed = parseTrack((reopened.source.readTrack(0, 1) as { image: Uint8Array }).image, 0, 1);
    expect(parsed).toMatchObject({ track: { records: [{ r: 0 }, { r: 1, kl: 0, dl: 8 }] } });
  });
});

describe('memory', () => {
  test('a mostly empty 3390-54 costs what its written tracks cost: the overlay holds only them', () => {
    const cylinders = 65_520;
    const header = FRESH.slice(0, 512);
    const file: VirtualFile = {
      size: 512 + cylinders * 15 * 56_832, // 55.8 GB, never held: slots are made when read
      read(offset, length) {
        if (offset < 512) return header.slice(offset, offset + length);
        const t = Math.floor((offset - 512) / 56_832);
        const slot = new Uint8Array(length);
        slot.set(buildTrack(Math.floor(t / 15), t % 15, [standardR0()]).subarray(0, length));
        return slot;
      },
    };
    const { store: s } = store({}, { 'big.3390': file });
    expect(s.geometry).toEqual({ cylinders, heads: 15 });
    for (let i = 0; i < 1000; i++) s.writeTrack(i * 60, 3, track(i * 60, 3, i & 0xff));
    expect(s.writtenTracks).toBe(1000);
    expect(s.overlayBytes).toBe(1000 * track(0, 3, 0).length);
    expect(read(s, 65_519, 14).length).toBe(29);
  });
});
