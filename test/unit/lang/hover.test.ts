/**
 * Hovers (issue 3): a CCW decoded for the device its SSCH targets, symbols, ORBs, flags,
 * keywords and command-code names. Expected values come from LANGUAGE.md's example program and
 * the PoO's CCW and ORB layouts.
 */
import { describe, expect, test } from 'vitest';
import { analyze, hoverAt } from '../../../src/lang';
import { LANGUAGE_EXAMPLE, TWO_DEVICES, at } from './fixtures';

const ex = analyze('/ws/example.ccw', LANGUAGE_EXAMPLE);
const hover = (lineHas: string, word: string, nth = 0, src = LANGUAGE_EXAMPLE, a = ex) => hoverAt(a, at(src, lineHas, word, nth))?.contents ?? '';

describe('hover on a CCW', () => {
  test('Locate Record: the command named by the 3390 that SSCH 0190 starts, flags, count, data and its bytes', () => {
    const h = hover('LOCREC,LOCPARM', 'CCW1');
    expect(h).toContain("X'47' **LOCATE RECORD** on 0190 (3390-3, SSCH 0190 at line 11)");
    expect(h).toContain('`LOCREC`');
    expect(h).toContain("flags X'40': **CC** (chain command");
    expect(h).toContain("count 16 (X'0010')");
    expect(h).toMatch(/data address X'0000....' \(LOCPARM\)/);
    expect(h).toContain('`06000001 00000000 00000000 03000000`');
  });

  test('the hover covers the operation word and also shows on a CCW label', () => {
    const r = hoverAt(ex, at(LANGUAGE_EXAMPLE, 'CHAIN    CCW1', 'CHAIN'));
    expect(r?.contents).toContain('**DEFINE EXTENT**');
    expect(r?.contents).toContain('(CHAIN)');
    expect(r?.range).toEqual({ start: { line: 4, character: 0 }, end: { line: 4, character: 5 } });
  });

  test('Read Data with SLI into a DS area: the data is the reserved zeros', () => {
    const h = hover('RDDATA,LABEL', 'CCW1');
    expect(h).toContain('**READ DATA**');
    expect(h).toContain('**SLI** (suppress incorrect length');
    expect(h).toContain('count 80');
    expect(h).toContain('(LABEL)');
    expect(h).toContain('`00000000 00000000 00000000 00000000` …');
  });

  test('each CCW is named for the device whose SSCH reaches it, through a TIC loop', () => {
    const a = analyze('/ws/two.ccw', TWO_DEVICES);
    expect(a.result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(hover('PROGA    CCW1', 'CCW1', 0, TWO_DEVICES, a)).toContain('on 0190 (3390-3, SSCH 0190');
    expect(hover('PROGB    CCW1', 'CCW1', 0, TWO_DEVICES, a)).toContain("X'31' **SEARCH ID EQUAL** on 0191");
    const tic = hover('TIC,PROGB', 'CCW1', 0, TWO_DEVICES, a);
    expect(tic).toContain('**TRANSFER IN CHANNEL**');
    expect(tic).toMatch(/transfers to X'........' \(PROGB\)/);
    // reached only through the TIC (its predecessor does not chain): still device 0191
    expect(hover('RDDATA,BUF,0,80', 'CCW1', 0, TWO_DEVICES, a)).toContain('on 0191');
  });

  test('a CCW no SSCH reaches, with no device, is described by its command class', () => {
    const src = `         COPY ECKD\nP        CCW1  X'06',0,0,0\n         END`;
    const a = analyze('/ws/x.ccw', src);
    const h = hover('P ', 'CCW1', 0, src, a);
    expect(h).toContain("command X'06' **RDDATA");
    expect(h).toContain('(none: the program ends with this CCW)');
  });
});

describe('hover on other words', () => {
  test('a symbol: value, length and its definition line', () => {
    const h = hover('MEM(LABEL', 'LABEL');
    expect(h).toMatch(/\*\*LABEL\*\* label = X'00....' \(\d+\), length 80/);
    expect(h).toContain('defined at line 10');
    expect(h).toContain('LABEL    DS    CL80');
  });

  test('an ORB: its fields, the CPA with its symbol', () => {
    const h = hover('READ     ORB', 'ORB');
    expect(h).toContain('**ORB**');
    expect(h).toMatch(/`cpa` X'0000....' \(CHAIN\)/);
    expect(h).toContain('`F` 1 — CCW format');
    expect(h).toContain("`lpm` B'11111111'");
  });

  test('a flag name says what it means', () => {
    expect(hover('RDDATA,LABEL', 'SLI')).toContain("**SLI** CCW flag X'20'");
  });

  test('a command-code name from COPY ECKD: value, copybook meaning, the device command', () => {
    const h = hover('LOCREC,LOCPARM', 'LOCREC');
    expect(h).toContain("**LOCREC** EQU = X'47'");
    expect(h).toContain('COPY ECKD: locate record');
    expect(h).toContain('LOCATE RECORD on 0190 (3390-3)');
  });

  test('an ORB keyword names its field', () => {
    expect(hover('READ     ORB', 'FMT')).toContain('ORB `F` (word 1 bit 8)');
  });

  test('an EXPECT field and one of its own value names', () => {
    expect(hover('DSTAT=CE', 'DSTAT')).toContain('SCSW device status');
    expect(hover('DSTAT=CE', 'CE')).toContain("**CE** = X'08' in DSTAT");
  });

  test('an operation without storage explains the statement', () => {
    expect(hover('SSCH', 'SSCH')).toContain('START SUBCHANNEL');
  });

  test('nothing on comments, remarks and blanks', () => {
    expect(hoverAt(ex, { line: 0, character: 5 })).toBeUndefined();
    expect(hoverAt(ex, { line: 1, character: 2 })).toBeUndefined();
    expect(hoverAt(ex, { line: 99, character: 0 })).toBeUndefined();
  });
});
