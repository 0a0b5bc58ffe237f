/**
 * The emulated CPU: runs the driver statements of an Image in source order over a GuestIo
 * (direct or vfio), keeping what EXPECT checks (condition code, IRB, ret, …).
 */
import { AC, CCW0, CF, CRW, DS, IRB, ORB_AREA, SCHIB, hex, hexBytes, pswFormatErrors, readU32, subchannelId, type Orb } from '../arch';
import type { AwaitState, DriverStatement } from '../asm/image';
import type { Device, GuestStorage, InstructionResult, Scheduler } from '../css';
import type { PathNote, VfioCcwDevice } from '../vfio';
import { fsmStateNumber } from '../vfio';
import { BiosDasdIpl, type BiosAction } from './biosIpl';
import { evaluateExpectation, type ExpectationResult } from './expect';
import type { GuestIo } from './guestIo';
import { applyPmcwChanges } from './pmcwChanges';
import { runVfioOperation } from './vfioStatement';

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
  /**
   * Why the statement could not do what it says, when it could not; on PATH vfio followed by
   * one line per path note the statement produced (where and why the vfio path differed).
   */
  readonly message: string | null;
  /** The vfio path notes (src/vfio/pathNotes.ts) that arose while this statement ran; absent when none. */
  readonly pathNotes?: readonly PathNote[];
  readonly startTime: number;
  readonly endTime: number;
}

export type CpuState = 'ready' | 'waiting' | 'ended';

const PGM_SPECIFICATION = 0x06;
const PGM_ADDRESSING = 0x05;

/** TEST SUBCHANNEL stores the IRB without the extended-measurement word (no XMWME; as QEMU's copy_irb_to_guest). */
const IRB_STORED = 64;
/** Where IPL stores the subchannel-identification word (PoO "Initial Program Loading": real 184-187, zeros at 188-191). */
const IPL_SCHID_ADDRESS = 184;
/** The device status an IPL I/O operation may end with (PoO "Initial Program Loading"); SM chains as usual. */
const IPL_ACCEPTED_DSTAT = DS.CE | DS.DE | DS.SM;

type Waiting = Extract<DriverStatement, { op: 'WAIT' | 'DELAY' | 'AWAIT' | 'IPL' }>;

export class Driver {
  pc = 0;
  state: CpuState = 'ready';
  readonly records: StatementRecord[] = [];

  private cc: number | null = null;
  private ret: number | null = null;
  private pgm = 0;
  private irb: Uint8Array | null = null;
  private intparm: number | null = null;
  private schib: Uint8Array | null = null;
  private crw: number | null = null;
  private devno: number | null = null;
  private waitStarted = 0;
  private waitDeadline: number | null = null;
  private readonly byDevno = new Map<number, DriverDevice>();
  /** Per device, the last vfio path note already attached to a record. */
  private readonly notesSeen = new Map<number, number>();
  /** The BIOS of a running `IPL devno,BIOS`. */
  private bios: BiosDasdIpl | null = null;

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
        return this.beginWait(start, s.timeoutUs === null ? null : start + s.timeoutUs * 1000);
      case 'DELAY':
        return this.beginWait(start, start + Math.max(0, s.us) * 1000);
      case 'AWAIT':
        this.devno = s.devno;
        if (!this.byDevno.has(s.devno)) return this.finish(s, { devno: s.devno, message: `device ${hex(s.devno, 4)} is not attached` }, start);
        return this.beginWait(start, null);
      case 'IPL':
        return this.initialProgramLoad(s, start);
      case 'TSCH':
        return this.testSubchannel(s, start);
      case 'HSCH':
      case 'CSCH':
      case 'RSCH':
      case 'XSCH':
        return this.simpleInstruction(s, start);
      case 'STSCH':
        return this.storeSubchannel(s, start);
      case 'MSCH':
        return this.modifySubchannel(s, start);
      case 'TPI':
        return this.testPendingInterruption(s, start);
      case 'STCRW':
        return this.storeChannelReportWord(s, start);
      case 'SSKE':
        if (!this.guest.setKey(s.address, s.key, s.fetchProtect)) {
          return this.programException(s, null, PGM_ADDRESSING, `SSKE: address X'${hex(s.address, 1)}' is outside storage or key ${s.key} is not 0-15`, start);
        }
        this.pgm = 0;
        return this.finish(s, { devno: this.devno }, start);
      case 'STORE':
        if (!this.guest.write(s.address, s.bytes)) {
          return this.programException(s, null, PGM_ADDRESSING, `STORE: X'${hex(s.address, 1)}' (${s.bytes.length} bytes) is outside storage`, start);
        }
        this.pgm = 0;
        return this.finish(s, { devno: this.devno }, start);
      case 'FAULT': {
        const problem = this.io.injectFault ? this.io.injectFault(s.fault) : `FAULT is not supported on PATH ${this.io.path} yet`;
        if ('devno' in s.fault) this.devno = s.fault.devno;
        return this.finish(s, { devno: 'devno' in s.fault ? s.fault.devno : this.devno, message: problem }, start);
      }
      case 'VFIO': {
        this.devno = s.devno;
        const d = this.byDevno.get(s.devno);
        if (!d?.mdev) return this.finish(s, { devno: s.devno, message: `VFIO needs PATH vfio and an attached device ${hex(s.devno, 4)}` }, start);
        const r = runVfioOperation(d.mdev, s.operation, this.guest);
        this.ret = r.ret;
        return this.finish(s, { devno: s.devno, ret: r.ret, message: r.message }, start);
      }
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
        return this.finish(s, { devno: this.devno, message: `${(s as DriverStatement).op} is not supported by this version yet` }, start);
    }
  }

  /** The CPU waits (WAIT, DELAY, AWAIT, IPL) until tryCompleteWait finds what it waits for. */
  private beginWait(start: number, deadline: number | null): StatementRecord | null {
    this.state = 'waiting';
    this.waitStarted = start;
    this.waitDeadline = deadline;
    return this.tryCompleteWait();
  }

  private programException(s: DriverStatement, devno: number | null, code: number, message: string, start: number): StatementRecord {
    this.pgm = code;
    return this.finish(s, { devno: devno ?? this.devno, pgm: code, message }, start);
  }

  /** Resolves a statement's device; null (with the reason recorded) when it is not attached. */
  private target(s: DriverStatement & { devno: number }, start: number): DriverDevice | StatementRecord {
    this.devno = s.devno;
    const d = this.byDevno.get(s.devno);
    return d ?? this.finish(s, { devno: s.devno, message: `device ${hex(s.devno, 4)} is not attached` }, start);
  }

  /** An operand area of `size` bytes: word aligned (specification) and inside storage (addressing). */
  private checkArea(s: DriverStatement, area: number, size: number, what: string, start: number): StatementRecord | null {
    if (area % 4 !== 0) return this.programException(s, null, PGM_SPECIFICATION, `${what} address X'${hex(area, 1)}' is not word aligned`, start);
    if (!this.guest.read(area, size)) return this.programException(s, null, PGM_ADDRESSING, `${what} address X'${hex(area, 1)}' is outside storage`, start);
    return null;
  }

  private instructionDone(s: DriverStatement, devno: number | null, result: InstructionResult, start: number, extra: Partial<StatementRecord> = {}): StatementRecord {
    if ('programException' in result) return this.programException(s, devno, result.programException, result.reason, start);
    this.pgm = 0;
    this.cc = result.cc;
    return this.finish(s, { devno, cc: result.cc, ...extra }, start);
  }

  private testSubchannel(s: Extract<DriverStatement, { op: 'TSCH' }>, start: number): StatementRecord {
    const d = this.target(s, start);
    if (!('schno' in d)) return d;
    if (s.area !== null) {
      const bad = this.checkArea(s, s.area, IRB_STORED, 'TSCH IRB', start);
      if (bad) return bad;
    }
    this.io.poll();
    const intparm = this.io.subchannel(d.schno)?.pmcw.intparm ?? null;
    const t = this.io.testSubchannel(d.schno);
    if (t.irb) {
      this.irb = t.irb;
      if (s.area !== null) this.guest.write(s.area, t.irb.subarray(0, IRB_STORED));
    }
    if (t.cc === 0) {
      this.io.acceptInterruption(d.schno);
      this.intparm = intparm;
    }
    this.ret = this.io.lastRet(d.schno) ?? this.ret;
    return this.instructionDone(s, s.devno, { cc: t.cc }, start, { irb: t.irb });
  }

  private simpleInstruction(s: Extract<DriverStatement, { op: 'HSCH' | 'CSCH' | 'RSCH' | 'XSCH' }>, start: number): StatementRecord {
    const d = this.target(s, start);
    if (!('schno' in d)) return d;
    this.io.poll();
    const result =
      s.op === 'HSCH'
        ? this.io.haltSubchannel(d.schno)
        : s.op === 'CSCH'
          ? this.io.clearSubchannel(d.schno)
          : s.op === 'RSCH'
            ? this.io.resumeSubchannel(d.schno)
            : this.io.cancelSubchannel(d.schno);
    this.ret = this.io.lastRet(d.schno) ?? this.ret;
    return this.instructionDone(s, s.devno, result, start, { ret: this.io.lastRet(d.schno) });
  }

  private storeSubchannel(s: Extract<DriverStatement, { op: 'STSCH' }>, start: number): StatementRecord {
    const d = this.target(s, start);
    if (!('schno' in d)) return d;
    if (s.area !== null) {
      const bad = this.checkArea(s, s.area, SCHIB.size, 'STSCH SCHIB', start);
      if (bad) return bad;
    }
    this.io.poll();
    const r = this.io.storeSubchannel(d.schno);
    if (r.schib) {
      this.schib = r.schib;
      if (s.area !== null) this.guest.write(s.area, r.schib);
    }
    return this.instructionDone(s, s.devno, { cc: r.cc }, start);
  }

  /** MSCH devno,field=value: STORE SUBCHANNEL, change the named PMCW fields, MODIFY SUBCHANNEL. */
  private modifySubchannel(s: Extract<DriverStatement, { op: 'MSCH' }>, start: number): StatementRecord {
    const d = this.target(s, start);
    if (!('schno' in d)) return d;
    this.io.poll();
    const stored = this.io.storeSubchannel(d.schno);
    if (!stored.schib) return this.instructionDone(s, s.devno, { cc: stored.cc }, start);
    const changed = applyPmcwChanges(stored.schib, s.changes);
    if (typeof changed === 'string') return this.finish(s, { devno: s.devno, message: changed }, start);
    return this.instructionDone(s, s.devno, this.io.modifySubchannel(d.schno, changed), start);
  }

  private testPendingInterruption(s: Extract<DriverStatement, { op: 'TPI' }>, start: number): StatementRecord {
    this.io.poll();
    const r = this.io.testPendingInterruption();
    let devno = this.devno;
    if (r.cc === 1 && r.schno !== null) {
      // The interruption code: subchannel ID and the interruption parameter of its PMCW.
      this.intparm = this.io.subchannel(r.schno)?.pmcw.intparm ?? null;
      devno = this.deviceOf(r.schno)?.devno ?? devno;
      this.devno = devno;
    }
    return this.instructionDone(s, devno, { cc: r.cc }, start);
  }

  private storeChannelReportWord(s: Extract<DriverStatement, { op: 'STCRW' }>, start: number): StatementRecord {
    if (s.area !== null) {
      const bad = this.checkArea(s, s.area, CRW.size, 'STCRW', start);
      if (bad) return bad;
    }
    this.io.poll();
    const r = this.io.storeChannelReportWord();
    this.crw = readU32(r.crw, 0);
    if (s.area !== null) this.guest.write(s.area, r.crw);
    return this.instructionDone(s, this.devno, { cc: r.cc }, start);
  }

  /**
   * IPL devno (PoO "Initial Program Loading"): a format-0 Read IPL CCW at absolute 0 with data
   * address 0, count 24, command chaining and SLI; the 24 bytes it reads (the IPL PSW and two
   * CCWs) land at 0, so chaining continues with the CCW now at 8. The CPU waits for the end of
   * the program, stores the subchannel ID at 184 and zeros at 188.
   */
  private initialProgramLoad(s: Extract<DriverStatement, { op: 'IPL' }>, start: number): StatementRecord | null {
    const d = this.target(s, start);
    if (!('schno' in d)) return d;
    if (s.route === 'bios') {
      this.bios = new BiosDasdIpl(this.guest);
      const problem = this.biosStart(d, this.bios.begin());
      if (problem !== null) {
        this.bios = null;
        return this.finish(s, { devno: s.devno, message: problem }, start);
      }
      return this.beginWait(start, null);
    }
    this.guest.write(0, CCW0.encode({ cmd: 0x02, cda: 0, flags: CF.CC | CF.SLI, count: 24 }));
    const orb = ORB_AREA.decode(ORB_AREA.encode({ lpm: 0xff, cpa: 0 }));
    this.io.poll();
    const result = this.io.startSubchannel(d.schno, orb);
    if ('programException' in result || result.cc !== 0) return this.instructionDone(s, s.devno, result, start);
    return this.beginWait(start, null);
  }

  /**
   * __do_cio's START: ORB with the BIOS's format, P = 1, H = 1 (64-bit IDAWs), LPM X'FF'. A cc 1
   * or 2 makes the BIOS take the status with TEST SUBCHANNEL and try again. Returns null when
   * started, else the message that ends the IPL.
   */
  private biosStart(d: DriverDevice, action: BiosAction): string | null {
    if (action.kind !== 'start') return action.message;
    const orb = ORB_AREA.decode(ORB_AREA.encode({ lpm: 0xff, cpa: action.cpa, F: action.format, P: 1, H: 1 }));
    for (let attempt = 0; attempt < 3; attempt++) {
      this.io.poll();
      const result = this.io.startSubchannel(d.schno, orb);
      if ('programException' in result) return `s390-ccw BIOS: ssch of ${action.what}: ${result.reason}`;
      if (result.cc === 0) return null;
      if (result.cc === 3) return `s390-ccw BIOS: ssch of ${action.what} failed with cc=3`;
      this.io.testSubchannel(d.schno);
      this.io.acceptInterruption(d.schno);
    }
    return `s390-ccw BIOS: ssch of ${action.what} kept answering busy`;
  }

  private deviceOf(schno: number): DriverDevice | undefined {
    return [...this.byDevno.values()].find((x) => x.schno === schno);
  }

  /** AWAIT's states as the guest's SCSW shows them. */
  private reached(devno: number, state: AwaitState): boolean {
    const d = this.byDevno.get(devno);
    const sub = d ? this.io.subchannel(d.schno) : undefined;
    if (!sub) return false;
    if (state === 'PENDING') return sub.statusPending;
    if (state === 'SUSPENDED') return (sub.scsw.actl & AC.SUSP) !== 0;
    return (sub.scsw.actl & (AC.SCHACT | AC.DEVACT)) !== 0;
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

  /** Completes a waiting statement (WAIT, DELAY, AWAIT, IPL) once what it waits for happened. */
  tryCompleteWait(): StatementRecord | null {
    const s = this.current;
    if (this.state !== 'waiting' || !s) return null;
    if (s.op === 'DELAY') {
      if (this.waitDeadline !== null && this.scheduler.now < this.waitDeadline) return null;
      this.state = 'ready';
      return this.finish(s, { devno: this.devno }, this.waitStarted);
    }
    if (s.op === 'AWAIT') {
      this.io.poll();
      if (!this.reached(s.devno, s.state)) return null;
      this.state = 'ready';
      return this.finish(s, { devno: s.devno }, this.waitStarted);
    }
    if (s.op === 'IPL') return this.completeIpl(s);
    if (s.op !== 'WAIT') return null;
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

  private completeIpl(s: Extract<DriverStatement, { op: 'IPL' }>): StatementRecord | null {
    this.io.poll();
    const d = this.byDevno.get(s.devno);
    if (!d || this.io.nextInterruption([d.schno]) === null) return null;
    this.intparm = this.io.subchannel(d.schno)?.pmcw.intparm ?? null;
    this.io.acceptInterruption(d.schno);
    const t = this.io.testSubchannel(d.schno);
    if (t.irb) this.irb = t.irb;
    let biosMessage: string | null = null;
    if (this.bios) {
      const scsw = t.irb ? IRB.decode(t.irb).scsw : null;
      const next = t.cc !== 0 || !scsw ? this.bios.failed(t.cc, 'tsch') : this.bios.ended(scsw.dstat, scsw.cstat);
      if (next.kind === 'start') {
        const problem = this.biosStart(d, next);
        if (problem === null) return null;
        biosMessage = problem;
      } else {
        biosMessage = next.message;
      }
      this.bios = null;
      this.state = 'ready';
      this.storeIplSchid(d);
      this.pgm = 0;
      this.cc = t.cc;
      return this.finish(s, { devno: s.devno, cc: t.cc, irb: t.irb, message: biosMessage }, this.waitStarted);
    }
    this.state = 'ready';
    const scsw = t.irb ? IRB.decode(t.irb).scsw : null;
    // PoO "Initial Program Loading": any status other than channel end, device end or status
    // modifier leaves the IPL incomplete (the CPU stays in the load state); only a completed IPL
    // I/O operation stores the subchannel ID.
    const ok = scsw !== null && scsw.cstat === 0 && (scsw.dstat & ~IPL_ACCEPTED_DSTAT) === 0;
    if (ok) this.storeIplSchid(d);
    this.pgm = 0;
    this.cc = t.cc;
    if (d.mdev) this.explainVfioIpl(d.mdev);
    const message = ok ? this.iplPswProblem() : 'the IPL channel program ended with status other than channel end, device end and status modifier: the IPL is not complete and 184-191 are not stored';
    return this.finish(s, { devno: s.devno, cc: t.cc, irb: t.irb, message }, this.waitStarted);
  }

  /**
   * After the IPL I/O operation completes the CPU loads the PSW at absolute 0-7 (PoO "Initial
   * Program Loading"). A PSW with a format error (arch/psw pswFormatErrors) is not loaded: the
   * PSW loading is not completed satisfactorily, so the CPU stays in the load state with the load
   * indicator on; no program interruption occurs, so PGM stays 0. Hercules reports the same case
   * as "IPL failed: Invalid IPL PSW". The I/O part did complete: 184-191 are already stored.
   * Null when the PSW is valid.
   */
  private iplPswProblem(): string | null {
    const psw = this.guest.read(0, 8);
    if (!psw) return null;
    const errors = pswFormatErrors(psw);
    if (errors.length === 0) return null;
    return `invalid IPL PSW ${hexBytes(psw.subarray(0, 4))} ${hexBytes(psw.subarray(4, 8))}: ${errors.join('; ')}. The PSW is not loaded: the IPL is not complete (the CPU stays in the load state; the subchannel ID at 184-191 was stored when the I/O completed)`;
  }

  /** The subchannel ID at 184 and zeros at 188 (PoO; the BIOS's copy of the I/O interruption code gives the same with its intparm 0). */
  private storeIplSchid(d: DriverDevice): void {
    const ipl = new Uint8Array(8);
    ipl.set(subchannelId(d.schno));
    this.guest.write(IPL_SCHID_ADDRESS, ipl);
  }

  /**
   * The architected IPL over vfio: vfio-ccw translated the whole chain when the IPL started, so
   * the CCWs at 8 and 16 the host ran are what storage held before Read IPL stored IPL1 there.
   * The prefetch check at program end found them changed; say what that means for the IPL.
   */
  private explainVfioIpl(mdev: VfioCcwDevice): void {
    const seen = this.notesSeen.get(mdev.hostSchno) ?? 0;
    const stale = mdev.pathNotes.since(seen).filter((n) => n.topic === 'prefetch-divergence' && (n.guestAddress === 8 || n.guestAddress === 16));
    if (stale.length === 0) return;
    mdev.notePath(
      'kernel',
      'ipl',
      8,
      'IPL over vfio: vfio-ccw prefetched the CCWs at 8 and 16 when the IPL started, before Read IPL stored IPL1 there, so the host ran ' +
        "storage's old contents instead of IPL1's CCWs; PATH direct chains into IPL1's CCWs as the PoO's IPL does. QEMU's s390-ccw BIOS avoids this (IPL devno,BIOS)",
    );
  }

  /**
   * A waiting statement that nothing can satisfy any more (no channel activity left): a WAIT or
   * IPL ends with CC 1, an AWAIT without changing CC; both say why.
   */
  abandonWait(reason: string): StatementRecord | null {
    const s = this.current;
    if (this.state !== 'waiting' || !s) return null;
    this.state = 'ready';
    if (s.op === 'AWAIT') return this.finish(s, { devno: s.devno, message: `the subchannel never became ${s.state}: ${reason}` }, this.waitStarted);
    if (s.op === 'DELAY') return this.finish(s, { devno: this.devno }, this.waitStarted);
    this.cc = 1;
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
      schib: this.schib,
      crw: this.crw,
      sense: () => (d ? (this.io.injectedSense?.(d.devno) ?? d.device.sense()) : null),
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

  /** The vfio path notes that arose since the last record, for every device. */
  private newPathNotes(): PathNote[] {
    const notes: PathNote[] = [];
    for (const d of this.byDevno.values()) {
      if (!d.mdev) continue;
      const key = d.mdev.hostSchno;
      notes.push(...d.mdev.pathNotes.since(this.notesSeen.get(key) ?? 0));
      this.notesSeen.set(key, d.mdev.pathNotes.last);
    }
    return notes.sort((a, b) => a.time - b.time);
  }

  private record(s: DriverStatement, parts: Partial<Omit<StatementRecord, 'index' | 'statement'>>, start: number): StatementRecord {
    const notes = this.newPathNotes();
    const noteLines = notes.map((n) => `vfio path (${n.source}${n.guestAddress === null ? '' : `, CCW X'${hex(n.guestAddress, 1)}'`}): ${n.message}`);
    const message = [...(parts.message ? [parts.message] : []), ...noteLines].join('\n       ') || null;
    const record: StatementRecord = {
      index: this.pc,
      statement: s,
      devno: parts.devno ?? null,
      cc: parts.cc ?? null,
      ret: parts.ret ?? null,
      pgm: parts.pgm ?? 0,
      irb: parts.irb ?? null,
      expectations: parts.expectations ?? [],
      message,
      ...(notes.length > 0 ? { pathNotes: notes } : {}),
      startTime: start,
      endTime: this.scheduler.now,
    };
    this.records.push(record);
    return record;
  }
}
