/**
 * The "Guest Storage" webview view: guest storage in hex and EBCDIC with the program's labels
 * marked; a byte edited here is written through the adapter's writeMemory (the same path as
 * VS Code's own memory view), and bytes that changed since the previous stop are marked.
 */
import * as vscode from 'vscode';
import type { PanelState, PanelsController } from './controller';
import { panelHtml } from './webviewHtml';

export class GuestStorageView implements vscode.WebviewViewProvider {
  private view: vscode.WebviewView | null = null;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly controller: PanelsController,
  ) {
    controller.onDidChange((s) => this.post(s));
    if (!controller.request.storage) controller.request = { ...controller.request, storage: { address: 0, length: 256 } };
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    view.webview.options = { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'media', 'panels')] };
    view.webview.html = panelHtml(view.webview, this.extensionUri, 'storage', 'Guest Storage');
    view.webview.onDidReceiveMessage((m: { type?: string; address?: unknown; symbol?: unknown; hex?: unknown }) => void this.receive(m));
    view.onDidDispose(() => (this.view = null));
  }

  /** Shows storage at `address` (from an address field's "Open in Guest Storage"). */
  async show(address: number): Promise<void> {
    this.controller.request = { ...this.controller.request, storage: { address, length: 256 } };
    await vscode.commands.executeCommand('ccwGuestStorage.focus');
    await this.controller.refetch();
  }

  private async receive(m: { type?: string; address?: unknown; symbol?: unknown; hex?: unknown }): Promise<void> {
    if (m.type === 'ready') return this.post(this.controller.current);
    if (m.type === 'goto') {
      let address = typeof m.address === 'number' ? m.address : NaN;
      if (typeof m.symbol === 'string') {
        // A label is resolved by the adapter's evaluate, as the debug console resolves it.
        const session = this.controller.current.session;
        let r: { memoryReference?: string } | null = null;
        try {
          r = session ? ((await session.customRequest('evaluate', { expression: m.symbol, context: 'hover' })) as { memoryReference?: string }) : null;
        } catch {
          r = null;
        }
        address = r?.memoryReference ? Number(r.memoryReference) : NaN;
      }
      if (Number.isSafeInteger(address) && address >= 0) await this.show(address);
      else void this.view?.webview.postMessage({ type: 'error', text: `${String(m.symbol ?? m.address)} is not an address or a label of the program` });
      return;
    }
    if (m.type === 'write' && typeof m.address === 'number' && typeof m.hex === 'string' && /^([0-9a-f]{2})+$/i.test(m.hex)) {
      const session = this.controller.current.session;
      if (!session) return;
      const bytes = Uint8Array.from(m.hex.match(/../g) ?? [], (h) => parseInt(h, 16));
      let binary = '';
      bytes.forEach((b) => (binary += String.fromCharCode(b)));
      try {
        await session.customRequest('writeMemory', { memoryReference: String(m.address), data: btoa(binary) });
      } catch (e) {
        void vscode.window.showErrorMessage(`Guest Storage: ${e instanceof Error ? e.message : String(e)}`);
      }
      await this.controller.refetch();
    }
  }

  private post(s: PanelState): void {
    void this.view?.webview.postMessage({ type: 'model', storage: s.model?.storage ?? null, atoms: s.model?.stop.atoms ?? null });
  }
}
