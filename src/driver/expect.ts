/**
 * Evaluating EXPECT checks against the state the driver statements left (LANGUAGE.md
 * "Expectations"). Every actual value is read through the arch field tables.
 */
import {
  ACTIVITY_CONTROL,
  DEVICE_STATUS,
  ESW,
  FSM_STATES,
  FUNCTION_CONTROL,
  IRB,
  PMCW,
  SCHIB,
  SCSW,
  STATUS_CONTROL,
  SUBCHANNEL_STATUS,
  errnoText,
  hex,
  hexBytes,
  maskText,
  readU32,
  type ValueNames,
} from '../arch';
import type { Expectation } from '../asm/image';

/** What the checks can look at; every member is a side-effect-free read. */
export interface ExpectContext {
  readonly cc: number | null;
  readonly ret: number | null;
  readonly pgm: number;
  /** The IRB stored by the last TSCH or WAIT (96 bytes), or null. */
  readonly irb: Uint8Array | null;
  readonly intparm: number | null;
  readonly schib: Uint8Array | null;
  readonly crw: number | null;
  /** Sense bytes the device holds now. */
  sense(): Uint8Array | null;
  memory(address: number, length: number): Uint8Array | null;
  /** The mediated device's FSM state number, or null without PATH vfio. */
  fsm(): number | null;
}

export interface ExpectationResult {
  readonly expectation: Expectation;
  readonly passed: boolean;
  /** The actual value as shown to the user. */
  readonly actual: string;
  /** Why the check could not be evaluated, when it could not. */
  readonly problem?: string;
}

type Actual = { kind: 'number'; value: number } | { kind: 'bytes'; value: Uint8Array } | { kind: 'missing'; why: string };

export function evaluateExpectation(e: Expectation, ctx: ExpectContext): ExpectationResult {
  const actual = actualValue(e, ctx);
  if (actual.kind === 'missing') return { expectation: e, passed: false, actual: '(none)', problem: actual.why };
  let passed: boolean;
  if (actual.kind === 'number' && e.value.kind === 'number') {
    const a = actual.value;
    const v = e.value.value;
    passed = e.relation === '=' ? a === v : e.relation === '!=' ? a !== v : (a & v) === v;
  } else if (actual.kind === 'bytes' && e.value.kind === 'bytes') {
    const a = actual.value;
    const v = e.value.value;
    const equal = a.length === v.length && a.every((b, i) => b === v[i]);
    passed = e.relation === '=' ? equal : e.relation === '!=' ? !equal : a.length === v.length && v.every((b, i) => ((a[i] ?? 0) & b) === b);
  } else {
    return { expectation: e, passed: false, actual: show(actual, e), problem: `${e.field} is compared with a value of the wrong kind` };
  }
  return { expectation: e, passed, actual: show(actual, e) };
}

/** Value names of the status fields, so a failure reads `X'0C' (CE+DE)`. */
const FIELD_NAMES: Readonly<Record<string, ValueNames>> = {
  DSTAT: DEVICE_STATUS,
  SCHSTAT: SUBCHANNEL_STATUS,
  FCTL: FUNCTION_CONTROL,
  ACTL: ACTIVITY_CONTROL,
  STCTL: STATUS_CONTROL,
};

function show(actual: Actual, e: Expectation): string {
  if (actual.kind === 'missing') return '(none)';
  if (actual.kind === 'bytes') return `X'${hexBytes(actual.value)}'`;
  const field = e.field.toUpperCase();
  if (field === 'RET') return errnoText(actual.value);
  if (field === 'CC' || field === 'COUNT' || field === 'PGM') return String(actual.value);
  if (field === 'FSM') return FSM_STATES[actual.value] ?? String(actual.value);
  const names = FIELD_NAMES[field];
  const named = names && actual.value !== 0 ? maskText(names, actual.value) : '';
  return `X'${hex(actual.value, 2)}'${named ? ` (${named})` : ''}`;
}

const SCSW_FIELD: Readonly<Record<string, string>> = {
  KEY: 'key',
  FCTL: 'fctl',
  ACTL: 'actl',
  STCTL: 'stctl',
  CPA: 'cpa',
  DSTAT: 'dstat',
  SCHSTAT: 'cstat',
  COUNT: 'count',
  'SCSW.DCC': 'cc',
};

function actualValue(e: Expectation, ctx: ExpectContext): Actual {
  const f = e.field.toUpperCase();
  const num = (value: number | null, why: string): Actual => (value === null ? { kind: 'missing', why } : { kind: 'number', value });
  const range = (bytes: Uint8Array | null, why: string): Actual => {
    if (!bytes) return { kind: 'missing', why };
    const start = e.args[0] ?? 0;
    const length = e.args[1] ?? (e.value.kind === 'bytes' ? e.value.value.length : 1);
    if (start < 0 || start + length > bytes.length) return { kind: 'missing', why: `${f}(${start},${length}) is outside its ${bytes.length} bytes` };
    return { kind: 'bytes', value: bytes.slice(start, start + length) };
  };
  const noIrb = 'no IRB has been stored yet (a WAIT or TSCH stores one)';

  if (f === 'CC') return num(ctx.cc, 'no I/O instruction has set a condition code yet');
  if (f === 'RET') return num(ctx.ret, 'no vfio region access has been made yet (PATH vfio only)');
  if (f === 'PGM') return { kind: 'number', value: ctx.pgm };
  if (f === 'INTPARM') return num(ctx.intparm, 'no I/O interruption has been taken yet');
  if (f === 'CRW') return num(ctx.crw, 'no STCRW has stored a channel report word yet');
  if (f === 'FSM') return num(ctx.fsm(), 'FSM needs PATH vfio (there is no mediated device on PATH direct)');
  const scswName = SCSW_FIELD[f] ?? (f.startsWith('SCSW.') ? f.slice(5) : null);
  if (scswName !== null) {
    if (!ctx.irb) return { kind: 'missing', why: noIrb };
    return { kind: 'number', value: SCSW.get(ctx.irb, IRB.offsetOf('scsw'), scswName) };
  }
  if (f === 'ERW') return ctx.irb ? { kind: 'number', value: readU32(ctx.irb, IRB.offsetOf('esw') + 4) } : { kind: 'missing', why: noIrb };
  if (f === 'LPUM') return ctx.irb ? { kind: 'number', value: ESW.get(ctx.irb, IRB.offsetOf('esw'), 'lpum') } : { kind: 'missing', why: noIrb };
  if (f === 'ECW') return range(ctx.irb ? ctx.irb.slice(IRB.offsetOf('ecw'), IRB.offsetOf('ecw') + 32) : null, noIrb);
  if (f === 'SENSE') return range(ctx.sense(), 'the device holds no sense data');
  if (f === 'SCHIB') return range(ctx.schib, 'no STSCH has stored a SCHIB yet');
  if (f === 'MEM') {
    const address = e.args[0] ?? 0;
    const length = e.args[1] ?? (e.value.kind === 'bytes' ? e.value.value.length : 1);
    const bytes = ctx.memory(address, length);
    return bytes ? { kind: 'bytes', value: bytes } : { kind: 'missing', why: `MEM(X'${address.toString(16).toUpperCase()}',${length}) is outside guest storage` };
  }
  if (f.startsWith('PMCW.')) {
    if (!ctx.schib) return { kind: 'missing', why: 'no STSCH has stored a SCHIB yet' };
    const name = PMCW.fields.find((x) => x.name.toUpperCase() === f.slice(5))?.name;
    if (!name) return { kind: 'missing', why: `PMCW has no field ${f.slice(5)}` };
    const field = PMCW.field(name);
    if (field.kind === 'bytes') return { kind: 'bytes', value: ctx.schib.slice(field.offset, field.offset + field.length) };
    return { kind: 'number', value: PMCW.get(ctx.schib, SCHIB.offsetOf('pmcw'), name) };
  }
  return { kind: 'missing', why: `EXPECT field ${e.field} is not known` };
}
