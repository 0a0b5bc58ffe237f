// The extension-host suite (test/electron/suite, bundled as dist/test/suite.js) in code-server's
// Node extension host: the test-electron equivalent CI can run offline (../shared/design/E2E.md).
// run.sh starts code-server with the smoke-test driver enabled and passes CCW_E2E_PORT, the
// extension folder (unpackaged: its dist/extension.js) and a workspace holding the examples.
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const PORT = process.env.CCW_E2E_PORT;
const EXT = process.env.CCW_E2E_EXTENSION_DIR;
const WS = process.env.CCW_E2E_EXTHOST_WORKSPACE;
const OUT = process.env.CCW_E2E_OUT || path.resolve('test-results/e2e');
const PROFILE = process.env.CCW_E2E_BROWSER_PROFILE || fs.mkdtempSync('/tmp/ccw-exthost-browser-');
const TIMEOUT = Number(process.env.CCW_E2E_EXTHOST_TIMEOUT || 240) * 1000;
if (!PORT || !EXT || !WS) {
  console.error('CCW_E2E_PORT, CCW_E2E_EXTENSION_DIR and CCW_E2E_EXTHOST_WORKSPACE must be set: run this through test/e2e/run.sh');
  process.exit(2);
}
const remote = (p) => `vscode-remote://127.0.0.1:${PORT}${p}`;
const payload = JSON.stringify([
  ['extensionDevelopmentPath', remote(EXT)],
  ['extensionTestsPath', remote(path.join(EXT, 'dist/test/suite.js'))],
]);
const url = `http://127.0.0.1:${PORT}/?folder=${encodeURIComponent(WS)}&payload=${encodeURIComponent(payload)}`;

const context = await chromium.launchPersistentContext(PROFILE, {
  executablePath: process.env.CCW_E2E_CHROMIUM || '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1600, height: 1000 },
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
});
const page = context.pages()[0] ?? (await context.newPage());
let lastLine = '';
const exit = new Promise((resolve) => {
  void page.exposeFunction('codeAutomationLog', (type, args) => {
    const line = args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
    lastLine = line || lastLine;
    (type === 'error' ? console.error : console.log)(line);
  });
  void page.exposeFunction('codeAutomationExit', (code) => resolve(code));
});
const timer = new Promise((resolve) => setTimeout(() => resolve('timeout'), TIMEOUT));
await page.goto(url);
const code = await Promise.race([exit, timer]);
fs.mkdirSync(OUT, { recursive: true });
await page.screenshot({ path: path.join(OUT, 'exthost-end.png') }).catch(() => {});
await context.close().catch(() => {});
if (code === 'timeout') {
  console.log(`exthost: the suite did not finish within ${TIMEOUT / 1000}s (last line: ${lastLine})`);
  process.exit(1);
}
console.log(`exthost: suite exited with ${code}`);
process.exit(code === 0 ? 0 : 1);
