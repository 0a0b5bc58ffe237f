/**
 * The catalogue of EXPECT fields (LANGUAGE.md "Expectations"): for each field its name, its
 * arguments, the kind of value it takes, its width and its own value names. Widths and names
 * come from the src/arch tables where the field is a hardware field, so that a field and its
 * check cannot disagree.
 */
import { ACTIVITY_CONTROL, DEVICE_STATUS, ERRNO, FSM_STATES, FUNCTION_CONTROL, PMCW, SCSW, STATUS_CONTROL, SUBCHANNEL_STATUS, type AnyField } from '../arch';

export interface ExpectFieldSpec {
  /** Upper-case name as written in EXPECT: `DSTAT`, `SCSW.Z`, `MEM`, `PMCW.ISC`. */
  readonly name: string;
  /**
   * `none`: `FIELD=value`. `range`: `FIELD(start[,len])`, a run of bytes; without `len` the
   * value's own length is used.
   */
  readonly args: 'none' | 'range';
  readonly value: 'number' | 'bytes';
  /** Number fields: width in bits; the value must fit (unsigned, or signed when `signed`). */
  readonly bits?: number;
  readonly signed?: boolean;
  /** Range fields: bytes available (SENSE 32, ECW 32, SCHIB 52); absent for MEM (guest storage). */
  readonly size?: number;
  /** Bytes fields without arguments: their fixed length (PMCW.CHPIDS). */
  readonly length?: number;
  /** Names that come before symbols in the value (`DSTAT=CE+DE`, `RET=-EBUSY`). */
  readonly names?: Readonly<Record<string, number>>;
  readonly doc: string;
}

/** The errno names RET takes (`RET=-EBUSY`), from the errno table of src/arch. */
export { ERRNO };

/** vfio-ccw FSM state names for FSM= (numbered as the kernel's enum vfio_ccw_state, from src/arch). */
export const FSM_STATE_NAMES: Readonly<Record<string, number>> = Object.fromEntries(FSM_STATES.map((state, i) => [state, i]));

function width(f: AnyField): number {
  return f.kind === 'number' ? f.width : 0;
}

const scswBits = (name: string): number => width(SCSW.field(name));

const FIXED: readonly ExpectFieldSpec[] = [
  { name: 'CC', args: 'none', value: 'number', bits: 2, doc: 'condition code of the last I/O instruction' },
  { name: 'RET', args: 'none', value: 'number', bits: 32, signed: true, names: ERRNO, doc: 'vfio region access result: 0, a byte count, or -errno' },
  { name: 'PGM', args: 'none', value: 'number', bits: 16, doc: 'program interruption code of the last instruction (0 when none)' },
  { name: 'KEY', args: 'none', value: 'number', bits: scswBits('key'), doc: 'SCSW subchannel key' },
  { name: 'FCTL', args: 'none', value: 'number', bits: scswBits('fctl'), names: FUNCTION_CONTROL.names, doc: 'SCSW function control' },
  { name: 'ACTL', args: 'none', value: 'number', bits: scswBits('actl'), names: ACTIVITY_CONTROL.names, doc: 'SCSW activity control' },
  { name: 'STCTL', args: 'none', value: 'number', bits: scswBits('stctl'), names: STATUS_CONTROL.names, doc: 'SCSW status control' },
  { name: 'CPA', args: 'none', value: 'number', bits: scswBits('cpa'), doc: 'SCSW CCW address' },
  { name: 'DSTAT', args: 'none', value: 'number', bits: scswBits('dstat'), names: DEVICE_STATUS.names, doc: 'SCSW device status' },
  { name: 'SCHSTAT', args: 'none', value: 'number', bits: scswBits('cstat'), names: SUBCHANNEL_STATUS.names, doc: 'SCSW subchannel status' },
  { name: 'COUNT', args: 'none', value: 'number', bits: scswBits('count'), doc: 'SCSW residual count' },
  { name: 'SCSW.DCC', args: 'none', value: 'number', bits: scswBits('cc'), doc: 'SCSW deferred condition code' },
  { name: 'ERW', args: 'none', value: 'number', bits: 32, doc: 'extended-report word (ESW word 1)' },
  { name: 'LPUM', args: 'none', value: 'number', bits: 8, doc: 'last-path-used mask (ESW byte 1)' },
  { name: 'ECW', args: 'range', value: 'bytes', size: 32, doc: 'extended-control word bytes' },
  { name: 'INTPARM', args: 'none', value: 'number', bits: 32, doc: 'interruption parameter of the last interruption' },
  { name: 'SENSE', args: 'range', value: 'bytes', size: 32, doc: 'sense bytes the device holds' },
  { name: 'MEM', args: 'range', value: 'bytes', doc: 'guest storage' },
  { name: 'CRW', args: 'none', value: 'number', bits: 32, doc: 'last channel-report word stored by STCRW' },
  { name: 'SCHIB', args: 'range', value: 'bytes', size: 52, doc: 'bytes of the last SCHIB stored by STSCH' },
  { name: 'FSM', args: 'none', value: 'number', bits: 3, names: FSM_STATE_NAMES, doc: 'state of the vfio-ccw mediated device' },
];

/** SCSW.x: the one-bit SCSW flags by their PoO letters. */
const SCSW_FLAGS: readonly ExpectFieldSpec[] = ['S', 'L', 'F', 'P', 'I', 'A', 'U', 'Z', 'E', 'N', 'Q'].map((letter) => {
  const f = SCSW.field(letter);
  return { name: `SCSW.${letter}`, args: 'none', value: 'number', bits: width(f), doc: `SCSW ${f.doc}` };
});

/** PMCW.x: every field of the PMCW table, by its name in upper case (PMCW.ISC, PMCW.E, PMCW.LPM). */
const PMCW_FIELDS: readonly ExpectFieldSpec[] = PMCW.fields.flatMap((f): ExpectFieldSpec[] => {
  const name = `PMCW.${f.name.toUpperCase()}`;
  if (f.kind === 'number') return [{ name, args: 'none', value: 'number', bits: f.width, doc: `PMCW ${f.doc}` }];
  if (f.kind === 'bytes') return [{ name, args: 'none', value: 'bytes', length: f.length, doc: `PMCW ${f.doc}` }];
  return [];
});

export const EXPECT_FIELDS: ReadonlyMap<string, ExpectFieldSpec> = new Map(
  [...FIXED, ...SCSW_FLAGS, ...PMCW_FIELDS].map((f) => [f.name, f]),
);

export function expectField(name: string): ExpectFieldSpec | undefined {
  return EXPECT_FIELDS.get(name.toUpperCase());
}
