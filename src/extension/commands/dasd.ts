/**
 * "New DASD Volume" (`ccw dasd init`: a Hercules CKD_P370 image written as it is made, so even a
 * 3390-54 never sits in memory) and "Open DASD Image" (`ccw dasd ls`: every track's records in
 * a read-only document). Both are the CLI's code; the desktop platform provides it.
 */
import * as vscode from 'vscode';
import { MODELS_3390 } from '../../devices/dasd/geometry';
import type { Platform } from '../platform';
import type { ReadOnlyDocuments } from './readOnlyDocuments';

function collect(): { out: string[]; err: string[]; io: { out(l: string): void; err(l: string): void; progress(): void } } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (l) => out.push(l), err: (l) => err.push(l), progress: () => {} } };
}

function unavailable(): undefined {
  void vscode.window.showErrorMessage('DASD images are made and listed by the desktop extension (images are gigabytes; the web build reads files whole).');
  return undefined;
}

export interface NewVolumeAnswers {
  readonly model: string;
  readonly volser: string;
  readonly cylinders?: number;
  readonly file: vscode.Uri;
}

/** Asks for the model, serial and size, then where to save. `answers` skips the questions (tests). */
export async function newDasdVolumeCommand(platform: Platform, answers?: NewVolumeAnswers): Promise<vscode.Uri | undefined> {
  if (!platform.dasd) return unavailable();
  let a = answers;
  if (!a) {
    const picked = await vscode.window.showQuickPick(
      MODELS_3390.map((m) => ({ label: m.name, description: `${m.primaryCylinders.toLocaleString('en-US')} cylinders` })),
      { title: 'New DASD Volume (1/4): 3390 model', placeHolder: 'Choose a model; the next step can make it smaller' },
    );
    if (!picked) return undefined;
    const volser = await vscode.window.showInputBox({
      title: 'New DASD Volume (2/4): volume serial',
      value: 'WORK01',
      validateInput: (v) => (/^[A-Za-z0-9@#$]{1,6}$/.test(v) ? undefined : '1 to 6 letters, digits or @ # $'),
    });
    if (!volser) return undefined;
    const cyls = await vscode.window.showInputBox({
      title: 'New DASD Volume (3/4): cylinders',
      prompt: `Empty for the model's ${MODELS_3390.find((m) => m.name === picked.label)?.primaryCylinders ?? ''}; a small volume (e.g. 10) is quick to make and to ship with a test`,
      value: '10',
      validateInput: (v) => (v === '' || /^[1-9]\d*$/.test(v) ? undefined : 'a number of cylinders, or empty'),
    });
    if (cyls === undefined) return undefined;
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const file = await vscode.window.showSaveDialog({
      title: 'New DASD Volume (4/4): image file',
      filters: { 'CKD image': ['cckd', 'ckd', '3390', '*'] },
      ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, `${volser.toLowerCase()}.3390`) } : {}),
    });
    if (!file) return undefined;
    a = { model: picked.label, volser, ...(cyls ? { cylinders: Number(cyls) } : {}), file };
  }
  if (a.file.scheme !== 'file') return unavailable();
  const { out, err, io } = collect();
  const args = ['init', a.file.fsPath, a.model, a.volser, ...(a.cylinders ? ['--cyls', String(a.cylinders)] : [])];
  const rc = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Writing ${a.file.fsPath}` }, async () => platform.dasd?.(args, io) ?? 3);
  if (rc !== 0) {
    void vscode.window.showErrorMessage(err.join('\n') || `ccw dasd init failed (${rc})`);
    return undefined;
  }
  void vscode.window.showInformationMessage(`${out.join(' ')} — name it in a DEVICE statement: DEVICE 0190,${a.model},IMAGE=${a.file.path.slice(a.file.path.lastIndexOf('/') + 1)}`);
  return a.file;
}

/** Lists the tracks and records of an image (asks for the file when none is given). */
export async function openDasdImageCommand(platform: Platform, docs: ReadOnlyDocuments, arg: unknown): Promise<vscode.TextDocument | undefined> {
  if (!platform.dasd) return unavailable();
  let file = arg instanceof vscode.Uri ? arg : undefined;
  if (!file) {
    const picked = await vscode.window.showOpenDialog({ title: 'Open DASD Image', canSelectMany: false, openLabel: 'List tracks' });
    file = picked?.[0];
  }
  if (!file) return undefined;
  if (file.scheme !== 'file') return unavailable();
  const { out, err, io } = collect();
  const rc = platform.dasd(['ls', file.fsPath], io);
  if (rc === 3) {
    void vscode.window.showErrorMessage(err.join('\n'));
    return undefined;
  }
  return docs.show(`${file.path}.tracks`, [...out, ...err].join('\n') + '\n');
}
