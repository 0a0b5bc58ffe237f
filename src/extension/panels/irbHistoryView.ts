/** The "IRB History" tree: every interruption of the session in order; selecting one reveals the CCW it points at. */
import * as vscode from 'vscode';
import { PanelTree } from './panelTree';
import type { FieldRow } from '../../debug/panels/fieldRows';
import type { IrbEntry } from '../../debug/panels/irbHistory';
import { fieldItem } from './fieldItems';

type Node =
  | { readonly kind: 'message'; readonly text: string }
  | { readonly kind: 'irb'; readonly e: IrbEntry }
  | { readonly kind: 'group'; readonly key: string; readonly name: string; readonly rows: readonly FieldRow[]; readonly description: string }
  | { readonly kind: 'field'; readonly row: FieldRow };

export const REVEAL_COMMAND = 'ccw.panels.revealSource';

export class IrbHistoryView extends PanelTree<Node> {

  getChildren(node?: Node): Node[] {
    if (!node) {
      const m = this.state.model;
      if (!m) return [{ kind: 'message', text: 'Stop a ccw debug session to see its interruptions.' }];
      if (m.irbs.length === 0) return [{ kind: 'message', text: 'No interruption yet.' }];
      return m.irbs.map((e) => ({ kind: 'irb', e }));
    }
    if (node.kind === 'irb') {
      const k = `irb/${node.e.seq}`;
      const groups: Node[] = [
        { kind: 'group', key: `${k}/scsw`, name: 'SCSW', rows: node.e.scsw, description: node.e.summary },
        { kind: 'group', key: `${k}/esw`, name: 'ESW', rows: node.e.esw, description: '' },
      ];
      if (node.e.sense) groups.push({ kind: 'group', key: `${k}/sense`, name: 'sense', rows: node.e.senseRows ?? [], description: node.e.sense });
      return groups;
    }
    if (node.kind === 'group') return node.rows.map((row) => ({ kind: 'field', row }));
    if (node.kind === 'field') return (node.row.children ?? []).map((row) => ({ kind: 'field', row }));
    return [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    switch (node.kind) {
      case 'message':
        return new vscode.TreeItem(node.text);
      case 'irb': {
        const e = node.e;
        const item = new vscode.TreeItem(`#${e.seq} ${e.devno} ${e.statement}`, vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `irb/${e.seq}`;
        item.description = `intparm ${e.intparm ?? '?'}  ${e.summary}`;
        item.tooltip = `${e.statement} at line ${e.statementSource.line}, t=${(e.time / 1000).toFixed(2)}us; intparm ${e.intparm ?? 'unknown'}${e.intparmSource === 'orb' ? ' (read from the ORB now)' : ''}${e.ccwAddress !== null ? `; CCW ${e.ccwAddress.toString(16).toUpperCase()}` : ''}`;
        const target = e.ccwSource ?? e.statementSource;
        item.command = { command: REVEAL_COMMAND, title: 'Reveal the CCW', arguments: [target.path, target.line] };
        item.contextValue = 'ccwIrb';
        return item;
      }
      case 'group': {
        const item = new vscode.TreeItem(node.name, vscode.TreeItemCollapsibleState.Collapsed);
        item.id = node.key;
        item.description = node.description;
        return item;
      }
      case 'field':
        return fieldItem(node.row, this.state);
    }
  }
}
