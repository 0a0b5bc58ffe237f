/** Conversions between the language service's editor-neutral shapes and VS Code's. */
import * as vscode from 'vscode';
import type { CompletionKind, OutlineKind, OutlineSymbol, Range } from '../../lang';

export function toRange(r: Range): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

export function fromPosition(p: vscode.Position): { line: number; character: number } {
  return { line: p.line, character: p.character };
}

/** The path the assembler knows a document by: its file system path, or the URI for untitled/virtual ones. */
export function fileOf(uri: vscode.Uri): string {
  return uri.scheme === 'file' ? uri.fsPath : uri.toString();
}

/** The URI of a file the assembler names (the document itself, or a COPY file beside it). */
export function uriOf(file: string, document: vscode.TextDocument): vscode.Uri {
  if (file === fileOf(document.uri)) return document.uri;
  return /^[a-z][a-z0-9+.-]+:/i.test(file) && !/^[a-z]:[\\/]/i.test(file) ? vscode.Uri.parse(file) : vscode.Uri.file(file);
}

const COMPLETION_KIND: Record<CompletionKind, vscode.CompletionItemKind> = {
  operation: vscode.CompletionItemKind.Keyword,
  keyword: vscode.CompletionItemKind.Property,
  flag: vscode.CompletionItemKind.EnumMember,
  command: vscode.CompletionItemKind.Constant,
  label: vscode.CompletionItemKind.Reference,
  equ: vscode.CompletionItemKind.Constant,
  field: vscode.CompletionItemKind.Field,
  value: vscode.CompletionItemKind.Value,
  copybook: vscode.CompletionItemKind.Module,
  device: vscode.CompletionItemKind.Unit,
};

export const completionKind = (k: CompletionKind): vscode.CompletionItemKind => COMPLETION_KIND[k];

const SYMBOL_KIND: Record<OutlineKind, vscode.SymbolKind> = {
  program: vscode.SymbolKind.Function,
  ccw: vscode.SymbolKind.Event,
  orb: vscode.SymbolKind.Struct,
  data: vscode.SymbolKind.Variable,
  equ: vscode.SymbolKind.Constant,
  device: vscode.SymbolKind.Module,
  driver: vscode.SymbolKind.Method,
  config: vscode.SymbolKind.Namespace,
};

export function toDocumentSymbol(s: OutlineSymbol): vscode.DocumentSymbol {
  const d = new vscode.DocumentSymbol(s.name, s.detail, SYMBOL_KIND[s.kind], toRange(s.range), toRange(s.selectionRange));
  d.children = s.children.map(toDocumentSymbol);
  return d;
}

export function toSeverity(s: 'error' | 'warning' | 'info'): vscode.DiagnosticSeverity {
  return s === 'error' ? vscode.DiagnosticSeverity.Error : s === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Information;
}
