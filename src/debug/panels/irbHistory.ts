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
import { fieldRows, type FieldRow } from './fieldRows';
import type { PanelRecorder } from './recorder';

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

function intparmFromOrb(runtime: Runtime, records: readonly StatementRecord[], upTo: number, devno: number): number | null {
  for (let i = upTo - 1; i >= 0; i--) {
    const s = (records[i] as StatementRecord).statement;
    if (s.op === 'SSCH' && s.devno === devno) {
      const orb = runtime.machine.guest.read(s.orb, ORB_AREA.size);
      return orb ? ORB_AREA.decode(orb).intparm : null;
    }
  }
  return null;
}

export function irbHistory(runtime: Runtime, recorder: PanelRecorder, clientPath: (p: string) => string): IrbEntry[] {
  const records = runtime.trace.entries.flatMap((e) => (e.kind === 'statement' ? [e.record] : []));
  const out: IrbEntry[] = [];
  records.forEach((record, i) => {
    if (!record.irb || record.devno === null) return;
    // A stored interruption never changes: its entry is built once (once its intparm is known).
    const known = built.get(record);
    if (known && known.seq === out.length + 1) {
      out.push(known);
      return;
    }
    const key = `irb/${out.length + 1}`;
    const rows = fieldRows(IRB, record.irb, key);
    const irb = IRB.decode(record.irb);
    const recorded = recorder.intparmOf(record.index, record.endTime);
    const intparm = recorded ?? intparmFromOrb(runtime, records, i, record.devno);
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
    if (recorded !== undefined) built.set(record, out[out.length - 1] as IrbEntry);
  });
  return out;
}

const built = new WeakMap<StatementRecord, IrbEntry>();
