/**
 * Registers the panels in the Run and Debug container (CCW Regions, Subchannels, IRB History,
 * Channel Program trees; DASD Inspector and Guest Storage webviews), feeds them the panels the
 * adapter pushes with each stop (after one `ccw/panels` request), and their commands: value
 * format, copy value, open an address in Guest Storage or VS Code's memory view, reveal a CCW,
 * and the destructive region reads.
 */
import * as vscode from 'vscode';
import type { FieldRow } from '../../debug/panels/fieldRows';
import { PANELS_EVENT } from '../../debug/panels/follow';
import { PANEL_REQUESTS } from '../../debug/panels/requests';
import { DEBUG_TYPE } from '../configuration';
import { RegionsView, type RegionNode } from '../regionsView';
import { ChannelProgramView } from './channelProgramView';
import { PanelsController, type ValueFormat } from './controller';
import { DasdInspector, OPEN_DASD_IN_EDITOR_COMMAND } from './dasdInspector';
import { valueText } from './fieldItems';
import { GuestStorageView } from './guestStorage';
import { IrbHistoryView, REVEAL_COMMAND } from './irbHistoryView';
import { SubchannelsView } from './subchannelsView';

export const PANEL_COMMANDS = {
  formatHex: 'ccw.panels.formatHex',
  formatBin: 'ccw.panels.formatBinary',
  formatDec: 'ccw.panels.formatDecimal',
  copyValue: 'ccw.panels.copyValue',
  openInStorage: 'ccw.panels.openInGuestStorage',
  openInMemoryView: 'ccw.panels.openInMemoryView',
  readCrw: 'ccw.panels.readCrwRegion',
  readSchib: 'ccw.panels.readSchibRegion',
} as const;

/** A tree node that carries a field row (every field tree's node shape). */
function rowOf(node: unknown): FieldRow | null {
  const n = node as { row?: FieldRow } | undefined;
  return n?.row ?? null;
}

function addressOf(row: FieldRow): number | null {
  const v = row.dec !== undefined ? Number(row.dec) : NaN;
  return Number.isSafeInteger(v) && v >= 0 ? v : null;
}

export function registerPanels(context: vscode.ExtensionContext): PanelsController {
  const controller = new PanelsController();
  const regions = new RegionsView(controller);
  const storage = new GuestStorageView(context.extensionUri, controller);
  const dasd = new DasdInspector(context.extensionUri, controller);
  const tree = <T>(id: string, provider: vscode.TreeDataProvider<T>) => vscode.window.createTreeView(id, { treeDataProvider: provider, showCollapseAll: true });
  context.subscriptions.push(
    tree('ccwRegions', regions),
    tree('ccwSubchannels', new SubchannelsView(controller)),
    tree('ccwIrbHistory', new IrbHistoryView(controller)),
    tree('ccwChannelProgram', new ChannelProgramView(controller)),
    vscode.window.registerWebviewViewProvider('ccwDasdInspector', dasd, { webviewOptions: { retainContextWhenHidden: false } }),
    vscode.window.registerWebviewViewProvider('ccwGuestStorage', storage),
    vscode.debug.registerDebugAdapterTrackerFactory(DEBUG_TYPE, {
      createDebugAdapterTracker: (session) => ({
        // In the order the adapter sent them: a following session's panels come right after its `stopped`.
        onDidSendMessage: (message: { type?: string; event?: string; body?: unknown }) => {
          if (message.type !== 'event') return;
          if (message.event === 'stopped') void controller.stopped(session);
          else if (message.event === PANELS_EVENT) controller.pushed(session, message.body);
        },
      }),
    }),
    vscode.debug.onDidTerminateDebugSession((s) => controller.ended(s)),
    ...(
      [
        [PANEL_COMMANDS.formatHex, 'hex'],
        [PANEL_COMMANDS.formatBin, 'bin'],
        [PANEL_COMMANDS.formatDec, 'dec'],
      ] as [string, ValueFormat][]
    ).map(([id, f]) => vscode.commands.registerCommand(id, () => controller.setFormat(f))),
    vscode.commands.registerCommand(PANEL_COMMANDS.copyValue, async (node: unknown) => {
      const row = rowOf(node);
      if (row) await vscode.env.clipboard.writeText(valueText(row, controller.current.format));
    }),
    vscode.commands.registerCommand(PANEL_COMMANDS.openInStorage, async (node: unknown) => {
      const row = rowOf(node);
      const at = row ? addressOf(row) : null;
      if (at !== null) await storage.show(at);
    }),
    vscode.commands.registerCommand(PANEL_COMMANDS.openInMemoryView, async (node: unknown) => {
      const row = rowOf(node);
      const at = row ? addressOf(row) : null;
      const session = controller.current.session;
      if (at === null || !session) return;
      // VS Code's memory view: the vscode-debug-memory document the Hex Editor opens for a memoryReference.
      const uri = vscode.Uri.from({ scheme: 'vscode-debug-memory', authority: session.id, path: `/${encodeURIComponent(String(at))}/memory.bin`, query: `?range=${at}:${at + 256}` });
      if (vscode.extensions.getExtension('ms-vscode.hexeditor')) await vscode.commands.executeCommand('vscode.openWith', uri, 'hexEditor.hexedit');
      else await storage.show(at);
    }),
    vscode.commands.registerCommand(REVEAL_COMMAND, async (path: string, line: number) => {
      const uri = /^[a-z][a-z0-9+.-]+:\/\//i.test(path) ? vscode.Uri.parse(path) : vscode.Uri.file(path);
      const editor = await vscode.window.showTextDocument(uri, { preserveFocus: true, preview: true });
      const pos = new vscode.Position(Math.max(0, line - 1), 0);
      editor.selection = new vscode.Selection(pos, pos);
      editor.revealRange(new vscode.Range(pos, pos), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    }),
    vscode.commands.registerCommand(OPEN_DASD_IN_EDITOR_COMMAND, () => dasd.openInEditor()),
    vscode.commands.registerCommand(PANEL_COMMANDS.readCrw, (node: RegionNode) => destructiveRead(controller, node, 'crw')),
    vscode.commands.registerCommand(PANEL_COMMANDS.readSchib, (node: RegionNode) => destructiveRead(controller, node, 'schib')),
  );
  void vscode.commands.executeCommand('setContext', 'ccw.panels.format', 'hex');
  return controller;
}

/** The destructive reads: confirmed, performed by the adapter, shown, then the panels refreshed. */
async function destructiveRead(controller: PanelsController, node: RegionNode | undefined, region: 'crw' | 'schib'): Promise<void> {
  const session = controller.current.session;
  const devno = node && node.kind === 'region' ? node.devno : controller.current.model?.regions.find((d) => d.fsm)?.devno;
  if (!session || !devno) return;
  const what = region === 'crw' ? 'Reading the crw region takes the next queued CRW off the device (it is gone afterwards).' : 'Reading the schib region makes the device issue STORE SUBCHANNEL into it.';
  const ok = await vscode.window.showWarningMessage(`${what} This changes the machine and is not replayed by Step Back. Read it?`, { modal: true }, 'Read');
  if (ok !== 'Read') return;
  try {
    const r = (await session.customRequest(PANEL_REQUESTS.readRegion, { devno: parseInt(devno, 16), region })) as { rows: FieldRow[]; error: string | null };
    const leaves = (rows: readonly FieldRow[]): FieldRow[] => rows.flatMap((x) => (x.children ? leaves(x.children) : [x]));
    const text = r.error ?? leaves(r.rows).filter((x) => x.dec !== '0').map((x) => `${x.name}=${x.text}`).join(' ') ?? '';
    void vscode.window.showInformationMessage(`${devno} ${region} region read: ${text || 'all zeros'}`);
  } catch (e) {
    void vscode.window.showErrorMessage(`${devno} ${region} region: ${e instanceof Error ? e.message : String(e)}`);
  }
  await controller.refetch();
}
