/**
 * Reading the source: split into lines, expand `COPY` (built-in copybooks and files read
 * through the caller's `readFile`, paths relative to the including file), detect include
 * cycles. The result is the flat list of statements the two passes work on.
 */
import { builtinCopybook } from './copybooks';
import { DiagnosticSink, locate, reporterFor, type LineOrigin, type Report } from './diagnostics';
import { splitLine, splitOperands, type Field, type LineParts } from './lexer';

export interface SourceStatement {
  readonly origin: LineOrigin;
  readonly parts: LineParts;
  /** From a built-in copybook: symbols may be defined again by another built-in copybook. */
  readonly builtin: boolean;
  readonly report: Report;
  /** Index of the line in `SourceLine` order (only when the caller asked for the lines). */
  readonly seq: number;
}

/** Every line as read, COPY expansion included, in reading order: what the listing prints. */
export interface SourceLine {
  readonly file: string;
  readonly line: number;
  readonly text: string;
  /** The built-in copybook the line comes from (ECKD, UNITREC), if any. */
  readonly copybook?: string;
  /** COPY nesting depth (0 for the main file). */
  readonly depth: number;
}

export type ReadFile = (path: string) => string | undefined;

/**
 * A statement as read. Its `report` is bound on each use rather than kept: nearly every
 * statement reports nothing, and a closure kept for each of 100,000 lines is work for the
 * garbage collector; a short-lived one is almost free.
 */
class ReadStatement implements SourceStatement {
  /** Undefined once parsed without detail: then only the operation's columns are kept. */
  private full: LineParts | undefined;
  private readonly op: Field | undefined;

  constructor(
    readonly origin: LineOrigin,
    parts: LineParts,
    readonly builtin: boolean,
    readonly seq: number,
    private readonly sink: DiagnosticSink,
  ) {
    this.full = parts;
    this.op = parts.op;
  }

  get parts(): LineParts {
    if (this.full) return this.full;
    return this.op ? { op: this.op, problems: NO_PROBLEMS } : { problems: NO_PROBLEMS };
  }

  get report(): Report {
    return reporterFor(this.sink, this.origin);
  }

  /** Drops the label and operand fields, which the passes after parsing do not read (they would survive every garbage collection until the end). */
  release(): void {
    this.full = undefined;
  }
}

const NO_PROBLEMS: LineParts['problems'] = Object.freeze([]);

/**
 * After parsing, without detail: let the statement forget its label and operand fields (its
 * `parts` then has the operation only). Statements from elsewhere are left alone.
 */
export function releaseParts(s: SourceStatement): void {
  if (s instanceof ReadStatement) s.release();
}

const MAX_COPY_DEPTH = 16;

export function splitLines(text: string): string[] {
  // Splitting at one character is much faster than at a pattern; most files have no CR.
  return text.indexOf('\r') < 0 ? text.split('\n') : text.split(/\r\n|\r|\n/);
}

function dirname(path: string): string {
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return i < 0 ? '' : path.slice(0, i + 1);
}

const isAbsolute = (p: string): boolean => p.startsWith('/') || p.startsWith('\\') || /^[A-Za-z]:[\\/]/.test(p);

/** `a/b/../c` → `a/c`; keeps the separator style of the input. */
function normalize(path: string): string {
  const sep = path.includes('\\') && !path.includes('/') ? '\\' : '/';
  const absolute = path.startsWith('/') || path.startsWith('\\');
  const out: string[] = [];
  for (const part of path.split(/[\\/]/)) {
    if (part === '' || part === '.') continue;
    if (part === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else out.push(part);
  }
  return (absolute ? sep : '') + out.join(sep);
}

export function resolveCopyPath(includer: string, path: string): string {
  return normalize(isAbsolute(path) ? path : dirname(includer) + path);
}

interface ExpandState {
  readonly sink: DiagnosticSink;
  readonly readFile: ReadFile | undefined;
  readonly out: SourceStatement[];
  readonly builtinsDone: Set<string>;
  /** Collects every line for the listing; undefined when nobody asked (the fast path). */
  readonly lines: SourceLine[] | undefined;
}

function expand(file: string, text: string, stack: readonly string[], st: ExpandState, fixed?: LineOrigin): void {
  const lines = splitLines(text);
  const depth = stack.length - 1 + (fixed ? 1 : 0);
  for (let index = 0; index < lines.length; index++) {
    const lineText = lines[index] as string;
    const seq = st.lines ? st.lines.length : -1;
    st.lines?.push({ file, line: index + 1, text: lineText, depth, ...(fixed ? { copybook: file } : {}) });
    const parts = splitLine(lineText);
    if (!parts) continue;
    const origin: LineOrigin = fixed?.fixed ? fixed : { file, line: index + 1 };
    const stmt: SourceStatement = new ReadStatement(origin, parts, fixed !== undefined, seq, st.sink);
    const op = parts.op?.text;
    if (op === undefined || op.length !== 4 || op.toUpperCase() !== 'COPY') {
      st.out.push(stmt);
      continue;
    }
    const report = stmt.report;
    for (const p of parts.problems) report(p.id, p, p.message);
    if (parts.label) report('labelIgnored', parts.label, `the label ${parts.label.text} on COPY defines nothing and is ignored`);
    copy(stmt, file, stack, st);
  }
}

function copy(stmt: SourceStatement, file: string, stack: readonly string[], st: ExpandState): void {
  const { parts, report } = stmt;
  const op = parts.op ?? { text: 'COPY', column: 1, endColumn: 5 };
  const operands = parts.operands ? splitOperands(parts.operands) : [];
  const first = operands[0];
  if (!first || first.text === '') {
    report('missingOperand', parts.operands ?? op, 'COPY needs a copybook name (ECKD, UNITREC) or a file path');
    return;
  }
  for (const extra of operands.slice(1)) report('extraOperand', extra, 'COPY takes one operand; remove this one');
  let name = first.text;
  const quoted = name.startsWith("'");
  if (quoted) name = name.slice(1, name.endsWith("'") && name.length > 1 ? -1 : undefined).replace(/''/g, "'");
  if (stack.length > MAX_COPY_DEPTH) {
    report('copyCycle', first, `COPY files nest more than ${MAX_COPY_DEPTH} deep; remove the deepest COPY`);
    return;
  }
  const builtin = quoted ? undefined : builtinCopybook(name.toUpperCase());
  if (builtin) {
    const key = name.toUpperCase();
    if (st.builtinsDone.has(key)) {
      report('copyTwice', first, `COPY ${key} was already done above; this one is ignored`);
      return;
    }
    st.builtinsDone.add(key);
    // Diagnostics of a built-in copybook (a name clash) belong at this COPY statement.
    const at = locate(stmt.origin, first);
    expand(key, builtin.join('\n'), stack, st, { file: at.file, line: at.line, fixed: at });
    return;
  }
  if (!st.readFile) {
    report('copyNotFound', first, `COPY ${name}: no file reader was given to the assembler, so only COPY ECKD and COPY UNITREC work here`);
    return;
  }
  const candidates = [resolveCopyPath(file, name)];
  if (!/\.[A-Za-z0-9]+$/.test(name)) candidates.push(resolveCopyPath(file, name + '.ccw'));
  let found: { path: string; text: string } | undefined;
  for (const path of candidates) {
    if (stack.includes(path)) {
      const chain = [...stack.slice(stack.indexOf(path)), path].join(' → ');
      report('copyCycle', first, `COPY ${name} includes a file that is already being copied (${chain}); remove one COPY of the cycle`);
      return;
    }
    let text: string | undefined;
    try {
      text = st.readFile(path);
    } catch (e) {
      report('copyNotFound', first, `COPY ${name}: ${path} cannot be read (${e instanceof Error ? e.message : String(e)})`);
      return;
    }
    if (text !== undefined) {
      found = { path, text };
      break;
    }
  }
  if (!found) {
    report('copyNotFound', first, `COPY ${name}: ${candidates.join(' or ')} not found (paths are relative to ${file}); check the name`);
    return;
  }
  expand(found.path, found.text, [...stack, found.path], st);
}

/** Flattens the main file and everything it copies into one list of statements. */
export function readSource(file: string, text: string, readFile: ReadFile | undefined, sink: DiagnosticSink, lines?: SourceLine[]): SourceStatement[] {
  const st: ExpandState = { sink, readFile, out: [], builtinsDone: new Set(), lines };
  expand(file, text, [normalize(file)], st);
  return st.out;
}
