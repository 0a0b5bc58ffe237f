/**
 * The "DASD Inspector" webview view: a 3390's geometry, head position and orientation, extent and
 * file mask, last sense decoded, a picture of the volume with the tracks read and written, and a
 * record browser for any track. The track it browses comes with each stop's `ccw/panels` answer.
 * The same content opens in an editor-area WebviewPanel too (`openInEditor`, command
 * "CCW Panels: Open DASD Inspector in Editor"): more room for the picture and the records.
 */
import * as vscode from 'vscode';
import type { PanelState, PanelsController } from './controller';
import { panelHtml } from './webviewHtml';

export const OPEN_DASD_IN_EDITOR_COMMAND = 'ccw.panels.openDasdInspectorInEditor';

export class DasdInspector implements vscode.WebviewViewProvider {
  /** The sidebar view and the editor panel, when open: both show the same model. */
  private readonly webviews = new Set<vscode.Webview>();
  private panel: vscode.WebviewPanel | null = null;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly controller: PanelsController,
  ) {
    controller.onDidChange((s) => this.post(s));
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.wire(view.webview);
    view.onDidDispose(() => this.webviews.delete(view.webview));
  }

  /** Opens (or reveals) the inspector in the editor area. */
  openInEditor(): void {
    if (this.panel) {
      this.panel.reveal();
      return;
    }
    const panel = vscode.window.createWebviewPanel('ccwDasdInspectorEditor', 'DASD Inspector', vscode.ViewColumn.Active, {});
    this.panel = panel;
    this.wire(panel.webview);
    panel.onDidDispose(() => {
      this.webviews.delete(panel.webview);
      this.panel = null;
    });
  }

  private wire(webview: vscode.Webview): void {
    this.webviews.add(webview);
    webview.options = { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'media', 'panels')] };
    webview.html = panelHtml(webview, this.extensionUri, 'dasd', 'DASD Inspector');
    webview.onDidReceiveMessage((m: { type?: string; devno?: number; cylinder?: number; head?: number }) => {
      if (m.type === 'ready') this.postTo(webview, this.controller.current);
      if (m.type === 'track' && [m.devno, m.cylinder, m.head].every((x) => Number.isSafeInteger(x) && (x as number) >= 0)) {
        this.controller.request = { ...this.controller.request, track: { devno: m.devno as number, cylinder: m.cylinder as number, head: m.head as number } };
        void this.controller.refetch();
      }
    });
  }

  private post(s: PanelState): void {
    for (const w of this.webviews) this.postTo(w, s);
  }

  private postTo(webview: vscode.Webview, s: PanelState): void {
    const m = s.model;
    void webview.postMessage({ type: 'model', dasd: m?.dasd ?? null, track: m?.track ?? null, changed: [...s.changed.keys()] });
  }
}
