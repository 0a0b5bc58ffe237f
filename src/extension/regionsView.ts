/**
 * The "CCW Regions" tree in the Run and Debug container: the vfio-ccw regions of each mediated
 * device as they were at the last stop. It asks the adapter (`ccw/regions`), which copies what
 * the device holds; refreshing never performs a region read with side effects.
 */
import * as vscode from 'vscode';
import type { RegionField, RegionsResponse } from '../debug/regions';
import { CUSTOM_REQUESTS } from '../debug/session';
import { DEBUG_TYPE } from './configuration';

type Node =
  | { readonly kind: 'message'; readonly text: string }
  | { readonly kind: 'device'; readonly device: RegionsResponse['devices'][number] }
  | { readonly kind: 'region'; readonly name: string; readonly size: number; readonly fields: readonly RegionField[] }
  | { readonly kind: 'field'; readonly field: RegionField };

export class RegionsView implements vscode.TreeDataProvider<Node> {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private snapshot: RegionsResponse | null = null;

  async refresh(session: vscode.DebugSession | undefined): Promise<void> {
    if (!session || session.type !== DEBUG_TYPE) {
      this.snapshot = null;
    } else {
      try {
        this.snapshot = (await session.customRequest(CUSTOM_REQUESTS.regions)) as RegionsResponse;
      } catch {
        this.snapshot = null;
      }
    }
    this.changed.fire(undefined);
  }

  clear(): void {
    this.snapshot = null;
    this.changed.fire(undefined);
  }

  getChildren(node?: Node): Node[] {
    if (!node) {
      if (!this.snapshot) return [{ kind: 'message', text: 'Stop a ccw debug session to see its vfio-ccw regions.' }];
      return this.snapshot.devices.map((device) => ({ kind: 'device', device }));
    }
    switch (node.kind) {
      case 'device':
        if (node.device.regions.length === 0) return [{ kind: 'message', text: 'PATH direct: no mediated device' }];
        return node.device.regions.map((r) => ({ kind: 'region', name: r.name, size: r.size, fields: r.fields }));
      case 'region':
        return node.fields.map((field) => ({ kind: 'field', field }));
      case 'field':
        return (node.field.children ?? []).map((field) => ({ kind: 'field', field }));
      default:
        return [];
    }
  }

  getTreeItem(node: Node): vscode.TreeItem {
    switch (node.kind) {
      case 'message':
        return new vscode.TreeItem(node.text);
      case 'device': {
        const item = new vscode.TreeItem(`${node.device.devno} ${node.device.description}`, vscode.TreeItemCollapsibleState.Expanded);
        item.description = node.device.fsm ? `vfio-ccw ${node.device.fsm}` : 'PATH direct';
        return item;
      }
      case 'region': {
        const item = new vscode.TreeItem(`${node.name} region`, vscode.TreeItemCollapsibleState.Expanded);
        item.description = `${node.size} bytes`;
        return item;
      }
      case 'field': {
        const f = node.field;
        const item = new vscode.TreeItem(f.name, f.children ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
        item.description = f.children ? `bytes ${f.offset}+` : f.value;
        item.tooltip = `${f.name} — ${f.doc}\n${f.bits}${f.children ? '' : `\n${f.value}`}`;
        return item;
      }
    }
  }
}
