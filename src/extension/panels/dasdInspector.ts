/**
 * The "DASD Inspector" webview view: a 3390's geometry, head position and orientation, extent and
 * file mask, last sense decoded, a picture of the volume with the tracks read and written, and a
 * record browser for any track. The track it browses comes with each stop's `ccw/panels` answer.
 */
import * as vscode from 'vscode';
import type { PanelState, PanelsController } from './controller';
import { panelHtml } from './webviewHtml';

export class DasdInspector implements vscode.WebviewViewProvider {
  private view: vscode.WebviewView | null = null;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly controller: PanelsController,
  ) {
    controller.onDidChange((s) => this.post(s));
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    view.webview.options = { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'media', 'panels')] };
    view.webview.html = panelHtml(view.webview, this.extensionUri, 'dasd', 'DASD Inspector');
    view.webview.onDidReceiveMessage((m: { type?: string; devno?: number; cylinder?: number; head?: number }) => {
      if (m.type === 'ready') this.post(this.controller.current);
      if (m.type === 'track' && [m.devno, m.cylinder, m.head].every((x) => Number.isSafeInteger(x) && (x as number) >= 0)) {
        this.controller.request = { ...this.controller.request, track: { devno: m.devno as number, cylinder: m.cylinder as number, head: m.head as number } };
        void this.controller.refetch();
      }
    });
    view.onDidDispose(() => (this.view = null));
  }

  private post(s: PanelState): void {
    const m = s.model;
    void this.view?.webview.postMessage({ type: 'model', dasd: m?.dasd ?? null, track: m?.track ?? null, changed: [...s.changed.keys()] });
  }
}
