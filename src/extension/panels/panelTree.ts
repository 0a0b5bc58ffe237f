/**
 * What every panel tree shares: the stop's panel state from the controller, and a refresh of the
 * whole tree when a new stop (or a new session) brings another state. Each view says only how
 * its nodes look and nest.
 */
import * as vscode from 'vscode';
import type { PanelState, PanelsController } from './controller';

export abstract class PanelTree<Node> implements vscode.TreeDataProvider<Node> {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  protected state: PanelState;

  constructor(controller: PanelsController) {
    this.state = controller.current;
    controller.onDidChange((s) => {
      this.state = s;
      this.changed.fire(undefined);
    });
  }

  abstract getChildren(node?: Node): Node[];
  abstract getTreeItem(node: Node): vscode.TreeItem;
}
