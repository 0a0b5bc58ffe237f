/**
 * The "CCW Regions" tree in the Run and Debug container: the io, async-cmd, schib and crw
 * regions of each mediated device as they were at the stop (from the stop's `ccw/panels`
 * model), every field decoded from the region tables. Refreshing never reads a region with side
 * effects; "Read CRW (pops the next CRW)" and "Read SCHIB (issues STSCH)" are explicit actions.
 */
import * as vscode from 'vscode';
import { PanelTree } from './panels/panelTree';
import type { FieldRow } from '../debug/panels/fieldRows';
import type { DeviceRegionsPanel, RegionPanel } from '../debug/panels/regions';
import { fieldItem } from './panels/fieldItems';

export type RegionNode =
  | { readonly kind: 'message'; readonly text: string }
  | { readonly kind: 'device'; readonly device: DeviceRegionsPanel }
  | { readonly kind: 'region'; readonly devno: string; readonly region: RegionPanel }
  | { readonly kind: 'field'; readonly devno: string; readonly row: FieldRow };

export class RegionsView extends PanelTree<RegionNode> {

  getChildren(node?: RegionNode): RegionNode[] {
    const model = this.state.model;
    if (!node) {
      if (!model) return [{ kind: 'message', text: 'Stop a ccw debug session to see its vfio-ccw regions.' }];
      return model.regions.map((device) => ({ kind: 'device', device }));
    }
    switch (node.kind) {
      case 'device':
        if (node.device.regions.length === 0) return [{ kind: 'message', text: 'PATH direct: no mediated device' }];
        return node.device.regions.map((region) => ({ kind: 'region', devno: node.device.devno, region }));
      case 'region':
        return node.region.rows.map((row) => ({ kind: 'field', devno: node.devno, row }));
      case 'field':
        return (node.row.children ?? []).map((row) => ({ kind: 'field', devno: node.devno, row }));
      default:
        return [];
    }
  }

  getTreeItem(node: RegionNode): vscode.TreeItem {
    switch (node.kind) {
      case 'message':
        return new vscode.TreeItem(node.text);
      case 'device': {
        const item = new vscode.TreeItem(`${node.device.devno} ${node.device.description}`, vscode.TreeItemCollapsibleState.Expanded);
        item.id = `device/${node.device.devno}`;
        item.description = node.device.fsm ? `vfio-ccw ${node.device.fsm}${node.device.crwsQueued ? `, ${node.device.crwsQueued} CRW(s) queued` : ''}` : 'PATH direct';
        return item;
      }
      case 'region': {
        const r = node.region;
        const item = new vscode.TreeItem(`${r.name} region`, r.name === 'io' ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `${node.devno}/${r.name}`;
        const marked = this.state.changed.has(item.id) ? 'Δ ' : '';
        item.description = `${marked}index ${r.index}, ${r.size} bytes, ${r.flags}`;
        item.tooltip = `${r.name} region (VFIO region ${r.index}, file offset ${r.fileOffset}): ${r.note}`;
        // The destructive reads are offered on their own regions only, as labelled actions.
        item.contextValue = r.name === 'crw' ? 'ccwRegionCrw' : r.name === 'schib' ? 'ccwRegionSchib' : 'ccwRegion';
        return item;
      }
      case 'field':
        return fieldItem(node.row, this.state);
    }
  }
}
