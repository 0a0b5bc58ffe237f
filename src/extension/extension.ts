/**
 * Extension entry: the `ccw` debugger (inline adapter), F5 without launch.json, and the
 * "CCW Regions" view. Glue only; the debugger is src/debug over src/runtime.
 */
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import { nodeDeviceHost } from '../cli/nodeDeviceHost';
import { CcwDebugSession } from '../debug/session';
import { CcwConfigurationProvider, DEBUG_TYPE } from './configuration';
import { registerLanguageFeatures } from './language';
import { RegionsView } from './regionsView';
import { workspaceFiles } from './workspaceFiles';

export function activate(context: vscode.ExtensionContext): void {
  registerLanguageFeatures(context);
  context.subscriptions.push(
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, new CcwConfigurationProvider()),
    vscode.debug.registerDebugAdapterDescriptorFactory(DEBUG_TYPE, {
      createDebugAdapterDescriptor: () =>
        new vscode.DebugAdapterInlineImplementation(new CcwDebugSession({ files: workspaceFiles, defer: (fn) => setTimeout(fn, 0), deviceHost: (program) => nodeDeviceHost(dirname(program)) })),
    }),
  );

  const regions = new RegionsView();
  context.subscriptions.push(
    vscode.window.registerTreeDataProvider('ccwRegions', regions),
    vscode.debug.registerDebugAdapterTrackerFactory(DEBUG_TYPE, {
      createDebugAdapterTracker: (session) => ({
        onDidSendMessage: (message: { type?: string; event?: string }) => {
          if (message.type === 'event' && message.event === 'stopped') void regions.refresh(session);
        },
      }),
    }),
    vscode.debug.onDidTerminateDebugSession((s) => {
      if (s.type === DEBUG_TYPE) regions.clear();
    }),
  );
}

export function deactivate(): void {}
