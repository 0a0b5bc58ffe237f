/**
 * The assembler listing (`ccw asm FILE --listing`), in HLASM's columns: LOC, OBJECT CODE,
 * ADDR1, ADDR2, STMT, SOURCE STATEMENT; then the ordinary-symbol cross reference and the
 * diagnostics. As HLASM does by default (PRINT NODATA), a statement's object code shows its
 * first 8 bytes. Lines from COPY files are marked `+` after the statement number.
 * Pure: the caller assembles with `detail: true` and prints the text.
 */
import type { AssemblyResult, Diagnostic, StatementInfo } from './image';

const hex = (n: number, digits: number): string => n.toString(16).toUpperCase().padStart(digits, '0');

/** OBJECT CODE: up to 8 bytes in two 4-byte groups, as HLASM prints a DC's first bytes. */
function objectCode(bytes: Uint8Array | undefined, reserved: boolean): string {
  if (!bytes || reserved || bytes.length === 0) return '';
  const shown = Array.from(bytes.subarray(0, 8), (b) => hex(b, 2)).join('');
  return shown.length > 8 ? `${shown.slice(0, 8)} ${shown.slice(8)}` : shown;
}

export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.column}: ${d.severity} ${d.code}: ${d.message}`;
}

const HEADER = '  LOC    OBJECT CODE        ADDR1    ADDR2    STMT   SOURCE STATEMENT';

/** The listing text (lines joined with '\n'); a result without `detail` lists only the diagnostics. */
export function formatListing(result: AssemblyResult): string {
  const out: string[] = [];
  const detail = result.detail;
  const title = `ccw-debug assembler listing: ${result.image.file}`;
  out.push(title, '', HEADER);
  const byIndex = new Map<number, StatementInfo>();
  for (const s of detail?.statements ?? []) byIndex.set(s.index, s);
  const reserved = new Set<Uint8Array>(result.image.chunks.filter((c) => c.reserved).map((c) => c.bytes));
  (detail?.lines ?? []).forEach((line, i) => {
    const s = byIndex.get(i);
    const loc = s?.address !== undefined && s.op !== 'EQU' ? hex(s.address, 8) : '';
    const obj = objectCode(s?.bytes, s?.bytes !== undefined && reserved.has(s.bytes));
    const a1 = s?.addr1 !== undefined ? hex(s.addr1, 8) : '';
    const a2 = s?.addr2 !== undefined ? hex(s.addr2, 8) : '';
    const stmt = String(i + 1).padStart(5) + (line.depth > 0 ? '+' : ' ');
    out.push(`${loc.padEnd(8)} ${obj.padEnd(17)}  ${a1.padEnd(8)} ${a2.padEnd(8)} ${stmt} ${line.text}`.trimEnd());
  });

  // Ordinary symbol cross reference: where each symbol is defined and every statement using it.
  out.push('', 'Ordinary Symbol Cross Reference', '', 'SYMBOL                          LENGTH  VALUE     TYPE   DEFN  REFERENCES');
  const defs = new Map<string, number>();
  for (const s of detail?.statements ?? []) if (s.label && !defs.has(s.label.text.toUpperCase())) defs.set(s.label.text.toUpperCase(), s.index + 1);
  const uses = new Map<string, number[]>();
  for (const r of detail?.references ?? []) {
    const list = uses.get(r.name) ?? [];
    if (list[list.length - 1] !== r.index + 1) list.push(r.index + 1);
    uses.set(r.name, list);
  }
  const symbols = [...result.image.symbols].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const sym of symbols) {
    const refs = uses.get(sym.name) ?? [];
    // Copybook EQUs nobody uses would only bury the program's own symbols.
    const defn = defs.get(sym.name);
    const fromCopybook = detail?.lines[(defn ?? 0) - 1]?.copybook !== undefined;
    if (fromCopybook && refs.length === 0) continue;
    out.push(`${sym.name.padEnd(32)}${String(sym.length).padStart(6)}  ${hex(sym.value >>> 0, 8)}  ${(sym.kind === 'equ' ? 'EQU' : 'LABEL').padEnd(5)} ${String(defn ?? '').padStart(5)}  ${refs.join(' ')}`.trimEnd());
  }

  const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = result.diagnostics.filter((d) => d.severity === 'warning').length;
  out.push('', 'Diagnostics', '');
  for (const d of result.diagnostics) out.push(formatDiagnostic(d));
  out.push(`${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`);
  return out.join('\n');
}
