// `npm run test:electron`: the extension-host suite (test/electron/suite) in a desktop VS Code,
// through @vscode/test-electron. It downloads VS Code unless VSCODE_EXECUTABLE names an installed
// one (e.g. /usr/share/code/code). CI cannot download VS Code: it runs the same suite in
// code-server instead (test/e2e/exthost.mjs, part of `npm run test:e2e`).
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';
import { makeWorkspace } from './workspace.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ws = makeWorkspace(path.join(os.tmpdir(), `ccw-electron-ws-${process.pid}`), repo);
try {
  await runTests({
    extensionDevelopmentPath: repo,
    extensionTestsPath: path.join(repo, 'dist/test/suite.js'),
    launchArgs: [ws, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
    ...(process.env.VSCODE_EXECUTABLE ? { vscodeExecutablePath: process.env.VSCODE_EXECUTABLE } : {}),
  });
} catch (e) {
  console.error(`test:electron: ${e instanceof Error ? e.message : String(e)}`);
  if (!process.env.VSCODE_EXECUTABLE) console.error('test:electron: without network, set VSCODE_EXECUTABLE to an installed VS Code; CI runs this suite in code-server (npm run test:e2e)');
  process.exit(1);
}
