/**
 * Web entry (vscode.dev, github.dev, the web extension host): the same extension as the desktop,
 * with the inline adapter, and files only through vscode.workspace.fs. Device files are read
 * whole before a session starts, up to WEB_FILE_LIMIT (128 MiB) each; making and listing DASD
 * images is left to the desktop extension.
 */
import * as vscode from 'vscode';
import { activateCcw, type CcwExtensionApi } from '../activate';
import type { Platform } from '../platform';
import { workspaceDeviceHost } from './workspaceDeviceHost';

const web: Platform = {
  kind: 'web',
  deviceHost: (program, extraPaths) => workspaceDeviceHost(program, extraPaths, (text) => void vscode.window.showErrorMessage(text)),
};

export function activate(context: vscode.ExtensionContext): CcwExtensionApi {
  return activateCcw(context, web);
}

export function deactivate(): void {}
