/** The "Subchannels" tree: every subchannel (guest and, on PATH vfio, host) with its state, FSM, PMCW/SCSW and paths. */
import * as vscode from 'vscode';
import { PanelTree } from './panelTree';
import type { FieldRow } from '../../debug/panels/fieldRows';
import type { PathRow, SubchannelPanel } from '../../debug/panels/subchannels';
import { fieldItem } from './fieldItems';

type Node =
  | { readonly kind: 'message'; readonly text: string }
  | { readonly kind: 'subchannel'; readonly s: SubchannelPanel }
  | { readonly kind: 'paths'; readonly s: SubchannelPanel }
  | { readonly kind: 'path'; readonly key: string; readonly p: PathRow }
  | { readonly kind: 'field'; readonly row: FieldRow };

const yes = (b: boolean, word: string): string => (b ? word : `not ${word}`);

export class SubchannelsView extends PanelTree<Node> {

  getChildren(node?: Node): Node[] {
    if (!node) {
      const m = this.state.model;
      if (!m) return [{ kind: 'message', text: 'Stop a ccw debug session to see its subchannels.' }];
      return m.subchannels.map((s) => ({ kind: 'subchannel', s }));
    }
    if (node.kind === 'subchannel') return [...node.s.rows.map((row): Node => ({ kind: 'field', row })), { kind: 'paths', s: node.s }];
    if (node.kind === 'paths') return node.s.paths.map((p) => ({ kind: 'path', key: `${node.s.key}/path${p.index}`, p }));
    if (node.kind === 'field') return (node.row.children ?? []).map((row) => ({ kind: 'field', row }));
    return [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    switch (node.kind) {
      case 'message':
        return new vscode.TreeItem(node.text);
      case 'subchannel': {
        const s = node.s;
        const item = new vscode.TreeItem(`${s.schid} · device ${s.devno}`, vscode.TreeItemCollapsibleState.Expanded);
        item.id = s.key;
        item.description = `${s.role === 'host' ? 'host' : 'guest'}: ${s.state}${s.fsm ? ` · FSM ${s.fsm}` : ''}`;
        item.tooltip = `${s.role === 'host' ? 'Host subchannel the mediated device drives' : 'The subchannel the guest sees'} — ${s.device}`;
        return item;
      }
      case 'paths': {
        const item = new vscode.TreeItem('paths', vscode.TreeItemCollapsibleState.Expanded);
        item.id = `${node.s.key}/paths`;
        item.description = node.s.paths.map((p) => `CHPID ${p.chpid}`).join(', ');
        return item;
      }
      case 'path': {
        const p = node.p;
        const item = new vscode.TreeItem(`path ${p.index} · CHPID ${p.chpid}`);
        item.id = node.key;
        item.description = [yes(p.available, 'available'), yes(p.operational, 'operational'), yes(p.logical, 'in LPM'), p.lastUsed ? 'last used' : '', p.online ? '' : 'offline'].filter(Boolean).join(', ');
        return item;
      }
      case 'field':
        return fieldItem(node.row, this.state);
    }
  }
}
