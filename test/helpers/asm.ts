/** Test helpers for the assembler: assemble a few lines, find chunks, summarise diagnostics. */
import { assemble } from '../../src/asm';
import type { AssemblyResult, Diagnostic, StorageChunk } from '../../src/asm';
import { toHex } from './hex';

/** Assembles lines joined with newlines (file `t.ccw`; COPY files from `files`). */
export function asm(lines: string | readonly string[], files: Readonly<Record<string, string>> = {}): AssemblyResult {
  const text = typeof lines === 'string' ? lines : lines.join('\n');
  return assemble(text, { file: 't.ccw', readFile: (p) => files[p] });
}

export function chunk(r: AssemblyResult, label: string): StorageChunk {
  const c = r.image.chunks.find((x) => x.label === label.toUpperCase());
  if (!c) throw new Error(`no chunk labelled ${label}; chunks: ${r.image.chunks.map((x) => x.label).join(',')}`);
  return c;
}

export function hexOf(r: AssemblyResult, label: string): string {
  return toHex(chunk(r, label).bytes);
}

export function symbol(r: AssemblyResult, name: string): { value: number; length: number } {
  const s = r.image.symbols.find((x) => x.name === name.toUpperCase());
  if (!s) throw new Error(`no symbol ${name}`);
  return { value: s.value, length: s.length };
}

/** `CCW007@3:10-15` strings: code, line, columns, for compact expectations. */
export function where(d: Diagnostic): string {
  return `${d.code}@${d.line}:${d.column}-${d.endColumn}`;
}

export function codes(r: AssemblyResult): string[] {
  return r.diagnostics.map((d) => d.code);
}

export function errors(r: AssemblyResult): Diagnostic[] {
  return r.diagnostics.filter((d) => d.severity === 'error');
}
