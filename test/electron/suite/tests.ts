/**
 * The extension-host suite, shared by the desktop runners (test-electron, code-server) and the
 * web extension host (@vscode/test-web). It needs a workspace holding read-vol1.ccw, and for
 * "F5 on each example" an examples/ folder with the other examples.
 */
import * as vscode from 'vscode';
import { check, type Test } from './harness';

const EXTENSION_ID = 'ccw-debug.ccw-debug';

function folder(): vscode.Uri {
  const f = vscode.workspace.workspaceFolders?.[0]?.uri;
  check(f, 'the suite needs a workspace folder');
  return f;
}

const text = async (uri: vscode.Uri): Promise<string> => new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor<T>(what: string, ms: number, probe: () => T | undefined | Promise<T | undefined>): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== null && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(50);
  }
}

/** Stopped events of ccw sessions, as the adapter sends them. */
const stops: { session: vscode.DebugSession; reason: string; threadId: number }[] = [];
/** The panels' traffic of ccw sessions: `ccw/panels` requests the extension sent, events the adapter pushed. */
const panelsTraffic: { session: string; kind: 'request' | 'answer' | 'push'; follow?: unknown; error?: unknown }[] = [];
let tracking: vscode.Disposable | undefined;
function track(): void {
  tracking ??= vscode.debug.registerDebugAdapterTrackerFactory('ccw', {
    createDebugAdapterTracker: (session) => ({
      onWillReceiveMessage: (m: { type?: string; command?: string; arguments?: { follow?: unknown } }) => {
        if (m.type === 'request' && m.command === 'ccw/panels') panelsTraffic.push({ session: session.id, kind: 'request', follow: m.arguments?.follow });
      },
      onDidSendMessage: (m: { type?: string; event?: string; command?: string; body?: { reason?: string; threadId?: number; error?: unknown } }) => {
        if (m.type === 'event' && m.event === 'stopped') stops.push({ session, reason: m.body?.reason ?? '', threadId: m.body?.threadId ?? 1 });
        if (m.type === 'response' && m.command === 'ccw/panels') panelsTraffic.push({ session: session.id, kind: 'answer' });
        if (m.type === 'event' && m.event === 'ccw/panels') panelsTraffic.push({ session: session.id, kind: 'push', error: m.body?.error });
      },
    }),
  });
}

async function startSession(program: vscode.Uri, extra: Record<string, unknown> = {}): Promise<vscode.DebugSession> {
  track();
  stops.length = 0;
  const name = `suite ${program.path.slice(program.path.lastIndexOf('/') + 1)} ${Date.now()}`;
  const started = new Promise<vscode.DebugSession>((resolve) => {
    const d = vscode.debug.onDidStartDebugSession((s) => {
      if (s.name === name) {
        d.dispose();
        resolve(s);
      }
    });
  });
  const prog = program.scheme === 'file' ? program.fsPath : program.toString();
  check(await vscode.debug.startDebugging(undefined, { type: 'ccw', request: 'launch', name, program: prog, stopOnEntry: true, ...extra }), `startDebugging ${prog} returned false`);
  return started;
}

async function nextStop(session: vscode.DebugSession, after: number): Promise<{ reason: string; threadId: number }> {
  return waitFor(`a stop of ${session.name}`, 20_000, () => stops.slice(after).find((s) => s.session.id === session.id));
}

async function stopSession(session: vscode.DebugSession): Promise<void> {
  const ended = new Promise<void>((resolve) => {
    const d = vscode.debug.onDidTerminateDebugSession((s) => {
      if (s.id === session.id) {
        d.dispose();
        resolve();
      }
    });
  });
  await vscode.debug.stopDebugging(session);
  await ended;
}

export function suiteTests(kind: 'desktop' | 'web'): Test[] {
  const tests: Test[] = [];
  const test = (name: string, fn: () => Promise<void>) => tests.push({ name, fn });

  test('the extension activates on a .ccw file and registers its commands', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    check(ext, `extension ${EXTENSION_ID} is not installed`);
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder(), 'read-vol1.ccw'));
    await vscode.window.showTextDocument(doc);
    check(doc.languageId === 'ccw', `language of read-vol1.ccw is ${doc.languageId}`);
    await waitFor('activation', 10_000, () => ext.isActive);
    const all = await vscode.commands.getCommands(true);
    for (const c of ['ccw.runFile', 'ccw.debugFile', 'ccw.showListing', 'ccw.newDasdVolume', 'ccw.openDasdImage', 'ccw.exportTrace', 'ccw.variables.viewAsHex', 'ccw.newProgram']) check(all.includes(c), `command ${c} is not registered`);
  });

  test('the Test Explorer lists each .ccw file with EXPECTs, one item per EXPECT line', async () => {
    const api = vscode.extensions.getExtension<{ testController: vscode.TestController }>(EXTENSION_ID)?.exports;
    check(api, 'the extension exports no API');
    const ctrl = api.testController;
    await ctrl.resolveHandler?.(undefined);
    const id = vscode.Uri.joinPath(folder(), 'read-vol1.ccw').toString();
    const item = await waitFor(`a test item ${id}`, 10_000, () => ctrl.items.get(id));
    const lines: number[] = [];
    item.children.forEach((c) => lines.push((c.range?.start.line ?? -1) + 1));
    const source = (await text(vscode.Uri.joinPath(folder(), 'read-vol1.ccw'))).split(/\r?\n/);
    const expected = source.flatMap((l, i) => (/^\s+EXPECT\s/.test(l) ? [i + 1] : []));
    check(JSON.stringify(lines) === JSON.stringify(expected), `EXPECT items on lines ${lines.join(',')}, the file has EXPECTs on ${expected.join(',')}`);
    let files = 0;
    ctrl.items.forEach(() => files++);
    check(files >= 2, `only ${files} file(s) in the Test Explorer`);
  });

  test('Show Listing opens the assembler listing of the active file', async () => {
    const doc = (await vscode.commands.executeCommand('ccw.showListing', vscode.Uri.joinPath(folder(), 'read-vol1.ccw'))) as vscode.TextDocument | undefined;
    check(doc, 'no listing document');
    const t = doc.getText();
    check(/LOC\s+OBJECT CODE/.test(t), `listing has no header:\n${t.slice(0, 300)}`);
    check(/CHAIN\s+CCW1\s+DEFEXT/.test(t) && /Ordinary Symbol Cross Reference/.test(t), 'listing lacks the CHAIN statement or the cross reference');
  });

  test('Run File runs read-vol1 headless: both EXPECTs pass', async () => {
    const summary = await vscode.commands.executeCommand('ccw.runFile', vscode.Uri.joinPath(folder(), 'read-vol1.ccw'));
    check(/^[1-9]\d* expectation\(s\) passed, 0 failed$/.test(String(summary)), `summary: ${String(summary)}`);
  });

  test('Run File reports a failing EXPECT', async () => {
    const bad = vscode.Uri.joinPath(folder(), 'suite-fails.ccw');
    const source = (await text(vscode.Uri.joinPath(folder(), 'read-vol1.ccw'))).replace("EXPECT MEM(LABEL,4)=C'VOL1'", "EXPECT MEM(LABEL,4)=C'NOPE'");
    await vscode.workspace.fs.writeFile(bad, new TextEncoder().encode(source));
    const summary = await vscode.commands.executeCommand('ccw.runFile', bad);
    await vscode.workspace.fs.delete(bad);
    check(/^[1-9]\d* expectation\(s\) passed, 1 failed$/.test(String(summary)), `summary: ${String(summary)}`);
  });

  test('View as Hex/Binary/Decimal converts the value of a variable', async () => {
    const v = { variable: { name: 'cmd', value: "X'47'" } };
    check((await vscode.commands.executeCommand('ccw.variables.viewAsDecimal', v)) === '71', 'X47 as decimal');
    check((await vscode.commands.executeCommand('ccw.variables.viewAsBinary', v)) === "B'01000111'", 'X47 as binary');
    check((await vscode.commands.executeCommand('ccw.variables.viewAsHex', { variable: { name: 'n', value: '255' } })) === "X'FF'", '255 as hex');
  });

  test('F5: a session stops on entry at SSCH, steps into the first CCW, and exports its trace', async () => {
    const program = vscode.Uri.joinPath(folder(), 'read-vol1.ccw');
    const session = await startSession(program);
    const entry = await nextStop(session, 0);
    check(entry.reason === 'entry', `first stop: ${entry.reason}`);
    const n = stops.length;
    await session.customRequest('stepIn', { threadId: entry.threadId });
    const step = await nextStop(session, n);
    const st = (await session.customRequest('stackTrace', { threadId: step.threadId })) as { stackFrames: { name: string; line: number }[] };
    check(/DEFEXT|define extent|X'63'/i.test(st.stackFrames[0]?.name ?? ''), `top frame after stepIn: ${JSON.stringify(st.stackFrames[0])}`);
    const target = vscode.Uri.joinPath(folder(), 'suite.trace.txt');
    const body = (await vscode.commands.executeCommand('ccw.exportTrace', { format: 'text', target })) as { entries: number; complete: boolean } | undefined;
    check(body && body.entries > 0 && body.complete, `export answered ${JSON.stringify(body)}`);
    const written = await text(target);
    check(written.startsWith('ccw run ') && /SSCH/.test(written), `trace text:\n${written.slice(0, 400)}`);
    const json = (await session.customRequest('ccw/trace', { format: 'json' })) as { content: string };
    const doc = JSON.parse(json.content) as { path: string; entries: { kind: string }[] };
    check(doc.path === 'vfio' && doc.entries.length === body.entries && doc.entries.every((e) => typeof e.kind === 'string'), `JSON trace: ${json.content.slice(0, 300)}`);
    await vscode.workspace.fs.delete(target);
    await stopSession(session);
  });

  test('the panels follow the stops: one ccw/panels request at the first, then each stop (and a change made at one) pushes its panels and nothing is asked again', async () => {
    const session = await startSession(vscode.Uri.joinPath(folder(), 'read-vol1.ccw'));
    let stop = await nextStop(session, 0);
    const mine = () => panelsTraffic.filter((t) => t.session === session.id);
    await waitFor('the answer to the panels request at the first stop', 10_000, () => mine().some((t) => t.kind === 'answer'));
    // The answer reaches the extension's request through the workbench: the extension follows once it decoded it.
    await sleep(300);
    for (const command of ['stepIn', 'next', 'next']) {
      const n = stops.length;
      await session.customRequest(command, { threadId: stop.threadId });
      stop = await nextStop(session, n);
    }
    await waitFor('a push for each of the 3 stops', 10_000, () => mine().filter((t) => t.kind === 'push').length >= 3);
    // A change made at the stop (the guest subchannel's INTPARM set) comes back with its panels too.
    const threads = (await session.customRequest('threads')) as { threads: { id: number }[] };
    const sch = threads.threads[1]?.id ?? stop.threadId;
    const frames = (await session.customRequest('stackTrace', { threadId: sch })) as { stackFrames: { id: number }[] };
    const scopes = (await session.customRequest('scopes', { frameId: frames.stackFrames[0]?.id })) as { scopes: { name: string; variablesReference: number }[] };
    const subchannel = (await session.customRequest('variables', { variablesReference: scopes.scopes.find((x) => x.name === 'Subchannel')?.variablesReference })) as { variables: { name: string; variablesReference: number }[] };
    await session.customRequest('setVariable', { variablesReference: subchannel.variables.find((v) => v.name === 'PMCW')?.variablesReference, name: 'intparm', value: "X'12345678'" });
    await waitFor('a push after the change', 10_000, () => mine().filter((t) => t.kind === 'push').length >= 4);
    // A push the extension could not decode would make it ask again at once.
    await sleep(500);
    const requests = mine().filter((t) => t.kind === 'request');
    check(requests.length === 1 && requests[0]?.follow === true, `ccw/panels requests: ${JSON.stringify(requests)}`);
    check(mine().every((t) => t.error === undefined), `a push carried an error: ${JSON.stringify(mine())}`);
    await stopSession(session);
  });

  test('F5 on each example reaches END', async () => {
    const examples = await vscode.workspace.findFiles('examples/*.ccw');
    check(examples.length > 0, 'no examples/*.ccw in the workspace');
    const failures: string[] = [];
    for (const ex of examples.sort((a, b) => a.path.localeCompare(b.path))) {
      const session = await startSession(ex);
      let reason = '';
      let from = 0;
      try {
        for (let i = 0; i < 40 && reason !== 'end'; i++) {
          const s = await nextStop(session, from);
          from = stops.length;
          reason = s.reason;
          if (reason !== 'end') await session.customRequest('continue', { threadId: s.threadId });
        }
      } catch (e) {
        failures.push(`${ex.path}: ${e instanceof Error ? e.message : String(e)}`);
      }
      if (reason !== 'end' && !failures.some((f) => f.startsWith(ex.path))) failures.push(`${ex.path}: last stop ${reason}`);
      await stopSession(session);
    }
    check(failures.length === 0, failures.join('\n'));
  });

  if (kind === 'desktop') {
    test('New DASD Volume writes a CKD image that Open DASD Image lists', async () => {
      const file = vscode.Uri.joinPath(folder(), 'suite-vol.3390');
      const made = await vscode.commands.executeCommand('ccw.newDasdVolume', { model: '3390-1', volser: 'suite1', cylinders: 2, file });
      check(made, 'New DASD Volume returned nothing');
      const stat = await vscode.workspace.fs.stat(file);
      check(stat.size === 512 + 2 * 15 * 56832, `image is ${stat.size} bytes`);
      const doc = (await vscode.commands.executeCommand('ccw.openDasdImage', file)) as vscode.TextDocument | undefined;
      check(doc && /CKD_P370/.test(doc.getText()) && /0\/0\s+R0/.test(doc.getText()), `listing:\n${doc?.getText().slice(0, 300)}`);
      await vscode.workspace.fs.delete(file);
    });
  }
  return tests;
}
