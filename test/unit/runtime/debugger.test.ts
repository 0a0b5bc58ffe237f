/**
 * The runtime's debugger pieces without the DAP layer: EXPECT-language conditions and hit
 * counts, the history's bounds, and a reverse step that restores guest storage byte for byte.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { assemble } from '../../../src/asm';
import { createDevice } from '../../../src/devices';
import { hitConditionHolds, interpolate, parseCondition, parseHitCondition } from '../../../src/runtime/conditions';
import { History } from '../../../src/runtime/history';
import { Machine } from '../../../src/runtime/machine';
import { CPU_THREAD_ID, Runtime, type StopEvent } from '../../../src/runtime/runtime';

const EXAMPLE = readFileSync('examples/read-vol1.ccw', 'utf8');

describe('conditions are EXPECT checks (LANGUAGE.md "Expectations")', () => {
  const { image } = assemble(EXAMPLE, { file: 'prog.ccw' });
  test('a field relation and a MEM comparison against a symbol parse into checks', () => {
    const c = parseCondition("DSTAT&=UC,MEM(LABEL,4)=C'VOL1'", image.symbols, image.storageSize);
    expect('checks' in c && c.checks.map((x) => [x.field, x.relation, x.args])).toEqual([
      ['DSTAT', '&=', []],
      ['MEM', '=', [image.symbols.find((s) => s.name === 'LABEL')!.value, 4]],
    ]);
  });
  test('unknown fields, unknown symbols and empty text are messages, not throws', () => {
    for (const bad of ['', 'NOSUCH=1', 'MEM(NOWHERE,4)=0', 'CC=', '((((', "MEM(LABEL,4)=C'TOO LONG'"]) {
      const c = parseCondition(bad, image.symbols, image.storageSize);
      expect('error' in c, bad).toBe(true);
    }
  });
  test('hit counts: n means at least n, %n every n-th, =n exactly', () => {
    const at = (text: string) => [1, 2, 3, 4, 5, 6].filter((n) => {
      const h = parseHitCondition(text);
      return !('error' in h) && hitConditionHolds(h, n);
    });
    expect(at('3')).toEqual([3, 4, 5, 6]);
    expect(at('%2')).toEqual([2, 4, 6]);
    expect(at('=5')).toEqual([5]);
    expect(at('<3')).toEqual([1, 2]);
    expect('error' in parseHitCondition('%0')).toBe(true);
    expect('error' in parseHitCondition('often')).toBe(true);
  });
  test('logpoint messages interpolate {…} and keep doubled braces', () => {
    expect(interpolate('cc={CC} {{x}}', (e) => (e === 'CC' ? '0' : '?'))).toBe('cc=0 {x}');
  });
});

describe('history', () => {
  test('keeps at most its limit of stops, dropping the oldest; truncate drops the future', () => {
    const h = new History(2);
    [0, 10, 20].forEach((atom) => h.push({ atom, statusDevno: null }));
    expect(h.entries.map((e) => e.atom)).toEqual([10, 20]);
    h.record({ atom: 15, address: 0, bytes: new Uint8Array(1) });
    h.record({ atom: 25, address: 0, bytes: new Uint8Array(1) });
    h.truncate(20);
    expect(h.entries.map((e) => e.atom)).toEqual([10]);
    expect(h.changesAt(25)).toEqual([]);
    expect(h.changesAt(15)).toHaveLength(1);
    h.truncate(-1);
    expect(h.depth).toBe(0);
  });
});

describe('reverse execution restores guest storage', () => {
  test('after END, stepBack to the entry shows LABEL as it was before READ DATA filled it', async () => {
    const { image } = assemble(EXAMPLE, { file: 'prog.ccw' });
    const build = () => Machine.create(image, { createDevice }) as Machine;
    let waiting: ((e: StopEvent) => void) | null = null;
    const runtime = new Runtime(build(), { defer: (fn) => setTimeout(fn, 0), onStop: (e) => waiting?.(e), rebuild: build });
    const next = () => new Promise<StopEvent>((r) => (waiting = r));
    const label = image.symbols.find((s) => s.name === 'LABEL')!.value;
    let stop = next();
    runtime.continue();
    expect(await stop).toMatchObject({ reason: 'end' });
    expect([...runtime.machine.guest.read(label, 4)!]).toEqual([0xe5, 0xd6, 0xd3, 0xf1]);
    stop = next();
    expect(runtime.stepBack()).toBeNull();
    expect(await stop).toMatchObject({ reason: 'step', threadId: CPU_THREAD_ID });
    expect([...runtime.machine.guest.read(label, 4)!]).toEqual([0, 0, 0, 0]);
    expect(runtime.machine.driver.pc).toBe(0);
    expect(runtime.stepBack()).toMatch(/no earlier stop/);
  });
});
