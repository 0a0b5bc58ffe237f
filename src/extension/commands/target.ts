/** Which `.ccw` file a command acts on: the one it was invoked on (editor title, explorer), else the active editor. */
import * as vscode from 'vscode';
import { LANGUAGE_ID } from '../configuration';

export function targetProgram(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  const doc = vscode.window.activeTextEditor?.document;
  if (doc && (doc.languageId === LANGUAGE_ID || doc.uri.path.toLowerCase().endsWith('.ccw'))) return doc.uri;
  void vscode.window.showErrorMessage('Open a .ccw file first: this command acts on the active channel program.');
  return undefined;
}

/** Saves the document of `uri` when it is open and dirty: commands read files from disk. */
export async function saveIfDirty(uri: vscode.Uri): Promise<void> {
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (doc?.isDirty) await doc.save();
}
