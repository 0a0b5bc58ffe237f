/** Outline, go to definition, find references and rename (issue 3). */
import { describe, expect, test } from 'vitest';
import { analyze, definitionAt, documentSymbols, prepareRenameAt, referencesAt, renameAt, type TextEdit } from '../../../src/lang';
import { LANGUAGE_EXAMPLE, TWO_DEVICES, at } from './fixtures';

const FILE = '/ws/example.ccw';
const ex = analyze(FILE, LANGUAGE_EXAMPLE);
const lines = LANGUAGE_EXAMPLE.split('\n');
const textAt = (e: { range: { start: { line: number; character: number }; end: { character: number } } }) =>
  (lines[e.range.start.line] ?? '').slice(e.range.start.character, e.range.end.character);

describe('outline', () => {
  test('devices, ORBs, channel programs with their CCWs, data areas and driver steps, in order', () => {
    const outline = documentSymbols(ex);
    expect(outline.map((s) => `${s.kind} ${s.name}`)).toEqual([
      'device DEVICE 0190,3390-3',
      'config COPY ECKD',
      'orb READ',
      'program CHAIN',
      'data DEXTPARM',
      'data LOCPARM',
      'data LABEL',
      'driver SSCH 0190,READ',
      'driver WAIT 0190',
      'driver EXPECT CC=0,DSTAT=CE+DE,SCHSTAT=0',
      "driver EXPECT MEM(LABEL,4)=C'VOL1'",
      'driver END',
    ]);
    const program = outline.find((s) => s.kind === 'program');
    expect(program?.children.map((c) => c.name)).toEqual(['CHAIN', 'CCW1 LOCREC,LOCPARM,CC,16', 'CCW1 RDDATA,LABEL,SLI,80']);
    expect(program?.range).toEqual({ start: { line: 4, character: 0 }, end: { line: 6, character: 34 } });
  });

  test('comments between CCWs do not split a channel program; other statements do', () => {
    const a = analyze('/ws/x.ccw', 'P1       CCW1  3,0,CC,0\n* note\n         CCW1  3,0,0,0\nD        DC    X\'00\'\n         CCW1  3,0,0,0\n');
    const programs = documentSymbols(a).filter((s) => s.kind === 'program');
    expect(programs.map((p) => [p.name, p.children.length])).toEqual([['P1', 2], ['channel program (line 5)', 1]]);
  });
});

describe('definition and references', () => {
  test('go to definition from an operand lands on the label', () => {
    const def = definitionAt(ex, at(LANGUAGE_EXAMPLE, 'MEM(LABEL', 'LABEL'));
    expect(def).toEqual({ file: FILE, range: { start: { line: 9, character: 0 }, end: { line: 9, character: 5 } } });
  });

  test('a command-code name goes to the COPY statement that defines it', () => {
    const def = definitionAt(ex, at(LANGUAGE_EXAMPLE, 'LOCREC,LOCPARM', 'LOCREC'));
    expect(def?.range.start.line).toBe(2);
  });

  test('references: the label and every operand naming it, never a same-spelled keyword', () => {
    const refs = referencesAt(ex, at(LANGUAGE_EXAMPLE, 'LABEL    DS', 'LABEL'));
    expect(refs.map((r) => [r.range.start.line, textAt(r)])).toEqual([[6, 'LABEL'], [9, 'LABEL'], [13, 'LABEL']]);
    expect(referencesAt(ex, at(LANGUAGE_EXAMPLE, 'LABEL    DS', 'LABEL'), false)).toHaveLength(2);

    const src = 'KEY      EQU   0\nO        ORB   CPA=C,KEY=KEY\nC        CCW1  3,0,0,L\'KEY\n';
    const a = analyze('/ws/k.ccw', src);
    const keyRefs = referencesAt(a, { line: 0, character: 1 });
    expect(keyRefs.map((r) => [r.range.start.line, r.range.start.character])).toEqual([[0, 0], [1, 25], [2, 23]]);
  });

  test('references reach into COPY files that were read', () => {
    const files: Record<string, string> = { '/ws/areas.ccw': 'BUF      DS    CL80\n' };
    const src = '         COPY  areas.ccw\n         DEVICE 0190,3390\nP        CCW1  6,BUF,0,80\n';
    const a = analyze('/ws/main.ccw', src, (p) => files[p]);
    expect(a.missing).toEqual([]);
    const refs = referencesAt(a, { line: 2, character: 18 });
    expect(refs.map((r) => `${r.file}:${r.range.start.line}`)).toEqual(['/ws/main.ccw:2', '/ws/areas.ccw:0']);
    expect(definitionAt(a, { line: 2, character: 18 })?.file).toBe('/ws/areas.ccw');
  });

  test('a COPY file the reader does not have is reported as missing', () => {
    const a = analyze('/ws/main.ccw', '         COPY  other\n', () => undefined);
    expect(a.missing).toEqual(['/ws/other', '/ws/other.ccw']);
  });
});

describe('rename', () => {
  const apply = (src: string, edits: readonly TextEdit[]) => {
    const out = src.split('\n');
    for (const e of [...edits].sort((x, y) => y.range.start.character - x.range.start.character)) {
      const l = out[e.range.start.line] ?? '';
      out[e.range.start.line] = l.slice(0, e.range.start.character) + e.newText + l.slice(e.range.end.character);
    }
    return out.join('\n');
  };

  test('renames the label and every use; the result assembles to the same bytes', () => {
    const r = renameAt(ex, at(LANGUAGE_EXAMPLE, 'RDDATA,LABEL', 'LABEL'), 'VOLLABEL');
    if ('error' in r) throw new Error(r.error);
    expect(r.edits).toHaveLength(3);
    const renamed = apply(LANGUAGE_EXAMPLE, r.edits);
    // the label grows into the blanks after it, so the operation stays in its column
    expect(renamed).toContain('VOLLABEL DS    CL80');
    expect(apply(LANGUAGE_EXAMPLE, (renameAt(ex, at(LANGUAGE_EXAMPLE, 'RDDATA,LABEL', 'LABEL'), 'L') as { edits: TextEdit[] }).edits)).toContain('\nL        DS    CL80');
    expect(renamed).toContain('EXPECT MEM(VOLLABEL,4)');
    const b = analyze(FILE, renamed);
    expect(b.result.diagnostics).toEqual([]);
    expect(b.result.image.chunks.map((c) => [...c.bytes])).toEqual(ex.result.image.chunks.map((c) => [...c.bytes]));
  });

  test('rejects names that are not labels, flag names and names already defined', () => {
    const pos = at(LANGUAGE_EXAMPLE, 'RDDATA,LABEL', 'LABEL');
    expect(renameAt(ex, pos, '1ABEL')).toEqual({ error: expect.stringContaining('is not a label') });
    expect(renameAt(ex, pos, 'A'.repeat(64))).toEqual({ error: expect.stringContaining('at most 63') });
    expect(renameAt(ex, pos, 'SLI')).toEqual({ error: expect.stringContaining('predefined CCW flag') });
    expect(renameAt(ex, pos, 'chain')).toEqual({ error: expect.stringContaining('CHAIN is already defined at line 5') });
    expect(renameAt(ex, pos, 'LOCREC')).toEqual({ error: expect.stringContaining('already defined') });
  });

  test('copybook names and non-symbols cannot be renamed', () => {
    expect(prepareRenameAt(ex, at(LANGUAGE_EXAMPLE, 'LOCREC,LOCPARM', 'LOCREC'))).toEqual({ error: expect.stringContaining('built-in copybook') });
    expect(renameAt(ex, at(LANGUAGE_EXAMPLE, 'RDDATA,LABEL', 'SLI'), 'X')).toEqual({ error: expect.stringContaining('put the cursor on a label') });
    expect(prepareRenameAt(ex, at(LANGUAGE_EXAMPLE, 'MEM(LABEL', 'LABEL'))).toEqual({
      range: { start: { line: 13, character: 20 }, end: { line: 13, character: 25 } },
      placeholder: 'LABEL',
    });
  });

  test('a rename across a program with two devices edits only the symbol', () => {
    const a = analyze('/ws/two.ccw', TWO_DEVICES);
    const r = renameAt(a, at(TWO_DEVICES, 'PROGB    CCW1', 'PROGB'), 'SEARCH');
    if ('error' in r) throw new Error(r.error);
    expect(r.edits.map((e) => e.range.start.line)).toEqual([4, 6, 7]);
  });
});
