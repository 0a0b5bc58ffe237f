/**
 * Line format (LANGUAGE.md "Lines", HLASM where it is silent):
 *
 *   [label] operation [operands] [remarks]
 *
 * A label starts in column 1; `*` in column 1 (or HLASM's `.*`) makes the line a comment;
 * `;` outside quotes ends the statement. Operands contain no blanks except inside quotes, so
 * the first blank outside quotes ends them. A quote after `L` (as in `L'LABEL`) is a length
 * attribute reference, not the start of a string, as in HLASM.
 */
import type { Span } from './diagnostics';

/** A piece of a line with its columns (1-based, endColumn exclusive). */
export interface Field extends Span {
  readonly text: string;
}

export interface LineProblem extends Span {
  readonly id: 'unterminated' | 'blankInOperands';
  readonly message: string;
}

export interface LineParts {
  readonly label?: Field;
  readonly op?: Field;
  readonly operands?: Field;
  readonly problems: readonly LineProblem[];
}

export const isBlank = (ch: string | undefined): boolean => ch === ' ' || ch === '\t';

/** Character classes by code unit: 1 symbol start (A-Z a-z @ # $ _), 2 digit. A table, because the lexer asks for every character. */
const CLASS = new Uint8Array(128);
for (const ch of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz@#$_') CLASS[ch.charCodeAt(0)] = 1;
for (const ch of '0123456789') CLASS[ch.charCodeAt(0)] = 2;

const classOf = (ch: string | undefined): number => (ch !== undefined && ch.length === 1 ? (CLASS[ch.charCodeAt(0)] ?? 0) : 0);
export const isSymbolStart = (ch: string | undefined): boolean => classOf(ch) === 1;
export const isSymbolChar = (ch: string | undefined): boolean => classOf(ch) !== 0;
export const isDigit = (ch: string | undefined): boolean => classOf(ch) === 2;

function fieldOf(text: string, from: number, to: number): Field {
  return { text: text.slice(from, to), column: from + 1, endColumn: to + 1 };
}

/** True when the quote at `i` belongs to a length attribute reference `L'sym` (or `L'*`). */
export function isAttributeQuote(text: string, i: number): boolean {
  const l = text[i - 1];
  if (l !== 'L' && l !== 'l') return false;
  if (isSymbolChar(text[i - 2])) return false;
  const next = text[i + 1];
  return isSymbolStart(next) || next === '*';
}

/**
 * Index just after the string that opens at `i` (a quote), honouring doubled quotes;
 * -1 when the string is not closed before `end`.
 */
export function skipString(text: string, i: number, end = text.length): number {
  for (let j = i + 1; j < end; j++) {
    if (text[j] === "'") {
      if (text[j + 1] === "'" && j + 1 < end) j++;
      else return j + 1;
    }
  }
  return -1;
}

/** Splits one source line; undefined for blank and comment lines. */
export function splitLine(text: string): LineParts | undefined {
  const n = text.length;
  if (n === 0) return undefined;
  if (text[0] === '*' || text.startsWith('.*')) return undefined;
  const problems: LineProblem[] = [];
  const stops = (ch: string | undefined) => ch === undefined || isBlank(ch) || ch === ';';
  let i = 0;
  let label: Field | undefined;
  if (!isBlank(text[0])) {
    if (text[0] === ';') return undefined;
    while (!stops(text[i])) i++;
    label = fieldOf(text, 0, i);
  }
  while (isBlank(text[i])) i++;
  if (i >= n || text[i] === ';') return label ? { label, problems } : undefined;
  const opStart = i;
  while (!stops(text[i])) i++;
  const op = fieldOf(text, opStart, i);
  while (isBlank(text[i])) i++;
  if (i >= n || text[i] === ';') return { ...(label ? { label } : {}), op, problems };

  const start = i;
  while (i < n) {
    const ch = text[i];
    if (isBlank(ch) || ch === ';') break;
    if (ch === "'" && !isAttributeQuote(text, i)) {
      const after = skipString(text, i);
      if (after < 0) {
        problems.push({ id: 'unterminated', column: i + 1, endColumn: n + 1, message: 'this string has no closing quote; add one (write a quote inside a string twice)' });
        i = n;
        break;
      }
      i = after;
      continue;
    }
    i++;
  }
  const operands = fieldOf(text, start, i);
  if (operands.text.endsWith(',') && isBlank(text[i])) {
    let j = i;
    while (isBlank(text[j])) j++;
    if (j < n && text[j] !== ';') {
      problems.push({
        id: 'blankInOperands',
        column: i + 1,
        endColumn: j + 1,
        message: 'blank after a comma: operands may not contain blanks outside quotes, so the rest of the line would be a remark; remove the blank',
      });
    }
  }
  return { ...(label ? { label } : {}), op, operands, problems };
}

/**
 * Splits an operand field at the commas that are outside quotes and parentheses. Empty
 * operands (`WAIT ,100`) are kept, as empty fields.
 */
export function splitOperands(f: Field): Field[] {
  const text = f.text;
  const out: Field[] = [];
  let depth = 0;
  let start = 0;
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === "'" && !isAttributeQuote(text, i)) {
      const after = skipString(text, i);
      i = after < 0 ? text.length : after;
      continue;
    }
    if (ch === '(') depth++;
    else if (ch === ')') depth = Math.max(0, depth - 1);
    else if (ch === ',' && depth === 0) {
      out.push({ text: text.slice(start, i), column: f.column + start, endColumn: f.column + i });
      start = i + 1;
    }
    i++;
  }
  out.push({ text: text.slice(start), column: f.column + start, endColumn: f.column + text.length });
  return out;
}
