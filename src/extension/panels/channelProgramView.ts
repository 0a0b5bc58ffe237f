/** The "Channel Program" tree: each guest CCW beside its vfio translation (host CCW, IDAL), the current CCW marked. */
import * as vscode from 'vscode';
import { hex } from '../../arch';
import { PanelTree } from './panelTree';
import type { ChannelProgramPanel, ProgramCcw } from '../../debug/panels/channelProgram';
import { REVEAL_COMMAND } from './irbHistoryView';

type Node =
  | { readonly kind: 'message'; readonly text: string }
  | { readonly kind: 'program'; readonly p: ChannelProgramPanel }
  | { readonly kind: 'ccw'; readonly devno: string; readonly c: ProgramCcw }
  | { readonly kind: 'detail'; readonly id: string; readonly label: string; readonly text: string };

const hex8 = (n: number): string => hex(n, 8);

export class ChannelProgramView extends PanelTree<Node> {

  getChildren(node?: Node): Node[] {
    if (!node) {
      const m = this.state.model;
      if (!m) return [{ kind: 'message', text: 'Stop a ccw debug session to see its channel programs.' }];
      return m.programs.map((p) => ({ kind: 'program', p }));
    }
    if (node.kind === 'program') {
      if (node.p.ccws.length === 0) return [{ kind: 'message', text: 'No channel program started yet.' }];
      return [...node.p.ccws.map((c): Node => ({ kind: 'ccw', devno: node.p.devno, c })), ...node.p.notes.map((n, i): Node => ({ kind: 'detail', id: `${node.p.devno}/note${i}`, label: 'note', text: n }))];
    }
    if (node.kind === 'ccw') {
      const c = node.c;
      const id = `${node.devno}/${c.guestAddress}`;
      const rows: Node[] = [{ kind: 'detail', id: `${id}/guest`, label: `guest ${hex8(c.guestAddress)}`, text: `${c.raw}  ${c.guest}` }];
      if (c.host) rows.push({ kind: 'detail', id: `${id}/host`, label: `host ${hex8(c.host.address)}`, text: c.host.text });
      if (c.host?.idal) rows.push({ kind: 'detail', id: `${id}/idal`, label: 'IDAL', text: c.host.idal });
      return rows;
    }
    return [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    switch (node.kind) {
      case 'message':
        return new vscode.TreeItem(node.text);
      case 'program': {
        const item = new vscode.TreeItem(`device ${node.p.devno}`, vscode.TreeItemCollapsibleState.Expanded);
        item.id = `program/${node.p.devno}`;
        item.description = node.p.path === 'vfio' ? `guest ⇄ vfio translation${node.p.active ? ' (active)' : ''}` : 'PATH direct (no translation)';
        return item;
      }
      case 'ccw': {
        const c = node.c;
        const label = `${c.current ? '▶ ' : ''}${hex8(c.guestAddress)} ${c.guest.split('  ')[0]}`;
        const item = new vscode.TreeItem({ label, ...(c.current ? { highlights: [[0, label.length]] as [number, number][] } : {}) }, vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `${node.devno}/${c.guestAddress}`;
        item.description = `${c.host ? `→ host ${hex8(c.host.address)} ${c.host.text.split('  ').slice(1).join(' ')}` : c.guest.split('  ').slice(1).join(' ')}${c.modified ? ' · modified in storage since translation' : ''}`;
        item.accessibilityInformation = { label: `${c.current ? 'current CCW, ' : ''}${c.guest}${c.host ? `, translated to ${c.host.text}` : ''}` };
        if (c.source) item.command = { command: REVEAL_COMMAND, title: 'Reveal the CCW', arguments: [c.source.path, c.source.line] };
        item.contextValue = c.current ? 'ccwProgramCurrent' : 'ccwProgram';
        return item;
      }
      case 'detail': {
        const item = new vscode.TreeItem(node.label);
        item.id = node.id;
        item.description = node.text;
        item.tooltip = node.text;
        return item;
      }
    }
  }
}
