/**
 * The TextMate grammar for .ccw (syntaxes/ccw.tmLanguage.json), checked token by token with the
 * engine VS Code uses (vscode-textmate on oniguruma). Expectations come from LANGUAGE.md (the
 * language contract); scope names are the conventions in syntaxes/README.md.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, test } from 'vitest';
import { CCW_FLAGS, DEVICE_STATUS, SUBCHANNEL_STATUS } from '../../../src/arch';
import { BUILTIN_COPYBOOKS } from '../../../src/asm/copybooks';
import { ERRNO, EXPECT_FIELDS, FSM_STATE_NAMES } from '../../../src/asm/expectFields';
import { LANGUAGE_EXAMPLE as LANGUAGE_EXAMPLE_TEXT } from '../../helpers/languageExample';
import { KNOWN_OPS } from '../../../src/asm/statements';
import { PREDEFINED_FLAGS } from '../../../src/asm/symbols';
import { GRAMMAR_PATH, LANGUAGE_CONFIGURATION_PATH, loadCcwGrammar, type CcwTokenizer, type Token } from './textmate';

let ccw: CcwTokenizer;
beforeAll(async () => {
  ccw = await loadCcwGrammar();
});

// ------------------------------------------------------------------ helpers

const LABEL = 'entity.name.function.label.ccw';
const STORAGE_OP = 'storage.type.storage.ccw';
const CONFIGURATION_OP = 'support.function.configuration.ccw';
const DRIVER_OP = 'keyword.control.driver.ccw';
const LISTING_OP = 'keyword.other.listing.ccw';
const STRING = 'string.quoted.single.ccw';
const UNTERMINATED = 'invalid.illegal.unterminated-string.ccw';
const REMARKS = 'comment.line.remarks.ccw';
const SEMICOLON_COMMENT = 'comment.line.semicolon.ccw';
const SYMBOL = 'variable.other.symbol.ccw';
const DECIMAL = 'constant.numeric.decimal.ccw';
const HEX = 'constant.numeric.hex.ccw';
const DEVNO = 'constant.numeric.hex.devno.ccw';
const FLAG = 'support.constant.flag.ccw';
const STATUS = 'support.constant.status.ccw';
const FIELD = 'support.variable.field.ccw';
const KEYWORD = 'variable.parameter.keyword.ccw';
const ASSIGN = 'keyword.operator.assignment.ccw';
const COMPARE = 'keyword.operator.comparison.ccw';
const ARITHMETIC = 'keyword.operator.arithmetic.ccw';

/** Which occurrence of a text in a line: 0 for the first, 'last' for the last. */
type Nth = number | 'last';

function indexOfNth(line: string, text: string, nth: Nth): number {
  if (nth === 'last') {
    const at = line.lastIndexOf(text);
    if (at < 0) throw new Error(`"${text}" does not occur in: ${line}`);
    return at;
  }
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = line.indexOf(text, at + 1);
    if (at < 0) throw new Error(`"${text}" occurs fewer than ${nth + 1} times in: ${line}`);
  }
  return at;
}

/**
 * The tokens that make up the nth occurrence of `text` in `line`. Fails unless token boundaries
 * fall exactly on the start and end of `text`, so a test also pins how the line is split.
 */
function span(line: string, text: string, nth: Nth = 0): Token[] {
  const start = indexOfNth(line, text, nth);
  const end = start + text.length;
  const tokens = ccw.line(line);
  const inside = tokens.filter((t) => t.start >= start && t.end <= end);
  const covered = inside.reduce((n, t) => n + (t.end - t.start), 0);
  if (covered !== text.length) {
    const around = tokens.filter((t) => t.end > start && t.start < end).map((t) => JSON.stringify(t.text));
    throw new Error(`"${text}" is not on token boundaries in: ${line}\n  overlapping tokens: ${around.join(' ')}`);
  }
  return inside;
}

/** Scopes of the single token that is exactly the nth occurrence of `text`. */
function scopes(line: string, text: string, nth: Nth = 0): string[] {
  const tokens = span(line, text, nth);
  if (tokens.length !== 1) {
    throw new Error(`"${text}" is ${tokens.length} tokens (${tokens.map((t) => JSON.stringify(t.text)).join(' ')}) in: ${line}`);
  }
  return tokens[0]!.scopes;
}

/** Every token of the nth occurrence of `text` carries `scope`. */
function expectSpan(line: string, text: string, scope: string, nth: Nth = 0): void {
  for (const t of span(line, text, nth)) {
    expect(t.scopes, `token ${JSON.stringify(t.text)} of "${text}"`).toContain(scope);
  }
}

/** `text` is exactly one quoted string: every token is a string, with one opening and one closing quote. */
function expectOneString(line: string, text: string): void {
  expectSpan(line, text, STRING);
  const quotes = span(line, text).filter((t) => t.scopes.some((s) => s.startsWith('punctuation.definition.string')));
  expect(quotes.map((q) => q.scopes.find((s) => s.startsWith('punctuation.definition.string')))).toEqual([
    'punctuation.definition.string.begin.ccw',
    'punctuation.definition.string.end.ccw',
  ]);
}

const hasScope = (tokens: Token[], prefix: string) =>
  tokens.filter((t) => t.scopes.some((s) => s === prefix || s.startsWith(`${prefix}.`)));

// ------------------------------------------------------------------ Lines

describe('Lines (LANGUAGE.md "Lines")', () => {
  test('a label starts in column 1', () => {
    const line = 'READ     ORB   CPA=CHAIN,FMT=1,KEY=0';
    expect(scopes(line, 'READ')).toContain(LABEL);
    expect(scopes(line, 'ORB')).toContain(STORAGE_OP);
  });

  test('a line that starts with blanks has no label', () => {
    const line = '         SSCH  0190,READ';
    expect(hasScope(ccw.line(line), 'entity.name')).toEqual([]);
    expect(scopes(line, 'SSCH')).toContain(DRIVER_OP);
    expect(scopes(line, 'SSCH')).not.toContain(LABEL);
  });

  test('a word in column 1 is a label even when it is spelled like an operation', () => {
    const line = 'SSCH     DS    F';
    expect(scopes(line, 'SSCH')).toContain(LABEL);
    expect(scopes(line, 'SSCH')).not.toContain(DRIVER_OP);
    expect(scopes(line, 'DS')).toContain(STORAGE_OP);
  });

  test('a label starts with a letter or @ # $ _, then letters, digits, @ # $ _', () => {
    for (const label of ['@A#1$_X', '#WORK', '$1', '_TMP', 'A1']) {
      expect(scopes(`${label}  DS    F`, label), label).toContain(LABEL);
    }
  });

  test('a label is up to 63 characters; 64 is malformed', () => {
    const ok = 'A'.repeat(63);
    const tooLong = 'A'.repeat(64);
    expect(scopes(`${ok} DS F`, ok)).toContain(LABEL);
    expect(scopes(`${tooLong} DS F`, tooLong)).toContain('invalid.illegal.label.ccw');
  });

  test('a label that does not start with a letter or @ # $ _ is malformed', () => {
    const line = '1BAD     EQU   1';
    expect(scopes(line, '1BAD')).toContain('invalid.illegal.label.ccw');
    expect(scopes(line, 'EQU')).toContain(STORAGE_OP);
  });

  test('a label spelled like a predefined CCW flag name is an error (LANGUAGE.md: predefined names cannot be redefined)', () => {
    for (const flag of ['CD', 'CC', 'SLI', 'SKIP', 'PCI', 'IDA', 'S', 'SUSP', 'MIDA', 'sli']) {
      expect(scopes(`${flag.padEnd(9)}EQU   1`, flag), flag).toContain('invalid.illegal.label.ccw');
    }
    // ... but a longer name that merely starts like one is an ordinary label
    expect(scopes('CCWS     DS    F', 'CCWS')).toContain(LABEL);
  });

  test('a label alone on a line is still scoped as a label', () => {
    expect(scopes('LONE', 'LONE')).toContain(LABEL);
    expect(scopes('LONE   ; nothing else', 'LONE')).toContain(LABEL);
  });

  test('* in column 1 makes the whole line a comment, quotes and ; included', () => {
    const line = "*  Read the volume label; it's VOL1";
    const tokens = ccw.line(line);
    for (const t of tokens) expect(t.scopes).toContain('comment.line.asterisk.ccw');
    expect(scopes(line, '*')).toContain('punctuation.definition.comment.ccw');
    expect(hasScope(tokens, 'string')).toEqual([]);
  });

  test(".* in column 1 is a comment line too (HLASM's internal comment, as the assembler accepts)", () => {
    const line = ".* not in the listing; it's fine";
    for (const t of ccw.line(line)) expect(t.scopes).toContain('comment.line.asterisk.ccw');
  });

  test('* outside column 1 is the location counter, not a comment', () => {
    const line = 'HERE     EQU   *';
    expect(scopes(line, '*')).toContain('variable.language.location-counter.ccw');
    expect(hasScope(ccw.line(line), 'comment')).toEqual([]);
  });

  test('; outside quotes starts a comment', () => {
    const line = '         SSCH  0190,READ;start it';
    expect(scopes(line, 'READ')).toContain(SYMBOL);
    expectSpan(line, ';start it', SEMICOLON_COMMENT);
    expect(scopes(line, ';')).toContain('punctuation.definition.comment.ccw');
  });

  test('; starts a comment in column 1, after blanks, and after the remarks blank', () => {
    expectSpan('; a note', '; a note', SEMICOLON_COMMENT);
    expectSpan('         ; a note', '; a note', SEMICOLON_COMMENT);
    expectSpan('LABEL    DS    F   ; a note', '; a note', SEMICOLON_COMMENT);
  });

  test('; inside quotes is part of the string', () => {
    const line = "         TITLE 'A; B'";
    expectSpan(line, "'A; B'", STRING);
    expect(hasScope(ccw.line(line), 'comment')).toEqual([]);
  });

  test('after the operands, the first blank starts the remarks', () => {
    const line = '         CCW1  RDDATA,LABEL,SLI,80   read the label';
    expect(scopes(line, 'read the label')).toContain(REMARKS);
    expect(scopes(line, 'LABEL')).toContain(SYMBOL);
    expect(scopes(line, '80')).toContain(DECIMAL);
  });

  test('remarks are free text: quotes and flag names in them are not operands', () => {
    const line = "         SSCH  0190,READ it's CC+SLI here";
    expect(scopes(line, "it's CC+SLI here")).toContain(REMARKS);
    expect(hasScope(ccw.line(line), 'invalid')).toEqual([]);
    expect(hasScope(ccw.line(line), FLAG)).toEqual([]);
  });

  test("a blank inside quotes does not end the operands (C'A B')", () => {
    const line = "         DC    C'A B',X'00' remark";
    expectSpan(line, "C'A B'", STRING);
    expect(scopes(line, 'remark')).toContain(REMARKS);
  });

  test('an operation that takes no operands treats the rest as remarks', () => {
    expect(scopes('         TPI   any interruption', 'any interruption')).toContain(REMARKS);
    expect(scopes('         EJECT new page', 'new page')).toContain(REMARKS);
  });

  test('tabs separate fields like blanks', () => {
    const line = 'LBL\tWAIT\t0190\tremark';
    expect(scopes(line, 'LBL')).toContain(LABEL);
    expect(scopes(line, 'WAIT')).toContain(DRIVER_OP);
    expect(scopes(line, '0190')).toContain(DEVNO);
    expect(scopes(line, 'remark')).toContain(REMARKS);
  });

  test('operations, keywords and names are case-insensitive', () => {
    const a = '         ccw1  rddata,label,cc+sli,80';
    expect(scopes(a, 'ccw1')).toContain(STORAGE_OP);
    expect(scopes(a, 'cc', 'last')).toContain(FLAG);
    expect(scopes(a, 'sli')).toContain(FLAG);
    const b = '         Expect dstat=ce+de,Cc=0';
    expect(scopes(b, 'Expect')).toContain(DRIVER_OP);
    expect(scopes(b, 'dstat')).toContain(FIELD);
    expect(scopes(b, 'ce')).toContain(STATUS);
    expect(scopes(b, 'Cc')).toContain(FIELD);
    expect(scopes('         path  VFIO', 'VFIO')).toContain('support.constant.path.ccw');
    expect(scopes('         PATH  vfio', 'vfio')).toContain('support.constant.path.ccw');
    expect(scopes("         dc    xl2'0a0b'", 'x')).toContain('storage.type.constant.ccw');
    expectSpan("         dc    xl2'0a0b'", "xl2'0a0b'", HEX);
  });
});

// ------------------------------------------------------------------ operation classes

describe('Operations are scoped by class so themes colour them apart', () => {
  const classes: Array<[string, string, string[]]> = [
    ['storage statements', STORAGE_OP, ['ORG', 'EQU', 'DC', 'DS', 'CCW', 'CCW0', 'CCW1', 'IDAW1', 'IDAW2', 'MIDAW', 'ORB']],
    ['configuration statements', CONFIGURATION_OP, ['DEVICE', 'PATH', 'CODEPAGE', 'STORAGE', 'COPY']],
    [
      'driver statements',
      DRIVER_OP,
      ['SSCH', 'WAIT', 'TSCH', 'HSCH', 'CSCH', 'RSCH', 'XSCH', 'STSCH', 'MSCH', 'SSKE', 'STORE', 'DELAY', 'AWAIT',
        'TPI', 'STCRW', 'IPL', 'EXPECT', 'VFIO', 'FAULT', 'END'],
    ],
    ['listing controls', LISTING_OP, ['TITLE', 'PRINT', 'SPACE', 'EJECT']],
  ];

  for (const [name, scope, ops] of classes) {
    test.each(ops)(`${name}: %s is ${scope}, in upper and lower case, with and without a label`, (op) => {
      expect(scopes(`         ${op}`, op)).toContain(scope);
      expect(scopes(`         ${op.toLowerCase()}   remark`, op.toLowerCase())).toContain(scope);
      expect(scopes(`LBL      ${op}`, op)).toContain(scope);
      expect(scopes(`         ${op};comment`, op)).toContain(scope);
    });
  }

  test('the four class scopes differ in their first two segments, which is what themes select on', () => {
    const heads = [STORAGE_OP, CONFIGURATION_OP, DRIVER_OP, LISTING_OP].map((s) => s.split('.').slice(0, 2).join('.'));
    expect(new Set(heads).size).toBe(4);
  });

  test('an operation name is a whole word: CCWX and SSCHED are not operations', () => {
    expect(scopes('         CCWX  1', 'CCWX')).toContain('keyword.other.unknown.ccw');
    expect(scopes('         SSCHED 1', 'SSCHED')).toContain('keyword.other.unknown.ccw');
  });

  test('an unknown operation gets a neutral scope and its operands are still scoped', () => {
    const line = '         FOO   LABEL,1   remark';
    expect(scopes(line, 'FOO')).toContain('keyword.other.unknown.ccw');
    expect(scopes(line, 'LABEL')).toContain(SYMBOL);
    expect(scopes(line, 'remark')).toContain(REMARKS);
  });
});

// ------------------------------------------------------------------ terms and strings

describe('Self-defining terms and strings (LANGUAGE.md "Expressions", "Storage statements")', () => {
  test("a quote inside a string is written twice: C'IT''S' is one string", () => {
    const line = "MSG      DC    C'IT''S',X'00'";
    expectOneString(line, "C'IT''S'");
    expect(scopes(line, "''")).toContain('constant.character.escape.quote.ccw');
    expect(scopes(line, 'X')).toContain('storage.type.constant.ccw');
  });

  test("C'''' is a one-character string holding a quote; C'' is empty", () => {
    expectOneString("         DC    C''''", "C''''");
    expect(scopes("         DC    C''''", "''", 1)).toContain('constant.character.escape.quote.ccw');
    expectOneString("         DC    C''", "C''");
    expectOneString("         TITLE 'IT''S'", "'IT''S'");
  });

  test('an unterminated string is malformed to the end of the line', () => {
    expectSpan("         DC    C'ABC remark", "C'ABC remark", UNTERMINATED);
    expectSpan("         DEVICE 0190,3390,IMAGE='vol.3390", "'vol.3390", UNTERMINATED);
    // the last quote pair is a doubled quote, so the string never closes
    expectSpan("         DC    C'AB''", "C'AB''", UNTERMINATED);
    expectSpan("         DC    X'00", "X'00", UNTERMINATED);
  });

  test("EBCDIC C'..' and ASCII CA'..' text are strings", () => {
    const line = "         DC    C'VOL1',CA'vol1'";
    expectSpan(line, "C'VOL1'", STRING);
    expectSpan(line, "CA'vol1'", STRING);
    expect(scopes(line, 'CA')).toContain('storage.type.constant.ccw');
  });

  test("X'..' is a hex constant, B'..' a binary one, F/H/FD'..' decimal", () => {
    const line = "         DC    X'1F',B'1010',F'100',H'-1',FD'8'";
    expectSpan(line, "X'1F'", HEX);
    expectSpan(line, "B'1010'", 'constant.numeric.binary.ccw');
    expectSpan(line, "F'100'", DECIMAL);
    expectSpan(line, "H'-1'", DECIMAL);
    expectSpan(line, "FD'8'", DECIMAL);
  });

  test("a character that is not a hex digit in X'..' (or a binary digit in B'..') is malformed", () => {
    expect(scopes("         DC    X'0G'", 'G')).toContain('invalid.illegal.hex-digit.ccw');
    expect(scopes("         DC    B'102'", '2', 0)).toContain('invalid.illegal.binary-digit.ccw');
    expect(hasScope(ccw.line("         DC    X'00C00000'"), 'invalid')).toEqual([]);
  });

  test("duplication factor and explicit length: 3X'00', CL80'HI', XL12'0E'", () => {
    const line = "         DC    3X'00',CL80'HI',XL12'0E'";
    expect(scopes(line, '3')).toContain('constant.numeric.decimal.duplication.ccw');
    expectSpan(line, "3X'00'", HEX);
    expect(scopes(line, 'L80')).toContain('storage.modifier.length.ccw');
    expectSpan(line, "CL80'HI'", STRING);
    expect(scopes(line, 'L12')).toContain('storage.modifier.length.ccw');
    expectSpan(line, "XL12'0E'", HEX);
    expect(hasScope(ccw.line(line), SYMBOL)).toEqual([]);
  });

  test('DS types without a nominal value: CL80, 0D, 3F', () => {
    const line = '         DS    CL80,0D,3F';
    expect(scopes(line, 'C')).toContain('storage.type.constant.ccw');
    expect(scopes(line, 'L80')).toContain('storage.modifier.length.ccw');
    expect(scopes(line, '0', 'last')).toContain('constant.numeric.decimal.duplication.ccw');
    expect(scopes(line, 'D', 'last')).toContain('storage.type.constant.ccw');
    expect(scopes(line, 'F')).toContain('storage.type.constant.ccw');
    expect(hasScope(ccw.line(line), SYMBOL)).toEqual([]);
  });

  test('address constants A(..), AL3(..), AD(..), Y(..) take expressions', () => {
    const line = '         DC    A(LABEL+4),AL3(*),AD(0),Y(L\'LABEL)';
    expect(scopes(line, 'A')).toContain('storage.type.constant.ccw');
    expect(scopes(line, 'LABEL')).toContain(SYMBOL);
    expect(scopes(line, 'L3')).toContain('storage.modifier.length.ccw');
    expect(scopes(line, '*')).toContain('variable.language.location-counter.ccw');
    expect(scopes(line, 'AD')).toContain('storage.type.constant.ccw');
    expect(scopes(line, 'Y')).toContain('storage.type.constant.ccw');
  });

  test("self-defining terms in expressions outside DC: ORG X'2000', STORE addr,X'00'", () => {
    expectSpan("         ORG   X'2000'", "X'2000'", HEX);
    expectSpan("         STORE CHAIN+4,X'00'", "X'00'", HEX);
    expectSpan("         EQU   C'A'", "C'A'", STRING);
  });
});

// ------------------------------------------------------------------ expressions

describe('Expressions (LANGUAGE.md "Expressions")', () => {
  test('decimal numbers, symbols and + - * / with parentheses', () => {
    const line = 'SIZE     EQU   (END-START)*2/4+1';
    expect(scopes(line, 'END')).toContain(SYMBOL);
    expect(scopes(line, 'START')).toContain(SYMBOL);
    expect(scopes(line, '-')).toContain(ARITHMETIC);
    expect(scopes(line, '*')).toContain(ARITHMETIC);
    expect(scopes(line, '/')).toContain(ARITHMETIC);
    expect(scopes(line, '+')).toContain(ARITHMETIC);
    expect(scopes(line, '2')).toContain(DECIMAL);
    expect(scopes(line, '(')).toContain('punctuation.section.parens.begin.ccw');
    expect(scopes(line, ')')).toContain('punctuation.section.parens.end.ccw');
  });

  test('* is the location counter where an operand or term starts, multiplication after a term', () => {
    const line = 'HERE     EQU   *-LABEL,*+2*3';
    expect(scopes(line, '*', 0)).toContain('variable.language.location-counter.ccw');
    expect(scopes(line, '*', 1)).toContain('variable.language.location-counter.ccw');
    expect(scopes(line, '*', 2)).toContain(ARITHMETIC);
  });

  test("L'sym is the length attribute", () => {
    const line = "LEN      EQU   L'LABEL,L'*";
    expect(scopes(line, "L'", 0)).toContain('keyword.operator.attribute.ccw');
    expect(scopes(line, 'LABEL')).toContain(SYMBOL);
    expect(scopes(line, '*')).toContain('variable.language.location-counter.ccw');
    expect(hasScope(ccw.line(line), 'invalid')).toEqual([]);
    expect(hasScope(ccw.line(line), 'string')).toEqual([]);
  });

  test('a number with letters that are not hex digits is malformed', () => {
    expect(scopes('         DELAY 12XY', '12XY')).toContain('invalid.illegal.number.ccw');
  });
});

// ------------------------------------------------------------------ operands

describe('Operands', () => {
  test('keyword operands KEY=value: the keyword, the =, the value', () => {
    const line = 'READ     ORB   CPA=CHAIN,FMT=1,KEY=0,LPM=X\'80\'';
    expect(scopes(line, 'CPA')).toContain(KEYWORD);
    expect(scopes(line, '=', 0)).toContain(ASSIGN);
    expect(scopes(line, 'CHAIN')).toContain(SYMBOL);
    expect(scopes(line, 'FMT')).toContain(KEYWORD);
    expect(scopes(line, 'KEY')).toContain(KEYWORD);
    expectSpan(line, "X'80'", HEX);
  });

  test('ORB flag letters and aliases are keywords, not CCW flags: S=1, SUSP=1, MIDA=1', () => {
    const line = '         ORB   CPA=C,S=1,SUSP=1,MIDA=1';
    const tokens = ccw.line(line);
    const keywords = tokens.filter((t) => t.scopes.includes(KEYWORD)).map((t) => t.text);
    expect(keywords).toEqual(['CPA', 'S', 'SUSP', 'MIDA']);
    expect(hasScope(tokens, FLAG)).toEqual([]);
  });

  test.each(['CD', 'CC', 'SLI', 'SKIP', 'PCI', 'IDA', 'S', 'SUSP', 'MIDA'])(
    'the predefined CCW flag name %s is a constant',
    (flag) => {
      const line = `         CCW1  RDDATA,LABEL,${flag},80`;
      expect(scopes(line, flag, 'last')).toContain(FLAG);
    },
  );

  test('flag names combine with + (CC+SLI), and a longer symbol is not a flag', () => {
    const line = '         CCW1  RDDATA,CCBUF,CC+SLI,80';
    expect(scopes(line, 'CC', 'last')).toContain(FLAG);
    expect(scopes(line, '+')).toContain(ARITHMETIC);
    expect(scopes(line, 'SLI')).toContain(FLAG);
    expect(scopes(line, 'CCBUF')).toContain(SYMBOL);
  });

  test('DEVICE devno,type: bare hex device number and one-token device type', () => {
    const line = "         DEVICE 0190,3390-3,IMAGE='vol.3390',READONLY=YES";
    expect(scopes(line, '0190')).toContain(DEVNO);
    expect(scopes(line, '3390-3')).toContain('support.type.device.ccw');
    expect(scopes(line, 'IMAGE')).toContain(KEYWORD);
    expectSpan(line, "'vol.3390'", STRING);
    expect(scopes(line, 'YES')).toContain('constant.language.boolean.ccw');
    expect(scopes('         DEVICE 000C,3505', '000C')).toContain(DEVNO);
    expect(scopes('         DEVICE 000C,3505', '3505')).toContain('support.type.device.ccw');
  });

  test('DEVICE options: CHPIDS=(40,41) and SCH= are hex, CU= is a control-unit type, COMPAT=HERCULES', () => {
    const line = '         DEVICE 0190,3390,SCH=000A,CHPIDS=(40,4A),CU=3990,COMPAT=HERCULES,PERSIST=NO';
    expect(scopes(line, '000A')).toContain(HEX);
    expect(scopes(line, '40')).toContain(HEX);
    expect(scopes(line, '4A')).toContain(HEX);
    expect(scopes(line, '3990')).toContain('support.type.device.ccw');
    expect(scopes(line, 'HERCULES')).toContain('support.constant.option.ccw');
    expect(scopes(line, 'NO')).toContain('constant.language.boolean.ccw');
    expect(hasScope(ccw.line(line), 'invalid')).toEqual([]);
  });

  test('PATH vfio / direct, CODEPAGE 1047, STORAGE 64M', () => {
    expect(scopes('         PATH  direct', 'direct')).toContain('support.constant.path.ccw');
    expect(scopes('         CODEPAGE 1047', '1047')).toContain(DECIMAL);
    const storage = '         STORAGE 64M';
    expect(scopes(storage, '64')).toContain(DECIMAL);
    expect(scopes(storage, 'M')).toContain('keyword.other.unit.ccw');
  });

  test('COPY ECKD / UNITREC / TAPE name built-in copybooks; COPY file is a path', () => {
    expect(scopes('         COPY  ECKD', 'ECKD')).toContain('support.class.copybook.ccw');
    expect(scopes('         copy  unitrec', 'unitrec')).toContain('support.class.copybook.ccw');
    const file = '         COPY  ../common/defs.ccw   shared EQUs';
    expect(scopes(file, '../common/defs.ccw')).toContain('string.unquoted.path.ccw');
    expect(scopes(file, 'shared EQUs')).toContain(REMARKS);
    expectSpan("         COPY  'my defs.ccw'", "'my defs.ccw'", STRING);
  });

  test.each(['SSCH  0190,READ', 'WAIT  0190', 'TSCH  0190,IRB', 'HSCH  0190', 'CSCH  0190', 'RSCH  0190',
    'XSCH  0190', 'STSCH 0190,AREA', 'MSCH  0190,ISC=3', 'IPL   0190', 'AWAIT 0190,ACTIVE', 'VFIO  0190,RESET',
    'FAULT 0190,BUSY'])('the first operand of %s is a device number', (statement) => {
    expect(scopes(`         ${statement}`, '0190')).toContain(DEVNO);
  });

  test('WAIT devno,timeout: the timeout is a decimal number', () => {
    const line = '         WAIT  000C,1000';
    expect(scopes(line, '000C')).toContain(DEVNO);
    expect(scopes(line, '1000')).toContain(DECIMAL);
  });

  test('AWAIT states, SSKE FETCH', () => {
    for (const state of ['ACTIVE', 'SUSPENDED', 'PENDING']) {
      expect(scopes(`         AWAIT 0190,${state}`, state)).toContain('support.constant.state.ccw');
    }
    expect(scopes("         SSKE  X'2000',6,FETCH", 'FETCH')).toContain('support.constant.option.ccw');
  });

  test('VFIO operations and regions; FCTL=HALT names a function', () => {
    const line = '         VFIO  0190,WRITEIO,ORB1,FCTL=HALT';
    expect(scopes(line, 'WRITEIO')).toContain('support.constant.vfio.ccw');
    expect(scopes(line, 'ORB1')).toContain(SYMBOL);
    expect(scopes(line, 'FCTL')).toContain(KEYWORD);
    expect(scopes(line, 'HALT')).toContain(STATUS);
    expect(scopes('         VFIO  0190,READ,SCHIB,AREA', 'SCHIB')).toContain('support.constant.vfio.ccw');
  });

  test('FAULT kinds, CHPID=40 as the target, errno names for VFIO faults', () => {
    const sense = "         FAULT 0190,UNITCHECK,SENSE=X'1000'";
    expect(scopes(sense, 'UNITCHECK')).toContain('support.constant.fault.ccw');
    expect(scopes(sense, 'SENSE')).toContain(KEYWORD);
    expectSpan(sense, "X'1000'", HEX);
    const chpid = '         FAULT CHPID=40,OFFLINE';
    expect(scopes(chpid, 'CHPID')).toContain(KEYWORD);
    expect(scopes(chpid, '40')).toContain(HEX);
    expect(scopes(chpid, 'OFFLINE')).toContain('support.constant.fault.ccw');
    const vfio = '         FAULT 0190,VFIO,EAGAIN';
    expect(scopes(vfio, 'VFIO')).toContain('support.constant.fault.ccw');
    expect(scopes(vfio, 'EAGAIN')).toContain('support.constant.errno.ccw');
  });

  test('TITLE takes a string, PRINT its options, SPACE a number', () => {
    expectSpan("         TITLE 'Read VOL1'", "'Read VOL1'", STRING);
    expect(scopes('         PRINT ON,NOGEN', 'NOGEN')).toContain('support.constant.option.ccw');
    expect(scopes('         SPACE 2', '2')).toContain(DECIMAL);
  });
});

// ------------------------------------------------------------------ EXPECT

describe('EXPECT (LANGUAGE.md "Expectations")', () => {
  test.each(['CC', 'RET', 'PGM', 'KEY', 'FCTL', 'ACTL', 'STCTL', 'CPA', 'DSTAT', 'SCHSTAT', 'COUNT', 'ERW', 'LPUM',
    'INTPARM', 'CRW', 'FSM'])('%s is an EXPECT field', (field) => {
    const line = `         EXPECT ${field}=0`;
    expect(scopes(line, field)).toContain(FIELD);
    expect(scopes(line, '=')).toContain(COMPARE);
  });

  test.each(['ECW(0)', 'ECW(0,4)', 'SENSE(0)', 'SENSE(0,2)', 'MEM(LABEL,4)', 'SCHIB(0,4)'])(
    '%s: an indexed EXPECT field',
    (field) => {
      const line = `         EXPECT ${field}=X'00'`;
      const name = field.slice(0, field.indexOf('('));
      expect(scopes(line, name)).toContain(FIELD);
      expect(scopes(line, '(')).toContain('punctuation.section.parens.begin.ccw');
      expect(scopes(line, '=')).toContain(COMPARE);
      expectSpan(line, "X'00'", HEX);
    },
  );

  test('SCSW.x and PMCW.x name one bit or field', () => {
    const bit = '         EXPECT SCSW.S=1';
    expect(scopes(bit, 'SCSW')).toContain(FIELD);
    expect(scopes(bit, '.')).toContain('punctuation.accessor.ccw');
    expect(scopes(bit, 'S', 'last')).toContain('variable.other.member.ccw');
    expect(scopes(bit, 'S', 'last')).not.toContain(FLAG);
    const line = '         EXPECT SCSW.DCC=0,PMCW.LPM=X\'80\'';
    expect(scopes(line, 'DCC')).toContain('variable.other.member.ccw');
    expect(scopes(line, 'PMCW')).toContain(FIELD);
    expect(scopes(line, 'LPM')).toContain('variable.other.member.ccw');
  });

  test('names joined with +: DSTAT=CE+DE', () => {
    const line = '         EXPECT CC=0,DSTAT=CE+DE,SCHSTAT=0';
    expect(scopes(line, 'CE')).toContain(STATUS);
    expect(scopes(line, '+')).toContain(ARITHMETIC);
    expect(scopes(line, 'DE', 0)).toContain(STATUS);
    expect(scopes(line, 'SCHSTAT')).toContain(FIELD);
  });

  test('DSTAT&=UC (at least) and DSTAT!=UC (not equal) are comparisons', () => {
    expect(scopes('         EXPECT DSTAT&=UC', '&=')).toContain(COMPARE);
    expect(scopes('         EXPECT DSTAT!=UC', '!=')).toContain(COMPARE);
    expect(scopes('         EXPECT DSTAT!=UC', 'UC')).toContain(STATUS);
  });

  const statusNames: Array<[string, string[]]> = [
    ['DSTAT', ['ATTN', 'SM', 'CUE', 'BUSY', 'CE', 'DE', 'UC', 'UX']],
    ['SCHSTAT', ['PCI', 'IL', 'PGMCHK', 'PROTCHK', 'CDC', 'CCC', 'ICC', 'CHAINCHK']],
    ['FCTL', ['START', 'HALT', 'CLEAR']],
    ['ACTL', ['RESPEND', 'STARTPEND', 'HALTPEND', 'CLEARPEND', 'SCHACT', 'DEVACT', 'SUSP']],
    ['STCTL', ['ALERT', 'INTER', 'PRIM', 'SEC', 'PEND']],
  ];
  for (const [field, names] of statusNames) {
    test.each(names)(`${field}=%s is a status name`, (name) => {
      expect(scopes(`         EXPECT ${field}=${name}`, name, 'last')).toContain(STATUS);
    });
  }

  test("each field's own names come first: SCHSTAT=PCI and ACTL=SUSP are status, not CCW flags", () => {
    expect(scopes('         EXPECT SCHSTAT=PCI', 'PCI')).toContain(STATUS);
    expect(scopes('         EXPECT SCHSTAT=PCI', 'PCI')).not.toContain(FLAG);
    expect(scopes('         EXPECT ACTL=SUSP', 'SUSP')).toContain(STATUS);
    expect(scopes('         CCW1  X,Y,PCI+SUSP,1', 'PCI')).toContain(FLAG);
    expect(scopes('         CCW1  X,Y,PCI+SUSP,1', 'SUSP')).toContain(FLAG);
  });

  test('a status name in another field is not a status: DSTAT=PCI is an ordinary name there', () => {
    expect(scopes('         EXPECT DSTAT=PCI', 'PCI')).not.toContain(STATUS);
  });

  test('RET takes negative errno names or numbers', () => {
    expect(scopes('         EXPECT RET=-EBUSY', '-EBUSY')).toContain('support.constant.errno.ccw');
    expect(scopes('         EXPECT RET=-EINVAL', '-EINVAL')).toContain('support.constant.errno.ccw');
    const number = '         EXPECT RET=-16';
    expect(scopes(number, '-')).toContain(ARITHMETIC);
    expect(scopes(number, '16')).toContain(DECIMAL);
  });

  test('FSM takes mediated-device state names', () => {
    expect(scopes('         EXPECT FSM=CP_PENDING', 'CP_PENDING')).toContain('support.constant.fsm-state.ccw');
    expect(scopes('         EXPECT FSM=IDLE', 'IDLE')).toContain('support.constant.fsm-state.ccw');
  });

  test("MEM(addr,len)=C'...' compares guest storage, with remarks after", () => {
    const line = "         EXPECT MEM(LABEL,4)=C'VOL1'   the label";
    expect(scopes(line, 'MEM')).toContain(FIELD);
    expect(scopes(line, 'LABEL')).toContain(SYMBOL);
    expectSpan(line, "C'VOL1'", STRING);
    expect(scopes(line, 'the label')).toContain(REMARKS);
  });
});

// ------------------------------------------------------------------ agreement with the assembler

describe("The grammar knows the names the assembler knows (src/asm, src/arch tables)", () => {
  const CLASS_SCOPES = [STORAGE_OP, CONFIGURATION_OP, DRIVER_OP, LISTING_OP];

  test.each([...KNOWN_OPS])('the operation %s has a class scope', (op) => {
    const s = scopes(`         ${op}`, op);
    expect(s.filter((x) => CLASS_SCOPES.includes(x)), s.join(' ')).toHaveLength(1);
  });

  test.each(Object.keys(PREDEFINED_FLAGS))('the predefined flag %s is a flag constant and cannot be a label', (flag) => {
    expect(scopes(`         CCW1  A,B,${flag},1`, flag, 'last')).toContain(FLAG);
    expect(scopes(`${flag.padEnd(9)}DS    F`, flag)).toContain('invalid.illegal.label.ccw');
  });

  test('the CCW flag table and the grammar agree on the flag names', () => {
    for (const flag of Object.keys(CCW_FLAGS.names)) expect(Object.keys(PREDEFINED_FLAGS)).toContain(flag);
  });

  test.each([...EXPECT_FIELDS.keys()])('the EXPECT field %s is scoped as a field', (name) => {
    const dot = name.indexOf('.');
    const spec = EXPECT_FIELDS.get(name)!;
    const line = `         EXPECT ${name}${spec.args === 'range' ? '(0,1)' : ''}=0`;
    if (dot < 0) {
      expect(scopes(line, name)).toContain(FIELD);
    } else {
      expect(scopes(line, name.slice(0, dot))).toContain(FIELD);
      expect(scopes(line, name.slice(dot + 1), 'last')).toContain('variable.other.member.ccw');
    }
  });

  const named: Array<[string, string, Readonly<Record<string, number>>]> = [
    ['DSTAT', STATUS, DEVICE_STATUS.names],
    ['SCHSTAT', STATUS, SUBCHANNEL_STATUS.names],
    ['FSM', 'support.constant.fsm-state.ccw', FSM_STATE_NAMES],
  ];
  for (const field of ['FCTL', 'ACTL', 'STCTL']) {
    named.push([field, STATUS, EXPECT_FIELDS.get(field)?.names ?? {}]);
  }
  for (const [field, scope, names] of named) {
    test(`every name the assembler accepts in ${field}= is scoped ${scope}`, () => {
      expect(Object.keys(names).length).toBeGreaterThan(0);
      for (const name of Object.keys(names)) {
        expect(scopes(`         EXPECT ${field}=${name}`, name, 'last'), name).toContain(scope);
      }
    });
  }

  test('every errno name the assembler accepts in RET= is an errno; others are not', () => {
    for (const name of Object.keys(ERRNO)) {
      expect(scopes(`         EXPECT RET=-${name}`, `-${name}`), name).toContain('support.constant.errno.ccw');
    }
    // a name the assembler does not resolve must not look like one it does
    expect(hasScope(ccw.line('         EXPECT RET=-ETIMEDOUT'), 'support.constant.errno')).toEqual([]);
  });

  test.each([...BUILTIN_COPYBOOKS])('COPY %s is a built-in copybook', (name) => {
    expect(scopes(`         COPY  ${name}`, name)).toContain('support.class.copybook.ccw');
  });
});

// ------------------------------------------------------------------ the example

/** The example at the end of LANGUAGE.md, verbatim, one line an element. */
const LANGUAGE_EXAMPLE = LANGUAGE_EXAMPLE_TEXT.split('\n');

describe('The example at the end of LANGUAGE.md', () => {
  test('every line tokenizes without an invalid scope', () => {
    const lines = ccw.lines(LANGUAGE_EXAMPLE);
    expect(lines).toHaveLength(15);
    lines.forEach((tokens, i) => {
      expect(hasScope(tokens, 'invalid'), `line ${i + 1}: ${LANGUAGE_EXAMPLE[i]}`).toEqual([]);
    });
  });

  test('every non-blank character gets a scope beyond the statement and operand regions', () => {
    ccw.lines(LANGUAGE_EXAMPLE).forEach((tokens, i) => {
      for (const t of tokens) {
        if (t.text.trim() === '') continue;
        const specific = t.scopes.filter((s) => s !== 'source.ccw' && !s.startsWith('meta.'));
        expect(specific, `line ${i + 1}: ${JSON.stringify(t.text)} has no scope`).not.toEqual([]);
      }
    });
  });

  test('labels, operation classes and operands land where LANGUAGE.md puts them', () => {
    const [comment, device, copy, read, chain, , rddata, dextparm, , label, ssch, , expect1, expect2, end] =
      LANGUAGE_EXAMPLE as [string, ...string[]];
    expectSpan(comment, comment, 'comment.line.asterisk.ccw');
    expect(scopes(device!, 'DEVICE')).toContain(CONFIGURATION_OP);
    expect(scopes(device!, '3390-3')).toContain('support.type.device.ccw');
    expect(scopes(copy!, 'ECKD')).toContain('support.class.copybook.ccw');
    expect(scopes(read!, 'READ')).toContain(LABEL);
    expect(scopes(read!, 'CPA')).toContain(KEYWORD);
    expect(scopes(chain!, 'CHAIN')).toContain(LABEL);
    expect(scopes(chain!, 'CCW1')).toContain(STORAGE_OP);
    expect(scopes(chain!, 'DEFEXT')).toContain(SYMBOL);
    expect(scopes(chain!, 'CC', 'last')).toContain(FLAG);
    expect(scopes(rddata!, 'SLI')).toContain(FLAG);
    expect(scopes(dextparm!, 'DEXTPARM')).toContain(LABEL);
    expectSpan(dextparm!, "XL12'00000000000000000000000E'", HEX);
    expect(scopes(label!, 'LABEL')).toContain(LABEL);
    expect(scopes(label!, 'L80')).toContain('storage.modifier.length.ccw');
    expect(scopes(ssch!, 'SSCH')).toContain(DRIVER_OP);
    expect(scopes(ssch!, '0190')).toContain(DEVNO);
    expect(scopes(expect1!, 'DE')).toContain(STATUS);
    expectSpan(expect2!, "C'VOL1'", STRING);
    expect(scopes(end!, 'END')).toContain(DRIVER_OP);
  });
});

// ------------------------------------------------------------------ the grammar file itself

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function walk(node: Json, visit: (key: string, value: Json) => void): void {
  if (Array.isArray(node)) node.forEach((n) => walk(n, visit));
  else if (node !== null && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      visit(k, v);
      walk(v, visit);
    }
  }
}

describe('syntaxes/ccw.tmLanguage.json', () => {
  const raw = JSON.parse(readFileSync(GRAMMAR_PATH, 'utf8')) as Json;
  const grammar = raw as unknown as { scopeName: string; patterns: Json[]; repository: Record<string, Json> };

  test('scopeName is source.ccw', () => {
    expect(grammar.scopeName).toBe('source.ccw');
  });

  test('every pattern compiles in oniguruma, including rules no test line reaches', () => {
    const patterns: string[] = [];
    walk(raw, (key, value) => {
      if (['match', 'begin', 'end', 'while'].includes(key) && typeof value === 'string') patterns.push(value);
    });
    expect(patterns.length).toBeGreaterThan(50);
    for (const p of patterns) expect(() => ccw.compile(p), p).not.toThrow();
  });

  test('every #include names a repository rule, and every repository rule is used', () => {
    const included = new Set<string>();
    walk(raw, (key, value) => {
      if (key === 'include' && typeof value === 'string' && value.startsWith('#')) included.add(value.slice(1));
    });
    for (const name of included) expect(Object.keys(grammar.repository), `#${name}`).toContain(name);
    for (const name of Object.keys(grammar.repository)) expect([...included], name).toContain(name);
  });

  test('every scope name ends in .ccw', () => {
    const rules = { patterns: grammar.patterns, repository: grammar.repository } as Json; // not the display name
    walk(rules, (key, value) => {
      if (key === 'name' && typeof value === 'string') expect(value).toMatch(/\.ccw$/);
    });
  });
});

// ------------------------------------------------------------------ language-configuration.json

describe('language-configuration.json', () => {
  interface LanguageConfiguration {
    comments: { lineComment: string };
    brackets: Array<[string, string]>;
    autoClosingPairs: Array<{ open: string; close: string; notIn?: string[] }>;
    surroundingPairs: Array<[string, string]>;
    wordPattern: string;
    folding: { markers: { start: string; end: string } };
    onEnterRules: Array<{ beforeText: string; action: { indent: string; appendText: string } }>;
  }
  const config = JSON.parse(readFileSync(LANGUAGE_CONFIGURATION_PATH, 'utf8')) as LanguageConfiguration;

  test('Toggle Line Comment uses ; because it is a comment in any column (* only in column 1)', () => {
    expect(config.comments.lineComment).toBe(';');
    // VS Code inserts the token at the indentation of the selection, so check that column too
    for (const commented of ['; READ     ORB   CPA=CHAIN', '         ; SSCH  0190,READ']) {
      const tokens = ccw.line(commented).filter((t) => t.text.trim() !== '');
      for (const t of tokens) expect(t.scopes, commented).toContain(SEMICOLON_COMMENT);
    }
  });

  test('brackets are parentheses; ( and quotes auto-close, quotes not inside strings or remarks', () => {
    expect(config.brackets).toEqual([['(', ')']]);
    expect(config.autoClosingPairs).toContainEqual({ open: '(', close: ')' });
    expect(config.autoClosingPairs).toContainEqual({ open: "'", close: "'", notIn: ['string', 'comment'] });
    expect(config.surroundingPairs).toContainEqual(["'", "'"]);
  });

  test("words are symbols (with @ # $ _), numbers, and whole quoted terms like X'1F' and C'IT''S'", () => {
    const words = (text: string) => [...text.matchAll(new RegExp(config.wordPattern, 'g'))].map((m) => m[0]);
    expect(words("@A#1$_X  DC    X'1F',C'IT''S',CL80'HI',3X'00'")).toEqual([
      '@A#1$_X', 'DC', "X'1F'", "C'IT''S'", "CL80'HI'", "3X'00'",
    ]);
    // L'sym: the symbol is the word, so hover and rename see LABEL
    expect(words("         EQU   L'LABEL,*+8")).toEqual(['EQU', 'L', 'LABEL', '8']);
    expect(words('         DEVICE 000C,3505')).toEqual(['DEVICE', '000C', '3505']);
    expect(words('ABC')).toEqual(['ABC']);
    expect(new RegExp(config.wordPattern).test('')).toBe(false);
  });

  test('Enter after a labelled statement continues in the operation column, so the next line is not a label', () => {
    const rule = config.onEnterRules[0]!;
    const before = new RegExp(rule.beforeText);
    expect(before.test('READ     ORB   CPA=CHAIN')).toBe(true);
    expect(before.test('         SSCH  0190,READ')).toBe(false); // VS Code keeps the indentation itself
    expect(before.test('* comment line')).toBe(false);
    expect(before.test('READ')).toBe(false); // still typing the label
    expect(rule.action).toEqual({ indent: 'none', appendText: ' '.repeat(9) }); // HLASM column 10
    const continued = `${rule.action.appendText}SSCH  0190,READ`;
    expect(scopes(continued, 'SSCH')).toContain(DRIVER_OP);
  });

  test('folding markers are region comments in either comment form', () => {
    const start = new RegExp(config.folding.markers.start);
    const end = new RegExp(config.folding.markers.end);
    expect(start.test('* region devices')).toBe(true);
    expect(start.test('         ;#region driver')).toBe(true);
    expect(end.test('*endregion')).toBe(true);
    expect(start.test('REGION   DS    F')).toBe(false);
  });
});
