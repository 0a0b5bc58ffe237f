/**
 * Editor-neutral shapes of the language service. Positions are 0-based lines and characters
 * (the LSP convention, which VS Code, Monaco and every LSP client share); the assembler's
 * 1-based columns are converted at this layer's edge so callers never see them.
 */

export interface Position {
  readonly line: number;
  readonly character: number;
}

/** `end` is exclusive. */
export interface Range {
  readonly start: Position;
  readonly end: Position;
}

/** A range in a file: the main file or one it copies (paths as the assembler sees them). */
export interface Location {
  readonly file: string;
  readonly range: Range;
}

export interface HoverResult {
  /** Markdown. */
  readonly contents: string;
  readonly range: Range;
}

export type CompletionKind = 'operation' | 'keyword' | 'flag' | 'command' | 'label' | 'equ' | 'field' | 'value' | 'copybook' | 'device';

export interface CompletionItem {
  readonly label: string;
  readonly kind: CompletionKind;
  /** One line shown beside the label. */
  readonly detail: string;
  /** Markdown shown in the side panel. */
  readonly documentation?: string;
  /** Text inserted when it differs from the label (`CPA=`). */
  readonly insertText?: string;
  /** Orders items: lower first. */
  readonly sortText?: string;
}

export interface CompletionList {
  /** The word being completed (so the editor replaces all of it). */
  readonly range: Range;
  readonly items: readonly CompletionItem[];
}

export type OutlineKind = 'program' | 'ccw' | 'orb' | 'data' | 'equ' | 'device' | 'driver' | 'config';

export interface OutlineSymbol {
  readonly name: string;
  readonly detail: string;
  readonly kind: OutlineKind;
  readonly range: Range;
  readonly selectionRange: Range;
  readonly children: readonly OutlineSymbol[];
}

export interface TextEdit {
  readonly file: string;
  readonly range: Range;
  readonly newText: string;
}

export type RenameResult = { readonly edits: readonly TextEdit[] } | { readonly error: string };

export function range(line: number, start: number, end: number): Range {
  return { start: { line, character: start }, end: { line, character: end } };
}

/** A 1-based, end-exclusive column span of the assembler on 0-based `line`. */
export function columnsToRange(line: number, column: number, endColumn: number): Range {
  return range(line, Math.max(0, column - 1), Math.max(column, endColumn) - 1);
}
