/** The assembler's diagnostics grouped by the file they are in, as editor ranges. */
import type { Severity } from '../asm/image';
import type { Analysis } from './analysis';
import { columnsToRange, type Range } from './types';

export interface EditorDiagnostic {
  readonly range: Range;
  readonly severity: Severity;
  readonly code: string;
  readonly message: string;
}

export function diagnosticsByFile(a: Analysis): Map<string, EditorDiagnostic[]> {
  const out = new Map<string, EditorDiagnostic[]>([[a.file, []]]);
  for (const d of a.result.diagnostics) {
    const list = out.get(d.file) ?? [];
    list.push({ range: columnsToRange(Math.max(0, d.line - 1), d.column, d.endColumn), severity: d.severity, code: d.code, message: d.message });
    out.set(d.file, list);
  }
  return out;
}
