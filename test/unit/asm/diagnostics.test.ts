/**
 * Every diagnostic code of src/asm/codes.ts, at least once, with its file, line and column
 * range (1-based, endColumn exclusive), and the rule that the assembler reports every error
 * in one run.
 */
import { describe, expect, test } from 'vitest';
import { assemble, CODES } from '../../../src/asm';
import { asm, where } from '../../helpers/asm';

/** code → [source lines, expected `CODE@line:col-end`, optional COPY files]. */
const CASES: Record<string, [string[], string, Record<string, string>?]> = {
  CCW001: [["9LAB DC X'01'"], 'CCW001@1:1-5'],
  CCW002: [['CC EQU 1'], 'CCW002@1:1-3'],
  CCW003: [['         FOO 1'], 'CCW003@1:10-13'],
  CCW004: [['A EQU 1', 'A EQU 2'], 'CCW004@2:1-2'],
  CCW005: [['         DC A(NOPE)'], 'CCW005@1:15-19'],
  CCW006: [['X EQU 1+'], 'CCW006@1:9-10'],
  CCW007: [["         CCW1 3,X'80000000',0,1"], 'CCW007@1:17-28'],
  CCW008: [['X EQU 1/0'], 'CCW008@1:9-10'],
  CCW009: [['X EQU 9223372036854775808'], 'CCW009@1:7-26'],
  CCW010: [["X EQU X'G'"], 'CCW010@1:7-11'],
  CCW011: [["X DC C'ABC"], 'CCW011@1:7-11'],
  CCW012: [['         CCW1 3,0,0'], 'CCW012@1:20-21'],
  CCW013: [['         CCW1 3,0,0,1,5'], 'CCW013@1:23-24'],
  CCW014: [['         ORG LATER', 'LATER EQU 5'], 'CCW014@1:14-19'],
  CCW015: [['A EQU B', 'B EQU A'], 'CCW015@1:7-8'],
  CCW016: [["X DC Z'1'"], 'CCW016@1:6-7'],
  CCW017: [["X DC X'0G'"], 'CCW017@1:8-10'],
  CCW018: [["X DC C'€'"], 'CCW018@1:8-9'],
  CCW019: [["X DC CL1'AB'"], 'CCW019@1:9-13'],
  CCW020: [['O ORB CPA=0,FOO=1'], 'CCW020@1:13-16'],
  CCW021: [['O ORB CPA=0,F=1,FMT=1'], 'CCW021@1:17-20'],
  CCW022: [['O ORB CPA=4,F=1'], 'CCW022@1:11-12'],
  CCW023: [['O ORB CPA=8,F=1'], 'CCW023@1:11-12'],
  CCW024: [['         DEVICE 12345,3390'], 'CCW024@1:17-22'],
  CCW025: [['         DEVICE 0190,9999'], 'CCW025@1:22-26'],
  CCW026: [['         DEVICE 0190,3390,FOO=1'], 'CCW026@1:27-30'],
  CCW027: [['         DEVICE 0190,3390', '         DEVICE 0190,3390'], 'CCW027@2:17-21'],
  CCW028: [['         WAIT 0191'], 'CCW028@1:15-19'],
  CCW029: [['         DEVICE 0180,3480'], 'CCW029@1:22-26'],
  CCW030: [['         EXPECT XX=1'], 'CCW030@1:17-19'],
  CCW031: [["L DC C'AB'", "         EXPECT MEM(L,4)=C'AB'"], 'CCW031@2:26-31'],
  CCW032: [['         COPY nothere'], 'CCW032@1:15-22'],
  CCW033: [['         COPY a.ccw'], 'CCW033@1:15-20', { 'a.ccw': '         COPY a.ccw' }],
  CCW034: [['         STORAGE 64K', "         ORG X'FFFF'", "         DC F'1'"], 'CCW034@3:10-12'],
  CCW035: [["A DC X'0102'", '  ORG A+1', "B DC X'03'"], 'CCW035@3:1-11'],
  CCW036: [['C CCW1 3,0,CC,1'], 'CCW036@1:1-16'],
  CCW037: [['X DEVICE 0190,3390'], 'CCW037@1:1-2'],
  CCW038: [['         END', "X DC X'01'"], 'CCW038@2:3-5'],
  CCW039: [['         PATH tcp'], 'CCW039@1:15-18'],
  CCW040: [['         PATH vfio', '         PATH direct'], 'CCW040@2:15-21'],
  CCW041: [['         ORG -1'], 'CCW041@1:14-16'],
  CCW042: [['         DEVICE 0190,3390', "X DC F'0'", '         SSCH 0190,X'], 'CCW042@3:20-21'],
  CCW043: [['         COPY ECKD', '         COPY ECKD'], 'CCW043@2:15-19'],
  CCW044: [["X DC X'01', X'02'"], 'CCW044@1:12-13'],
  CCW045: [['         EQU 5'], 'CCW045@1:10-13'],
  CCW046: [['O ORB CPA=0,CSSPRI=1'], 'CCW046@1:13-19'],
  CCW047: [['         END X'], 'CCW047@1:14-15'],
  CCW048: [['         DEVICE 0190,3390', "         TSCH 0190,X'2002'"], 'CCW048@2:20-27'],
  CCW049: [['         DEVICE 0190,3390', '         STORAGE 64K', "         STSCH 0190,X'FFF0'"], 'CCW049@3:21-28'],
  CCW050: [['T        CCW1  8,T,CC,0'], 'CCW050@1:20-22'],
  CCW051: [['         DEVICE 0190,3390', '         PATH direct', '         FAULT 0190,VFIO,EAGAIN'], 'CCW051@3:21-25'],
};

describe('every diagnostic code, with its location', () => {
  test.each(Object.entries(CASES))('%s', (code, [lines, expected, files]) => {
    const r = asm(lines, files ?? {});
    const found = r.diagnostics.map(where);
    expect(found).toContain(expected);
    const d = r.diagnostics.find((x) => where(x) === expected);
    const info = Object.values(CODES).find((c) => c.code === code);
    expect(d?.severity).toBe(info?.severity);
    expect(d?.file).toBe(code === 'CCW033' ? 'a.ccw' : 't.ccw');
    expect(d?.message.length).toBeGreaterThan(20);
  });

  test('CCW099: an internal failure (here a readFile that returns a number) is a diagnostic, not a throw', () => {
    const r = assemble('         COPY x.ccw', { file: 'm.ccw', readFile: () => 42 as unknown as string });
    expect(r.diagnostics.map((d) => `${d.code}@${d.file}:${d.line}`)).toEqual(['CCW099@m.ccw:1']);
    expect(r.image.chunks).toEqual([]);
  });

  test('the table covers every code (and every code is unique)', () => {
    const all = Object.values(CODES).map((c) => c.code);
    expect(new Set(all).size).toBe(all.length);
    expect([...Object.keys(CASES), 'CCW099'].sort()).toEqual([...all].sort());
  });

  test('a label alone with no operation is CCW003', () => {
    expect(asm(['LONELY']).diagnostics.map(where)).toEqual(['CCW003@1:1-7']);
  });
});

describe('one pass reports every error', () => {
  test('errors on many lines are all reported, in line order', () => {
    const r = asm(['9X EQU 1', '         FOO', "         DC X'0G'", '         CCW1 3,X\'80000000\',0,1', '         WAIT 0999', '         EXPECT NOPE=1']);
    expect(r.diagnostics.map((d) => [d.line, d.code])).toEqual([
      [1, 'CCW001'],
      [2, 'CCW003'],
      [3, 'CCW017'],
      [4, 'CCW007'],
      [5, 'CCW028'],
      [6, 'CCW030'],
    ]);
  });
});
