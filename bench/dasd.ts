/**
 * 3390 read throughput: a whole 3390-3 (50,085 tracks of twelve 4 KiB records) read with Locate
 * Record Read Tracks chains of Read Track CCWs on the channel subsystem's direct path, in GB/s
 * and as a ratio to a plain memory copy of the same bytes in the same run. Also the memory a
 * mostly empty 3390-54 costs.
 *
 * The volume: every track has R0 and R1-R12 of 4,096 bytes, as Linux formats a 3390 (2.5 GB of
 * records). Writing that into a MemoryTrackStore would hold 2.5 GB, so the bench's store builds
 * every track image from one template on read, with the track's own home address and count
 * fields (a few bytes patched per track): the device and the channel still copy every byte.
 */
import { best, collectGarbage, type Report } from './report';
import { CCW1, ORB, ORB_AREA } from '../src/arch';
import { ChannelSubsystem, GuestStorage, Scheduler } from '../src/css';
import { Dasd3390, MemoryTrackStore, buildTrack, type TrackGeometry, type TrackRead, type TrackStore, type TrackWrite } from '../src/devices';
import { modelByNumber } from '../src/devices/dasd/geometry';

export const HEADS = 15;
export const CYLINDERS = 3_339;
export const TRACKS = CYLINDERS * HEADS;
export const RECORDS = 12;
export const BLOCK = 4_096;
/** Bytes one Read Track transfers: R0 (8 + 8) and twelve records (8 + 4,096). */
export const TRACK_BYTES = 16 + RECORDS * (8 + BLOCK);

/** Every track R0 + R1-R12 of 4 KiB, made from one template (see the file comment). */
export class FormattedVolume implements TrackStore {
  readonly geometry: TrackGeometry = { cylinders: CYLINDERS, heads: HEADS };
  readonly readOnly = true;
  readonly description = 'bench: 3390-3, every track 12 × 4 KiB';
  /** A few images in turn, so a track handed out is not patched while still in use. */
  private readonly images: Uint8Array[];
  private next = 0;
  private readonly countOffsets: number[] = [];

  constructor() {
    const data = new Uint8Array(BLOCK);
    for (let i = 0; i < BLOCK; i++) data[i] = (i * 7) & 0xff;
    const template = buildTrack(0, 0, [{ r: 0, data: new Uint8Array(8) }, ...Array.from({ length: RECORDS }, (_, i) => ({ r: i + 1, data }))]);
    this.images = [template, template.slice(), template.slice(), template.slice()];
    for (let i = 0, at = 5; i <= RECORDS; i++) {
      this.countOffsets.push(at);
      at += 8 + (i === 0 ? 8 : BLOCK);
    }
  }

  readTrack(cylinder: number, head: number): TrackRead {
    const image = this.images[this.next] as Uint8Array;
    this.next = (this.next + 1) % this.images.length;
    const cc0 = (cylinder >> 8) & 0xff;
    const cc1 = cylinder & 0xff;
    image[1] = cc0;
    image[2] = cc1;
    image[4] = head;
    for (const at of this.countOffsets) {
      image[at] = cc0;
      image[at + 1] = cc1;
      image[at + 3] = head;
    }
    return { image };
  }

  writeTrack(): TrackWrite {
    return { error: 'the bench volume is read-only' };
  }
}

/** Define Extent over the whole volume (file mask X'40': no writes; bench/vfio.ts uses it too). */
export function defineExtentParameters(): Uint8Array {
  return Uint8Array.of(0x40, 0xc0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (CYLINDERS - 1) >> 8, (CYLINDERS - 1) & 0xff, 0, HEADS - 1);
}

/** Locate Record for `n` Read Tracks from track `t` (HA orientation; bench/vfio.ts uses it too). */
export function locateReadTracksParameters(t: number, n: number): Uint8Array {
  const c = Math.floor(t / HEADS);
  const h = t % HEADS;
  return Uint8Array.of(0x4c, 0, 0, n, c >> 8, c & 0xff, 0, h, c >> 8, c & 0xff, 0, h, 0, 0xff, 0, 0);
}

/** DE (whole volume), then per 255 tracks a Locate Record (HA orientation, Read Tracks) and its Read Tracks. */
function writeProgram(storage: GuestStorage, base: number, buffer: number): number {
  const de = base;
  storage.write(de, defineExtentParameters());
  const lrArea = base + 0x100;
  let at = base + 0x10000;
  const program = at;
  storage.write(at, CCW1.encode({ cmd: 0x63, flags: 0x40, count: 16, cda: de }));
  at += 8;
  let lrs = 0;
  for (let t = 0; t < TRACKS; t += 255) {
    const n = Math.min(255, TRACKS - t);
    const lr = lrArea + lrs++ * 16;
    storage.write(lr, locateReadTracksParameters(t, n));
    storage.write(at, CCW1.encode({ cmd: 0x47, flags: 0x40, count: 16, cda: lr }));
    at += 8;
    for (let i = 0; i < n; i++) {
      const last = t + i === TRACKS - 1;
      storage.write(at, CCW1.encode({ cmd: 0xde, flags: last ? 0x20 : 0x60, count: TRACK_BYTES, cda: buffer }));
      at += 8;
    }
  }
  return program;
}

/** BENCH_BATCH=0 measures the reference path (one event per CCW) instead. */
const BATCH = process.env['BENCH_BATCH'] !== '0';

export function readVolume(): { ms: number; bytes: number; check: number } {
  const storage = new GuestStorage(16 << 20);
  const buffer = 0x800000;
  const program = writeProgram(storage, 0x2000, buffer);
  const scheduler = new Scheduler();
  const css = new ChannelSubsystem(storage, scheduler);
  // The product's path, as `ccw run` sets it (src/runtime/runFile.ts): chained CCWs on the fast
  // path, and with no trace no records of the CCWs it runs inline (they are only counted).
  css.engine.batchCcws = BATCH;
  css.engine.reportInline = false;
  const device = new Dasd3390({ devno: 0x190, model: modelByNumber(3), store: new FormattedVolume() });
  css.attach(0, device);
  const t0 = performance.now();
  const r = css.startSubchannel(0, ORB_AREA.decode(ORB.encode({ F: 1, P: 1, lpm: 0x80, cpa: program })));
  if (!('cc' in r) || r.cc !== 0) throw new Error('SSCH failed');
  while (scheduler.runNext());
  const ms = performance.now() - t0;
  const status = css.testSubchannel(0);
  const irb = status.irb;
  if (status.cc !== 0 || !irb) throw new Error('no status');
  const snap = device.snapshot();
  if (snap.tracksRead !== TRACKS || snap.position.cylinder !== CYLINDERS - 1) throw new Error(`read ${snap.tracksRead} tracks, ended at ${snap.position.cylinder}/${snap.position.head}: ${snap.senseProblem ?? ''}`);
  // The last track's last record really arrived: its count names cylinder 3338 head 14 R12.
  const lastCount = storage.bytes.subarray(buffer + TRACK_BYTES - BLOCK - 8, buffer + TRACK_BYTES - BLOCK - 3);
  const check = (lastCount[0] ?? 0) * 0x100 + (lastCount[1] ?? 0);
  if (check !== CYLINDERS - 1 || lastCount[3] !== HEADS - 1 || lastCount[4] !== RECORDS) throw new Error('the last track did not arrive');
  return { ms, bytes: TRACKS * TRACK_BYTES, check };
}

/**
 * The device alone, driven as the channel drives it but without the channel subsystem: Locate
 * Record, then Read Tracks whose bytes are copied into one buffer. The difference to readVolume
 * is the channel subsystem's share (CCW fetch, scheduling, storage access).
 */
export function deviceOnly(): { ms: number; bytes: number } {
  const device = new Dasd3390({ devno: 0x190, model: modelByNumber(3), store: new FormattedVolume() });
  const dst = new Uint8Array(16 << 20);
  const de = Uint8Array.of(0x40, 0xc0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (CYLINDERS - 1) >> 8, (CYLINDERS - 1) & 0xff, 0, HEADS - 1);
  const none = new Uint8Array(0);
  const t0 = performance.now();
  device.execute({ code: 0x63, flags: 0x40, count: 16, chaining: 'start', data: de });
  for (let t = 0; t < TRACKS; t += 255) {
    const n = Math.min(255, TRACKS - t);
    const c = Math.floor(t / HEADS);
    const h = t % HEADS;
    device.execute({ code: 0x47, flags: 0x40, count: 16, chaining: 'command', data: Uint8Array.of(0x4c, 0, 0, n, c >> 8, c & 0xff, 0, h, c >> 8, c & 0xff, 0, h, 0, 0xff, 0, 0) });
    for (let i = 0; i < n; i++) {
      const r = device.execute({ code: 0xde, flags: 0x60, count: TRACK_BYTES, chaining: 'command', data: none });
      if (r.data) dst.set(r.data, 0x800000);
    }
  }
  return { ms: performance.now() - t0, bytes: TRACKS * TRACK_BYTES };
}

/** The same bytes moved by a plain memory copy (one track image into one buffer, every track). */
export function memoryCopy(): { ms: number; bytes: number } {
  const src = new Uint8Array(TRACK_BYTES + 64).fill(0x5a);
  const dst = new Uint8Array(16 << 20);
  const t0 = performance.now();
  for (let t = 0; t < TRACKS; t++) dst.set(src.subarray(5, 5 + TRACK_BYTES), 0x800000);
  const ms = performance.now() - t0;
  if (dst[0x800000] !== 0x5a) throw new Error('copy failed');
  return { ms, bytes: TRACKS * TRACK_BYTES };
}

/** Heap of a 3390-54 in memory: fresh, then with 1,000 tracks written. */
function largeVolumeMemory(): { fresh: number; written: number; tracks: number } {
  collectGarbage();
  const before = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
  const store = new MemoryTrackStore({ cylinders: 65_520, heads: HEADS, volser: 'BIG054' });
  const fresh = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers - before;
  const record = new Uint8Array(BLOCK);
  for (let t = 0; t < 1_000; t++) {
    const c = t * 60;
    store.writeTrack(c, 0, buildTrack(c, 0, [{ r: 0, data: new Uint8Array(8) }, ...Array.from({ length: RECORDS }, (_, i) => ({ r: i + 1, data: record }))]));
  }
  collectGarbage();
  const written = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers - before;
  return { fresh, written, tracks: store.storedTracks };
}

export async function run(report: Report): Promise<void> {
  const gb = (r: { ms: number; bytes: number }) => r.bytes / (r.ms / 1000) / 1e9;
  const read = best(3, readVolume);
  const copy = best(3, memoryCopy);
  const alone = best(3, deviceOnly);
  report(`3390-3 read, PATH direct: ${TRACKS.toLocaleString('en-US')} tracks × ${TRACK_BYTES.toLocaleString('en-US')} bytes (LR Read Tracks + Read Track, 255 per LR) in ${read.ms.toFixed(0)} ms = ${gb(read).toFixed(2)} GB/s (best of 3)`);
  report(`memory copy of the same bytes: ${copy.ms.toFixed(0)} ms = ${gb(copy).toFixed(2)} GB/s; read / copy = ${(gb(read) / gb(copy)).toFixed(2)} (target ≥ 0.5)`);
  report(`the 3390 alone (no channel subsystem), same reads and copies: ${alone.ms.toFixed(0)} ms = ${gb(alone).toFixed(2)} GB/s; ratio to the copy ${(gb(alone) / gb(copy)).toFixed(2)}`);
  const mem = largeVolumeMemory();
  report(`3390-54 in memory: ${(mem.fresh / 1024).toFixed(0)} KiB fresh; ${(mem.written / 1048576).toFixed(1)} MiB after writing ${mem.tracks} tracks of 12 × 4 KiB (${(mem.written / mem.tracks / 1024).toFixed(1)} KiB per track written)`);
}
