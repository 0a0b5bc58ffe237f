/**
 * Collecting diagnostics. Parsers see only a `Report` bound to the statement they work on and
 * give column spans; the binding adds the file and line (or, for lines of a built-in
 * copybook, the place of the COPY statement, since the user cannot open the copybook).
 */
import { CODES, type DiagId } from './codes';
import type { Diagnostic, SourceLocation } from './image';

/** Columns on one line: 1-based, `endColumn` exclusive. */
export interface Span {
  readonly column: number;
  readonly endColumn: number;
}

export type Report = (id: DiagId, span: Span, message: string) => void;

export class DiagnosticSink {
  readonly list: Diagnostic[] = [];
  /** The lexer and a parser may both see e.g. an unterminated string: say it once. */
  private readonly seen = new Set<string>();

  add(id: DiagId, loc: SourceLocation, message: string): void {
    const info = CODES[id];
    const key = `${info.code}|${loc.file}|${loc.line}|${loc.column}|${loc.endColumn}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.list.push({ ...loc, severity: info.severity, code: info.code, message });
  }
}

/** Where a source line came from. `fixed` pins every span to one place (built-in copybooks). */
export interface LineOrigin {
  readonly file: string;
  readonly line: number;
  readonly fixed?: SourceLocation;
}

export function locate(origin: LineOrigin, span: Span): SourceLocation {
  if (origin.fixed) return origin.fixed;
  return { file: origin.file, line: origin.line, column: span.column, endColumn: Math.max(span.endColumn, span.column + 1) };
}

export function reporterFor(sink: DiagnosticSink, origin: LineOrigin): Report {
  return (id, span, message) => sink.add(id, locate(origin, span), message);
}

/** A span covering two spans. */
export function cover(a: Span, b: Span): Span {
  return { column: Math.min(a.column, b.column), endColumn: Math.max(a.endColumn, b.endColumn) };
}
