/**
 * Reverse execution, stepping granularity and restart through a real DAP client: stepBack
 * returns to the exact earlier state (the CCW, the storage the channel filled, the FSM), a
 * reverseContinue stops on breakpoints going backwards, and history respects its limit.
 */
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { READ_VOL1, launch, lineOf, repl, scopeVariables, startClient, subchannelThread, topFrame, until } from './client';

let dc: DebugClient;
beforeEach(async () => {
  dc = await startClient();
});
afterEach(async () => {
  await dc.stop();
});

const SSCH = lineOf(READ_VOL1, /^\s+SSCH\s/);
const WAIT = lineOf(READ_VOL1, /^\s+WAIT\s/);
const DEFEXT = lineOf(READ_VOL1, /^CHAIN\s+CCW1/);
const LOCREC = lineOf(READ_VOL1, /CCW1\s+LOCREC/);
const RDDATA = lineOf(READ_VOL1, /CCW1\s+RDDATA/);
const END = lineOf(READ_VOL1, /^\s+END\b/);

async function labelBytes(): Promise<string> {
  const ev = await dc.evaluateRequest({ expression: 'LABEL', context: 'hover' });
  const mem = await dc.customRequest('readMemory', { memoryReference: ev.body.memoryReference, count: 4 });
  return Buffer.from((mem.body as { data: string }).data, 'base64').toString('hex').toUpperCase();
}

describe('reverse execution', () => {
  test('stepBack returns CCW by CCW to the exact earlier state, storage and FSM included', async () => {
    await launch(dc, { program: READ_VOL1 });
    const sch = await subchannelThread(dc);
    await until(dc, () => dc.stepInRequest({ threadId: 1 }));
    await until(dc, () => dc.nextRequest({ threadId: sch }));
    await until(dc, () => dc.nextRequest({ threadId: sch }));
    expect((await topFrame(dc, sch)).line).toBe(RDDATA);
    // Run to END: the channel has filled LABEL with VOL1.
    await until(dc, () => dc.continueRequest({ threadId: 1 }));
    expect((await topFrame(dc, 1)).line).toBe(END);
    expect(await labelBytes()).toBe('E5D6D3F1');
    expect(await repl(dc, 'fsm')).toMatch(/FSM IDLE/);

    // Back to the stop on READ DATA: LABEL is empty again and the FSM is CP_PENDING.
    let back = await until(dc, () => dc.stepBackRequest({ threadId: 1 }));
    expect(back.body.reason).toBe('step');
    expect((await topFrame(dc, sch)).line).toBe(RDDATA);
    expect(await labelBytes()).toBe('00000000');
    expect(await repl(dc, 'fsm')).toMatch(/FSM CP_PENDING/);
    const ccw = await scopeVariables(dc, (await topFrame(dc, sch)).id, 'CCW');
    expect(ccw.find((v) => v.name === 'cmd')?.value).toBe("X'06' (READ DATA)");

    back = await until(dc, () => dc.stepBackRequest({ threadId: sch }));
    expect((await topFrame(dc, sch)).line).toBe(LOCREC);
    back = await until(dc, () => dc.stepBackRequest({ threadId: sch }));
    expect((await topFrame(dc, sch)).line).toBe(DEFEXT);
    back = await until(dc, () => dc.stepBackRequest({ threadId: sch }));
    expect((await topFrame(dc, 1)).line).toBe(SSCH);
    // Nothing earlier: an error answer, and the session stays where it is.
    await expect(dc.stepBackRequest({ threadId: 1 })).rejects.toThrow(/no earlier stop/);
    // Forward again reaches the same states.
    await until(dc, () => dc.stepInRequest({ threadId: 1 }));
    expect((await topFrame(dc, sch)).line).toBe(DEFEXT);
  });

  test('reverseContinue stops on a breakpoint going backwards; a user write is replayed', async () => {
    await launch(dc, { program: READ_VOL1 });
    // A write made at the entry stop is part of history: replays repeat it.
    const dext = await dc.evaluateRequest({ expression: 'DEXTPARM', context: 'hover' });
    expect(((await dc.customRequest('setExpression', { expression: 'MEM(LABEL,4)', value: "X'C1C2C3C4'" })).body as { value: string }).value).toMatch(/^X'C1C2C3C4/);
    await until(dc, () => dc.continueRequest({ threadId: 1 }));
    expect((await topFrame(dc, 1)).line).toBe(END);
    await dc.setBreakpointsRequest({ source: { path: READ_VOL1 }, breakpoints: [{ line: LOCREC }] });
    const stop = await until(dc, () => dc.customRequest('reverseContinue', { threadId: 1 }));
    expect(stop.body.reason).toBe('breakpoint');
    expect((await topFrame(dc, await subchannelThread(dc))).line).toBe(LOCREC);
    expect(await labelBytes()).toBe('C1C2C3C4');
    expect(dext.body.memoryReference).toBeDefined();
    // No breakpoint further back: to the oldest stop (the entry).
    const first = await until(dc, () => dc.customRequest('reverseContinue', { threadId: 1 }));
    expect(first.body.reason).toBe('entry');
    expect((await topFrame(dc, 1)).line).toBe(SSCH);
  });

  test('historyLimit bounds how far back stepBack goes; 0 turns history off', async () => {
    await launch(dc, { program: READ_VOL1, historyLimit: 1 });
    const sch = await subchannelThread(dc);
    await until(dc, () => dc.stepInRequest({ threadId: 1 }));
    await until(dc, () => dc.nextRequest({ threadId: sch }));
    await until(dc, () => dc.stepBackRequest({ threadId: sch }));
    expect((await topFrame(dc, sch)).line).toBe(DEFEXT);
    await expect(dc.stepBackRequest({ threadId: sch })).rejects.toThrow(/no earlier stop/);
  });

  test('historyLimit 0: stepBack says history is off', async () => {
    await launch(dc, { program: READ_VOL1, historyLimit: 0 });
    await until(dc, () => dc.nextRequest({ threadId: 1 }));
    await expect(dc.stepBackRequest({ threadId: 1 })).rejects.toThrow(/History is off/);
  });
});

describe('stepping granularity, restart, terminate', () => {
  test('instruction granularity on a WAIT stops at the first CCW; statement granularity runs the whole program', async () => {
    await launch(dc, { program: READ_VOL1 });
    await until(dc, () => dc.nextRequest({ threadId: 1, granularity: 'instruction' }));
    expect((await topFrame(dc, 1)).line).toBe(WAIT);
    const stop = await until(dc, () => dc.nextRequest({ threadId: 1, granularity: 'instruction' }));
    const sch = await subchannelThread(dc);
    expect(stop.body.threadId).toBe(sch);
    expect((await topFrame(dc, sch)).line).toBe(DEFEXT);
    await until(dc, () => dc.restartRequest({}));
    expect((await topFrame(dc, 1)).line).toBe(SSCH);
    await until(dc, () => dc.nextRequest({ threadId: 1, granularity: 'statement' }));
    await until(dc, () => dc.nextRequest({ threadId: 1, granularity: 'statement' }));
    expect((await topFrame(dc, 1)).line).toBe(lineOf(READ_VOL1, /EXPECT CC=0/));
  });

  test('terminate ends the session with a terminated event', async () => {
    await launch(dc, { program: READ_VOL1 });
    await Promise.all([dc.terminateRequest(), dc.waitForEvent('terminated')]);
  });
});

export type { DebugProtocol };
