/** Shared helpers: the real adapter process (dist/debugAdapter.js) driven by DebugClient. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';

export const ADAPTER = resolve('dist/debugAdapter.js');
export const READ_VOL1 = resolve('examples/read-vol1.ccw');
export const FAULTS = resolve('test/dap/fixtures/faults.ccw');
export const LOOP = resolve('test/dap/fixtures/loop.ccw');

/** 1-based line of the first source line of `file` that matches. */
export function lineOf(file: string, re: RegExp): number {
  return readFileSync(file, 'utf8').split('\n').findIndex((l) => re.test(l)) + 1;
}

export async function startClient(): Promise<DebugClient> {
  const dc = new DebugClient(process.execPath, ADAPTER, 'ccw');
  dc.defaultTimeout = 10_000;
  await dc.start();
  return dc;
}

/** initialize → launch → (breakpoints set by `configure`) → configurationDone → first stop. */
export async function launch(
  dc: DebugClient,
  args: Record<string, unknown>,
  configure?: () => Promise<unknown>,
): Promise<DebugProtocol.StoppedEvent> {
  const stopped = dc.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
  await dc.initializeRequest();
  await dc.launchRequest(args as DebugProtocol.LaunchRequestArguments);
  await configure?.();
  await dc.configurationDoneRequest();
  return stopped;
}

export async function topFrame(dc: DebugClient, threadId: number): Promise<DebugProtocol.StackFrame> {
  const st = await dc.stackTraceRequest({ threadId });
  const frame = st.body.stackFrames[0];
  if (!frame) throw new Error(`thread ${threadId} has no frames`);
  return frame;
}

export async function scopeVariables(dc: DebugClient, frameId: number, scopeName: string, format?: DebugProtocol.ValueFormat): Promise<DebugProtocol.Variable[]> {
  const scopes = await dc.scopesRequest({ frameId });
  const scope = scopes.body.scopes.find((s) => s.name === scopeName);
  if (!scope) throw new Error(`no scope ${scopeName}: ${scopes.body.scopes.map((s) => s.name).join(', ')}`);
  return (await dc.variablesRequest({ variablesReference: scope.variablesReference, ...(format ? { format } : {}) })).body.variables;
}

/** Sends a request and waits for the stop it causes. */
export async function until(dc: DebugClient, request: () => Promise<unknown>): Promise<DebugProtocol.StoppedEvent> {
  const stopped = dc.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
  await request();
  return stopped;
}

export async function subchannelThread(dc: DebugClient): Promise<number> {
  return (await dc.threadsRequest()).body.threads[1]!.id;
}

export async function repl(dc: DebugClient, expression: string): Promise<string> {
  return (await dc.evaluateRequest({ expression, context: 'repl' })).body.result;
}
