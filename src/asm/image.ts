/**
 * The assembler's output: everything a machine needs to run one `.ccw` file, plus the source
 * map the debugger needs to show it. Plain data (no classes) so it can be serialised to JSON
 * (`ccw asm --json`) and sent between processes.
 */

/** A place in a source file. Lines and columns are 1-based; `endColumn` is exclusive. */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endColumn: number;
}

export type Severity = 'error' | 'warning' | 'info';

export interface Diagnostic extends SourceLocation {
  readonly severity: Severity;
  /** Stable code, e.g. `CCW001`. */
  readonly code: string;
  /** What is wrong and how to fix it. */
  readonly message: string;
}

/** What a storage statement placed in guest storage. */
export type ChunkKind = 'ccw0' | 'ccw1' | 'orb' | 'idaw1' | 'idaw2' | 'midaw' | 'data';

/** Bytes one statement placed at a guest address; the list doubles as the source map. */
export interface StorageChunk {
  readonly address: number;
  readonly bytes: Uint8Array;
  readonly kind: ChunkKind;
  readonly loc: SourceLocation;
  /** The statement's label, when it has one. */
  readonly label?: string;
  /**
   * DS: the bytes are zeros that only reserve storage (guest storage starts zeroed, so a loader
   * may skip them). Absent for statements that place content. Among chunks at the same address,
   * reserved ones come first, so content placed over a DS area is written after it.
   */
  readonly reserved?: boolean;
}

export interface ImageSymbol {
  readonly name: string;
  readonly value: number;
  /** Length attribute (L'sym). */
  readonly length: number;
  readonly kind: 'label' | 'equ';
  readonly loc: SourceLocation;
}

/** A `DEVICE` statement. */
export interface DeviceSpec {
  readonly devno: number;
  /** Device type as written, normalised to upper case: `3390-3`, `3390`, `3505`, `1403`. */
  readonly type: string;
  /** Subchannel number (SCH= or the order of DEVICE statements). */
  readonly schno: number;
  /**
   * The remaining keyword options, keys upper case. Paths (IMAGE DECK OUTPUT INPUT) as written,
   * quotes removed; keyword values normalised: YES/NO, CU, COMPAT and VOLSER upper case, CYLS
   * decimal, CHPIDS as two-digit upper-case hex joined by commas (`40,41`).
   */
  readonly options: Readonly<Record<string, string>>;
  readonly loc: SourceLocation;
}

/** Relation of an EXPECT check: exact, all-bits-present (`&=`), or not equal. */
export type ExpectRelation = '=' | '&=' | '!=';

export type ExpectValue = { readonly kind: 'number'; readonly value: number } | { readonly kind: 'bytes'; readonly value: Uint8Array };

/**
 * One `field=value` of an EXPECT. `field` is the upper-case name from LANGUAGE.md
 * (`CC`, `RET`, `DSTAT`, `SCSW.Z`, `MEM`, `SENSE`, `ECW`, …); `args` holds the evaluated
 * arguments of `MEM(addr,len)`, `SENSE(i,len)`, `ECW(i,len)`, `SCHIB(i,len)`.
 */
export interface Expectation {
  readonly field: string;
  readonly args: readonly number[];
  readonly relation: ExpectRelation;
  readonly value: ExpectValue;
  /** The check as written, for messages: `DSTAT=CE+DE`. */
  readonly text: string;
  readonly loc: SourceLocation;
}

/** Driver statements, run by the emulated CPU in source order. */
export type DriverStatement =
  | { readonly op: 'SSCH'; readonly devno: number; readonly orb: number; readonly loc: SourceLocation }
  | { readonly op: 'WAIT'; readonly devno: number | null; readonly timeoutUs: number | null; readonly loc: SourceLocation }
  | { readonly op: 'EXPECT'; readonly checks: readonly Expectation[]; readonly loc: SourceLocation }
  | { readonly op: 'END'; readonly loc: SourceLocation };

export type DriverOp = DriverStatement['op'];

export type IoPath = 'vfio' | 'direct';

export interface Image {
  /** The main source file, as given to the assembler. */
  readonly file: string;
  /** Guest storage size in bytes (STORAGE, default 16M). */
  readonly storageSize: number;
  /** Sorted by address. */
  readonly chunks: readonly StorageChunk[];
  readonly symbols: readonly ImageSymbol[];
  readonly devices: readonly DeviceSpec[];
  readonly path: IoPath;
  readonly statements: readonly DriverStatement[];
}

export interface AssemblyResult {
  /** Always present, even with errors (as much as could be assembled). */
  readonly image: Image;
  readonly diagnostics: readonly Diagnostic[];
}

export function hasErrors(result: AssemblyResult): boolean {
  return result.diagnostics.some((d) => d.severity === 'error');
}
