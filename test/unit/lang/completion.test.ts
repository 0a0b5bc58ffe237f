/**
 * Completion (issue 3): operations, ORB keywords, flag names, copybook command names and
 * labels, each where LANGUAGE.md's statement syntax puts them.
 */
import { describe, expect, test } from 'vitest';
import { analyze, completionsAt, type CompletionList } from '../../../src/lang';
import { LANGUAGE_EXAMPLE } from './fixtures';

const ex = analyze('/ws/example.ccw', LANGUAGE_EXAMPLE);
/** Completions with the cursor at the end of `line` (typed as a new line after the example). */
const complete = (line: string, a = ex): CompletionList => completionsAt(a, { line: 15, character: line.length }, line);
const labels = (l: CompletionList) => l.items.map((i) => i.label);

describe('completion', () => {
  test('the operation field offers every operation, with its syntax', () => {
    const l = complete('LOOP     CC');
    expect(labels(l)).toEqual(expect.arrayContaining(['CCW', 'CCW0', 'CCW1', 'ORB', 'SSCH', 'WAIT', 'EXPECT', 'DEVICE', 'COPY', 'DC', 'DS', 'EQU']));
    expect(l.items.find((i) => i.label === 'CCW1')?.detail).toBe('CCW1 cmd,addr,flags,count');
    // the word being typed is replaced
    expect(l.range.start.character).toBe(9);
    expect(labels(complete('         S'))).toContain('SSCH');
  });

  test('nothing in a label, a comment, a remark or a string', () => {
    expect(complete('LAB').items).toEqual([]);
    expect(complete('* comment CC').items).toEqual([]);
    expect(complete('         CCW1  RDDATA,LABEL,SLI,80 remark ').items).toEqual([]);
    expect(complete("         DC    C'AB").items).toEqual([]);
    expect(complete('         SSCH  0190,READ ; a comment ').items).toEqual([]);
  });

  test('ORB operands: the keywords, inserted with their =', () => {
    const l = complete('ORB2     ORB   CPA=CHAIN,F');
    expect(labels(l)).toEqual(expect.arrayContaining(['CPA', 'INTPARM', 'KEY', 'LPM', 'FMT', 'PFCH', 'SUSP', 'ISI', 'IDAW', 'IDA2K', 'ILS', 'MIDA', 'TM', 'F', 'S']));
    expect(l.items.find((i) => i.label === 'FMT')).toMatchObject({ insertText: 'FMT=', kind: 'keyword' });
  });

  test('ORB CPA= offers the CCW labels first', () => {
    const l = complete('ORB2     ORB   CPA=');
    expect(l.items[0]).toMatchObject({ label: 'CHAIN', kind: 'label' });
  });

  test('CCW operand 1: command names of the copybooks the program copied', () => {
    const l = complete('         CCW1  RD');
    expect(labels(l)).toEqual(expect.arrayContaining(['RDDATA', 'LOCREC', 'SRCHIDEQ', 'TIC', 'RDDATAM']));
    expect(labels(l)).not.toContain('RDCARD'); // UNITREC was not copied
    expect(labels(l)).not.toContain('FMWRINH'); // a Define Extent parameter, not a command
    expect(l.items.find((i) => i.label === 'LOCREC')?.detail).toBe("X'47' locate record (16 bytes of parameters)");
  });

  test('CCW operand 1 without any COPY: every copybook command, saying which COPY defines it', () => {
    const a = analyze('/ws/x.ccw', '         DEVICE 000C,3505\n');
    const l = completionsAt(a, { line: 1, character: 16 }, '         CCW1  R');
    expect(l.items.find((i) => i.label === 'RDCARD')?.documentation).toContain('COPY UNITREC');
    expect(l.items.find((i) => i.label === 'RDDATA')?.documentation).toContain('COPY ECKD');
  });

  test('CCW operand 2: the data areas; operand 3: the flag names', () => {
    const data = complete('         CCW1  RDDATA,');
    const ranked = [...data.items].sort((x, y) => (x.sortText ?? x.label).localeCompare(y.sortText ?? y.label)).map((i) => i.label);
    expect(ranked.slice(0, 3).sort()).toEqual(['DEXTPARM', 'LABEL', 'LOCPARM']);
    expect(new Set(labels(data)).size).toBe(data.items.length); // each name once
    const flags = complete('         CCW1  RDDATA,LABEL,S');
    expect(labels(flags)).toEqual(['CD', 'CC', 'SLI', 'SKIP', 'PCI', 'IDA', 'S', 'MIDA', 'SUSP']);
    expect(labels(complete('         CCW1  RDDATA,LABEL,CC+'))).toContain('SLI');
  });

  test('EXPECT: fields, then the chosen field’s own names', () => {
    expect(labels(complete('         EXPECT CC=0,D'))).toEqual(expect.arrayContaining(['DSTAT', 'SCHSTAT', 'MEM', 'SENSE', 'SCSW.Z']));
    expect(complete('         EXPECT M').items.find((i) => i.label === 'MEM')?.insertText).toBe('MEM(');
    const status = labels(complete('         EXPECT DSTAT=CE+'));
    expect(status.slice(0, 8)).toEqual(['ATTN', 'SM', 'CUE', 'BUSY', 'CE', 'DE', 'UC', 'UX']);
  });

  test('SSCH: the declared devices, then the ORBs', () => {
    expect(labels(complete('         SSCH  '))).toEqual(['0190']);
    expect(complete('         SSCH  0190,').items[0]).toMatchObject({ label: 'READ' });
  });

  test('COPY offers the built-in copybooks; PATH its two values', () => {
    expect(labels(complete('         COPY  '))).toEqual(['ECKD', 'UNITREC']);
    expect(labels(complete('         PATH  '))).toEqual(['vfio', 'direct']);
  });

  test('completing works before any analysis (symbols are simply absent)', () => {
    expect(labels(completionsAt(undefined, { line: 0, character: 11 }, '         CC'))).toContain('CCW1');
    expect(labels(completionsAt(undefined, { line: 0, character: 25 }, '         CCW1  RDDATA,X,S'))).toContain('SLI');
  });
});
