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
/** Ends a label or operation: blank, `;` or the end of the line (-1). */
const stopsAt = (c: number): boolean => c === SPACE || c === TAB || c === SEMI || c < 0;

/**
 * The code unit at `i`, -1 at or past the end of the line: a small integer either way (NaN
 * would make every comparison a double one, and optimised code give up when it first appears).
 */
const codeAt = (text: string, i: number, end: number): number => (i < end ? text.charCodeAt(i) : -1);

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

/** Scans the line text[start, end) (which holds no line break) as splitLine splits it. */
export function scanLine(text: string, start: number, end: number, s: LineScan): number {
  const n = end;
  s.lineStart = start;
  s.lineEnd = end;
  if (n === start) return NOTHING;
  const c0 = text.charCodeAt(start);
  if (c0 === 42 || (c0 === 46 && codeAt(text, start + 1, n) === 42)) return NOTHING; // * or .*
  let i = start;
  if (!isBlankCode(c0)) {
    if (c0 === SEMI) return NOTHING;
    while (!stopsAt(codeAt(text, i, n))) i++;
  }
  s.labelEnd = i;
  while (isBlankCode(codeAt(text, i, n))) i++;
  if (i >= n || text.charCodeAt(i) === SEMI) return s.labelEnd > start ? PROBLEM : NOTHING; // a label alone: no operation
  s.opStart = i;
  while (!stopsAt(codeAt(text, i, n))) i++;
  s.opEnd = i;
  while (isBlankCode(codeAt(text, i, n))) i++;
  if (i >= n || text.charCodeAt(i) === SEMI) {
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
  if (i > first && text.charCodeAt(i - 1) === COMMA && isBlankCode(codeAt(text, i, n))) {
    let j = i;
    while (isBlankCode(codeAt(text, j, n))) j++;
    if (j < n && text.charCodeAt(j) !== SEMI) return PROBLEM; // a blank after a comma
  }
  s.operandsStart = first;
  s.operandsEnd = i;
  return STATEMENT;
}
