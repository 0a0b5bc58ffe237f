/** Diagnostics as `file:line:col: error CODE: message` (the `$ccw` problem matcher reads this). */
import type { Diagnostic } from '../asm/image';

export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.column}: ${d.severity} ${d.code}: ${d.message}`;
}
