/**
 * The HTML shell of a panel webview: a strict Content Security Policy (nothing by default; the
 * one script by nonce, the style sheet from the extension's media folder; no remote content),
 * VS Code theme colours through its CSS variables.
 */
import * as vscode from 'vscode';

function nonce(): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let out = '';
  for (let i = 0; i < 32; i++) out += chars.charAt(Math.floor(Math.random() * chars.length));
  return out;
}

export function panelHtml(webview: vscode.Webview, extensionUri: vscode.Uri, name: 'dasd' | 'storage', title: string): string {
  const media = vscode.Uri.joinPath(extensionUri, 'media', 'panels');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(media, `${name}.js`));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(media, 'panels.css'));
  const n = nonce();
  const csp = [`default-src 'none'`, `style-src ${webview.cspSource}`, `img-src ${webview.cspSource}`, `script-src 'nonce-${n}'`].join('; ');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style}"><title>${title}</title></head>
<body><main id="root" aria-live="polite"><p class="muted">Stop a ccw debug session to see this panel.</p></main>
<script nonce="${n}" src="${script}"></script></body></html>`;
}
