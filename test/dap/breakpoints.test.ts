/**
 * Breakpoint kinds through a real DAP client and the adapter process: conditions and hit
 * counts in the EXPECT language, logpoints, function, instruction and data breakpoints,
 * breakpoint locations, exception filters with exceptionInfo, and a runaway program.
 */
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { FAULTS, LOOP, READ_VOL1, launch, lineOf, repl, startClient, subchannelThread, topFrame, until } from './client';

let dc: DebugClient;
beforeEach(async () => {
  dc = await startClient();
});
afterEach(async () => {
  await dc.stop();
});

const RDDATA = lineOf(READ_VOL1, /CCW1\s+RDDATA/);
const LOCREC = lineOf(READ_VOL1, /CCW1\s+LOCREC/);
const SSCH = lineOf(READ_VOL1, /^\s+SSCH\s/);

describe('breakpoints', () => {
  test('initialize announces every capability the session implements', async () => {
    const caps = (await dc.initializeRequest()).body!;
    for (const c of [
      'supportsConfigurationDoneRequest',
      'supportsFunctionBreakpoints',
      'supportsConditionalBreakpoints',
      'supportsHitConditionalBreakpoints',
      'supportsLogPoints',
      'supportsDataBreakpoints',
      'supportsInstructionBreakpoints',
      'supportsBreakpointLocationsRequest',
      'supportsStepBack',
      'supportsSteppingGranularity',
      'supportsRestartRequest',
      'supportsTerminateRequest',
      'supportsSetVariable',
      'supportsSetExpression',
      'supportsEvaluateForHovers',
      'supportsCompletionsRequest',
      'supportsExceptionInfoRequest',
      'supportsExceptionFilterOptions',
      'supportsReadMemoryRequest',
      'supportsWriteMemoryRequest',
      'supportsDisassembleRequest',
      'supportsValueFormattingOptions',
      'supportsLoadedSourcesRequest',
      'supportsCancelRequest',
    ] as const) {
      expect(caps[c], c).toBe(true);
    }
    expect(caps.exceptionBreakpointFilters?.map((f) => f.filter)).toEqual([
      'unitCheck', 'unitException', 'attention', 'programCheck', 'protectionCheck', 'chainingCheck',
      'incorrectLength', 'channelDataCheck', 'vfioRet', 'expectFailed', 'runaway',
    ]);
  });

  test('a condition in the EXPECT language decides whether a CCW breakpoint stops', async () => {
    let bound: DebugProtocol.Breakpoint[] = [];
    const first = await launch(dc, { program: READ_VOL1, stopOnEntry: false }, async () => {
      bound = (await dc.setBreakpointsRequest({ source: { path: READ_VOL1 }, breakpoints: [{ line: LOCREC, condition: 'CC=1' }, { line: RDDATA, condition: 'CC=0' }, { line: 3, condition: 'CC=0' }] })).body.breakpoints;
    });
    expect(bound.map((b) => b.verified)).toEqual([true, true, false]);
    expect(bound[2]?.message).toMatch(/Not a driver statement/);
    // CC=1 never holds (SSCH set cc 0), so the LOCREC breakpoint is skipped; RDDATA stops.
    expect(first.body.reason).toBe('breakpoint');
    expect(first.body.hitBreakpointIds).toEqual([bound[1]!.id]);
    expect((await topFrame(dc, await subchannelThread(dc))).line).toBe(RDDATA);
  });

  test('a condition that is not an EXPECT check is refused with the reason', async () => {
    await launch(dc, { program: READ_VOL1 });
    const r = await dc.setBreakpointsRequest({ source: { path: READ_VOL1 }, breakpoints: [{ line: RDDATA, condition: 'NOSUCH=1' }] });
    expect(r.body.breakpoints[0]).toMatchObject({ verified: false });
    expect(r.body.breakpoints[0]?.message).toMatch(/condition/);
  });

  test('hit counts and logpoints: the third NOP of a loop stops, each TIC before it logs', async () => {
    const nop = lineOf(LOOP, /^LOOP\s+CCW1/);
    const tic = lineOf(LOOP, /^BACK\s+CCW1/);
    const logs: string[] = [];
    dc.on('output', (e: DebugProtocol.OutputEvent) => {
      if (e.body.output.startsWith('tic ')) logs.push(e.body.output.trim());
    });
    const stop = await launch(dc, { program: LOOP, stopOnEntry: false, trace: false }, () =>
      dc.setBreakpointsRequest({ source: { path: LOOP }, breakpoints: [{ line: nop, hitCondition: '3' }, { line: tic, logMessage: 'tic cc={CC} {{ok}}' }] }),
    );
    expect(stop.body.reason).toBe('breakpoint');
    expect((await topFrame(dc, await subchannelThread(dc))).line).toBe(nop);
    expect(logs).toEqual(['tic cc=0 {ok}', 'tic cc=0 {ok}']);
  });

  test('function breakpoints by command name, by code with a device number; unknown names are refused', async () => {
    let bound: DebugProtocol.Breakpoint[] = [];
    let stop = await launch(dc, { program: READ_VOL1, stopOnEntry: false }, async () => {
      bound = (await dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: "X'47' 0190" }, { name: 'READ DATA' }, { name: 'FROBNICATE' }] })).body.breakpoints;
    });
    expect(bound.map((b) => b.verified)).toEqual([true, true, false]);
    expect(bound[2]?.message).toMatch(/neither a command/);
    expect(stop.body.reason).toBe('function breakpoint');
    const sch = await subchannelThread(dc);
    expect((await topFrame(dc, sch)).line).toBe(LOCREC);
    stop = await until(dc, () => dc.continueRequest({ threadId: 1 }));
    expect(stop.body.reason).toBe('function breakpoint');
    expect(stop.body.description).toMatch(/READ DATA on 0190/);
    expect((await topFrame(dc, sch)).line).toBe(RDDATA);
  });

  test('an instruction breakpoint on a guest address stops when the CCW there is fetched', async () => {
    await dc.initializeRequest();
    await dc.launchRequest({ program: READ_VOL1, stopOnEntry: true } as DebugProtocol.LaunchRequestArguments);
    const entry = dc.waitForEvent('stopped');
    await dc.configurationDoneRequest();
    await entry;
    const ev = await dc.evaluateRequest({ expression: 'CHAIN', context: 'hover' });
    const address = Number(ev.body.memoryReference) + 8;
    const set = (await dc.customRequest('setInstructionBreakpoints', { breakpoints: [{ instructionReference: `0x${address.toString(16)}` }, { instructionReference: '0x3' }] })) as DebugProtocol.SetInstructionBreakpointsResponse;
    const bound = set.body.breakpoints;
    expect(bound.map((b) => b.verified)).toEqual([true, false]);
    const stop = await until(dc, () => dc.continueRequest({ threadId: 1 }));
    expect(stop.body.reason).toBe('instruction breakpoint');
    const frame = await topFrame(dc, await subchannelThread(dc));
    expect(frame.line).toBe(LOCREC);
    expect(frame.instructionPointerReference).toBe(`0x${address.toString(16)}`);
  });

  test('a data breakpoint on a symbol stops when the channel stores into it', async () => {
    await launch(dc, { program: READ_VOL1 });
    const info = await dc.dataBreakpointInfoRequest({ name: 'LABEL' });
    expect(info.body.dataId).toMatch(/^\d+:80$/);
    expect(info.body.accessTypes).toEqual(['read', 'write', 'readWrite']);
    expect((await dc.dataBreakpointInfoRequest({ name: 'NOSUCH' })).body.dataId).toBeNull();
    const set = await dc.setDataBreakpointsRequest({ breakpoints: [{ dataId: info.body.dataId!, accessType: 'write' }] });
    expect(set.body.breakpoints[0]?.verified).toBe(true);
    const stop = await until(dc, () => dc.continueRequest({ threadId: 1 }));
    expect(stop.body.reason).toBe('data breakpoint');
    expect(stop.body.description).toMatch(/READ DATA @[0-9A-F]{8} stored into/);
    expect(await repl(dc, 'x LABEL 4')).toMatch(/E5D6D3F1 .*\*VOL1/);
  });

  test('a read data breakpoint stops when the channel fetches parameters from it', async () => {
    await launch(dc, { program: READ_VOL1 });
    const info = await dc.dataBreakpointInfoRequest({ name: 'LOCPARM' });
    await dc.setDataBreakpointsRequest({ breakpoints: [{ dataId: info.body.dataId!, accessType: 'read' }] });
    const stop = await until(dc, () => dc.continueRequest({ threadId: 1 }));
    expect(stop.body.reason).toBe('data breakpoint');
    expect(stop.body.description).toMatch(/LOCATE RECORD .* fetched from/);
  });

  test('breakpoint locations are the statements, CCWs and data areas of a range', async () => {
    await launch(dc, { program: READ_VOL1 });
    const from = lineOf(READ_VOL1, /^CHAIN/);
    const to = lineOf(READ_VOL1, /^LABEL/);
    const r = await dc.customRequest('breakpointLocations', { source: { path: READ_VOL1 }, line: from, endLine: to });
    const lines = (r.body as DebugProtocol.BreakpointLocationsResponse['body']).breakpoints.map((b) => b.line);
    expect(lines).toEqual([from, LOCREC, RDDATA, lineOf(READ_VOL1, /^DEXTPARM/), lineOf(READ_VOL1, /^LOCPARM/), to]);
  });

  test('a line breakpoint on a data area stops at the CCW that uses it', async () => {
    const label = lineOf(READ_VOL1, /^LABEL/);
    const stop = await launch(dc, { program: READ_VOL1, stopOnEntry: false }, () => dc.setBreakpointsRequest({ source: { path: READ_VOL1 }, breakpoints: [{ line: label }] }));
    expect(stop.body.reason).toBe('breakpoint');
    expect((await topFrame(dc, await subchannelThread(dc))).line).toBe(RDDATA);
  });
});

describe('exception filters', () => {
  test('unit check stops with exceptionInfo decoding the status; failed EXPECT stops next', async () => {
    const stop = await launch(dc, { program: FAULTS, stopOnEntry: false }, () => dc.setExceptionBreakpointsRequest({ filters: ['unitCheck', 'expectFailed'] }));
    expect(stop.body.reason).toBe('exception');
    const info = await dc.exceptionInfoRequest({ threadId: stop.body.threadId! });
    expect(info.body.exceptionId).toBe('unitCheck');
    expect(info.body.details?.message).toMatch(/UC/);
    const next = await until(dc, () => dc.continueRequest({ threadId: 1 }));
    expect(next.body.reason).toBe('exception');
    const info2 = await dc.exceptionInfoRequest({ threadId: 1 });
    expect(info2.body.exceptionId).toBe('expectFailed');
    expect(info2.body.details?.message).toMatch(/DSTAT=CE\+DE: actual X'0E' \(CE\+DE\+UC\)/);
  });

  test('a filter condition that does not hold lets the program run on; bad conditions are refused', async () => {
    let res: DebugProtocol.SetExceptionBreakpointsResponse | null = null;
    const stop = await launch(dc, { program: FAULTS, stopOnEntry: false }, async () => {
      res = await dc.setExceptionBreakpointsRequest({ filters: [], filterOptions: [{ filterId: 'unitCheck', condition: 'DSTAT&=UX' }, { filterId: 'expectFailed', condition: 'BOGUS' }] });
    });
    expect(res!.body!.breakpoints!.map((b) => b.verified)).toEqual([true, false]);
    expect(stop.body.reason).toBe('end');
  });

  test('a runaway channel program stops as an exception, and can then be terminated', async () => {
    const stop = await launch(dc, { program: LOOP, stopOnEntry: false, maxCcws: 1000, trace: false }, () => dc.setExceptionBreakpointsRequest({ filters: ['runaway'] }));
    expect(stop.body.reason).toBe('exception');
    expect((await dc.exceptionInfoRequest({ threadId: stop.body.threadId! })).body.description).toMatch(/Runaway channel program on 0190: more than 1000 CCWs/);
    await Promise.all([dc.terminateRequest(), dc.waitForEvent('terminated')]);
  });

  test('pause and cancel stop an endless program within a slice', async () => {
    await launch(dc, { program: LOOP, trace: false }, () => dc.setExceptionBreakpointsRequest({ filters: [] }));
    await dc.continueRequest({ threadId: 1 });
    const paused = await until(dc, () => dc.pauseRequest({ threadId: 1 }));
    expect(paused.body.reason).toBe('pause');
    expect(paused.body.allThreadsStopped).toBe(true);
    await dc.continueRequest({ threadId: 1 });
    const cancelled = await until(dc, () => dc.customRequest('cancel', {}));
    expect(cancelled.body.reason).toBe('pause');
  });
});

void SSCH;
