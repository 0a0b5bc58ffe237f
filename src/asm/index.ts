/** The `.ccw` assembler: source text → Image (see LANGUAGE.md). */
export { assemble, DEFAULT_ORIGIN, DEFAULT_STORAGE, type AssembleOptions } from './assembler';
export * from './image';
export { CODES, type DiagId } from './codes';
export { CODE_PAGES, decodeEbcdic, ebcdicByte, ebcdicTable, ebcdicToText, encodeAscii, encodeEbcdic, type CodePage } from './ebcdic';
export { EXPECT_FIELDS, FSM_STATE_NAMES, expectField, type ExpectFieldSpec } from './expectFields';
export { BUILTIN_COPYBOOKS, builtinCopybook } from './copybooks';
