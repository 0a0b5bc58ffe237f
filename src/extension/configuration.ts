/** F5 without a launch.json debugs the active `.ccw` file; launch.json entries get defaults. */
import * as vscode from 'vscode';
import { programName } from './workspaceFiles';

export const DEBUG_TYPE = 'ccw';
export const LANGUAGE_ID = 'ccw';

export class CcwConfigurationProvider implements vscode.DebugConfigurationProvider {
  resolveDebugConfiguration(_folder: vscode.WorkspaceFolder | undefined, config: vscode.DebugConfiguration): vscode.ProviderResult<vscode.DebugConfiguration> {
    if (!config.type && !config.request && !config.name) {
      const editor = vscode.window.activeTextEditor;
      if (editor?.document.languageId === LANGUAGE_ID) {
        return { type: DEBUG_TYPE, name: 'Debug .ccw file', request: 'launch', program: programName(editor.document.uri), stopOnEntry: true };
      }
    }
    if (!config.program) {
      const editor = vscode.window.activeTextEditor;
      if (editor?.document.languageId === LANGUAGE_ID) config.program = programName(editor.document.uri);
    }
    if (!config.program) {
      return vscode.window.showErrorMessage('Open a .ccw file (or set "program" in launch.json) to debug a channel program.').then(() => undefined);
    }
    config.stopOnEntry ??= true;
    return config;
  }
}
