/**
 * The `.ccw` language service: pure functions over a document's text and its assembly, with
 * no editor API, so VS Code (src/extension/language), the DAP adapter or an LSP server can
 * share it. Positions are 0-based (see types.ts).
 */
export { analyze, Analysis, type Occurrence, type ReadFile } from './analysis';
export { DocumentCache, Debouncer, type Timers } from './cache';
export { completionsAt } from './completion';
export { diagnosticsByFile, type EditorDiagnostic } from './diagnostics';
export { hoverAt } from './hover';
export { definitionAt, prepareRenameAt, referencesAt, renameAt } from './navigation';
export { documentSymbols } from './outline';
export * from './types';
