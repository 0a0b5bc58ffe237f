/**
 * Go to definition, find references and rename, for symbols. The assembler knows where each
 * symbol is defined; where it is used comes from the scanned operands (Analysis.occurrences),
 * across the main file and the COPY files it read.
 */
import { isPredefinedFlag } from '../asm/symbols';
import type { ImageSymbol } from '../asm/image';
import { splitLines } from '../asm/source';
import type { Analysis, Occurrence } from './analysis';
import { wordAt } from './scan';
import { columnsToRange, range, type Location, type Position, type RenameResult, type TextEdit } from './types';

const LABEL = /^[A-Za-z@#$_][A-Za-z0-9@#$_]{0,62}$/;

/** The defined symbol written at a position of the main file (label or operand). */
export function symbolAt(a: Analysis, pos: Position): { sym: ImageSymbol; start: number; end: number } | undefined {
  const s = a.line(pos.line);
  const w = s ? wordAt(s, pos.character) : undefined;
  if (!w || (w.role !== 'label' && w.role !== 'name')) return undefined;
  const sym = a.symbol(w.text);
  return sym ? { sym, start: w.start, end: w.end } : undefined;
}

function definitionLocation(sym: ImageSymbol): Location {
  return { file: sym.loc.file, range: columnsToRange(sym.loc.line - 1, sym.loc.column, sym.loc.endColumn) };
}

export function definitionAt(a: Analysis, pos: Position): Location | undefined {
  try {
    const hit = symbolAt(a, pos);
    return hit ? definitionLocation(hit.sym) : undefined;
  } catch {
    return undefined;
  }
}

export function referencesAt(a: Analysis, pos: Position, includeDeclaration = true): Location[] {
  try {
    const hit = symbolAt(a, pos);
    if (!hit) return [];
    const name = hit.sym.name.toUpperCase();
    const found = a
      .occurrences()
      .filter((o) => o.name === name && (includeDeclaration || !o.definition))
      .map((o): Location => ({ file: o.file, range: range(o.line, o.start, o.end) }));
    // a copybook symbol is defined on the COPY statement: list it as the declaration
    if (includeDeclaration && a.isCopybookSymbol(hit.sym)) found.unshift(definitionLocation(hit.sym));
    return found;
  } catch {
    return [];
  }
}

/** Why a new name cannot be used, or undefined when it can. */
function invalidName(a: Analysis, sym: ImageSymbol, newName: string): string | undefined {
  if (!LABEL.test(newName)) {
    return newName.length > 63
      ? `${newName} is ${newName.length} characters long; a label has at most 63`
      : `${newName} is not a label: it starts with a letter or @ # $ _, followed by letters, digits or @ # $ _`;
  }
  const upper = newName.toUpperCase();
  if (isPredefinedFlag(upper)) return `${upper} is a predefined CCW flag name and cannot be a label`;
  const other = a.symbol(upper);
  if (other && other !== sym) return `${upper} is already defined at ${other.loc.file === a.file ? `line ${other.loc.line}` : `${other.loc.file}:${other.loc.line}`}; choose another name`;
  return undefined;
}

/**
 * The edit of a label in column 1 that keeps the operation in its column: the new name takes
 * or gives back blanks after it (at least one blank stays), as HLASM sources are aligned.
 */
function labelEdit(a: Analysis, o: Occurrence, newName: string): TextEdit {
  const text = o.file === a.file ? (a.lines[o.line] ?? '') : (splitLines(a.sources.get(o.file) ?? '')[o.line] ?? '');
  let end = o.end;
  while (text[end] === ' ') end++;
  if (end === o.end || end >= text.length) return { file: o.file, range: range(o.line, o.start, o.end), newText: newName };
  const blanks = Math.max(1, end - o.start - newName.length);
  return { file: o.file, range: range(o.line, o.start, end), newText: newName + ' '.repeat(blanks) };
}

/** The range a rename would change at a position, or an error saying why nothing can be renamed there. */
export function prepareRenameAt(a: Analysis, pos: Position): { range: Location['range']; placeholder: string } | { error: string } {
  const hit = symbolAt(a, pos);
  if (!hit) return { error: 'put the cursor on a label or on a symbol that names one' };
  if (a.isCopybookSymbol(hit.sym)) return { error: `${hit.sym.name} comes from a built-in copybook and cannot be renamed` };
  return { range: range(pos.line, hit.start, hit.end), placeholder: (a.lines[pos.line] ?? '').slice(hit.start, hit.end) };
}

/** Edits that rename the symbol at a position everywhere it is written, or why it cannot. */
export function renameAt(a: Analysis, pos: Position, newName: string): RenameResult {
  try {
    const prepared = prepareRenameAt(a, pos);
    if ('error' in prepared) return prepared;
    const hit = symbolAt(a, pos);
    if (!hit) return { error: 'put the cursor on a label or on a symbol that names one' };
    const problem = invalidName(a, hit.sym, newName);
    if (problem) return { error: problem };
    const name = hit.sym.name.toUpperCase();
    const edits = a
      .occurrences()
      .filter((o) => o.name === name)
      .map((o) => (o.definition ? labelEdit(a, o, newName) : { file: o.file, range: range(o.line, o.start, o.end), newText: newName }));
    return { edits };
  } catch (e) {
    return { error: `cannot rename here (${e instanceof Error ? e.message : String(e)})` };
  }
}
