/**
 * The Variables view's context menu: a number in hex, binary or decimal, and Copy Value. VS Code
 * has no per-variable display format, so the chosen form is shown (and offered to copy) beside.
 */
import * as vscode from 'vscode';

/** What VS Code passes to a `debug/variables/context` command. */
export interface VariableContext {
  readonly variable?: { readonly name?: string; readonly value?: string };
}

export type NumberFormat = 'hex' | 'binary' | 'decimal';

/** The number a value shows: X'..', B'..', 0x.., decimal, or the first of these in a longer text. */
export function parseShownNumber(value: string): bigint | null {
  const v = value.trim();
  let m = /^X'([0-9A-F]+)'/i.exec(v) ?? /^0x([0-9A-F]+)\b/i.exec(v);
  if (m) return BigInt(`0x${m[1]}`);
  m = /^B'([01]+)'/i.exec(v) ?? /^0b([01]+)\b/i.exec(v);
  if (m) return BigInt(`0b${m[1]}`);
  m = /^(\d+)\b/.exec(v);
  if (m) return BigInt(m[1] as string);
  return null;
}

/** `n` written as the format asks, in the value syntax of the `.ccw` language. */
export function formatNumber(n: bigint, format: NumberFormat, digitsFrom = ''): string {
  const width = Math.max(0, (/^X'([0-9A-F]+)'/i.exec(digitsFrom)?.[1] ?? '').length);
  switch (format) {
    case 'hex':
      return `X'${n.toString(16).toUpperCase().padStart(Math.max(width, 2), '0')}'`;
    case 'binary':
      return `B'${n.toString(2).padStart(width > 0 ? width * 4 : 8, '0')}'`;
    case 'decimal':
      return n.toString(10);
  }
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
