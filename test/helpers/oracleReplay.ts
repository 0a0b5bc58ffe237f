/**
 * Test helper: replays a Hercules 3.13 oracle case (../shared/oracle/README.md) against our 3390
 * and reads back what Hercules did, so a test can compare the two CCW by CCW:
 *
 * - storage is loaded from the case's `memory` items, the channel programs are encoded as the
 *   runner encodes them, the 3390 gets the case's volume (cylinders, volser, `tracks`);
 * - every `ssch` step runs its channel program on the real channel subsystem (src/css), so the
 *   replay checks the channel's rules (chaining, residual counts, incorrect length) together
 *   with the device;
 * - from the result: the `Stat=` lines of Hercules' CCW trace (device status, subchannel status
 *   and residual count of every CCW, program by program), the final SCSW of every `wait`, and
 *   the storage dumps.
 *
 * Cases live in test/unit/devices/oracle (written for the 3390 work) and oracle/demo (a copy
 * of the demonstration set of ../shared/oracle, results trimmed), so a clean clone has them.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ORB, ORB_AREA, SCS, SCSW, type Orb } from '../../src/arch';
import { encodeCcw } from '../../src/arch/ccw';
import { ChannelSubsystem, GuestStorage, Scheduler, type CcwRecord } from '../../src/css';
import { encodeEbcdic } from '../../src/asm/ebcdic';
import { buildTrack, parseTrack, type RecordSpec } from '../../src/devices/dasd/ckdTrack';
import { Dasd3390 } from '../../src/devices/dasd/dasd3390';
import { HEADS_PER_CYLINDER, modelForCylinders } from '../../src/devices/dasd/geometry';
import { MemoryTrackStore, type TrackStore } from '../../src/devices/dasd/trackStore';
import { fromHex, toHex } from './hex';

const LOCAL = fileURLToPath(new URL('../unit/devices/oracle/', import.meta.url));

type Json = Record<string, unknown>;

export interface OracleCase {
  readonly name: string;
  readonly description: string;
  readonly case: Json;
  readonly result: Json;
}

/** Loads case `name` and its (trimmed) result, from the 3390 cases or the demonstration set. */
export function loadOracle(name: string): OracleCase {
  const dir = existsSync(`${LOCAL}cases/${name}.json`) ? LOCAL : `${LOCAL}demo/`;
  const c = JSON.parse(readFileSync(`${dir}cases/${name}.json`, 'utf8')) as Json;
  const r = JSON.parse(readFileSync(`${dir}results/${name}.json`, 'utf8')) as Json;
  return { name, description: String(c.description ?? ''), case: c, result: r };
}

const num = (v: unknown): number => (typeof v === 'number' ? v : Number(String(v)));

/** A data item of the case format: hex string, or {hex|ebcdic|ascii|fill, len}. */
function dataItem(item: unknown): Uint8Array {
  if (item === undefined || item === null) return new Uint8Array(0);
  if (typeof item === 'string') return fromHex(item);
  const o = item as Json;
  let bytes: Uint8Array;
  if (o.hex !== undefined) bytes = fromHex(String(o.hex));
  else if (o.ebcdic !== undefined) bytes = encodeEbcdic(String(o.ebcdic)).bytes;
  else if (o.ascii !== undefined) bytes = new TextEncoder().encode(String(o.ascii));
  else if (o.fill !== undefined) return new Uint8Array(num(o.len)).fill(num(o.fill));
  else bytes = new Uint8Array(0);
  if (o.len === undefined) return bytes;
  const out = new Uint8Array(num(o.len));
  out.set(bytes.subarray(0, out.length));
  return out;
}

const FLAG_BITS: Record<string, number> = { CD: 0x80, CC: 0x40, SLI: 0x20, SKIP: 0x10, PCI: 0x08, IDA: 0x04, S: 0x02, MIDA: 0x01 };

function flagsOf(v: unknown): number {
  if (typeof v === 'number') return v;
  return String(v ?? '')
    .split(/[|, ]+/)
    .filter((s) => s !== '')
    .reduce((n, name) => n | (FLAG_BITS[name.toUpperCase()] ?? num(name)), 0);
}

/** The case's first device as our 3390, with its `tracks` written into a fresh volume. */
export function deviceFor(c: OracleCase, options: { hercules?: boolean } = {}): { device: Dasd3390; store: TrackStore } {
  const d = ((c.case.devices as Json[])[0] ?? {}) as Json;
  const cylinders = num(d.cyls ?? 10);
  const model = modelForCylinders(cylinders);
  if (!model) throw new Error(`${c.name}: no 3390 model holds ${cylinders} cylinders`);
  const store = new MemoryTrackStore({ cylinders, heads: HEADS_PER_CYLINDER, volser: String(d.volser ?? 'ORACLE') });
  for (const t of (d.tracks as Json[] | undefined) ?? []) {
    const cyl = num(t.cyl);
    const head = num(t.head);
    const records: RecordSpec[] = ((t.records as Json[]) ?? []).map((r) => ({
      r: num(r.r ?? r.rec ?? 0),
      key: r.key === undefined ? undefined : dataItem(r.key),
      data: dataItem(r.data),
      ...(r.cyl !== undefined ? { cylinder: num(r.cyl) } : {}),
      ...(r.head !== undefined ? { head: num(r.head) } : {}),
    }));
    const written = store.writeTrack(cyl, head, buildTrack(cyl, head, records));
    if ('error' in written) throw new Error(written.error);
  }
  // Hercules' `readonly` (`ro`, `rdonly`) device argument: the volume refuses writes.
  const args = ((d.args as unknown[] | undefined) ?? []).map((a) => String(a).toLowerCase());
  const readOnly = args.some((a) => a === 'readonly' || a === 'rdonly' || a === 'ro');
  const volume: TrackStore = readOnly ? readOnlyView(store) : store;
  return { device: new Dasd3390({ devno: parseInt(String(d.devnum ?? '0190'), 16), model, store: volume, hercules: options.hercules === true }), store: volume };
}

/** The same tracks, refusing writes (populated first, then frozen). */
function readOnlyView(store: MemoryTrackStore): TrackStore {
  return {
    geometry: store.geometry,
    readOnly: true,
    description: `${store.description}, read-only`,
    readTrack: (c, h) => store.readTrack(c, h),
    writeTrack: (c, h) => ({ error: `track ${c}/${h}: the volume is read-only` }),
  };
}

/** The track images Hercules dumped after the run (`dump_tracks`), as `count key data` hex per record. */
export function herculesTracks(c: OracleCase): { cyl: number; head: number; records: string[] }[] {
  return ((c.result.tracks_after as Json[] | undefined) ?? []).map((t) => ({
    cyl: num(t.cyl),
    head: num(t.head),
    records: ((t.records as Json[]) ?? []).map((r) => `${String(r.count)}${String(r.key ?? '')}${String(r.data ?? '')}`.replace(/ /g, '').toUpperCase()),
  }));
}

/** Our track after the replay, in the form of `herculesTracks`. */
export function ourTrack(store: TrackStore, cyl: number, head: number): string[] {
  const read = store.readTrack(cyl, head);
  if ('error' in read) return [read.error];
  const parsed = parseTrack(read.image, cyl, head);
  if ('error' in parsed) return [parsed.error];
  const img = parsed.track.image;
  return parsed.track.records.map((r) => toHex(img.subarray(r.countOffset, r.dataOffset + r.dl)));
}

/** Guest storage as the case loads it (memory items and encoded channel programs). */
export function storageFor(c: OracleCase): Uint8Array {
  const storage = new Uint8Array(0x100000);
  for (const m of (c.case.memory as Json[] | undefined) ?? []) storage.set(dataItem(m), num(m.addr));
  for (const p of (c.case.channel_programs as Json[] | undefined) ?? []) {
    const format1 = num(p.format ?? 1) === 1;
    let at = num(p.addr);
    for (const ccw of p.ccws as Json[]) {
      const bytes = ccw.raw !== undefined ? fromHex(String(ccw.raw)) : encodeCcw({ cmd: num(ccw.cmd), flags: flagsOf(ccw.flags), count: num(ccw.count), cda: num(ccw.addr) }, format1);
      storage.set(bytes, at);
      at += 8;
    }
  }
  return storage;
}

export interface HerculesCcw {
  readonly dstat: number;
  readonly cstat: number;
  readonly count: number;
}

export interface HerculesProgram {
  /** Per CCW with a `Stat=` trace line, in order. */
  readonly ccws: readonly HerculesCcw[];
  /** The SCSW of the `wait` that collected the program's status. */
  readonly scsw: { readonly ccwAddress: number; readonly dstat: number; readonly cstat: number; readonly count: number };
}

/** What Hercules did, program by program (one per `ssch` step). */
export function herculesPrograms(c: OracleCase): HerculesProgram[] {
  const trace = (c.result.ccw_trace as string[]) ?? [];
  const perProgram: HerculesCcw[][] = [];
  let ended = true;
  for (const line of trace) {
    // A program starts with "synchronous I/O". When a track is not cached Hercules goes on with
    // "asynchronous I/O" inside the same program; only a read-only volume starts a program with
    // it, after the previous program's SCSW (HHCCP050I) or as the very first.
    const start = /:(a?)synchronous\s+I\/O ccw addr/.exec(line);
    if (start && (start[1] === '' || ended)) perProgram.push([]);
    if (start) ended = false;
    if (/HHCCP050I/.test(line)) ended = true;
    const m = /HHCCP075I [0-9A-F]{4}:Stat=([0-9A-F]{2})([0-9A-F]{2}) Count=([0-9A-F]{4})/.exec(line);
    if (m) perProgram[perProgram.length - 1]?.push({ dstat: parseInt(m[1] as string, 16), cstat: parseInt(m[2] as string, 16), count: parseInt(m[3] as string, 16) });
  }
  const waits = ((c.result.steps as Json[]) ?? []).filter((s) => s.op === 'wait');
  return waits.map((w, i) => {
    const results = (w.results as Json[]) ?? [];
    const irb = (results[results.length - 1]?.irb ?? {}) as Json;
    const scsw = (irb.scsw ?? {}) as Json;
    return {
      ccws: perProgram[i] ?? [],
      scsw: { ccwAddress: num(scsw.ccw_addr), dstat: num(scsw.dstat), cstat: num(scsw.cstat), count: num(scsw.count) },
    };
  });
}

/** The storage dumps of the result: address and the hex Hercules read back. */
export function herculesMemory(c: OracleCase): { addr: number; hex: string }[] {
  return ((c.result.memory as Json[]) ?? []).map((m) => ({ addr: num(m.addr), hex: String(m.hex) }));
}

/** One CCW as our channel executed it. */
export interface ReplayedCcw {
  readonly at: number;
  readonly cmd: number;
  readonly flags: number;
  readonly count: number;
  /** How the device answered in its initial status, if it did (immediate or rejected). */
  readonly initial: 'immediate' | 'rejected' | null;
  readonly status: number;
  readonly residual: number;
  readonly incorrectLength: boolean;
  /** The first bytes transferred (up to 64). */
  readonly stored: Uint8Array;
}

export interface ReplayedProgram {
  readonly ccws: readonly ReplayedCcw[];
  readonly orb: Orb;
  readonly last: ReplayedCcw | undefined;
  /** The CCW address of the final SCSW. */
  readonly ccwAddress: number;
}

const ORB_FLAGS = ['S', 'C', 'M', 'Y', 'F', 'P', 'I', 'A', 'U', 'B', 'H', 'T', 'L', 'D', 'X'] as const;

/** The case's ORB fields as an ORB (defaults as run-oracle applies them). */
function orbOf(fields: Json): Orb {
  const orb: Record<string, number> = {
    intparm: num(fields.intparm ?? 0x0c0ffee0),
    key: num(fields.key ?? 0),
    lpm: num(fields.lpm ?? 0xff),
    cpa: num(fields.cpa ?? fields.ccw_addr ?? 0),
  };
  for (const f of ORB_FLAGS) orb[f] = num(fields[f.toLowerCase()] ?? 0);
  return ORB_AREA.decode(ORB.encode(orb));
}

/** Replays every `ssch` of the case on a channel subsystem with our 3390 (COMPAT=HERCULES with `hercules`), in order. */
export function replay(c: OracleCase, options: { hercules?: boolean } = {}): { programs: ReplayedProgram[]; storage: Uint8Array; device: Dasd3390; store: TrackStore } {
  const { device, store } = deviceFor(c, options);
  const guest = new GuestStorage(num(c.case.mainsize_mb ?? 16) * 1024 * 1024);
  guest.write(0, storageFor(c));
  for (const k of (c.case.storage_keys as Json[] | undefined) ?? []) {
    for (let a = num(k.addr); a < num(k.addr) + num(k.len ?? 4096); a += 4096) guest.setKey(a, num(k.key), k.fetch === true);
  }
  const scheduler = new Scheduler();
  const css = new ChannelSubsystem(guest, scheduler);
  css.attach(0, device, { chpids: [0x01] });
  let records: CcwRecord[] = [];
  css.addListener({ ccwExecuted: (r) => records.push(r) });
  const programs: ReplayedProgram[] = [];
  for (const s of (c.case.steps as Json[] | undefined) ?? []) {
    if (s.op !== 'ssch') continue;
    records = [];
    const orb = orbOf((s.orb ?? {}) as Json);
    const started = css.startSubchannel(0, orb);
    if (!('cc' in started) || started.cc !== 0) throw new Error(`${c.name}: SSCH did not start: ${JSON.stringify(started)}`);
    while (scheduler.runNext());
    const { irb } = css.testSubchannel(0);
    const ccws = records.map((r) => ({
      at: r.address,
      cmd: r.ccw.cmd,
      flags: r.ccw.flags,
      count: r.ccw.count,
      initial: r.initial,
      status: r.dstat,
      residual: r.residual,
      incorrectLength: (r.cstat & SCS.IL) !== 0,
      stored: r.data,
    }));
    programs.push({ ccws, orb, last: ccws[ccws.length - 1], ccwAddress: irb ? SCSW.get(irb, 0, 'cpa') : -1 });
  }
  return { programs, storage: guest.bytes, device, store };
}
