/**
 * Completion: operations in the operation field; in the operands, what the operation takes
 * there (ORB keywords, command names from the copybooks, labels, flag names, EXPECT fields and
 * their names, devices, copybooks). It reads the line as typed and the last analysis for the
 * symbols, so completing never waits for the assembler.
 */
import { hex } from '../arch';
import { EXPECT_FIELDS, expectField } from '../asm/expectFields';
import type { ImageSymbol } from '../asm/image';
import { isAttributeQuote, isBlank, isSymbolChar, skipString, splitOperands } from '../asm/lexer';
import type { Analysis } from './analysis';
import { allCopybookEntries, BUILTIN_COPYBOOKS, ccwFlags, copybookEntries, operations, orbKeywords } from './knowledge';
import { OPERATION_WORDS } from './scan';
import { range, type CompletionItem, type CompletionList, type Position } from './types';

interface Context {
  readonly where: 'none' | 'op' | 'operand';
  readonly op: string;
  readonly operand: number;
  /** Keyword of the current operand when the cursor is after its `=`. */
  readonly keyword?: string;
  /** The current operand has no `=` yet (a keyword may be typed). */
  readonly beforeEquals: boolean;
  readonly wordStart: number;
}

/** Where the cursor is on the line, read with the assembler's rules (quotes, `;`, blanks). */
function contextAt(text: string, character: number): Context {
  const none: Context = { where: 'none', op: '', operand: 0, beforeEquals: false, wordStart: character };
  const prefix = text.slice(0, character);
  if (prefix.startsWith('*') || prefix.startsWith('.*')) return none;
  let wordStart = character;
  while (wordStart > 0 && isSymbolChar(prefix[wordStart - 1])) wordStart--;
  let i = 0;
  if (!isBlank(prefix[0]) && prefix.length > 0) {
    while (i < prefix.length && !isBlank(prefix[i]) && prefix[i] !== ';') i++;
    if (i === prefix.length) return none; // typing a label
    if (prefix[i] === ';') return none;
  }
  while (isBlank(prefix[i])) i++;
  const opStart = i;
  while (i < prefix.length && !isBlank(prefix[i]) && prefix[i] !== ';') i++;
  if (i === prefix.length) return { ...none, where: 'op', wordStart: opStart };
  if (prefix[i] === ';') return none;
  const op = prefix.slice(opStart, i).toUpperCase();
  while (isBlank(prefix[i])) i++;
  const operandsStart = i;
  // the operand field ends at the first blank outside quotes: after it comes a remark
  while (i < prefix.length) {
    const ch = prefix[i];
    if (ch === "'" && !isAttributeQuote(prefix, i)) {
      const after = skipString(prefix, i);
      if (after < 0) return none; // inside a string
      i = after;
      continue;
    }
    if (isBlank(ch) || ch === ';') return none;
    i++;
  }
  const fields = splitOperands({ text: prefix.slice(operandsStart), column: operandsStart + 1, endColumn: prefix.length + 1 });
  const current = fields[fields.length - 1]?.text ?? '';
  const eq = /^([A-Za-z@#$_][A-Za-z0-9@#$_.]*)(?:\([^)]*\))?[&!]?=/.exec(current);
  return {
    where: 'operand',
    op,
    operand: Math.max(0, fields.length - 1),
    ...(eq ? { keyword: (eq[1] ?? '').toUpperCase() } : {}),
    beforeEquals: !current.includes('='),
    wordStart,
  };
}

const pad = (n: number) => String(n).padStart(3, '0');

function symbolItems(a: Analysis | undefined, filter: (s: ImageSymbol) => boolean, rank = 5): CompletionItem[] {
  if (!a) return [];
  return a.result.image.symbols
    .filter((s) => !a.isCopybookSymbol(s) && filter(s))
    .map((s) => ({
      label: s.name,
      kind: s.kind === 'equ' ? ('equ' as const) : ('label' as const),
      detail: `${s.kind === 'equ' ? 'EQU' : 'label'} X'${hex(s.value, s.value > 0xffff ? 8 : 4)}', length ${s.length}`,
      documentation: s.loc.file === a.file ? `defined at line ${s.loc.line}` : `defined at ${s.loc.file}:${s.loc.line}`,
      sortText: `${rank}${s.name}`,
    }));
}

function labelsOf(a: Analysis | undefined, kinds: readonly string[], rank: number): CompletionItem[] {
  if (!a) return [];
  const kindOf = new Map<string, string>();
  for (const c of a.result.image.chunks) if (c.label) kindOf.set(c.label, c.kind);
  return symbolItems(a, (s) => kinds.includes(kindOf.get(s.name) ?? ''), rank);
}

function flagItems(): CompletionItem[] {
  return ccwFlags().map((f, i) => ({ label: f.name, kind: 'flag', detail: `CCW flag X'${hex(f.value, 2)}'`, documentation: f.meaning, sortText: `1${pad(i)}` }));
}

/** Command-code names: those the program's COPY statements defined, else every copybook's (with where they come from). */
function commandItems(a: Analysis | undefined): CompletionItem[] {
  const copied = a ? a.result.image.symbols.filter((s) => a.isCopybookSymbol(s)).map((s) => s.name) : [];
  const entries = allCopybookEntries().filter((e) => e.command && (copied.length === 0 || copied.includes(e.name)));
  const seen = new Set<string>();
  const out: CompletionItem[] = [];
  for (const e of entries) {
    if (seen.has(e.name)) continue;
    seen.add(e.name);
    const books = copybookEntries(e.name).map((b) => b.copybook).join(', ');
    out.push({
      label: e.name,
      kind: 'command',
      detail: `X'${hex(e.value, 2)}' ${e.meaning}`,
      documentation: copied.length ? `COPY ${books}` : `COPY ${books} defines it: add \`COPY ${books.split(', ')[0]}\` above`,
      sortText: `0${e.name}`,
    });
  }
  return out;
}

function operandItems(a: Analysis | undefined, c: Context): CompletionItem[] {
  const all = () => [...symbolItems(a, () => true), ...flagItems()];
  switch (c.op) {
    case 'CCW':
    case 'CCW0':
    case 'CCW1':
      if (c.operand === 0) return [...commandItems(a), ...symbolItems(a, (s) => s.kind === 'equ', 6)];
      if (c.operand === 1) return [...labelsOf(a, ['data'], 0), ...labelsOf(a, ['idaw1', 'idaw2', 'midaw', 'ccw0', 'ccw1'], 1), ...symbolItems(a, () => true, 7)];
      if (c.operand === 2) return flagItems();
      return symbolItems(a, () => true);
    case 'ORB':
      if (c.beforeEquals) {
        return orbKeywords().map((k, i) => ({ label: k.keyword, kind: 'keyword', detail: `ORB ${k.field} (${k.bits})`, documentation: k.doc, insertText: `${k.keyword}=`, sortText: `0${pad(i)}` }));
      }
      if (c.keyword === 'CPA') return [...labelsOf(a, ['ccw0', 'ccw1'], 0), ...symbolItems(a, () => true, 7)];
      return symbolItems(a, () => true);
    case 'EXPECT': {
      if (c.beforeEquals) {
        return [...EXPECT_FIELDS.values()].map((f, i) => ({
          label: f.name,
          kind: 'field',
          detail: f.doc,
          insertText: f.args === 'range' ? `${f.name}(` : `${f.name}=`,
          sortText: `0${pad(i)}`,
        }));
      }
      const names = c.keyword ? expectField(c.keyword)?.names : undefined;
      const own = Object.entries(names ?? {}).map(([n, v], i): CompletionItem => ({ label: n, kind: 'value', detail: `${c.keyword} X'${hex(v, 2)}'`, sortText: `0${pad(i)}` }));
      return [...own, ...symbolItems(a, () => true)];
    }
    case 'COPY':
      return c.operand === 0 ? BUILTIN_COPYBOOKS.map((b) => ({ label: b, kind: 'copybook', detail: `built-in copybook: ${b === 'ECKD' ? 'ECKD DASD command codes and parameters' : 'unit-record command codes'}` })) : [];
    case 'PATH':
      return [
        { label: 'vfio', kind: 'value', detail: 'through the vfio-ccw mediated device (default)' },
        { label: 'direct', kind: 'value', detail: 'straight to the channel subsystem' },
      ];
    case 'CODEPAGE':
      return [
        { label: '037', kind: 'value', detail: 'EBCDIC code page 037 (default)' },
        { label: '1047', kind: 'value', detail: 'EBCDIC code page 1047' },
      ];
    case 'DEVICE':
    case 'STORAGE':
    case 'TITLE':
    case 'PRINT':
    case 'SPACE':
    case 'EJECT':
      return [];
    default: {
      if (c.operand === 0 && ['SSCH', 'WAIT', 'TSCH', 'HSCH', 'CSCH', 'RSCH', 'XSCH', 'STSCH', 'MSCH', 'AWAIT', 'IPL', 'VFIO', 'FAULT'].includes(c.op)) {
        return (a?.result.image.devices ?? []).map((d) => ({ label: hex(d.devno, 4), kind: 'device', detail: `DEVICE ${hex(d.devno, 4)},${d.type}` }));
      }
      if (c.op === 'SSCH' && c.operand === 1) return [...labelsOf(a, ['orb'], 0), ...symbolItems(a, () => true, 7)];
      const words = OPERATION_WORDS[c.op];
      if (words && c.beforeEquals) return [...words.map((w): CompletionItem => ({ label: w, kind: 'value', detail: `${c.op} ${w}`, sortText: `0${w}` })), ...symbolItems(a, () => true)];
      return all();
    }
  }
}

/**
 * Completions at a 0-based position. `lineText` is the line as the editor has it now (it may
 * be newer than the analysis, which only supplies the symbols).
 */
export function completionsAt(a: Analysis | undefined, pos: Position, lineText?: string): CompletionList {
  const text = lineText ?? a?.lines[pos.line] ?? '';
  let end = pos.character;
  while (isSymbolChar(text[end])) end++;
  try {
    const c = contextAt(text, pos.character);
    const items: CompletionItem[] =
      c.where === 'op'
        ? operations().map((o, i) => ({ label: o.name, kind: 'operation', detail: o.syntax, documentation: o.doc, sortText: `${o.cls === 'listing' ? 9 : 0}${pad(i)}` }))
        : c.where === 'operand'
          ? operandItems(a, c)
          : [];
    const seen = new Set<string>();
    // the first (best ranked) item of a name wins: a label may be offered by several lists
    const unique = items.filter((i) => !seen.has(i.label) && seen.add(i.label) !== undefined);
    return { range: range(pos.line, c.wordStart, end), items: unique };
  } catch {
    return { range: range(pos.line, pos.character, pos.character), items: [] };
  }
}
