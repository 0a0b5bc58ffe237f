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

/** States `AWAIT devno,state` waits for. */
export type AwaitState = 'ACTIVE' | 'SUSPENDED' | 'PENDING';

/** One `field=value` of `MSCH devno,field=value,...`: a PMCW field by its PoO name. */
export interface PmcwChange {
  /** Upper case: INTPARM ISC E LM MM D MBI LPM POM F X S MBA. */
  readonly field: string;
  readonly value: number;
}

export type IplRoute = 'architected' | 'bios';

/** What `FAULT target,kind[,...]` injects (LANGUAGE.md, "Faults"). */
export type FaultSpec =
  | { readonly kind: 'UNITCHECK'; readonly devno: number; readonly sense: Uint8Array | null }
  | { readonly kind: 'ATTN' | 'CDC' | 'ICC' | 'CCC' | 'BUSY' | 'NOTOPER' | 'NOPATH'; readonly devno: number }
  /**
   * A channel path goes offline / comes online (`OFFLINE` / `ONLINE`: channel report words), or
   * with `logical` is varied offline / online (`VARYOFF` / `VARYON`: the path-available mask only,
   * nothing is reported).
   */
  | { readonly kind: 'CHPID'; readonly chpid: number; readonly online: boolean; readonly logical?: true }
  | { readonly kind: 'VFIO'; readonly devno: number; readonly errno: 'EAGAIN' | 'EFAULT' };

/** The operation of a `VFIO devno,op[,...]` statement. */
export type VfioOperation =
  /** Write the I/O region: orb_area from the ORB at `orb`, scsw_area with the given function. */
  | { readonly op: 'WRITEIO'; readonly orb: number; readonly fctl: 'START' | 'HALT' | 'CLEAR' }
  /** Write the async command region's command field (1 = HSCH, 2 = CSCH; others are tested). */
  | { readonly op: 'CMD'; readonly command: number }
  /** Read a region; with `area`, the bytes read are stored into guest storage there. */
  | { readonly op: 'READ'; readonly region: 'SCHIB' | 'CRW' | 'IO'; readonly area: number | null }
  | { readonly op: 'RESET' | 'CLOSE' | 'OPEN' };

/** Driver statements, run by the emulated CPU in source order. */
export type DriverStatement =
  | { readonly op: 'SSCH'; readonly devno: number; readonly orb: number; readonly loc: SourceLocation }
  | { readonly op: 'WAIT'; readonly devno: number | null; readonly timeoutUs: number | null; readonly loc: SourceLocation }
  /** TEST SUBCHANNEL; `area` is where the IRB is stored in guest storage, when given. */
  | { readonly op: 'TSCH'; readonly devno: number; readonly area: number | null; readonly loc: SourceLocation }
  | { readonly op: 'HSCH' | 'CSCH' | 'RSCH' | 'XSCH'; readonly devno: number; readonly loc: SourceLocation }
  /** STORE SUBCHANNEL; `area` is where the SCHIB is stored in guest storage, when given. */
  | { readonly op: 'STSCH'; readonly devno: number; readonly area: number | null; readonly loc: SourceLocation }
  | { readonly op: 'MSCH'; readonly devno: number; readonly changes: readonly PmcwChange[]; readonly loc: SourceLocation }
  /** SET STORAGE KEY EXTENDED on the 4K frame holding `address`. */
  | { readonly op: 'SSKE'; readonly address: number; readonly key: number; readonly fetchProtect: boolean; readonly loc: SourceLocation }
  /** The CPU stores `bytes` at `address` (a number value is stored big-endian in its minimal whole-byte width, at least 1). */
  | { readonly op: 'STORE'; readonly address: number; readonly bytes: Uint8Array; readonly loc: SourceLocation }
  | { readonly op: 'DELAY'; readonly us: number; readonly loc: SourceLocation }
  | { readonly op: 'AWAIT'; readonly devno: number; readonly state: AwaitState; readonly loc: SourceLocation }
  | { readonly op: 'TPI'; readonly loc: SourceLocation }
  /** STORE CHANNEL REPORT WORD; `area` is where the CRW is stored in guest storage, when given. */
  | { readonly op: 'STCRW'; readonly area: number | null; readonly loc: SourceLocation }
  /**
   * IPL devno[,BIOS]: `architected` is the PoO's IPL (a Read IPL CCW chaining into the CCWs it
   * read); `bios` is QEMU's s390-ccw BIOS DASD IPL (pc-bios/s390-ccw/dasd-ipl.c): Read IPL without
   * chaining, then the chains the BIOS builds from IPL1 and IPL2, split at each Read + TIC.
   * Absent means 'architected' (the assembler writes `route` only for BIOS).
   */
  | { readonly op: 'IPL'; readonly devno: number; readonly route?: IplRoute; readonly loc: SourceLocation }
  | { readonly op: 'EXPECT'; readonly checks: readonly Expectation[]; readonly loc: SourceLocation }
  | { readonly op: 'VFIO'; readonly devno: number; readonly operation: VfioOperation; readonly loc: SourceLocation }
  | { readonly op: 'FAULT'; readonly fault: FaultSpec; readonly loc: SourceLocation }
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

/** A piece of one source line: 1-based columns, `endColumn` exclusive, and its text. */
export interface ColumnRange {
  readonly column: number;
  readonly endColumn: number;
  readonly text: string;
}

/** One line as the assembler read it (COPY files expanded in place), for listings and editors. */
export interface ListedLine {
  readonly file: string;
  readonly line: number;
  readonly text: string;
  /** The built-in copybook (ECKD, UNITREC) the line comes from; `file` is then its name. */
  readonly copybook?: string;
  /** COPY nesting depth: 0 for the main file. */
  readonly depth: number;
}

/**
 * One statement (a line that is not blank or a comment), with the columns of its fields, so an
 * editor can tell the operation from the operands without a second parser; and what it
 * placed or defined, so a listing can print it.
 */
export interface StatementInfo {
  /** Index into `AssemblyDetail.lines` (statement number - 1 in the listing). */
  readonly index: number;
  readonly file: string;
  readonly line: number;
  readonly label?: ColumnRange;
  readonly operation?: ColumnRange;
  /** The operands, split at the commas outside quotes and parentheses. */
  readonly operands: readonly ColumnRange[];
  /** Upper-case operation (`CCW1`, `DC`, `SSCH`), or '' when there is none. */
  readonly op: string;
  /** Guest address of the statement (the location counter, after alignment), for storage statements and EQU's `*`. */
  readonly address?: number;
  /** Bytes it placed (DS: zeros), when it placed any. */
  readonly bytes?: Uint8Array;
  /** Listing ADDR1: the data address of a CCW, IDAW or MIDAW, the CPA of an ORB. */
  readonly addr1?: number;
  /** Listing ADDR2: the value of an EQU. */
  readonly addr2?: number;
}

/** A symbol written in an operand (`CCW1 RDDATA,LABEL,...` refers to RDDATA and LABEL). */
export interface SymbolReference {
  /** Upper case. */
  readonly name: string;
  /** The columns of the name as written (for `L'X`, of the whole `L'X`). */
  readonly loc: SourceLocation;
  /** Index of the statement's line in `AssemblyDetail.lines`. */
  readonly index: number;
  /** True for `L'name`. */
  readonly lengthAttribute: boolean;
}

/** What `assemble(..., { detail: true })` adds: the source as read, its statements and symbol uses. */
export interface AssemblyDetail {
  readonly lines: readonly ListedLine[];
  readonly statements: readonly StatementInfo[];
  /** Every use of a symbol the program or its copybooks define, in source order. */
  readonly references: readonly SymbolReference[];
}

export interface AssemblyResult {
  /** Always present, even with errors (as much as could be assembled). */
  readonly image: Image;
  readonly diagnostics: readonly Diagnostic[];
  /** Present when `assemble` was called with `detail: true` (listings, editors). */
  readonly detail?: AssemblyDetail;
}

export function hasErrors(result: AssemblyResult): boolean {
  return result.diagnostics.some((d) => d.severity === 'error');
}
