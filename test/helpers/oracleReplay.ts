/**
 * Test helper: replays a Hercules 3.13 oracle case (../shared/oracle/README.md) against our 3390
 * and reads back what Hercules did, so a test can compare the two CCW by CCW:
 *
 * - storage is loaded from the case's `memory` items, the channel programs are encoded as the
 *   runner encodes them, the 3390 gets the case's volume (cylinders, volser, `tracks`);
 * - every `ssch` step runs its channel program through `ccwRunner.runProgram`;
 * - from the result: the `Stat=` lines of Hercules' CCW trace (device status, subchannel status
 *   and residual count of every CCW, program by program), the final SCSW of every `wait`, and
 *   the storage dumps.
 *
 * Cases live in ../shared/oracle (the demonstration set) and in test/unit/devices/oracle (cases
 * written for the 3390 work, run on the same oracle; see the README there).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { encodeCcw } from '../../src/arch/ccw';
import { encodeEbcdic } from '../../src/asm/ebcdic';
import { buildTrack, type RecordSpec } from '../../src/devices/dasd/ckdTrack';
import { Dasd3390 } from '../../src/devices/dasd/dasd3390';
import { HEADS_PER_CYLINDER, modelForCylinders } from '../../src/devices/dasd/geometry';
import { MemoryTrackStore } from '../../src/devices/dasd/trackStore';
import { runProgram, type ProgramOutcome } from './ccwRunner';
import { fromHex } from './hex';

const SHARED = fileURLToPath(new URL('../../../shared/oracle/', import.meta.url));
const LOCAL = fileURLToPath(new URL('../unit/devices/oracle/', import.meta.url));

type Json = Record<string, unknown>;

export interface OracleCase {
  readonly name: string;
  readonly description: string;
  readonly case: Json;
  readonly result: Json;
}

/** Loads `name` from the local oracle directory, else from ../shared/oracle. */
export function loadOracle(name: string): OracleCase {
  for (const dir of [LOCAL, SHARED]) {
    try {
      const c = JSON.parse(readFileSync(`${dir}cases/${name}.json`, 'utf8')) as Json;
      const r = JSON.parse(readFileSync(`${dir}results/${name}.json`, 'utf8')) as Json;
      return { name, description: String(c.description ?? ''), case: c, result: r };
    } catch {
      // try the next directory
    }
  }
  throw new Error(`oracle case ${name} not found in ${LOCAL} or ${SHARED}`);
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
export function deviceFor(c: OracleCase): { device: Dasd3390; store: MemoryTrackStore } {
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
  return { device: new Dasd3390({ devno: parseInt(String(d.devnum ?? '0190'), 16), model, store }), store };
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
  for (const line of trace) {
    if (/:synchronous\s+I\/O ccw addr/.test(line) && !/:asynchronous/.test(line)) perProgram.push([]);
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

/** Replays every `ssch` of the case against our device, in order. */
export function replay(c: OracleCase): { programs: ProgramOutcome[]; storage: Uint8Array; device: Dasd3390; store: MemoryTrackStore } {
  const { device, store } = deviceFor(c);
  const storage = storageFor(c);
  const programs: ProgramOutcome[] = [];
  for (const s of (c.case.steps as Json[] | undefined) ?? []) {
    if (s.op !== 'ssch') continue;
    const orb = (s.orb ?? {}) as Json;
    programs.push(runProgram(device, storage, num(orb.cpa ?? orb.ccw_addr), num(orb.f ?? 0) === 1));
  }
  return { programs, storage, device, store };
}
