/**
 * Desktop entry (Node extension host, also code-server): devices read and write files through
 * Node's fs, DASD images stream from disk whatever their size. Everything else is activate.ts.
 */
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import { dasdCommand } from '../cli/dasd';
import { nodeDeviceHost } from '../cli/nodeDeviceHost';
import { activateCcw, type CcwExtensionApi } from './activate';
import type { Platform } from './platform';
import { workspaceDeviceHost } from './web/workspaceDeviceHost';
import { programUri } from './workspaceFiles';

const desktop: Platform = {
  kind: 'desktop',
  async deviceHost(program, extraPaths) {
    // A program in a virtual workspace has no folder on disk: read its files as the web build does.
    const uri = programUri(program);
    if (uri.scheme !== 'file') return workspaceDeviceHost(program, extraPaths, (text) => void vscode.window.showErrorMessage(text));
    return nodeDeviceHost(dirname(uri.fsPath));
  },
  dasd: dasdCommand,
};

export function activate(context: vscode.ExtensionContext): CcwExtensionApi {
  return activateCcw(context, desktop);
}

export function deactivate(): void {}
