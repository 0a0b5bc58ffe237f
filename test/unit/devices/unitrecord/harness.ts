/**
 * Test harness for the unit-record devices: a memory DeviceHost, and channel programs run on the
 * real channel subsystem (src/css, PATH direct) so status, residual counts and incorrect length
 * come from the channel's rules, as in a run.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ORB, ORB_AREA, SCSW } from '../../../../src/arch';
import { encodeCcw } from '../../../../src/arch/ccw';
import { encodeEbcdic } from '../../../../src/asm/ebcdic';
import { ChannelSubsystem, GuestStorage, Scheduler, type Device } from '../../../../src/css';
import type { DeviceHost, HostFile } from '../../../../src/devices/host';

/** Files in memory; `written` keeps every writeAtomic, `failWrites` makes them fail. */
export class MemoryHost implements DeviceHost {
  readonly files = new Map<string, Uint8Array>();
  readonly writes: string[] = [];
  failWrites = false;
  open(path: string) {
    const data = this.files.get(path);
    if (!data) return { error: `cannot open ${path}: no such file` };
    const file: HostFile = { size: data.length, read: (o, n) => data.slice(o, o + n), close: () => {} };
    return { ok: file };
  }
  writeAtomic(path: string, parts: Iterable<Uint8Array>) {
    if (this.failWrites) return { error: `cannot write ${path}: disk full` };
    const chunks = [...parts];
    const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
    let at = 0;
    for (const c of chunks) {
      out.set(c, at);
      at += c.length;
    }
    this.files.set(path, out);
    this.writes.push(path);
    return { ok: null };
  }
  text(path: string): string {
    return new TextDecoder().decode(this.files.get(path) ?? new Uint8Array(0));
  }
}

export interface CcwSpec {
  readonly cmd: number;
  readonly addr: number;
  readonly flags?: number;
  readonly count: number;
}

export const F = { CD: 0x80, CC: 0x40, SLI: 0x20, SKIP: 0x10, PCI: 0x08, IDA: 0x04, S: 0x02 } as const;

/** A device on subchannel 0 of a direct channel subsystem with 1 MiB of storage. */
export class Bench {
  readonly storage = new GuestStorage(1 << 20);
  readonly scheduler = new Scheduler();
  readonly css = new ChannelSubsystem(this.storage, this.scheduler);

  constructor(readonly device: Device) {
    this.css.attach(0, device);
  }

  /** Runs a format-1 program at `at` to its final status; returns the SCSW. */
  run(ccws: readonly CcwSpec[], at = 0x1000) {
    ccws.forEach((c, i) => this.storage.write(at + 8 * i, encodeCcw({ cmd: c.cmd, flags: c.flags ?? 0, count: c.count, cda: c.addr }, true)));
    const started = this.css.startSubchannel(0, ORB_AREA.decode(ORB.encode({ F: 1, lpm: 0x80, cpa: at })));
    if (!('cc' in started) || started.cc !== 0) throw new Error(`SSCH: ${JSON.stringify(started)}`);
    const t0 = this.scheduler.now;
    while (this.scheduler.runNext());
    const tsch = this.css.testSubchannel(0);
    if (!tsch.irb) throw new Error('no status');
    return { ...SCSW.decode(tsch.irb), elapsedNs: this.scheduler.now - t0 };
  }

  fill(address: number, length: number, value: number): void {
    this.storage.write(address, new Uint8Array(length).fill(value));
  }

  ebcdic(address: number, text: string): void {
    this.storage.write(address, encodeEbcdic(text).bytes);
  }

  read(address: number, length: number): Uint8Array {
    return this.storage.read(address, length) ?? new Uint8Array(0);
  }
}

const ORACLE = fileURLToPath(new URL('./oracle/', import.meta.url));
const DEMO = fileURLToPath(new URL('../oracle/demo/', import.meta.url));

type Json = Record<string, unknown>;

/** An oracle result: u* cases here, k1 from the vendored demonstration set. */
export function oracleResult(name: string): Json {
  const dir = name.startsWith('k1') ? DEMO : ORACLE;
  return JSON.parse(readFileSync(`${dir}results/${name}.json`, 'utf8')) as Json;
}

/** The final SCSWs of an oracle case's `wait` steps, in order. */
export function oracleWaits(name: string): { dstat: number; cstat: number; count: number }[] {
  const steps = oracleResult(name).steps as Json[];
  return steps
    .filter((s) => s.op === 'wait')
    .map((s) => {
      const results = s.results as Json[];
      const scsw = (results[results.length - 1]?.irb as Json).scsw as Json;
      return { dstat: Number(scsw.dstat), cstat: Number(scsw.cstat), count: Number(scsw.count) };
    });
}

export function oracleMemory(name: string, addr: number): string {
  const mem = oracleResult(name).memory as { addr: string; hex: string }[];
  const item = mem.find((m) => Number(m.addr) === addr);
  if (!item) throw new Error(`no dump at ${addr.toString(16)}`);
  return item.hex;
}

export function oracleOutput(name: string, devno: string): string {
  return String((oracleResult(name).device_output as Json)[devno]);
}
