/**
 * Test helper: seeded random channel programs in random storage, a deterministic random device,
 * and a runner that drives the CSS the way a CPU does (SSCH, wait, TSCH, RSCH after a
 * suspension) and collects everything observable: CCW records, checks, status-pending events
 * with their times, every IRB, final storage and storage keys.
 *
 * The same seed gives the same case, so a failing seed is the reproduction.
 */
import { AC, CCW0, CCW1, ORB, ORB_AREA, SCSW, type Orb } from '../../src/arch';
import { ChannelSubsystem, GuestStorage, Scheduler, type CcwRecord, type Device, type DeviceCommand, type DeviceResult, type ImmediateAnswer, type ImmediateDevice, type ProgramCheckInfo } from '../../src/css';

export { prng } from './prng';
import { prng } from './prng';

type Rng = () => number;
const int = (r: Rng, n: number): number => Math.floor(r() * n);
const pick = <T>(r: Rng, xs: readonly T[]): T => xs[int(r, xs.length)] as T;

/**
 * A device whose answers come from its own seeded generator, one draw per command: immediate
 * NOP-like answers most of the time (so long command chains arise), and also status modifier,
 * unit check/exception, rejection, reads offering short/long data, writes wanting more/less.
 */
export class RandomDevice implements Device {
  readonly typeName = 'RANDOM';
  readonly description = 'random test device';
  private readonly rng: Rng;
  protected rngOf(): Rng {
    return this.rng;
  }
  constructor(
    readonly devno: number,
    seed: number,
  ) {
    this.rng = prng(seed ^ 0x5eed);
  }
  execute(c: DeviceCommand): DeviceResult {
    const r = this.rng;
    return this.answer(c.code, c.count, pick(r, [0, 0.25, 1, 1, 2, 7]), r());
  }
  /** The answer after the first two draws (device time, roll); reads and writes draw more. */
  protected answer(code: number, count: number, timeUs: number, roll: number): DeviceResult {
    const r = this.rng;
    const low = code & 0x0f;
    const isRead = low === 0x04 || low === 0x0c || (code & 0x03) === 0x02;
    if (roll < 0.04) return { status: 0x0e, rejected: true, timeUs };
    if (roll < 0.06) return { status: pick(r, [0x0d, 0x0e, 0x0c | 0x80]), immediate: true, timeUs };
    if ((code & 0x03) === 0x03 && low !== 0x0f && roll < 0.85) return { status: roll < 0.12 ? 0x4c : 0x0c, immediate: true, timeUs };
    if (isRead) {
      const n = pick(r, [0, 1, count, count, count + 3, int(r, 80)]);
      return { status: roll < 0.9 ? 0x0c : 0x4c, data: new Uint8Array(n).map(() => int(r, 256)), timeUs };
    }
    return { status: roll < 0.92 ? 0x0c : 0x4c, required: pick(r, [0, count, count, count + 5, int(r, 40)]), timeUs };
  }
  sense(): Uint8Array {
    return new Uint8Array(32);
  }
  commandName(): string | null {
    return null;
  }
  inspect() {
    return [];
  }
  reset(): void {}
}

/**
 * RandomDevice that also answers the fast path's immediate questions (src/css/immediate.ts) with
 * the same draws: an immediate answer when its draws give one, otherwise null, keeping the draws
 * made so far for the `execute` that follows (so nothing observable changes).
 */
export class ImmediateRandomDevice extends RandomDevice implements ImmediateDevice {
  private held: { timeUs: number; roll: number } | null = null;
  override execute(c: DeviceCommand): DeviceResult {
    const h = this.held;
    if (h === null) return super.execute(c);
    this.held = null;
    return this.answer(c.code, c.count, h.timeUs, h.roll);
  }
  immediate(code: number): ImmediateAnswer | null {
    if (this.held !== null) return null;
    const r = this.rngOf();
    const timeUs = pick(r, [0, 0.25, 1, 1, 2, 7]);
    const roll = r();
    const low = code & 0x0f;
    const immediate = (roll >= 0.04 && roll < 0.06) || ((code & 0x03) === 0x03 && low !== 0x0f && roll >= 0.04 && roll < 0.85);
    if (!immediate) {
      this.held = { timeUs, roll };
      return null;
    }
    const a = this.answer(code, 0, timeUs, roll);
    return { status: a.status, timeUs: a.timeUs };
  }
}

export const STORAGE_SIZE = 16 * 1024;

export interface RandomCase {
  readonly seed: number;
  readonly storage: Uint8Array;
  /** Per 4K frame: [acc, fetchProtected]. */
  readonly keys: readonly (readonly [number, boolean])[];
  readonly orbs: readonly Orb[];
  /** Virtual time at which each subchannel's SSCH is issued. */
  readonly startAt: readonly number[];
}

const COMMANDS = [0x03, 0x03, 0x03, 0x03, 0x03, 0x03, 0x07, 0x0b, 0x13, 0x02, 0x06, 0x01, 0x05, 0x04, 0x0c, 0x08, 0x08, 0x18, 0x00, 0x10, 0x0f];

/**
 * Random storage with one or more random channel programs in it. `nop` biases towards long
 * command-chained NOP runs (the fast path's case); `devices` programs start at random times.
 */
export function randomCase(seed: number, options: { devices?: number; nop?: boolean } = {}): RandomCase {
  const r = prng(seed);
  const storage = new Uint8Array(STORAGE_SIZE);
  const words = new Uint32Array(storage.buffer);
  for (let i = 0; i < words.length; i++) words[i] = (r() * 4294967296) >>> 0;
  const keys = Array.from({ length: STORAGE_SIZE / 4096 }, () => (r() < 0.75 ? ([0, false] as const) : ([int(r, 16), r() < 0.5] as const)));
  const orbs: Orb[] = [];
  const startAt: number[] = [];
  for (let d = 0; d < (options.devices ?? 1); d++) {
    const format1 = r() < 0.8;
    const at = 8 * int(r, STORAGE_SIZE / 8 - 40);
    const length = 1 + int(r, options.nop ? 60 : 14);
    const end = Math.min(STORAGE_SIZE, at + 8 * length);
    for (let a = at; a < end; a += 8) {
      const nop = options.nop && r() < 0.85;
      const cmd = nop ? 0x03 : r() < 0.9 ? pick(r, COMMANDS) : int(r, 256);
      let flags = nop ? (r() < 0.7 ? 0x40 : pick(r, [0x60, 0x20, 0x00, 0x48, 0x42, 0xc0, 0x44])) : int(r, 256) & pick(r, [0xff, 0x60, 0x70, 0x68, 0xe0, 0x62, 0x64]);
      if (a + 8 < end && r() < 0.9) flags |= 0x40; // keep chains going
      const count = nop ? pick(r, [0, 0, 1, 8]) : pick(r, [0, 1, 8, 16, 24, 100, int(r, 0x10000)]);
      let cda = pick(r, [8 * int(r, STORAGE_SIZE / 8), int(r, STORAGE_SIZE), int(r, 0x1_0000_0000), STORAGE_SIZE - 4]);
      if ((cmd & 0x0f) === 0x08) cda = r() < 0.7 ? 8 * int(r, STORAGE_SIZE / 8) : pick(r, [at, at + 8 * int(r, length), int(r, STORAGE_SIZE)]);
      const tic = (cmd & 0x0f) === 0x08 && r() < 0.8;
      const bytes = format1
        ? CCW1.encode({ cmd, flags: tic ? 0 : flags, count: tic ? 0 : count, cda: cda >>> 0 })
        : CCW0.encode({ cmd, flags, count, cda: cda & 0xffffff, reserved: 0 });
      storage.set(bytes, a);
    }
    const orbKey = r() < 0.8 ? 0 : int(r, 16);
    orbs.push(
      ORB_AREA.decode(
        ORB.encode({
          intparm: seed,
          key: orbKey,
          F: format1 ? 1 : 0,
          S: r() < 0.5 ? 1 : 0,
          L: r() < 0.2 ? 1 : 0,
          U: r() < 0.1 ? 1 : 0,
          H: r() < 0.3 ? 1 : 0,
          T: r() < 0.3 ? 1 : 0,
          lpm: 0x80,
          cpa: r() < 0.97 ? at : 8 * int(r, STORAGE_SIZE / 8),
        }),
      ),
    );
    startAt.push(d === 0 ? 0 : int(r, 40) * 250);
  }
  return { seed, storage, keys, orbs, startAt };
}

export interface Observed {
  readonly records: CcwRecord[];
  readonly checks: ProgramCheckInfo[];
  /** Time, subchannel and SCSW bytes at every status-pending event. */
  readonly pendings: { time: number; schno: number; scsw: number[] }[];
  /** Every TSCH that found status: time, subchannel, IRB. */
  readonly irbs: { time: number; schno: number; irb: number[] }[];
  readonly ssch: (number | string)[];
  readonly storage: Uint8Array;
  readonly keys: Uint8Array;
  readonly endTime: number;
  /** Stopped by the limit (an endless loop, or suspended again after 8 resumes), with programs still active. */
  readonly limited: boolean;
  readonly events: number;
  /** Per subchannel: CCWs fetched and executed, the last executed. */
  readonly counters: { fetched: number; executed: number; lastExecuted: number }[];
  /** Events run plus steps the fast path ran inline: the same batched or not (the history's positions). */
  readonly steps: number;
}

export interface RunOptions {
  readonly fast: boolean;
  /** Per-CCW records and fetch calls wanted (the engine's reportCcws). */
  readonly report?: boolean;
  /** Stop after this many CCW fetches+executions worth of scheduler progress (virtual time bound). */
  readonly timeLimitNs?: number;
  /** Issue HALT SUBCHANNEL to subchannel 0 at this virtual time (a CPU deadline outside the queue). */
  readonly haltAt?: number;
  /** The devices give the fast path immediate answers too (ImmediateRandomDevice). */
  readonly immediate?: boolean;
}

/**
 * Runs the case like a CPU: SSCH each program at its time, then wait, TSCH whatever becomes
 * pending, RSCH once after a suspension. The CPU's own deadlines (later SSCHs, the halt, the
 * time limit) are not in the queue, so they are given to the scheduler as its horizon, as the
 * runtime must.
 */
export function runCase(c: RandomCase, options: RunOptions): Observed {
  const guest = new GuestStorage(STORAGE_SIZE);
  guest.bytes.set(c.storage);
  c.keys.forEach(([acc, f], i) => guest.setKey(i * 4096, acc, f));
  const scheduler = new Scheduler();
  const css = new ChannelSubsystem(guest, scheduler);
  css.engine.batchCcws = options.fast;
  css.engine.reportCcws = options.report ?? true;
  c.orbs.forEach((_, i) => css.attach(i, new (options.immediate ? ImmediateRandomDevice : RandomDevice)(0x190 + i, c.seed * 31 + i)));
  const records: CcwRecord[] = [];
  const checks: ProgramCheckInfo[] = [];
  const pendings: Observed['pendings'] = [];
  const irbs: Observed['irbs'] = [];
  const ssch: (number | string)[] = [];
  css.addListener({
    ccwExecuted: (rec) => records.push(rec),
    check: (info) => checks.push(info),
    statusPending: (sch) => pendings.push({ time: scheduler.now, schno: sch.schno, scsw: [...SCSW.encode(sch.scsw)] }),
  });
  const limit = options.timeLimitNs ?? 2_000_000;
  const deadlines = [...c.startAt.map((t, i) => ({ t, act: () => start(i) })), ...(options.haltAt !== undefined ? [{ t: options.haltAt, act: () => ssch.push(`hsch ${JSON.stringify(css.haltSubchannel(0))}`) }] : [])].sort((a, b) => a.t - b.t);
  /** RSCHs issued per subchannel: a program may suspend again; after 8 it counts as stopped by the limit. */
  const resumed = new Map<number, number>();
  const mayResume = (i: number): boolean => (resumed.get(i) ?? 0) < 8;
  const resume = (i: number): void => {
    resumed.set(i, (resumed.get(i) ?? 0) + 1);
    ssch.push(`rsch ${JSON.stringify(css.resumeSubchannel(i))}`);
  };
  const suspended = (i: number): boolean => ((css.subchannel(i)?.scsw.actl ?? 0) & AC.SUSP) !== 0;
  function start(i: number): void {
    const got = css.startSubchannel(i, c.orbs[i] as Orb);
    ssch.push('cc' in got ? got.cc : `exception ${got.programException}`);
  }
  const collect = (): void => {
    for (let i = 0; i < c.orbs.length; i++) {
      const sch = css.subchannel(i);
      if (!sch?.statusPending) continue;
      const t = css.testSubchannel(i);
      if (t.irb) irbs.push({ time: scheduler.now, schno: i, irb: [...t.irb] });
      const s = t.irb ? SCSW.decode(t.irb) : null;
      // A suspended program is resumed (its CCW then executes: RSCH honours the S flag once).
      if (s && (s.actl & AC.SUSP) !== 0 && mayResume(i)) resume(i);
    }
  };
  let events = 0;
  for (;;) {
    const due = deadlines[0];
    const horizon = Math.min(due ? due.t : Number.POSITIVE_INFINITY, limit);
    scheduler.horizon = horizon;
    const next = scheduler.peek();
    if (due && (!next || next.time > due.t)) {
      scheduler.advanceTo(due.t);
      deadlines.shift();
      due.act();
      collect();
      continue;
    }
    if (!next) {
      // Suspended with ORB U = 1 (no intermediate status): the CPU resumes it anyway.
      const quiet = c.orbs.findIndex((_, i) => mayResume(i) && suspended(i));
      if (quiet < 0) break;
      resume(quiet);
      continue;
    }
    if (next.time > limit) break;
    scheduler.runNext();
    events++;
    collect();
  }
  return {
    records,
    checks,
    pendings,
    irbs,
    ssch,
    storage: guest.bytes,
    keys: guest.keys,
    endTime: scheduler.now,
    limited: scheduler.pending > 0 || c.orbs.some((_, i) => suspended(i)),
    events,
    counters: c.orbs.map((_, i) => ({ ...css.engine.counter(i) })),
    steps: events + scheduler.inlined,
  };
}

/** The observable outcome of a run, records included, as plain data (functions and views dropped): what the differential tests compare. */
export function outcome(o: Observed) {
  return {
    records: o.records.map((r) => ({ ...r, data: [...r.data], ticHops: [...r.ticHops] })),
    checks: o.checks,
    pendings: o.pendings,
    irbs: o.irbs,
    ssch: o.ssch,
    storage: Buffer.from(o.storage).toString('hex'),
    keys: [...o.keys],
    endTime: o.endTime,
    limited: o.limited,
    counters: o.counters,
    steps: o.steps,
  };
}
