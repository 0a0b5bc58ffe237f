/**
 * The Test Explorer: every `.ccw` file with EXPECT statements is a test, each EXPECT line a test
 * inside it. Run runs the file headless through the same runtime as `ccw run`/`ccw test`
 * (src/runtime/runFile.ts); Debug runs it under the debugger, then reports the same way (the
 * emulator is deterministic, so the headless run sees what the session saw). A failing check is
 * reported at its EXPECT line with the actual value.
 */
import * as vscode from 'vscode';
import { expectOutcomes, runProgramFile, type FileOutcome } from '../../runtime/runFile';
import { maxCcwsSetting, testIncludeSetting } from '../commands/settings';
import { DEBUG_TYPE, LANGUAGE_ID } from '../configuration';
import type { Platform } from '../platform';
import { programName, workspaceFiles } from '../workspaceFiles';
import { expectLines } from './discover';

export const TEST_CONTROLLER_ID = 'ccwTests';

export function registerTestController(context: vscode.ExtensionContext, platform: Platform): vscode.TestController {
  const ctrl = vscode.tests.createTestController(TEST_CONTROLLER_ID, 'Channel Programs');
  context.subscriptions.push(ctrl);

  /** (Re)builds the items of one file from its text; a file without EXPECTs has none. */
  const update = (uri: vscode.Uri, text: string): void => {
    const lines = expectLines(text);
    if (lines.length === 0) {
      ctrl.items.delete(uri.toString());
      return;
    }
    const name = uri.path.slice(uri.path.lastIndexOf('/') + 1);
    const file = ctrl.items.get(uri.toString()) ?? ctrl.createTestItem(uri.toString(), name, uri);
    file.range = new vscode.Range(lines[0]?.line ?? 0, 0, lines[0]?.line ?? 0, 0);
    file.description = vscode.workspace.asRelativePath(uri.with({ path: uri.path.slice(0, uri.path.lastIndexOf('/')) || '/' }), false);
    file.children.replace(
      lines.map((l) => {
        const item = ctrl.createTestItem(`${uri.toString()}#${l.line + 1}`, `line ${l.line + 1}: EXPECT ${l.text}`, uri);
        item.range = new vscode.Range(l.line, 0, l.line, 0);
        return item;
      }),
    );
    ctrl.items.add(file);
  };
  const updateFromDisk = async (uri: vscode.Uri): Promise<void> => {
    const text = await workspaceFiles.readText(programName(uri));
    if (text === null) ctrl.items.delete(uri.toString());
    else update(uri, text);
  };

  ctrl.resolveHandler = async (item) => {
    if (item) return;
    const found = await vscode.workspace.findFiles(testIncludeSetting(), '**/node_modules/**');
    await Promise.all(found.map(updateFromDisk));
  };
  ctrl.refreshHandler = async () => {
    ctrl.items.replace([]);
    const found = await vscode.workspace.findFiles(testIncludeSetting(), '**/node_modules/**');
    await Promise.all(found.map(updateFromDisk));
  };

  const watcher = vscode.workspace.createFileSystemWatcher('**/*.ccw');
  context.subscriptions.push(
    watcher,
    watcher.onDidCreate(updateFromDisk),
    watcher.onDidChange(updateFromDisk),
    watcher.onDidDelete((uri) => ctrl.items.delete(uri.toString())),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document.languageId === LANGUAGE_ID) update(e.document.uri, e.document.getText());
    }),
    vscode.workspace.onDidOpenTextDocument((d) => {
      if (d.languageId === LANGUAGE_ID && d.uri.scheme !== 'ccw-listing') update(d.uri, d.getText());
    }),
  );
  for (const d of vscode.workspace.textDocuments) if (d.languageId === LANGUAGE_ID) update(d.uri, d.getText());

  const run = async (request: vscode.TestRunRequest, token: vscode.CancellationToken, debug: boolean): Promise<void> => {
    const testRun = ctrl.createTestRun(request);
    // The files to run: a file item runs all its EXPECTs, an EXPECT item runs its file.
    const files = new Map<string, { file: vscode.TestItem; only: Set<string> | null }>();
    const queue: vscode.TestItem[] = request.include ? [...request.include] : [];
    if (!request.include) ctrl.items.forEach((i) => queue.push(i));
    for (const item of queue) {
      const file = item.parent ?? item;
      const entry = files.get(file.id) ?? { file, only: new Set<string>() };
      if (item === file) entry.only = null;
      else entry.only?.add(item.id);
      files.set(file.id, entry);
    }
    const excluded = new Set((request.exclude ?? []).map((i) => i.id));
    try {
      for (const { file, only } of files.values()) {
        if (token.isCancellationRequested || excluded.has(file.id) || !file.uri) continue;
        const wanted: vscode.TestItem[] = [];
        file.children.forEach((c) => {
          if ((only === null || only.has(c.id)) && !excluded.has(c.id)) wanted.push(c);
        });
        testRun.started(file);
        wanted.forEach((c) => testRun.started(c));
        const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === file.uri?.toString());
        if (doc?.isDirty) await doc.save();
        if (debug) await debugToEnd(file.uri, token);
        const started = Date.now();
        const outcome = await runOne(platform, file.uri);
        report(testRun, file, wanted, outcome, Date.now() - started);
      }
    } finally {
      testRun.end();
    }
  };
  ctrl.createRunProfile('Run', vscode.TestRunProfileKind.Run, (r, t) => run(r, t, false), true);
  ctrl.createRunProfile('Debug', vscode.TestRunProfileKind.Debug, (r, t) => run(r, t, true), true);
  return ctrl;
}

async function runOne(platform: Platform, uri: vscode.Uri): Promise<FileOutcome> {
  const program = programName(uri);
  const host = await platform.deviceHost(program);
  if ('error' in host) return { kind: 'machine', messages: [host.error] };
  return runProgramFile(program, { maxCcws: maxCcwsSetting(), deviceHost: host }, workspaceFiles);
}

/** Debugs `uri` without stopping on entry (breakpoints still stop), until the session ends. */
async function debugToEnd(uri: vscode.Uri, token: vscode.CancellationToken): Promise<void> {
  const name = `Test ${uri.path.slice(uri.path.lastIndexOf('/') + 1)}`;
  let session: vscode.DebugSession | undefined;
  const ended = new Promise<void>((resolve) => {
    const subs = [
      vscode.debug.onDidStartDebugSession((s) => {
        if (s.type === DEBUG_TYPE && s.name === name) session ??= s;
      }),
      vscode.debug.onDidTerminateDebugSession((s) => {
        if (s === session || (s.type === DEBUG_TYPE && s.name === name)) {
          subs.forEach((d) => d.dispose());
          resolve();
        }
      }),
      token.onCancellationRequested(() => {
        if (session) void vscode.debug.stopDebugging(session);
      }),
    ];
  });
  const ok = await vscode.debug.startDebugging(vscode.workspace.getWorkspaceFolder(uri), { type: DEBUG_TYPE, request: 'launch', name, program: programName(uri), stopOnEntry: false });
  if (ok) await ended;
}

function lineMessage(uri: vscode.Uri, line: number, text: string): vscode.TestMessage {
  const m = new vscode.TestMessage(text);
  m.location = new vscode.Location(uri, new vscode.Position(Math.max(0, line - 1), 0));
  return m;
}

/** Results of one file run onto its items: each EXPECT line passes only if all its checks held. */
function report(run: vscode.TestRun, file: vscode.TestItem, wanted: readonly vscode.TestItem[], outcome: FileOutcome, ms: number): void {
  const uri = file.uri as vscode.Uri;
  if (outcome.kind !== 'ran') {
    const text = outcome.kind === 'unreadable' ? outcome.message : outcome.messages.join('\n');
    const m = new vscode.TestMessage(outcome.kind === 'assembly' ? `does not assemble:\n${text}` : text);
    const at = /:(\d+):\d+:/.exec(outcome.kind === 'assembly' ? outcome.messages[0] ?? '' : '');
    if (at) m.location = new vscode.Location(uri, new vscode.Position(Number(at[1]) - 1, 0));
    run.errored(file, m, ms);
    wanted.forEach((c) => run.skipped(c));
    return;
  }
  const byLine = new Map<number, { passed: boolean; messages: vscode.TestMessage[] }>();
  for (const e of expectOutcomes(outcome)) {
    if (programName(uri) !== e.loc.file) continue; // an EXPECT in a COPY file belongs to that file
    const entry = byLine.get(e.loc.line) ?? { passed: true, messages: [] };
    if (!e.passed) {
      entry.passed = false;
      const m = lineMessage(uri, e.loc.line, `EXPECT ${e.text} failed: actual ${e.actual}${e.problem ? ` (${e.problem})` : ''}`);
      m.expectedOutput = e.text;
      m.actualOutput = e.actual;
      entry.messages.push(m);
    }
    byLine.set(e.loc.line, entry);
  }
  const fileMessages: vscode.TestMessage[] = [];
  for (const c of wanted) {
    const line = (c.range?.start.line ?? -1) + 1;
    const r = byLine.get(line);
    if (!r) {
      const why = outcome.runaway ? 'the program ran away before it got here' : 'the program ended before it got here';
      run.skipped(c);
      fileMessages.push(lineMessage(uri, line, `EXPECT on line ${line} was not evaluated: ${why}`));
    } else if (r.passed) run.passed(c);
    else {
      run.failed(c, r.messages);
      fileMessages.push(...r.messages);
    }
  }
  if (outcome.runaway) fileMessages.push(new vscode.TestMessage(`stopped after ${outcome.runaway.ccws.toLocaleString('en-US')} CCWs: a channel program does not end (setting ccw.maxCcws)`));
  for (const e of outcome.outputErrors) fileMessages.push(new vscode.TestMessage(e));
  const failedHere = outcome.failed > 0 || outcome.runaway !== null || outcome.outputErrors.length > 0;
  if (failedHere) run.failed(file, fileMessages, ms);
  else run.passed(file, ms);
}
