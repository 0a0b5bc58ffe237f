/**
 * "Run File": the program headless to its end, as `ccw run --trace` prints it, in the "Channel
 * Program" output channel; and "Debug File": the same file under the debugger.
 */
import * as vscode from 'vscode';
import { expectOutcomes, runProgramFile, traceHeader } from '../../runtime/runFile';
import { DEBUG_TYPE } from '../configuration';
import type { Platform } from '../platform';
import { programName, workspaceFiles } from '../workspaceFiles';
import { maxCcwsSetting, runTraceSetting } from './settings';
import { saveIfDirty, targetProgram } from './target';

let channel: vscode.OutputChannel | undefined;
function output(): vscode.OutputChannel {
  channel ??= vscode.window.createOutputChannel('Channel Program');
  return channel;
}

/** Runs `uri` headless, the trace into the output channel; resolves to the summary line. */
export async function runFileCommand(platform: Platform, arg: unknown): Promise<string | undefined> {
  const uri = targetProgram(arg);
  if (!uri) return undefined;
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showErrorMessage('Running a channel program needs a trusted workspace.');
    return undefined;
  }
  await saveIfDirty(uri);
  const program = programName(uri);
  const out = output();
  out.clear();
  out.show(true);
  const host = await platform.deviceHost(program);
  if ('error' in host) {
    out.appendLine(`ccw: ${host.error}`);
    return undefined;
  }
  const outcome = await runProgramFile(program, {
      maxCcws: maxCcwsSetting(),
      deviceHost: host,
      ...(runTraceSetting() ? { onTraceLine: (l: string) => out.appendLine(l) } : { onStatement: (lines: string[]) => lines.forEach((l) => out.appendLine(l)) }),
      onStart: (m) => out.appendLine(traceHeader(program, m)),
    }, workspaceFiles);
  let summary: string;
  switch (outcome.kind) {
    case 'unreadable':
      summary = outcome.message;
      break;
    case 'assembly':
    case 'machine':
      outcome.messages.forEach((m) => out.appendLine(m));
      summary = outcome.kind === 'assembly' ? `ccw: ${program} does not assemble` : `ccw: the devices of ${program} cannot be built`;
      break;
    case 'ran': {
      outcome.warnings.forEach((m) => out.appendLine(m));
      outcome.outputErrors.forEach((m) => out.appendLine(m));
      for (const e of expectOutcomes(outcome)) if (!e.passed) out.appendLine(`${e.loc.file}:${e.loc.line}: EXPECT ${e.text} failed (actual ${e.actual}${e.problem ? `: ${e.problem}` : ''})`);
      if (outcome.runaway) out.appendLine(`ccw: stopped after ${outcome.runaway.ccws.toLocaleString('en-US')} CCWs: the channel program does not end (raise maxCcws, or fix the loop)`);
      summary = `${outcome.passed} expectation(s) passed, ${outcome.failed} failed`;
    }
  }
  out.appendLine(summary);
  return summary;
}

export async function debugFileCommand(arg: unknown, noDebug = false): Promise<boolean> {
  const uri = targetProgram(arg);
  if (!uri) return false;
  await saveIfDirty(uri);
  const name = uri.path.slice(uri.path.lastIndexOf('/') + 1);
  return vscode.debug.startDebugging(vscode.workspace.getWorkspaceFolder(uri), { type: DEBUG_TYPE, request: 'launch', name: `Debug ${name}`, program: programName(uri), stopOnEntry: true }, { noDebug });
}
