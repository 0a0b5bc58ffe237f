/**
 * The Variables view's context menu: a number in hex, binary or decimal, and Copy Value. VS Code
 * has no per-variable display format, so the chosen form is shown (and offered to copy) beside.
 */
import * as vscode from 'vscode';
import { formatNumber, parseShownNumber, type NumberFormat } from './numberFormat';

/** What VS Code passes to a `debug/variables/context` command. */
export interface VariableContext {
  readonly variable?: { readonly name?: string; readonly value?: string };
}

export async function viewAsCommand(context: VariableContext | undefined, format: NumberFormat): Promise<string | undefined> {
  const value = context?.variable?.value ?? '';
  const n = parseShownNumber(value);
  if (n === null) {
    void vscode.window.showWarningMessage(`${context?.variable?.name ?? 'This value'} = ${value} is not a number.`);
    return undefined;
  }
  const shown = formatNumber(n, format, value);
  void vscode.window.showInformationMessage(`${context?.variable?.name ?? 'value'} = ${shown}`, 'Copy').then((c) => (c ? vscode.env.clipboard.writeText(shown) : undefined));
  return shown;
}

export async function copyValueCommand(context: VariableContext | undefined): Promise<string | undefined> {
  const value = context?.variable?.value;
  if (value === undefined) return undefined;
  await vscode.env.clipboard.writeText(value);
  return value;
}
