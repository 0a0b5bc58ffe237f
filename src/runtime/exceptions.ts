/**
 * Exception filters: the hardware and test outcomes a user may want to stop on. Each is read
 * from what the machine reports (CCW records, channel checks, statement records) through the
 * arch status tables; none is a JavaScript exception.
 */
import { DS, SCS, errnoText, hex, maskText, DEVICE_STATUS, SUBCHANNEL_STATUS } from '../arch';
import type { StatementRecord } from '../driver';

export const EXCEPTION_FILTERS = [
  { filter: 'unitCheck', label: 'Unit check', description: 'Device status UC: the device holds sense data', default: true },
  { filter: 'unitException', label: 'Unit exception', description: 'Device status UX (e.g. end of file, no record found)', default: false },
  { filter: 'attention', label: 'Attention', description: 'Device status ATTN', default: false },
  { filter: 'programCheck', label: 'Program check', description: 'Subchannel status PGMCHK, or a program interruption of a driver instruction', default: true },
  { filter: 'protectionCheck', label: 'Protection check', description: 'Subchannel status PROTCHK (storage key)', default: true },
  { filter: 'chainingCheck', label: 'Chaining check', description: 'Subchannel status CHAINCHK', default: false },
  { filter: 'incorrectLength', label: 'Incorrect length', description: 'Subchannel status IL (the count did not match and SLI was off)', default: false },
  { filter: 'channelDataCheck', label: 'Channel data check', description: 'Subchannel status CDC', default: false },
  { filter: 'vfioRet', label: 'vfio return code ≠ 0', description: 'A vfio-ccw region access returned an errno', default: false },
  { filter: 'expectFailed', label: 'Failed EXPECT', description: 'An EXPECT check did not hold', default: true },
  { filter: 'runaway', label: 'Runaway program', description: 'A channel program ran more CCWs than maxCcws without ending', default: true },
] as const;

export type ExceptionFilterId = (typeof EXCEPTION_FILTERS)[number]['filter'];

export function isExceptionFilter(id: unknown): id is ExceptionFilterId {
  return EXCEPTION_FILTERS.some((f) => f.filter === id);
}

export interface ExceptionHit {
  readonly filter: ExceptionFilterId;
  readonly description: string;
  /** Longer text for exceptionInfo: the status decoded, where it happened. */
  readonly details: string;
}

/** Status-bit exceptions of a device status / subchannel status pair, in filter order. */
export function statusExceptions(dstat: number, cstat: number, where: string): ExceptionHit[] {
  const out: ExceptionHit[] = [];
  const status = `device status X'${hex(dstat, 2)}'${dstat ? ` (${maskText(DEVICE_STATUS, dstat)})` : ''}, subchannel status X'${hex(cstat, 2)}'${cstat ? ` (${maskText(SUBCHANNEL_STATUS, cstat)})` : ''}`;
  const add = (filter: ExceptionFilterId, what: string) => out.push({ filter, description: `${what} ${where}`, details: `${what} ${where}: ${status}` });
  if (dstat & DS.UC) add('unitCheck', 'Unit check');
  if (dstat & DS.UX) add('unitException', 'Unit exception');
  if (dstat & DS.ATTN) add('attention', 'Attention');
  if (cstat & SCS.PGMCHK) add('programCheck', 'Program check');
  if (cstat & SCS.PROTCHK) add('protectionCheck', 'Protection check');
  if (cstat & SCS.CHAINCHK) add('chainingCheck', 'Chaining check');
  if (cstat & SCS.IL) add('incorrectLength', 'Incorrect length');
  if (cstat & SCS.CDC) add('channelDataCheck', 'Channel data check');
  return out;
}

/** Exceptions a completed driver statement shows: failed checks, errno from vfio, program interruptions. */
export function statementExceptions(r: StatementRecord): ExceptionHit[] {
  const out: ExceptionHit[] = [];
  const where = `at ${r.statement.op} (line ${r.statement.loc.line})`;
  const failed = r.expectations.filter((e) => !e.passed);
  if (failed.length > 0) {
    out.push({
      filter: 'expectFailed',
      description: `EXPECT failed ${where}`,
      details: failed.map((e) => `${e.expectation.text}: actual ${e.actual}${e.problem ? ` (${e.problem})` : ''}`).join('\n'),
    });
  }
  if (r.ret !== null && r.ret < 0) out.push({ filter: 'vfioRet', description: `vfio-ccw returned ${errnoText(r.ret)} ${where}`, details: `ret_code ${r.ret} (${errnoText(r.ret)})${r.message ? `: ${r.message}` : ''}` });
  if (r.pgm !== 0) out.push({ filter: 'programCheck', description: `Program interruption code X'${hex(r.pgm, 4)}' ${where}`, details: r.message ?? `program interruption code X'${hex(r.pgm, 4)}'` });
  return out;
}
