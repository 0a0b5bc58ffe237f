/**
 * The execution trace: structured entries collected from a running machine (driver statements,
 * CCWs as the guest wrote them, vfio-ccw translations and state changes, interruptions), and
 * their text form for `ccw run --trace` and the debug console.
 *
 * CCWs the engine's fast path ran without a record (`engine.reportInline` off: nobody asked for
 * every CCW, see RuntimeOptions.recordEveryCcw) are not lost silently: the collector compares the
 * subchannels' executed counts with what its entries cover and puts an `unrecorded` entry where
 * such CCWs ran, so a trace always says how many CCWs it leaves out and between which entries.
 */
import { CCW_FLAGS, CF, DEVICE_STATUS, IRB, STATUS_CONTROL, SUBCHANNEL_STATUS, errnoText, hex, hexBytes, maskText, type Ccw } from '../arch';
import type { SourceLocation } from '../asm/image';
import type { ProgramCheckInfo } from '../css';
import type { StatementRecord } from '../driver';
import type { CcwChainSegment, FsmTransition, TranslationNote } from '../vfio';
import type { Machine, MachineDevice } from './machine';
import { guestAddressOf, guestViewOfCcw } from './guestView';

export type TraceEntry =
  | { readonly kind: 'statement'; readonly record: StatementRecord }
  | {
      readonly kind: 'ccw';
      readonly devno: number;
      readonly time: number;
      /** Guest address of the CCW (translated back on PATH vfio). */
      readonly address: number;
      /** The CCW as the guest wrote it (format-1 form). */
      readonly ccw: Ccw;
      readonly commandName: string | null;
      readonly data: Uint8Array;
      readonly transferred: number;
      readonly dstat: number;
      readonly cstat: number;
      readonly residual: number;
      readonly dataChained: boolean;
      /** The device answered in its initial status: an immediate operation or a rejection. */
      readonly initial: 'immediate' | 'rejected' | null;
      /** Host address of the translated CCW on PATH vfio. */
      readonly hostAddress: number | null;
    }
  | { readonly kind: 'check'; readonly devno: number; readonly info: ProgramCheckInfo; readonly guestAddress: number }
  | { readonly kind: 'translation'; readonly devno: number; readonly segments: readonly CcwChainSegment[]; readonly notes: readonly TranslationNote[]; readonly ret: number }
  | { readonly kind: 'fsm'; readonly devno: number; readonly transition: FsmTransition }
  | { readonly kind: 'irq'; readonly devno: number; readonly time: number; readonly irb: Uint8Array }
  | {
      /** The subchannel became status pending: an interruption condition (intermediate or final). */
      readonly kind: 'status';
      readonly devno: number;
      readonly time: number;
      readonly stctl: number;
      readonly dstat: number;
      readonly cstat: number;
      readonly count: number;
      /** SCSW CCW address (translated back to the guest's on PATH vfio). */
      readonly cpa: number;
    }
  | {
      /**
       * `ccws` CCWs on the device ran (batched on the fast path) since the previous entry without a
       * record of their own; `time` is when that was noticed (they ran before it).
       */
      readonly kind: 'unrecorded';
      readonly devno: number;
      readonly time: number;
      readonly ccws: number;
    };

/** Collects trace entries from a machine; `onEntry` sees each as it happens. */
export class TraceCollector {
  readonly entries: TraceEntry[] = [];
  /** Entries raised while a statement runs wait for the statement's own line, which comes first. */
  private held: TraceEntry[] | null = null;
  /** Executed CCWs per CSS subchannel that the entries account for (as a record or in an `unrecorded` entry). */
  private readonly accounted = new Map<number, number>();
  /** Their sum, compared with the engine's total so the common case (nothing unrecorded) costs one comparison. */
  private accountedTotal = 0;

  constructor(
    private readonly machine: Machine,
    private readonly onEntry: (entry: TraceEntry) => void = () => {},
  ) {
    // A collector attached to a machine that already ran accounts for nothing before it.
    for (const d of machine.devices) {
      const executed = machine.css.engine.counter(d.cssSchno).executed;
      this.accounted.set(d.cssSchno, executed);
      this.accountedTotal += executed;
    }
    machine.addListener({
      statementStarted: () => {
        this.held = [];
      },
      statementCompleted: (record) => {
        const held = this.held ?? [];
        this.held = null;
        this.push({ kind: 'statement', record });
        held.forEach((e) => this.store(e));
      },
      cpuWaiting: () => {
        const held = this.held ?? [];
        this.held = null;
        held.forEach((e) => this.store(e));
      },
      ccw: (record, device) => {
        // The engine counts a CCW before it reports it: this one is covered by its own entry.
        this.noteUnrecorded(device.cssSchno);
        this.accounted.set(device.cssSchno, (this.accounted.get(device.cssSchno) ?? 0) + 1);
        this.accountedTotal++;
        const view = guestViewOfCcw(device, record.address, record.ccw);
        this.push({
          kind: 'ccw',
          devno: device.devno,
          time: record.time,
          address: view.address,
          ccw: view.ccw,
          commandName: device.device.commandName(view.ccw.cmd),
          data: record.data,
          transferred: record.transferred,
          dstat: record.dstat,
          cstat: record.cstat,
          residual: record.residual,
          dataChained: record.chaining === 'data',
          initial: record.initial,
          hostAddress: view.hostAddress,
        });
      },
      statusPending: (device) => {
        const scsw = machine.css.subchannel(device.cssSchno)?.scsw;
        if (!scsw) return;
        this.push({
          kind: 'status',
          devno: device.devno,
          time: machine.scheduler.now,
          stctl: scsw.stctl,
          dstat: scsw.dstat,
          cstat: scsw.cstat,
          count: scsw.count,
          cpa: guestAddressOf(device, scsw.cpa),
        });
      },
      check: (info, device) => {
        this.push({ kind: 'check', devno: device.devno, info, guestAddress: guestViewOfCcw(device, info.address, null).address });
      },
    });
    for (const d of machine.devices) {
      d.mdev?.addListener({
        translated: (segments, notes, ret) => this.push({ kind: 'translation', devno: d.devno, segments, notes, ret }),
        fsm: (transition) => this.push({ kind: 'fsm', devno: d.devno, transition }),
        irqSignalled: (irb) => this.push({ kind: 'irq', devno: d.devno, time: machine.scheduler.now, irb }),
      });
    }
  }

  /**
   * Puts an `unrecorded` entry for CCWs run without a record since the last entry (the runtime
   * calls it at a stop, so the trace it keeps ends with them too).
   */
  flushUnrecorded(): void {
    this.noteUnrecorded(-1);
  }

  /** `recording`: the CSS subchannel whose CCW is being recorded (already counted), or -1. */
  private noteUnrecorded(recording: number): void {
    const engine = this.machine.css.engine;
    if (engine.executed - (recording >= 0 ? 1 : 0) === this.accountedTotal) return;
    for (const d of this.machine.devices) {
      const executed = engine.counter(d.cssSchno).executed - (d.cssSchno === recording ? 1 : 0);
      const gap = executed - (this.accounted.get(d.cssSchno) ?? 0);
      if (gap <= 0) continue;
      this.accounted.set(d.cssSchno, executed);
      this.accountedTotal += gap;
      this.store({ kind: 'unrecorded', devno: d.devno, time: this.machine.scheduler.now, ccws: gap });
    }
  }

  private push(entry: TraceEntry): void {
    if (entry.kind !== 'ccw') this.noteUnrecorded(-1);
    this.store(entry);
  }

  private store(entry: TraceEntry): void {
    if (this.held && entry.kind !== 'statement') {
      this.held.push(entry);
      return;
    }
    this.entries.push(entry);
    this.onEntry(entry);
  }
}

export interface TraceFormatOptions {
  /** The source text of a line, to show a statement as written. */
  readonly sourceLine: (loc: SourceLocation) => string;
  /** EBCDIC bytes as printable text. */
  readonly ebcdic: (bytes: Uint8Array) => string;
  /** Include FSM transitions and translation details (verbose). */
  readonly verbose?: boolean;
}

export function formatTraceEntry(entry: TraceEntry, options: TraceFormatOptions): string[] {
  switch (entry.kind) {
    case 'statement':
      return formatStatement(entry.record, options);
    case 'ccw': {
      // One line per CCW (time, device, CCW address, command by name and hex, flags, count, data
      // address, the first 16 bytes moved), then one line when the command ends.
      const e = entry;
      const flags = e.ccw.flags === 0 ? '0(00)' : `${maskText(CCW_FLAGS, e.ccw.flags)}(${hex(e.ccw.flags, 2)})`;
      const name = `${e.commandName ?? 'UNKNOWN COMMAND'} X'${hex(e.ccw.cmd, 2)}'`;
      const shown = e.data.subarray(0, 16);
      const data = shown.length > 0 ? `  ${hexBytes(shown, 4)} |${options.ebcdic(shown)}|` : '';
      const how = e.initial === 'rejected' ? ' (rejected in initial status)' : e.initial === 'immediate' ? ' (immediate)' : '';
      const host = e.hostAddress !== null && options.verbose ? `  [host CCW ${hex(e.hostAddress, 8)}]` : '';
      const lines = [
        `${us(e.time)} ${hex(e.devno, 4)} CCW ${hex(e.address, 8)} ${name} flags=${flags} count=${e.ccw.count} data@${hex(e.ccw.cda, 8)}${e.dataChained ? ' (data chained)' : ''}${how}${host}${data}`,
      ];
      const continues = e.dstat === 0 && e.cstat === 0 && e.residual === 0 && (e.ccw.flags & CF.CD) !== 0;
      if (!continues) {
        lines.push(`${' '.repeat(14)} ${hex(e.devno, 4)} end  dev=${statusText(DEVICE_STATUS, e.dstat)} sch=${statusText(SUBCHANNEL_STATUS, e.cstat)} residual=${e.residual} ccw=${hex((e.address + 8) >>> 0, 8)}`);
      }
      return lines;
    }
    case 'status':
      return [
        `${us(entry.time)} ${hex(entry.devno, 4)} interruption ${statusText(STATUS_CONTROL, entry.stctl)} dev=${statusText(DEVICE_STATUS, entry.dstat)} sch=${statusText(SUBCHANNEL_STATUS, entry.cstat)} residual=${entry.count} ccw=${hex(entry.cpa, 8)}`,
      ];
    case 'check':
      return [`    ${hex(entry.devno, 4)} channel check at CCW ${hex(entry.guestAddress, 8)}: ${statusText(SUBCHANNEL_STATUS, entry.info.cstat)}: ${entry.info.reason}`];
    case 'translation': {
      const ccws = entry.segments.reduce((n, s) => n + s.ccws.length, 0);
      const lines = [
        `    ${hex(entry.devno, 4)} vfio-ccw translated ${entry.segments.length} segment(s), ${ccws} CCW(s): ret ${errnoText(entry.ret)}`,
      ];
      if (options.verbose) {
        for (const s of entry.segments) lines.push(`         segment guest ${hex(s.guestHead, 8)} -> host ${hex(s.hostHead, 8)}, ${s.ccws.length} CCW(s)`);
      }
      for (const n of entry.notes) if (n.kind !== 'segment') lines.push(`         note: ${n.message}`);
      return lines;
    }
    case 'fsm':
      return options.verbose
        ? [`    ${hex(entry.devno, 4)} vfio-ccw FSM ${entry.transition.event}: ${entry.transition.from} -> ${entry.transition.to} (${entry.transition.handler})`]
        : [];
    case 'irq':
      return options.verbose ? [`    ${hex(entry.devno, 4)} ${us(entry.time)} vfio-ccw IRB copied to irb_area, I/O eventfd signalled`] : [];
    case 'unrecorded':
      return [`${us(entry.time)} ${hex(entry.devno, 4)} … ${entry.ccws} CCW(s) ran batched without trace records (trace was off)`];
  }
}

function formatStatement(r: StatementRecord, options: TraceFormatOptions): string[] {
  const loc = r.statement.loc;
  const text = options.sourceLine(loc).slice(loc.column - 1, loc.endColumn - 1);
  const parts: string[] = [];
  if (r.cc !== null) parts.push(`cc=${r.cc}`);
  if (r.ret !== null) parts.push(`${r.statement.op === 'SSCH' ? 'ret_code' : 'ret'}=${errnoText(r.ret)}`);
  if (r.pgm !== 0) parts.push(`program interruption code ${hex(r.pgm, 4)}`);
  const lines = [`${String(loc.line).padStart(5)}  ${text.padEnd(36)} ${parts.join('  ')}`.trimEnd()];
  // A message may hold several lines (vfio path notes): each is indented under the statement.
  if (r.message) for (const line of r.message.split('\n')) lines.push(`       ${line}`);
  if (r.irb) lines.push(...formatIrb(r.irb));
  for (const e of r.expectations) {
    lines.push(
      `       ${e.passed ? 'ok  ' : 'FAIL'} ${e.expectation.text}${e.passed ? '' : `  (actual ${e.actual}${e.problem ? `: ${e.problem}` : ''})`}`,
    );
  }
  return lines;
}

/** The IRB decoded from its field table, one line per part. */
export function formatIrb(irb: Uint8Array): string[] {
  const rows = IRB.describe(irb);
  const line = (name: string): string => {
    const part = rows.find((r) => r.name === name);
    if (!part?.children) return '';
    return part.children
      .filter((c) => c.value !== 0 || ['fctl', 'actl', 'stctl', 'cpa', 'dstat', 'cstat', 'count', 'lpum'].includes(c.name))
      .map((c) => `${c.name}=${c.text}`)
      .join(' ');
  };
  const ecw = irb.subarray(IRB.offsetOf('ecw'), IRB.offsetOf('ecw') + 32);
  const lines = [`       IRB  SCSW ${hexBytes(irb.subarray(0, 12), 4)}: ${line('scsw')}`, `            ESW  ${hexBytes(irb.subarray(12, 32), 4)}: ${line('esw')}`];
  if (ecw.some((b) => b !== 0)) lines.push(`            ECW  ${hexBytes(ecw, 4)}`);
  return lines;
}

/** Status bits by name and in hex: `CE+DE(0C)`, `0(00)`. */
function statusText(names: Parameters<typeof maskText>[0], value: number): string {
  return `${value === 0 ? '0' : maskText(names, value)}(${hex(value, 2)})`;
}

/** Virtual time in microseconds, right-aligned so the device columns line up. */
function us(ns: number): string {
  return `t=${(ns / 1000).toFixed(2).padStart(11)}us`;
}
