/**
 * Activation shared by the desktop (extension.ts) and web (web/extension.ts) entries: the `ccw`
 * debugger with its inline adapter, F5 without launch.json, the panels (src/extension/panels), commands,
 * the Test Explorer and trace export. Glue only; the debugger is src/debug over src/runtime.
 */
import * as vscode from 'vscode';
import { CcwDebugSession } from '../debug/session';
import { registerCommands } from './commands';
import { CcwConfigurationProvider, DEBUG_TYPE } from './configuration';
import { registerLanguageFeatures } from './language';
import { registerPanels } from './panels';
import type { Platform } from './platform';
import { registerTestController } from './testing/controller';
import { registerTraceExport } from './trace/exportTrace';
import { workspaceFiles } from './workspaceFiles';

/** Paths a launch configuration's `devices` override names, so the web host can read them first. */
function configuredPaths(config: vscode.DebugConfiguration): string[] {
  const devices: unknown = config.devices;
  if (!Array.isArray(devices)) return [];
  const paths: string[] = [];
  for (const d of devices as { options?: Record<string, unknown> }[]) {
    for (const [key, value] of Object.entries(d?.options ?? {})) if (/^(IMAGE|DECK|INPUT)$/i.test(key) && typeof value === 'string') paths.push(value);
  }
  return paths;
}

/** What activate() returns: for the extension-host suites (other extensions have no use for it). */
export interface CcwExtensionApi {
  readonly testController: vscode.TestController;
}

export function activateCcw(context: vscode.ExtensionContext, platform: Platform): CcwExtensionApi {
  registerLanguageFeatures(context);
  context.subscriptions.push(
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, new CcwConfigurationProvider()),
    vscode.debug.registerDebugAdapterDescriptorFactory(DEBUG_TYPE, {
      async createDebugAdapterDescriptor(session) {
        const program = typeof session.configuration.program === 'string' ? session.configuration.program : '';
        // Running a program reads and writes the files its DEVICE statements name: trusted workspaces only.
        if (!vscode.workspace.isTrusted) throw new Error('Running a channel program needs a trusted workspace (it reads and writes the files its DEVICE statements name). Trust this workspace to debug.');
        const host = program ? await platform.deviceHost(program, configuredPaths(session.configuration)) : undefined;
        if (host && 'error' in host) throw new Error(host.error);
        return new vscode.DebugAdapterInlineImplementation(
          new CcwDebugSession({ files: workspaceFiles, defer: (fn) => setTimeout(fn, 0), ...(host ? { deviceHost: () => host } : {}) }),
        );
      },
    }),
  );

  registerPanels(context);

  registerCommands(context, platform);
  registerTraceExport(context);
  return { testController: registerTestController(context, platform) };
}
