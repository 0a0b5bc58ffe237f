/**
 * The `.ccw` assembler: source text → Image (see LANGUAGE.md).
 *
 * For editors: `assemble(text, { file, readFile, detail: true })` also returns `detail`
 * (image.ts `AssemblyDetail`): every line as read with COPY expanded, each statement with the
 * column ranges of its label, operation and operands (`StatementInfo`), and every use of a
 * symbol with its location (`SymbolReference`; definitions are `image.symbols[].loc`).
 * `KNOWN_OPS` lists every operation, `CODES` every diagnostic code, `formatListing` turns a
 * detailed result into the HLASM-style listing, `formatDiagnostic` into `file:line:col:` lines.
 */
export { assemble, DEFAULT_ORIGIN, DEFAULT_STORAGE, type AssembleOptions } from './assembler';
export * from './image';
export { CODES, type DiagId } from './codes';
export { CODE_PAGES, decodeEbcdic, ebcdicByte, ebcdicTable, ebcdicToText, encodeAscii, encodeEbcdic, type CodePage } from './ebcdic';
export { EXPECT_FIELDS, FSM_STATE_NAMES, expectField, type ExpectFieldSpec } from './expectFields';
export { BUILTIN_COPYBOOKS, builtinCopybook } from './copybooks';
export { KNOWN_OPS } from './statements';
export { AWAIT_STATES, DRIVER_OPS, FAULT_KINDS, MSCH_FIELD_NAMES, VFIO_OPS } from './driver';
export { PREDEFINED_FLAGS } from './symbols';
export { ORB_KEYWORDS } from './orbStatement';
export { DEVICE_OPTIONS } from './device';
export { formatDiagnostic, formatListing } from './listing';
