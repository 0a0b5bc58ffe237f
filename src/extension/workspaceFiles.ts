/**
 * File access through vscode.workspace.fs, so remote and virtual workspaces work too. A program
 * is named by a file system path on disk (`/ws/a.ccw`) and by its URI everywhere else
 * (`vscode-vfs://github/…/a.ccw`, `vscode-test-web://mount/a.ccw`): the core only ever sees
 * these strings, and the assembler resolves COPY names relative to them with '/'.
 */
import * as vscode from 'vscode';
import type { FileAccess } from '../runtime/load';

/** A URI has a scheme of two or more letters (so `C:\x` stays a Windows path). */
const URI_LIKE = /^[a-zA-Z][a-zA-Z0-9+.-]+:/;

/** The Uri of a program name as produced by `programName`. */
export function programUri(name: string): vscode.Uri {
  return URI_LIKE.test(name) ? vscode.Uri.parse(name, true) : vscode.Uri.file(name);
}

/** The name the debugger and the core use for a document: its path on disk, or its URI. */
export function programName(uri: vscode.Uri): string {
  return uri.scheme === 'file' ? uri.fsPath : uri.toString();
}

export const workspaceFiles: FileAccess = {
  async readText(path: string): Promise<string | null> {
    try {
      const bytes = await vscode.workspace.fs.readFile(programUri(path));
      return new TextDecoder('utf-8').decode(bytes);
    } catch {
      return null;
    }
  },
};
