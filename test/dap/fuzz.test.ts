/**
 * 10,000 random and malformed requests against a launched session: every one gets an answer
 * (success or error), the adapter process survives, and a valid request still works after.
 * The generator is seeded, so a failure is reproducible.
 */
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { READ_VOL1, launch, startClient, topFrame } from './client';

let dc: DebugClient;
beforeEach(async () => {
  dc = await startClient();
});
afterEach(async () => {
  await dc.stop();
});

/** Every request of the protocol this adapter may see, plus unknown ones (disconnect ends a session by design). */
const COMMANDS = [
  'initialize', 'launch', 'attach', 'restart', 'terminate', 'configurationDone', 'setBreakpoints', 'setFunctionBreakpoints',
  'setExceptionBreakpoints', 'setInstructionBreakpoints', 'dataBreakpointInfo', 'setDataBreakpoints', 'breakpointLocations',
  'continue', 'next', 'stepIn', 'stepOut', 'stepBack', 'reverseContinue', 'pause', 'cancel', 'threads', 'stackTrace', 'scopes',
  'variables', 'setVariable', 'setExpression', 'evaluate', 'completions', 'exceptionInfo', 'readMemory', 'writeMemory',
  'disassemble', 'loadedSources', 'source', 'goto', 'gotoTargets', 'stepInTargets', 'modules', 'restartFrame',
  'ccw/snapshot', 'ccw/regions', 'ccw/nonsense', '', 'x'.repeat(300),
];

const KEYS = ['threadId', 'frameId', 'variablesReference', 'name', 'value', 'expression', 'context', 'source', 'breakpoints', 'lines', 'line', 'endLine', 'filters', 'filterOptions', 'memoryReference', 'count', 'offset', 'data', 'instructionCount', 'instructionOffset', 'dataId', 'accessType', 'text', 'column', 'granularity', 'format', 'program', 'requestId', '__proto__', 'constructor'];

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function randomValue(r: () => number, depth = 0): unknown {
  const k = Math.floor(r() * 14);
  switch (k) {
    case 0: return null;
    case 1: return undefined;
    case 2: return Math.floor(r() * 2000) - 1000;
    case 3: return r() * 1e12;
    case 4: return Number.MAX_SAFE_INTEGER;
    case 5: return ['', 'LABEL', "X'FF'", 'x LABEL 99999', 'CC=', 'MEM(LABEL,', '{', '0x1000', 'host:0x10', 'schib', 'trace on', "C'A'", '%0', '>=3', 'READ DATA 0190', 'instruction'][Math.floor(r() * 16)];
    case 6: return r() < 0.5;
    case 7: return depth > 2 ? [] : Array.from({ length: Math.floor(r() * 4) }, () => randomValue(r, depth + 1));
    case 8: return depth > 2 ? {} : randomObject(r, depth + 1);
    case 9: return String.fromCharCode(...Array.from({ length: Math.floor(r() * 20) }, () => Math.floor(r() * 0xffff)));
    case 10: return { path: r() < 0.5 ? READ_VOL1 : '/nonexistent.ccw' };
    case 11: return [{ line: Math.floor(r() * 80), condition: randomValue(r, 3), hitCondition: randomValue(r, 3), logMessage: randomValue(r, 3) }];
    case 12: return 100 + Math.floor(r() * 3);
    default: return 1;
  }
}

function randomObject(r: () => number, depth = 0): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  const n = Math.floor(r() * 5);
  for (let i = 0; i < n; i++) o[KEYS[Math.floor(r() * KEYS.length)] as string] = randomValue(r, depth);
  return o;
}

test('10,000 random and malformed requests each get an answer; the adapter still answers a valid one', async () => {
  await launch(dc, { program: READ_VOL1, trace: false });
  const r = rng(20261124);
  let answered = 0;
  const BATCH = 250;
  for (let done = 0; done < 10_000; done += BATCH) {
    const batch: Promise<void>[] = [];
    for (let i = 0; i < BATCH; i++) {
      const command = COMMANDS[Math.floor(r() * COMMANDS.length)] as string;
      const args = r() < 0.15 ? randomValue(r) : randomObject(r);
      batch.push(
        dc.customRequest(command, args).then(
          () => void answered++,
          () => void answered++,
        ),
      );
    }
    await Promise.all(batch);
    // A random continue may leave the machine running: pause it so stepping requests stay meaningful.
    await dc.pauseRequest({ threadId: 1 }).catch(() => undefined);
  }
  expect(answered).toBe(10_000);
  const threads = await dc.threadsRequest();
  expect(threads.body.threads[0]).toMatchObject({ id: 1, name: 'CPU' });
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect((await topFrame(dc, 1)).source?.path).toBe(READ_VOL1);
}, 120_000);
