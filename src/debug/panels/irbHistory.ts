/**
 * "IRB History" rows: every interruption the guest received in the session, in order — each
 * IRB a TEST SUBCHANNEL (or the WAIT's implied one) stored — with its interruption parameter,
 * the SCSW and ESW from the IRB table, the concurrent sense (the ECW when ERW S is on) decoded
 * for a DASD, and the CCW the SCSW's CCW address points after, with its source line.
 *
 * The interruptions come from the runtime's trace, which the runtime rebuilds on reverse
 * execution: the list is always the history of the machine as it stands.
 */
import { IRB, ORB_AREA, SENSE_24, hex, hexBytes, maskText, DEVICE_STATUS, SUBCHANNEL_STATUS } from '../../arch';
import { Dasd3390 } from '../../devices';
import type { StatementRecord } from '../../driver';
import type { Runtime } from '../../runtime/runtime';
import type { TraceCollector, TraceEntry } from '../../runtime/trace';
import { fieldRows, type FieldRow } from './fieldRows';
import { markShared } from './parts';
import type { PanelRecorder } from './recorder';
import { Settled } from './reuse';

export interface SourceRef {
  readonly path: string;
  readonly line: number;
}

export interface IrbEntry {
  /** 1-based order in the session. */
  readonly seq: number;
  readonly devno: string;
  /** The driver statement that stored the IRB (TSCH, WAIT …) and where it is. */
  readonly statement: string;
  readonly statementSource: SourceRef;
  /** Virtual time (ns) the statement completed. */
  readonly time: number;
  readonly intparm: string | null;
  /** recorded: seen when it happened; orb: read now from the ORB of the SSCH that started the program. */
  readonly intparmSource: 'recorded' | 'orb' | null;
  /** One line: `CE+DE  count 0  ccw 00000C18`. */
  readonly summary: string;
  readonly scsw: readonly FieldRow[];
  readonly esw: readonly FieldRow[];
  /** Concurrent sense bytes in hex (ECW, ERW S = 1), or null. */
  readonly sense: string | null;
  /** The sense decoded (24-byte compatible sense of a 3390). */
  readonly senseRows: readonly FieldRow[] | null;
  /** The CCW the SCSW's CCW address is after (CCW address − 8), and its source line. */
  readonly ccwAddress: number | null;
  readonly ccwSource: SourceRef | null;
}

/** An interruption in the trace, with the START SUBCHANNEL of its device that came before it. */
interface Taken {
  readonly record: StatementRecord;
  readonly ssch: StatementRecord | undefined;
}

/** How far the trace has been read: the interruptions so far and the last entry read. */
interface Scan {
  readonly taken: Taken[];
  readonly lastSsch: Map<number, StatementRecord>;
  last: TraceEntry | undefined;
  /** The list built from the first `count` interruptions, when every entry in it was one built for good (`built`). */
  complete: { readonly list: IrbEntry[]; readonly count: number } | undefined;
}

/**
 * The interruptions of a trace, read on from where the previous stop left off: a stop costs the
 * entries since the last one, not the whole session. The trace only grows at its end (and drops
 * old entries at its front); a reverse step replaces it, and a new trace is read from its start.
 */
function interruptions(trace: TraceCollector): Scan {
  let scan = scans.get(trace);
  if (!scan) {
    scan = { taken: [], lastSsch: new Map(), last: undefined, complete: undefined };
    scans.set(trace, scan);
  }
  const entries = trace.entries;
  // Where the last entry read is now (searched from the end: it is near it); gone (dropped at the front): everything left is new.
  let from = 0;
  if (scan.last !== undefined) {
    const at = entries.lastIndexOf(scan.last);
    if (at >= 0) from = at + 1;
  }
  for (let i = from; i < entries.length; i++) {
    const e = entries[i] as TraceEntry;
    if (e.kind !== 'statement') continue;
    const record = e.record;
    if (record.irb && record.devno !== null) scan.taken.push({ record, ssch: scan.lastSsch.get(record.devno) });
    if (record.statement.op === 'SSCH') scan.lastSsch.set(record.statement.devno, record);
  }
  if (entries.length > 0) scan.last = entries[entries.length - 1];
  return scan;
}

const scans = new WeakMap<TraceCollector, Scan>();

function intparmFromOrb(runtime: Runtime, ssch: StatementRecord | undefined): number | null {
  if (!ssch || ssch.statement.op !== 'SSCH') return null;
  const orb = runtime.machine.guest.read(ssch.statement.orb, ORB_AREA.size);
  return orb ? ORB_AREA.decode(orb).intparm : null;
}

export function irbHistory(runtime: Runtime, recorder: PanelRecorder, clientPath: (p: string) => string): IrbEntry[] {
  const scan = interruptions(runtime.trace);
  // No interruption since the list given last, all of whose entries are built for good: that list again.
  const complete = scan.complete;
  if (complete && complete.count === scan.taken.length && complete.list === given) return complete.list;
  const out: IrbEntry[] = [];
  let allBuilt = true;
  for (const { record, ssch } of scan.taken) {
    if (!record.irb || record.devno === null) continue;
    // A stored interruption never changes: its entry is built once (once its intparm is known).
    const known = built.get(record);
    if (known && known.seq === out.length + 1) {
      out.push(known);
      continue;
    }
    const key = `irb/${out.length + 1}`;
    const rows = fieldRows(IRB, record.irb, key);
    const irb = IRB.decode(record.irb);
    const recorded = recorder.intparmOf(record.index, record.endTime);
    const intparm = recorded ?? intparmFromOrb(runtime, ssch);
    const senseBytes = irb.esw.erwS ? record.irb.slice(IRB.offsetOf('ecw'), IRB.offsetOf('ecw') + Math.max(1, Math.min(32, irb.esw.scnt || 32))) : null;
    const device = runtime.machine.deviceByDevno(record.devno);
    let senseRows: readonly FieldRow[] | null = null;
    if (senseBytes && device?.device instanceof Dasd3390) {
      const padded = new Uint8Array(SENSE_24.size);
      padded.set(senseBytes);
      senseRows = fieldRows(SENSE_24, padded, `${key}/sense`);
    }
    const cpa = irb.scsw.cpa;
    const ccwAddress = cpa >= 8 ? cpa - 8 : null;
    const ccwLoc = ccwAddress !== null ? runtime.sourceOf(ccwAddress) : null;
    const loc = record.statement.loc;
    const status = [irb.scsw.dstat ? maskText(DEVICE_STATUS, irb.scsw.dstat) : '', irb.scsw.cstat ? maskText(SUBCHANNEL_STATUS, irb.scsw.cstat) : ''].filter(Boolean).join(' ');
    out.push({
      seq: out.length + 1,
      devno: hex(record.devno, 4),
      statement: record.statement.op,
      statementSource: { path: clientPath(loc.file), line: loc.line },
      time: record.endTime,
      intparm: intparm !== null ? `X'${hex(intparm >>> 0, 8)}'` : null,
      intparmSource: recorded !== undefined ? 'recorded' : intparm !== null ? 'orb' : null,
      summary: `${status || 'no status'}  count ${irb.scsw.count}  ccw ${hex(cpa, 8)}`,
      scsw: rows.find((r) => r.name === 'scsw')?.children ?? [],
      esw: rows.find((r) => r.name === 'esw')?.children ?? [],
      sense: senseBytes ? hexBytes(senseBytes, 4) : null,
      senseRows,
      ccwAddress,
      ccwSource: ccwLoc ? { path: clientPath(ccwLoc.file), line: ccwLoc.line } : null,
    });
    if (recorded !== undefined) built.set(record, markShared(out[out.length - 1] as IrbEntry));
    else allBuilt = false;
  }
  // The list is a part too: unchanged, it is named; a new interruption sends the entry it adds.
  given = lists.settle('irbs', out);
  scan.complete = allBuilt ? { list: given, count: scan.taken.length } : undefined;
  return given;
}

const lists = new Settled<IrbEntry[]>();
/** The list irbHistory returned last (what `lists` holds at its place). */
let given: IrbEntry[] | undefined;

const built = new WeakMap<StatementRecord, IrbEntry>();
