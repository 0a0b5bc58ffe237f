import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { NO_DEVICE_HOST } from '../../../src/devices';
import { formatNumber, parseShownNumber } from '../../../src/extension/commands/numberFormat';
import { expectLines } from '../../../src/extension/testing/discover';
import type { FileAccess } from '../../../src/runtime/load';
import { expectOutcomes, runProgramFile } from '../../../src/runtime/runFile';

const READ_VOL1 = readFileSync('examples/read-vol1.ccw', 'utf8');
const memory = (files: Record<string, string>): FileAccess => ({ readText: async (p) => files[p] ?? null });

describe('Test Explorer discovery', () => {
  test('every EXPECT statement is an item, comments and other statements are not', () => {
    const lines = READ_VOL1.split('\n');
    const expected = lines.flatMap((l, i) => (/^\s+EXPECT\s/.test(l) ? [i] : []));
    expect(expected.length).toBe(2);
    expect(expectLines(READ_VOL1).map((e) => e.line)).toEqual(expected);
    expect(expectLines('* EXPECT in a comment\n         SSCH  0190,READ\nLBL      EXPECT CC=0\n')).toEqual([{ line: 2, text: 'CC=0' }]);
  });
});

describe('runProgramFile: the run behind ccw run, ccw test and the Test Explorer', () => {
  test('read-vol1 passes every check, each reported at its EXPECT line', async () => {
    const outcome = await runProgramFile('/ws/read-vol1.ccw', { maxCcws: 10_000, deviceHost: NO_DEVICE_HOST }, memory({ '/ws/read-vol1.ccw': READ_VOL1 }));
    expect(outcome.kind).toBe('ran');
    const results = expectOutcomes(outcome);
    expect(results.length).toBeGreaterThan(0);
    expect(results.every((r) => r.passed)).toBe(true);
    const expectLineNumbers = new Set(expectLines(READ_VOL1).map((e) => e.line + 1));
    expect(results.every((r) => expectLineNumbers.has(r.loc.line) && r.loc.file === '/ws/read-vol1.ccw')).toBe(true);
  });

  test('a failing EXPECT is reported at its line with the actual value', async () => {
    const broken = READ_VOL1.replace("EXPECT MEM(LABEL,4)=C'VOL1'", "EXPECT MEM(LABEL,4)=C'NOPE'");
    const line = broken.split('\n').findIndex((l) => l.includes("C'NOPE'")) + 1;
    const outcome = await runProgramFile('/ws/bad.ccw', { maxCcws: 10_000, deviceHost: NO_DEVICE_HOST }, memory({ '/ws/bad.ccw': broken }));
    const failed = expectOutcomes(outcome).filter((r) => !r.passed);
    expect(failed).toHaveLength(1);
    expect(failed[0]?.loc.line).toBe(line);
    expect(failed[0]?.text).toBe("MEM(LABEL,4)=C'NOPE'");
    expect(failed[0]?.actual).toMatch(/VOL1|E5D6D3F1/);
  });

  test('an assembly error is an outcome, not a run', async () => {
    const outcome = await runProgramFile('/ws/x.ccw', { maxCcws: 10, deviceHost: NO_DEVICE_HOST }, memory({ '/ws/x.ccw': '         CCW1  READ,NOWHERE,0,80\n         END\n' }));
    expect(outcome.kind).toBe('assembly');
    expect(expectOutcomes(outcome)).toEqual([]);
  });
});

describe('View as Hex / Binary / Decimal', () => {
  test('reads the forms the Variables view shows and writes them in .ccw syntax', () => {
    expect(parseShownNumber("X'47'")).toBe(0x47n);
    expect(parseShownNumber("B'0101'")).toBe(5n);
    expect(parseShownNumber('4096 (X\'1000\')')).toBe(4096n);
    expect(parseShownNumber("C'VOL1'")).toBeNull();
    expect(formatNumber(0x47n, 'binary', "X'47'")).toBe("B'01000111'");
    expect(formatNumber(71n, 'hex')).toBe("X'47'");
    expect(formatNumber(0x00c0ffeen, 'decimal')).toBe('12648430');
    expect(formatNumber(0xeen, 'hex', "X'000000EE'")).toBe("X'000000EE'");
  });
});
