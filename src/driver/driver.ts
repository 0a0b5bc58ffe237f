/**
 * The emulated CPU: runs the driver statements of an Image in source order over a GuestIo
 * (direct or vfio), keeping what EXPECT checks (condition code, IRB, ret, …).
 */
import { ORB_AREA, hex, type Orb } from '../arch';
import type { DriverStatement } from '../asm/image';
import type { Device, GuestStorage, Scheduler } from '../css';
import type { VfioCcwDevice } from '../vfio';
import { fsmStateNumber } from '../vfio';
import { evaluateExpectation, type ExpectationResult } from './expect';
import type { GuestIo } from './guestIo';

export interface DriverDevice {
  readonly devno: number;
  /** The guest's subchannel number for the device. */
  readonly schno: number;
  readonly device: Device;
  readonly mdev: VfioCcwDevice | null;
}

/** What one executed driver statement did: the `steps` of `ccw run --json`, and the debugger's history. */
export interface StatementRecord {
  readonly index: number;
  readonly statement: DriverStatement;
  readonly devno: number | null;
  readonly cc: number | null;
  readonly ret: number | null;
  /** Program-interruption code the statement's instruction caused, 0 when none. */
  readonly pgm: number;
  readonly irb: Uint8Array | null;
  readonly expectations: readonly ExpectationResult[];
  /** Why the statement could not do what it says, when it could not. */
  readonly message: string | null;
  readonly startTime: number;
  readonly endTime: number;
}

export type CpuState = 'ready' | 'waiting' | 'ended';

const PGM_SPECIFICATION = 0x06;
const PGM_ADDRESSING = 0x05;

export class Driver {
  pc = 0;
  state: CpuState = 'ready';
  readonly records: StatementRecord[] = [];

  private cc: number | null = null;
  private ret: number | null = null;
  private pgm = 0;
  private irb: Uint8Array | null = null;
  private intparm: number | null = null;
  private devno: number | null = null;
  private waitStarted = 0;
  private waitDeadline: number | null = null;
  private readonly byDevno = new Map<number, DriverDevice>();

  constructor(
    private readonly statements: readonly DriverStatement[],
    private readonly guest: GuestStorage,
    private readonly io: GuestIo,
    private readonly scheduler: Scheduler,
    devices: readonly DriverDevice[],
  ) {
    for (const d of devices) this.byDevno.set(d.devno, d);
    if (statements.length === 0) this.state = 'ended';
  }

  get current(): DriverStatement | null {
    return this.statements[this.pc] ?? null;
  }

  /** The IRB of the last TSCH or WAIT (what the IRB scope shows). */
  get lastIrb(): Uint8Array | null {
    return this.irb;
  }

  get lastDevno(): number | null {
    return this.devno;
  }

  get passed(): number {
    return this.records.reduce((n, r) => n + r.expectations.filter((e) => e.passed).length, 0);
  }

  get failed(): number {
    return this.records.reduce((n, r) => n + r.expectations.filter((e) => !e.passed).length, 0);
  }

  /** Virtual time at which a waiting CPU gives up (WAIT with a timeout), or null. */
  get deadline(): number | null {
    return this.state === 'waiting' ? this.waitDeadline : null;
  }

  device(devno: number): DriverDevice | undefined {
    return this.byDevno.get(devno);
  }

  /** Runs the current statement; returns its record unless the CPU is left waiting. */
  execute(): StatementRecord | null {
    const s = this.current;
    if (!s || this.state !== 'ready') return null;
    const start = this.scheduler.now;
    switch (s.op) {
      case 'SSCH':
        return this.startSubchannel(s, start);
      case 'WAIT':
        this.devno = s.devno ?? this.devno;
        this.state = 'waiting';
        this.waitStarted = start;
        this.waitDeadline = s.timeoutUs === null ? null : start + s.timeoutUs * 1000;
        return this.tryCompleteWait();
      case 'EXPECT': {
        const ctx = this.expectContext();
        const expectations = s.checks.map((c) => evaluateExpectation(c, ctx));
        return this.finish(s, { devno: this.devno, expectations }, start);
      }
      case 'END':
        this.state = 'ended';
        return this.record(s, { devno: null }, start);
      default:
        // The assembler reports these statements as CCW029 until the driver runs them.
        return this.finish(s, { devno: this.devno, message: `${s.op} is not supported by this version yet` }, start);
    }
  }

  private startSubchannel(s: Extract<DriverStatement, { op: 'SSCH' }>, start: number): StatementRecord {
    this.devno = s.devno;
    const d = this.byDevno.get(s.devno);
    if (!d) return this.finish(s, { devno: s.devno, message: `device ${hex(s.devno, 4)} is not attached` }, start);
    if (s.orb % 4 !== 0) {
      this.pgm = PGM_SPECIFICATION;
      return this.finish(s, { devno: s.devno, pgm: PGM_SPECIFICATION, message: `ORB address X'${s.orb.toString(16)}' is not word aligned` }, start);
    }
    const bytes = this.guest.read(s.orb, ORB_AREA.size);
    if (!bytes) {
      this.pgm = PGM_ADDRESSING;
      return this.finish(s, { devno: s.devno, pgm: PGM_ADDRESSING, message: `ORB address X'${s.orb.toString(16)}' is outside storage` }, start);
    }
    const orb: Orb = ORB_AREA.decode(bytes);
    this.io.poll();
    const result = this.io.startSubchannel(d.schno, orb);
    this.ret = this.io.lastRet(d.schno) ?? this.ret;
    if ('programException' in result) {
      this.pgm = result.programException;
      return this.finish(s, { devno: s.devno, pgm: result.programException, message: result.reason }, start);
    }
    this.pgm = 0;
    this.cc = result.cc;
    return this.finish(s, { devno: s.devno, cc: result.cc, ret: this.io.lastRet(d.schno) }, start);
  }

  /** Completes a WAIT whose interruption is pending, or whose timeout has passed. */
  tryCompleteWait(): StatementRecord | null {
    const s = this.current;
    if (this.state !== 'waiting' || !s || s.op !== 'WAIT') return null;
    this.io.poll();
    const targets = s.devno === null ? null : [this.byDevno.get(s.devno)?.schno ?? -1];
    const schno = this.io.nextInterruption(targets);
    if (schno !== null) {
      const sub = this.io.subchannel(schno);
      this.intparm = sub?.pmcw.intparm ?? null;
      this.io.acceptInterruption(schno);
      const t = this.io.testSubchannel(schno);
      const d = [...this.byDevno.values()].find((x) => x.schno === schno);
      this.devno = d?.devno ?? this.devno;
      this.cc = t.cc;
      this.pgm = 0;
      if (t.irb) this.irb = t.irb;
      this.ret = this.io.lastRet(schno) ?? this.ret;
      this.state = 'ready';
      return this.finish(s, { devno: this.devno, cc: t.cc, irb: t.irb, ret: this.io.lastRet(schno) }, this.waitStarted);
    }
    if (this.waitDeadline !== null && this.scheduler.now >= this.waitDeadline) {
      this.cc = 1;
      this.state = 'ready';
      return this.finish(s, { devno: this.devno, cc: 1, message: 'no interruption before the timeout' }, this.waitStarted);
    }
    return null;
  }

  /** A WAIT that nothing can satisfy any more (no channel activity left): CC 1, with the reason. */
  abandonWait(reason: string): StatementRecord | null {
    const s = this.current;
    if (this.state !== 'waiting' || !s) return null;
    this.cc = 1;
    this.state = 'ready';
    return this.finish(s, { devno: this.devno, cc: 1, message: reason }, this.waitStarted);
  }

  private expectContext() {
    const d = this.devno === null ? undefined : this.byDevno.get(this.devno);
    return {
      cc: this.cc,
      ret: this.ret,
      pgm: this.pgm,
      irb: this.irb,
      intparm: this.intparm,
      schib: null,
      crw: null,
      sense: () => d?.device.sense() ?? null,
      memory: (address: number, length: number) => this.guest.read(address, length),
      fsm: () => (d?.mdev ? fsmStateNumber(d.mdev.state) : null),
    };
  }

  private finish(s: DriverStatement, parts: Partial<Omit<StatementRecord, 'index' | 'statement'>>, start: number): StatementRecord {
    const record = this.record(s, parts, start);
    this.pc++;
    if (this.pc >= this.statements.length) this.state = 'ended';
    return record;
  }

  private record(s: DriverStatement, parts: Partial<Omit<StatementRecord, 'index' | 'statement'>>, start: number): StatementRecord {
    const record: StatementRecord = {
      index: this.pc,
      statement: s,
      devno: parts.devno ?? null,
      cc: parts.cc ?? null,
      ret: parts.ret ?? null,
      pgm: parts.pgm ?? 0,
      irb: parts.irb ?? null,
      expectations: parts.expectations ?? [],
      message: parts.message ?? null,
      startTime: start,
      endTime: this.scheduler.now,
    };
    this.records.push(record);
    return record;
  }
}
