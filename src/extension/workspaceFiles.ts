/** File access through vscode.workspace.fs, so remote and virtual workspaces work too. */
import * as vscode from 'vscode';
import type { FileAccess } from '../runtime/load';

export const workspaceFiles: FileAccess = {
  async readText(path: string): Promise<string | null> {
    try {
      const bytes = await vscode.workspace.fs.readFile(vscode.Uri.file(path));
      return new TextDecoder('utf-8').decode(bytes);
    } catch {
      return null;
    }
  },
};
