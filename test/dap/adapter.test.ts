/**
 * The standalone adapter (dist/debugAdapter.js) as a separate process, driven by a real DAP
 * client: launch, stop on entry, step into the channel program, step CCW by CCW, read the
 * variables, see the IRB after the interruption, continue to END.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';

const ADAPTER = resolve('dist/debugAdapter.js');
const PROGRAM = resolve('examples/read-vol1.ccw');
const SOURCE = readFileSync(PROGRAM, 'utf8').split('\n');
/** 1-based line of the first source line that matches. */
const lineOf = (re: RegExp): number => SOURCE.findIndex((l) => re.test(l)) + 1;

let dc: DebugClient;

beforeEach(async () => {
  dc = new DebugClient(process.execPath, ADAPTER, 'ccw');
  dc.defaultTimeout = 10_000;
  await dc.start();
});

afterEach(async () => {
  await dc.stop();
});

async function topFrame(threadId: number): Promise<DebugProtocol.StackFrame> {
  const st = await dc.stackTraceRequest({ threadId });
  const frame = st.body.stackFrames[0];
  if (!frame) throw new Error(`thread ${threadId} has no frames`);
  return frame;
}

async function scopeVariables(frameId: number, scopeName: string): Promise<DebugProtocol.Variable[]> {
  const scopes = await dc.scopesRequest({ frameId });
  const scope = scopes.body.scopes.find((s) => s.name === scopeName);
  if (!scope) throw new Error(`no scope ${scopeName}: ${scopes.body.scopes.map((s) => s.name).join(', ')}`);
  return (await dc.variablesRequest({ variablesReference: scope.variablesReference })).body.variables;
}

async function launchStoppedOnEntry(): Promise<void> {
  await Promise.all([dc.configurationSequence(), dc.launch({ program: PROGRAM, stopOnEntry: true } as DebugProtocol.LaunchRequestArguments), dc.waitForEvent('stopped')]);
}

describe('debug adapter over stdio', () => {
  test('launch stops on entry at the SSCH statement', async () => {
    await launchStoppedOnEntry();
    const threads = await dc.threadsRequest();
    expect(threads.body.threads.map((t) => t.name)).toEqual(['CPU', 'subchannel 0.0.0000 · device 0190 3390-3']);
    const frame = await topFrame(1);
    expect(frame.line).toBe(lineOf(/^\s+SSCH\s/));
    expect(frame.source?.path).toBe(PROGRAM);
  });

  test('step into the channel program, then CCW by CCW, reading the variables', async () => {
    await launchStoppedOnEntry();
    const subchannel = (await dc.threadsRequest()).body.threads[1]!.id;

    // Step Into on SSCH stops at the first CCW, on the subchannel's thread.
    await Promise.all([dc.stepInRequest({ threadId: 1 }), dc.waitForEvent('stopped')]);
    let frame = await topFrame(subchannel);
    expect(frame.line).toBe(lineOf(/^CHAIN\s+CCW1\s+DEFEXT/));
    let ccw = await scopeVariables(frame.id, 'CCW');
    expect(ccw.find((v) => v.name === 'cmd')?.value).toBe("X'63' (DEFINE EXTENT)");
    // The stack shows the SSCH that started the program below the CCW.
    const stack = (await dc.stackTraceRequest({ threadId: subchannel })).body.stackFrames;
    expect(stack.at(-1)?.line).toBe(lineOf(/^\s+SSCH\s/));

    // The vfio-ccw io region holds the request QEMU wrote: ret_code 0, CP_PENDING.
    const region = await scopeVariables(frame.id, 'vfio-ccw regions');
    expect(region.find((v) => v.name === 'FSM state')?.value).toBe('CP_PENDING');
    expect(region.find((v) => v.name === 'ret_code')?.value).toBe('0');

    // Step Over runs one CCW.
    await Promise.all([dc.nextRequest({ threadId: subchannel }), dc.waitForEvent('stopped')]);
    frame = await topFrame(subchannel);
    expect(frame.line).toBe(lineOf(/^\s+CCW1\s+LOCREC/));
    ccw = await scopeVariables(frame.id, 'CCW');
    expect(ccw.find((v) => v.name === 'cmd')?.value).toBe("X'47' (LOCATE RECORD)");
    expect(ccw.find((v) => v.name === 'count')?.value).toBe('16');

    await Promise.all([dc.nextRequest({ threadId: subchannel }), dc.waitForEvent('stopped')]);
    frame = await topFrame(subchannel);
    expect(frame.line).toBe(lineOf(/^\s+CCW1\s+RDDATA/));

    // After the last CCW, a step stops once at status pending…
    await Promise.all([dc.nextRequest({ threadId: subchannel }), dc.waitForEvent('stopped')]);
    frame = await topFrame(subchannel);
    expect(frame.name).toBe('status pending');
    // …and then on the CPU's next statement, with the IRB of the interruption decoded.
    const stopped = dc.waitForEvent('stopped');
    await dc.nextRequest({ threadId: subchannel });
    expect((await stopped).body.threadId).toBe(1);
    frame = await topFrame(1);
    expect(frame.line).toBe(lineOf(/EXPECT CC=0/));
    const irb = await scopeVariables(frame.id, 'IRB');
    const scsw = irb.find((v) => v.name === 'scsw');
    expect(scsw).toBeDefined();
    const scswFields = (await dc.variablesRequest({ variablesReference: scsw!.variablesReference })).body.variables;
    expect(scswFields.find((v) => v.name === 'dstat')?.value).toBe("X'0C' (CE+DE)");
    expect(scswFields.find((v) => v.name === 'stctl')?.value).toBe("X'07' (PRIM+SEC+PEND)");
    expect(scswFields.find((v) => v.name === 'count')?.value).toBe('0');

    // Continue to END: the session stays alive, stopped there.
    const end = dc.waitForEvent('stopped');
    await dc.continueRequest({ threadId: 1 });
    expect((await end).body.reason).toBe('end');
    expect((await topFrame(1)).line).toBe(lineOf(/^\s+END\b/));

    const regions = (await dc.customRequest('ccw/regions')) as DebugProtocol.Response;
    const io = (regions.body as { devices: { fsm: string; regions: { fields: { name: string; value: string }[] }[] }[] }).devices[0]!;
    expect(io.fsm).toBe('IDLE');
    expect(io.regions[0]!.fields.map((f) => f.name)).toEqual(['orb_area', 'scsw_area', 'irb_area', 'ret_code']);
    expect(io.regions[0]!.fields.find((f) => f.name === 'ret_code')?.value).toBe('0');
  });

  test('nonsense requests get error answers and the adapter carries on', async () => {
    await launchStoppedOnEntry();
    expect((await dc.stackTraceRequest({ threadId: 999 })).body.stackFrames).toEqual([]);
    expect((await dc.variablesRequest({ variablesReference: 123456 })).body.variables).toEqual([]);
    await expect(dc.customRequest('ccw/nonsense')).rejects.toThrow(/Unknown request/);
    await expect(dc.nextRequest({ threadId: 999 })).rejects.toThrow(/no thread 999/);
    await expect(dc.customRequest('next')).rejects.toThrow(/no thread/);
    await expect(dc.customRequest('scopes')).rejects.toThrow(/scopes needs the frameId/);
    expect((await dc.threadsRequest()).body.threads).toHaveLength(2);
    expect((await topFrame(1)).line).toBe(lineOf(/^\s+SSCH\s/));
  });

  test('a launch of a file with assembly errors fails with a message, not a crash', async () => {
    await dc.initializeRequest();
    await expect(dc.launch({ program: resolve('test/dap/fixtures/broken.ccw') } as DebugProtocol.LaunchRequestArguments)).rejects.toThrow(/assembly error/);
  });

  test('a launch without a program fails with a message', async () => {
    await dc.initializeRequest();
    await expect(dc.launch({} as DebugProtocol.LaunchRequestArguments)).rejects.toThrow(/no "program"/);
  });
});
