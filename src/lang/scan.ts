/**
 * Reads one source line into classified words, using the assembler's own line splitter, so
 * the editor and the assembler never disagree on where a label, an operation or an operand
 * is. The assembler resolves symbols but does not record where each one is used; references,
 * rename and hover need that, so it is recovered here from the operand text.
 */
import { expectField } from '../asm/expectFields';
import { isAttributeQuote, isSymbolChar, skipString, splitLine, splitOperands, type LineParts } from '../asm/lexer';
import { isPredefinedFlag } from '../asm/symbols';

/**
 * - `label`: the label in column 1; `op`: the operation;
 * - `name`: a symbol (or a name not yet defined) in an expression;
 * - `flag`: a predefined CCW flag name; `keyword`: the name left of `=` (`CPA=`, `DSTAT=`);
 * - `type`: a constant's type (`X'..'`, `CL80`, `A(`); `function`: `MEM(`, `SENSE(`;
 * - `value`: a word whose meaning the operation fixes (`PATH vfio`, `DSTAT=CE`, `AWAIT ..,ACTIVE`);
 * - `devno`: a device number.
 */
export type WordRole = 'label' | 'op' | 'name' | 'flag' | 'keyword' | 'type' | 'function' | 'value' | 'devno';

export interface Word {
  /** As written. */
  readonly text: string;
  /** 0-based, end exclusive. */
  readonly start: number;
  readonly end: number;
  readonly role: WordRole;
  /** Which operand (0-based); -1 for the label and the operation. */
  readonly operand: number;
  /** The keyword of the operand this word is the value of (`CPA` in `CPA=CHAIN`), upper case. */
  readonly keyword?: string;
}

export interface ScannedLine {
  readonly parts: LineParts;
  /** Upper case; '' when the line has none. */
  readonly op: string;
  readonly words: readonly Word[];
}

/** Operations whose operands never name a symbol. */
const NO_SYMBOLS = new Set(['DEVICE', 'PATH', 'CODEPAGE', 'STORAGE', 'COPY', 'TITLE', 'PRINT', 'SPACE', 'EJECT']);
/** Operations whose first operand is a device number. */
export const DEVNO_FIRST = new Set(['SSCH', 'WAIT', 'TSCH', 'HSCH', 'CSCH', 'RSCH', 'XSCH', 'STSCH', 'MSCH', 'AWAIT', 'IPL', 'VFIO', 'FAULT', 'DEVICE']);
/** Words an operation defines for itself (LANGUAGE.md "Driver statements"). */
export const OPERATION_WORDS: Readonly<Record<string, readonly string[]>> = {
  AWAIT: ['ACTIVE', 'SUSPENDED', 'PENDING'],
  VFIO: ['WRITEIO', 'CMD', 'READ', 'SCHIB', 'CRW', 'IO', 'RESET', 'CLOSE', 'OPEN', 'START', 'HALT', 'CLEAR'],
  FAULT: ['UNITCHECK', 'ATTN', 'CDC', 'ICC', 'CCC', 'BUSY', 'NOTOPER', 'NOPATH', 'OFFLINE', 'ONLINE', 'VFIO', 'EAGAIN', 'EFAULT'],
  SSKE: ['FETCH'],
};
/** Constants: the words outside parentheses are type specifications (`CL80`, `3X`), never symbols. */
const CONSTANTS = new Set(['DC', 'DS']);

function scanOperand(text: string, base: number, index: number, op: string, out: Word[]): void {
  let depth = 0;
  let keyword: string | undefined;
  /** EXPECT: the field of this operand (`MEM` in `MEM(LABEL,4)=...`), for its own value names. */
  let field: string | undefined;
  const push = (from: number, to: number, role: WordRole) =>
    out.push({ text: text.slice(from, to), start: base + from, end: base + to, role, operand: index, ...(keyword ? { keyword } : {}) });
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === "'") {
      if (isAttributeQuote(text, i)) {
        i++;
        continue;
      }
      const after = skipString(text, i);
      i = after < 0 ? text.length : after;
      continue;
    }
    if (ch === '(') depth++;
    else if (ch === ')') depth = Math.max(0, depth - 1);
    if (!isSymbolChar(ch)) {
      i++;
      continue;
    }
    let j = i;
    while (isSymbolChar(text[j])) j++;
    const word = text.slice(i, j);
    const upper = word.toUpperCase();
    const next = text[j];
    let role: WordRole;
    if (/^[0-9]/.test(word)) role = CONSTANTS.has(op) && depth === 0 ? 'type' : 'value';
    else if (next === "'") role = 'type'; // X'1F', CL80'HI', and the L of L'sym
    else if (next === '=' || ((next === '&' || next === '!') && text[j + 1] === '=')) role = 'keyword';
    else if (next === '(') role = CONSTANTS.has(op) ? 'type' : 'function';
    else if (next === '.' && op === 'EXPECT') {
      // SCSW.Z, PMCW.ISC: one field name written with a dot
      let k = j + 1;
      while (isSymbolChar(text[k])) k++;
      field = text.slice(i, k).toUpperCase();
      keyword = undefined;
      push(i, k, 'keyword');
      i = k;
      continue;
    } else if (CONSTANTS.has(op) && depth === 0) role = 'type';
    else if (NO_SYMBOLS.has(op)) role = 'value';
    else if (index === 0 && DEVNO_FIRST.has(op) && keyword === undefined) role = 'devno';
    else if (OPERATION_WORDS[op]?.includes(upper)) role = 'value';
    else if (op === 'EXPECT' && field !== undefined && expectField(field)?.names && Object.hasOwn(expectField(field)?.names ?? {}, upper)) role = 'value';
    else if (isPredefinedFlag(upper)) role = 'flag';
    else role = 'name';
    if (role === 'keyword') {
      push(i, j, role);
      keyword = upper;
      field ??= upper;
    } else {
      if (role === 'function' && op === 'EXPECT') field ??= upper;
      push(i, j, role);
    }
    i = j;
  }
}

/** Classifies the words of one line; undefined for blank and comment lines. */
export function scanLine(text: string): ScannedLine | undefined {
  const parts = splitLine(text);
  if (!parts) return undefined;
  const words: Word[] = [];
  if (parts.label) words.push({ text: parts.label.text, start: parts.label.column - 1, end: parts.label.endColumn - 1, role: 'label', operand: -1 });
  const op = parts.op?.text.toUpperCase() ?? '';
  if (parts.op) words.push({ text: parts.op.text, start: parts.op.column - 1, end: parts.op.endColumn - 1, role: 'op', operand: -1 });
  if (parts.operands) splitOperands(parts.operands).forEach((f, k) => scanOperand(f.text, f.column - 1, k, op, words));
  return { parts, op, words };
}

/** The word under a 0-based character (a cursor right after a word is on it, as editors expect). */
export function wordAt(line: ScannedLine, character: number): Word | undefined {
  return line.words.find((w) => w.start <= character && character < w.end) ?? line.words.find((w) => w.end === character);
}
