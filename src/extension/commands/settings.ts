/** The extension's settings (package.json `contributes.configuration` describes them). */
import * as vscode from 'vscode';

export function maxCcwsSetting(): number {
  const n = vscode.workspace.getConfiguration('ccw').get<number>('maxCcws', 1_000_000);
  return Number.isInteger(n) && n > 0 ? n : 1_000_000;
}

export function runTraceSetting(): boolean {
  return vscode.workspace.getConfiguration('ccw').get<boolean>('run.trace', true);
}

export function testIncludeSetting(): string {
  return vscode.workspace.getConfiguration('ccw').get<string>('testing.include', '**/*.ccw') || '**/*.ccw';
}
