/**
 * lexer.ts splitLine as column numbers only: where the label, operation and operand field of a
 * line are, without a Field object or substring per part. The fast path reads each part from
 * the line text itself.
 */
import { isAttributeQuote, skipString } from '../lexer';

const SPACE = 32;
const TAB = 9;
const SEMI = 59;
const QUOTE = 39;
const COMMA = 44;

const isBlankCode = (c: number): boolean => c === SPACE || c === TAB;
/** Ends a label or operation: blank or `;` (the loops stop at the end of the line themselves). */
const stopsAt = (c: number): boolean => c === SPACE || c === TAB || c === SEMI;

/** What `scanLine` found: indices into the text, end exclusive. */
export class LineScan {
  /** Where the line starts: column 1. */
  lineStart = 0;
  lineEnd = 0;
  /** End of the label; lineStart when there is none (a label starts in column 1). */
  labelEnd = 0;
  opStart = 0;
  opEnd = 0;
  /** The operand field; operandsStart -1 when there is none. */
  operandsStart = -1;
  operandsEnd = -1;

  get hasLabel(): boolean {
    return this.labelEnd > this.lineStart;
  }
}

/** Nothing to assemble: a blank or comment line. */
export const NOTHING = 0;
/** A statement with an operation. */
export const STATEMENT = 1;
/** What splitLine would give with a problem, or a label without an operation. */
export const PROBLEM = -1;

/**
 * Scans the line text[start, end) (which holds no line break) as splitLine splits it. Each loop
 * reads the text itself, bounded by `end`, and keeps the last code unit it read: this runs once
 * per line, and a helper that gives -1 past the end costs a comparison more per character.
 */
export function scanLine(text: string, start: number, end: number, s: LineScan): number {
  const n = end;
  s.lineStart = start;
  s.lineEnd = end;
  if (n === start) return NOTHING;
  const c0 = text.charCodeAt(start);
  if (c0 === 42 || (c0 === 46 && start + 1 < n && text.charCodeAt(start + 1) === 42)) return NOTHING; // * or .*
  let i = start;
  if (!isBlankCode(c0)) {
    if (c0 === SEMI) return NOTHING;
    i++;
    while (i < n && !stopsAt(text.charCodeAt(i))) i++;
  }
  s.labelEnd = i;
  let c = -1;
  while (i < n) {
    c = text.charCodeAt(i);
    if (!isBlankCode(c)) break;
    i++;
  }
  if (i >= n || c === SEMI) return s.labelEnd > start ? PROBLEM : NOTHING; // a label alone: no operation
  s.opStart = i;
  i++; // not a blank nor `;`
  while (i < n && !stopsAt(text.charCodeAt(i))) i++;
  s.opEnd = i;
  while (i < n) {
    c = text.charCodeAt(i);
    if (!isBlankCode(c)) break;
    i++;
  }
  if (i >= n || c === SEMI) {
    s.operandsStart = s.operandsEnd = -1;
    return STATEMENT;
  }
  const first = i;
  while (i < n) {
    const ch = text.charCodeAt(i);
    // Letters and most operand characters are above `;`: one test for them.
    if (ch > SEMI) {
      i++;
      continue;
    }
    if (ch === SPACE || ch === TAB || ch === SEMI) break;
    if (ch === QUOTE && !isAttributeQuote(text, i)) {
      const after = skipString(text, i, n);
      if (after < 0) return PROBLEM; // unterminated
      i = after;
      continue;
    }
    i++;
  }
  if (i > first && i < n && text.charCodeAt(i - 1) === COMMA) {
    // A blank after a comma, then more than a comment: splitLine reports it.
    let j = i;
    while (j < n && isBlankCode(text.charCodeAt(j))) j++;
    if (j > i && j < n && text.charCodeAt(j) !== SEMI) return PROBLEM;
  }
  s.operandsStart = first;
  s.operandsEnd = i;
  return STATEMENT;
}
