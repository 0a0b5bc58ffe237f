/**
 * "Export Trace" during a ccw session: asks the adapter for its trace (`ccw/trace`, text in the
 * `ccw run --trace` layout or JSON) and saves it to a file the user picks.
 */
import * as vscode from 'vscode';
import { TRACE_REQUEST, type TraceFormat, type TraceResponseBody } from '../../debug/traceRequest';
import { DEBUG_TYPE } from '../configuration';

/** Arguments for scripted use (tests, keybindings): skip the questions. */
export interface ExportTraceArguments {
  readonly format?: TraceFormat;
  readonly target?: vscode.Uri;
}

export async function exportTraceCommand(args?: ExportTraceArguments): Promise<TraceResponseBody | undefined> {
  const session = vscode.debug.activeDebugSession;
  if (!session || session.type !== DEBUG_TYPE) {
    void vscode.window.showErrorMessage('Export Trace works during a ccw debug session: start one (F5 on a .ccw file) and stop somewhere.');
    return undefined;
  }
  let format = args?.format;
  if (!format) {
    const picked = await vscode.window.showQuickPick(
      [
        { label: 'Text', description: 'the ccw run --trace layout', format: 'text' as const },
        { label: 'JSON', description: 'every trace entry with its fields', format: 'json' as const },
      ],
      { title: 'Export Trace' },
    );
    if (!picked) return undefined;
    format = picked.format;
  }
  let body: TraceResponseBody;
  try {
    body = (await session.customRequest(TRACE_REQUEST, { format })) as TraceResponseBody;
  } catch (e) {
    void vscode.window.showErrorMessage(`Export Trace: ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
  }
  let target = args?.target;
  if (!target) {
    const program = typeof session.configuration.program === 'string' ? session.configuration.program : 'trace';
    const base = program.slice(Math.max(program.lastIndexOf('/'), program.lastIndexOf('\\')) + 1).replace(/\.ccw$/i, '');
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const name = `${base}.trace.${format === 'json' ? 'json' : 'txt'}`;
    target = await vscode.window.showSaveDialog({
      title: 'Export Trace',
      filters: format === 'json' ? { JSON: ['json'] } : { Text: ['txt', 'log'] },
      ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, name) } : {}),
    });
    if (!target) return undefined;
  }
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(body.content));
  if (!args?.target) void vscode.window.showInformationMessage(`Trace (${body.entries} entries${body.complete ? '' : ', the most recent'}) saved to ${vscode.workspace.asRelativePath(target)}.`);
  return body;
}

export function registerTraceExport(context: vscode.ExtensionContext): void {
  context.subscriptions.push(vscode.commands.registerCommand('ccw.exportTrace', (args?: ExportTraceArguments) => exportTraceCommand(args)));
}
