/**
 * With the Debug Console trace off a session runs inline CCWs without recording each one; the
 * exported trace says how many it holds no entry for. With the trace on (at launch or turned on
 * in the console) every CCW is recorded and sent in `ccw/trace` events.
 */
import { afterEach, beforeEach, expect, test } from 'vitest';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import { LOOP, launch, startClient, until } from './client';

let dc: DebugClient;
beforeEach(async () => {
  dc = await startClient();
});
afterEach(async () => {
  await dc.stop();
});

interface TraceBody {
  readonly content: string;
  readonly entries: number;
  readonly complete: boolean;
  readonly unrecordedCcws: number;
}

/** Continues the endless loop for a moment, then pauses. */
async function runAWhile(): Promise<void> {
  await until(dc, async () => {
    await dc.continueRequest({ threadId: 1 });
    await new Promise((done) => setTimeout(done, 150));
    await dc.pauseRequest({ threadId: 1 });
  });
}

test('trace off: the export counts the CCWs that ran batched without entries, where they ran', async () => {
  await launch(dc, { program: LOOP, path: 'direct', trace: false, stopOnEntry: true });
  await runAWhile();
  const json = (await dc.customRequest('ccw/trace', { format: 'json' })).body as TraceBody;
  expect(json.unrecordedCcws).toBeGreaterThan(0);
  const doc = JSON.parse(json.content) as { unrecordedCcws: number; entries: { kind: string; ccws?: number }[] };
  expect(doc.unrecordedCcws).toBe(json.unrecordedCcws);
  expect(doc.entries.filter((e) => e.kind === 'unrecorded').reduce((n, e) => n + (e.ccws ?? 0), 0)).toBe(json.unrecordedCcws);
  expect(doc.entries.map((e) => e.kind)).toContain('statement');
  const text = (await dc.customRequest('ccw/trace', { format: 'text' })).body as TraceBody;
  expect(text.unrecordedCcws).toBe(json.unrecordedCcws);
  expect(text.content).toMatch(/… \d+ CCW\(s\) below ran batched without a line of their own/);
  expect(text.content).toMatch(/0190 … \d+ CCW\(s\) ran batched without trace records/);
});

test('trace on: every CCW is recorded and sent as ccw/trace lines', async () => {
  const lines: string[] = [];
  dc.on('ccw/trace', (e: { body: { lines: string[] } }) => lines.push(...e.body.lines));
  await launch(dc, { program: LOOP, path: 'direct', trace: true, stopOnEntry: true });
  await runAWhile();
  const json = (await dc.customRequest('ccw/trace', { format: 'json' })).body as TraceBody;
  expect(json.unrecordedCcws).toBe(0);
  expect(lines.some((l) => / 0190 CCW 0000\w{4} NO OPERATION|CCW .*X'03'/.test(l))).toBe(true);
  expect(lines.some((l) => /ran batched/.test(l))).toBe(false);
});

test('"trace on" in the Debug Console records every CCW from the next run on', async () => {
  await launch(dc, { program: LOOP, path: 'direct', trace: false, stopOnEntry: true });
  const answer = await dc.evaluateRequest({ expression: 'trace on', context: 'repl' });
  expect(answer.body.result).toMatch(/on/);
  await runAWhile();
  const json = (await dc.customRequest('ccw/trace', { format: 'json' })).body as TraceBody;
  expect(json.unrecordedCcws).toBe(0);
});
