/**
 * One FieldRow as a tree item: the value in the chosen format (hex, binary, decimal) with the
 * table's name for it, the IBM bit position, and the changed-value mark (highlighted label, a
 * "Δ" in front of the value — not colour alone — and the previous value in the tooltip).
 */
import * as vscode from 'vscode';
import type { FieldRow } from '../../debug/panels/fieldRows';
import type { PanelState, ValueFormat } from './controller';

export function valueText(row: FieldRow, format: ValueFormat): string {
  const v = format === 'bin' ? row.bin : format === 'dec' ? row.dec : row.hex;
  if (v === undefined) return row.bytes ?? row.text;
  // The table's text carries the value names: `X'0C' (CE+DE)` → keep `(CE+DE)` after any format.
  const named = /\(([^()]*)\)$/.exec(row.text)?.[0];
  return named && !row.text.startsWith('-') ? `${v} ${named}` : v;
}

export function fieldItem(row: FieldRow, state: PanelState, context = 'ccwField'): vscode.TreeItem {
  const was = state.changed.get(row.key);
  const changed = was !== undefined;
  const label: vscode.TreeItemLabel = { label: row.name, ...(changed ? { highlights: [[0, row.name.length]] as [number, number][] } : {}) };
  const item = new vscode.TreeItem(label, row.children ? (changed ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed) : vscode.TreeItemCollapsibleState.None);
  const value = row.children ? `bytes ${row.offset}-${row.offset + row.length - 1}` : valueText(row, state.format);
  item.description = `${changed && !row.children ? 'Δ ' : ''}${value}`;
  const md = new vscode.MarkdownString(undefined, true);
  md.appendMarkdown(`**${row.name}** — ${row.doc}\n\n${row.bits}, offset ${row.offset}, ${row.length} byte(s)\n\n`);
  if (row.hex) md.appendMarkdown(`| hex | binary (bit 0 left) | decimal |\n|---|---|---|\n| \`${row.hex}\` | \`${row.bin}\` | \`${row.dec}\` |\n\n`);
  if (row.bytes) md.appendMarkdown(`\`${row.bytes}\`\n\n`);
  if (changed && was) md.appendMarkdown(`Changed since the previous stop (was \`${was}\`).`);
  item.tooltip = md;
  item.id = row.key;
  item.accessibilityInformation = { label: `${row.name} ${value}${changed ? ', changed' : ''}` };
  item.contextValue = row.children ? `${context}Group` : row.isAddress ? `${context}Address` : context;
  return item;
}
