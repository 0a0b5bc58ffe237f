/**
 * "New Channel Program": the walkthrough's first step. Writes the read-vol1 example (it ships in
 * the extension) into the workspace and opens it: a 3390 DASD read, with EXPECTs, ready for F5.
 */
import * as vscode from 'vscode';

export async function newProgramCommand(extensionUri: vscode.Uri): Promise<vscode.Uri | undefined> {
  const text = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(extensionUri, 'examples', 'read-vol1.ccw'));
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  if (!folder) {
    // No folder: an untitled editor shows the program; saving it makes it runnable.
    const doc = await vscode.workspace.openTextDocument({ language: 'ccw', content: new TextDecoder().decode(text) });
    await vscode.window.showTextDocument(doc);
    void vscode.window.showInformationMessage('Save the program as a .ccw file (or open a folder) to run and debug it.');
    return undefined;
  }
  let target = vscode.Uri.joinPath(folder, 'read-vol1.ccw');
  for (let n = 2; await exists(target); n++) target = vscode.Uri.joinPath(folder, `read-vol1-${n}.ccw`);
  await vscode.workspace.fs.writeFile(target, text);
  await vscode.window.showTextDocument(target);
  return target;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
