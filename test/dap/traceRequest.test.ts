import { afterEach, beforeEach, expect, test } from 'vitest';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import { READ_VOL1, launch, startClient } from './client';

let dc: DebugClient;
beforeEach(async () => {
  dc = await startClient();
});
afterEach(async () => {
  await dc.stop();
});

test('ccw/trace answers the trace in the ccw run --trace layout, and as JSON', async () => {
  const entry = await launch(dc, { program: READ_VOL1, stopOnEntry: true });
  await dc.nextRequest({ threadId: entry.body.threadId! });
  await dc.waitForEvent('stopped');
  const text = (await dc.customRequest('ccw/trace', { format: 'text' })).body as { content: string; entries: number; complete: boolean };
  expect(text.complete).toBe(true);
  expect(text.entries).toBeGreaterThan(0);
  const lines = text.content.split('\n');
  expect(lines[0]).toMatch(/^ccw run \S*read-vol1\.ccw  \(PATH vfio; 0190 3390/);
  expect(lines.some((l) => /SSCH/.test(l))).toBe(true);
  const json = (await dc.customRequest('ccw/trace', { format: 'json' })).body as { content: string; entries: number };
  const doc = JSON.parse(json.content) as { program: string; path: string; entries: { kind: string }[] };
  expect(doc.program).toBe(READ_VOL1);
  expect(doc.entries).toHaveLength(json.entries);
  expect(doc.entries.map((e) => e.kind)).toContain('statement');
  await expect(dc.customRequest('ccw/trace', { format: 'xml' })).rejects.toThrow(/format must be "text" or "json"/);
});
