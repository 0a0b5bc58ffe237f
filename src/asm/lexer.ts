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
/** isSymbolChar on a code unit (NaN past the end of a string is none). */
export const isSymbolCode = (c: number): boolean => c < 128 && CLASS[c] !== 0;

function fieldOf(text: string, from: number, to: number): Field {
  return { text: text.slice(from, to), column: from + 1, endColumn: to + 1 };
}

// Char codes the scanners compare against: the lexer runs for every character of every line,
// so it reads code units (charCodeAt) rather than one-character strings.
const SPACE = 32;
const TAB = 9;
const SEMI = 59;
const QUOTE = 39;
const STAR = 42;
const COMMA = 44;
const LPAREN = 40;
const RPAREN = 41;

/** Symbol character class of the code unit at `i` (0 outside the string or for other characters). */
const classAt = (text: string, i: number): number => {
  const c = text.charCodeAt(i); // NaN outside the string: CLASS[NaN] is undefined
  return c < 128 ? (CLASS[c] as number) : 0;
};

/** isAttributeQuote on code units. */
function attributeQuoteAt(text: string, i: number): boolean {
  const l = text.charCodeAt(i - 1);
  if (l !== 76 && l !== 108) return false; // L l
  if (i >= 2 && classAt(text, i - 2) !== 0) return false;
  const next = text.charCodeAt(i + 1);
  return next === STAR || (next < 128 && CLASS[next] === 1);
}

/** True when the quote at `i` belongs to a length attribute reference `L'sym` (or `L'*`). */
export function isAttributeQuote(text: string, i: number): boolean {
  return attributeQuoteAt(text, i);
}

/**
 * Index just after the string that opens at `i` (a quote), honouring doubled quotes;
 * -1 when the string is not closed before `end`.
 */
export function skipString(text: string, i: number, end = text.length): number {
  for (let j = i + 1; j < end; j++) {
    if (text.charCodeAt(j) === QUOTE) {
      if (j + 1 < end && text.charCodeAt(j + 1) === QUOTE) j++;
      else return j + 1;
    }
  }
  return -1;
}

const isBlankCode = (c: number): boolean => c === SPACE || c === TAB;
/** Ends a label or operation: blank, `;` or the end of the line (NaN). */
const stopsAt = (c: number): boolean => c === SPACE || c === TAB || c === SEMI || c !== c;

/** Shared by every line without problems (nearly all): nobody mutates it. */
const NO_PROBLEMS: readonly LineProblem[] = Object.freeze([]);

/** Splits one source line; undefined for blank and comment lines. */
export function splitLine(text: string): LineParts | undefined {
  const n = text.length;
  if (n === 0) return undefined;
  const c0 = text.charCodeAt(0);
  if (c0 === STAR || (c0 === 46 && text.charCodeAt(1) === STAR)) return undefined; // * or .*
  let i = 0;
  let label: Field | undefined;
  if (!isBlankCode(c0)) {
    if (c0 === SEMI) return undefined;
    while (!stopsAt(text.charCodeAt(i))) i++;
    label = fieldOf(text, 0, i);
  }
  while (isBlankCode(text.charCodeAt(i))) i++;
  if (i >= n || text.charCodeAt(i) === SEMI) return label ? { label, problems: NO_PROBLEMS } : undefined;
  const opStart = i;
  while (!stopsAt(text.charCodeAt(i))) i++;
  const op = fieldOf(text, opStart, i);
  while (isBlankCode(text.charCodeAt(i))) i++;
  if (i >= n || text.charCodeAt(i) === SEMI) return label ? { label, op, problems: NO_PROBLEMS } : { op, problems: NO_PROBLEMS };

  let problems: LineProblem[] | undefined;
  const start = i;
  while (i < n) {
    const ch = text.charCodeAt(i);
    if (ch === SPACE || ch === TAB || ch === SEMI) break;
    if (ch === QUOTE && !attributeQuoteAt(text, i)) {
      const after = skipString(text, i);
      if (after < 0) {
        problems = [{ id: 'unterminated', column: i + 1, endColumn: n + 1, message: 'this string has no closing quote; add one (write a quote inside a string twice)' }];
        i = n;
        break;
      }
      i = after;
      continue;
    }
    i++;
  }
  const operands = fieldOf(text, start, i);
  if (i > start && text.charCodeAt(i - 1) === COMMA && isBlankCode(text.charCodeAt(i))) {
    let j = i;
    while (isBlankCode(text.charCodeAt(j))) j++;
    if (j < n && text.charCodeAt(j) !== SEMI) {
      (problems ??= []).push({
        id: 'blankInOperands',
        column: i + 1,
        endColumn: j + 1,
        message: 'blank after a comma: operands may not contain blanks outside quotes, so the rest of the line would be a remark; remove the blank',
      });
    }
  }
  const p = problems ?? NO_PROBLEMS;
  return label ? { label, op, operands, problems: p } : { op, operands, problems: p };
}

/**
 * Splits an operand field at the commas that are outside quotes and parentheses. Empty
 * operands (`WAIT ,100`) are kept, as empty fields.
 */
/** Collects the operands of one field; copied out at its exact size (a growing array starts far too big). */
const scratch: Field[] = [];

export function splitOperands(f: Field): Field[] {
  const text = f.text;
  const n = text.length;
  const out = scratch;
  out.length = 0;
  let depth = 0;
  let start = 0;
  let i = 0;
  while (i < n) {
    const ch = text.charCodeAt(i);
    if (ch === QUOTE && !attributeQuoteAt(text, i)) {
      const after = skipString(text, i);
      i = after < 0 ? n : after;
      continue;
    }
    if (ch === LPAREN) depth++;
    else if (ch === RPAREN) depth = depth > 0 ? depth - 1 : 0;
    else if (ch === COMMA && depth === 0) {
      out.push({ text: text.slice(start, i), column: f.column + start, endColumn: f.column + i });
      start = i + 1;
    }
    i++;
  }
  const last: Field = { text: start === 0 ? text : text.slice(start), column: f.column + start, endColumn: f.column + n };
  if (out.length === 0) return [last];
  out.push(last);
  const result = out.slice();
  out.length = 0; // let go of the fields
  return result;
}
