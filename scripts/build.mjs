// Bundles the entry points with esbuild. The desktop extension, the adapter and the CLI target the
// Node 20 of VS Code 1.90's extension host; `vscode` is provided by the host and never bundled.
// The web extension (package.json `browser`) is the same extension for the browser: Node built-ins
// that @vscode/debugadapter and seek-bzip refer to are aliased to small shims (src/extension/web/shims).
//
//   node scripts/build.mjs           dist/extension.js, dist/web/extension.js, dist/debugAdapter.js, dist/cli.js
//   node scripts/build.mjs --bench   also dist/bench.js
//   node scripts/build.mjs --tests   also the extension-host suites: dist/test/suite.js (Node), dist/test/web-suite.js (browser)
import { build } from 'esbuild';
import { writeFileSync } from 'node:fs';

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  external: ['vscode'],
};

const shims = 'src/extension/web/shims';
const web = {
  ...common,
  platform: 'browser',
  target: 'es2022',
  // the package's `browser` field swaps @vscode/debugadapter's stdio runner and file logger for stubs
  mainFields: ['browser', 'module', 'main'],
  alias: { events: `./${shims}/events.ts`, url: `./${shims}/url.ts` },
  inject: [`${shims}/buffer.ts`, `${shims}/process.ts`],
  define: { global: 'globalThis' },
};

const bench = process.argv.includes('--bench');
const tests = process.argv.includes('--tests');
const minify = process.argv.includes('--minify');

await Promise.all([
  build({ ...common, minify, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js' }),
  build({ ...web, minify, entryPoints: ['src/extension/web/extension.ts'], outfile: 'dist/web/extension.js' }),
  build({ ...common, entryPoints: ['src/cli/debugAdapter.ts'], outfile: 'dist/debugAdapterMain.js' }),
  build({ ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cliMain.js' }),
  ...(bench ? [build({ ...common, entryPoints: ['bench/bench.ts'], outfile: 'dist/bench.js' })] : []),
  ...(tests
    ? [
        build({ ...common, entryPoints: ['test/electron/suite/index.ts'], outfile: 'dist/test/suite.js' }),
        build({ ...web, entryPoints: ['test/web/suite/index.ts'], outfile: 'dist/test/web-suite.js' }),
      ]
    : []),
]);

// dist/cli.js and dist/debugAdapter.js are small loaders: they turn on Node's on-disk compile
// cache (Node 22.1+; ignored where missing) before the bundle is loaded, so a second start of
// `ccw` or of the standalone adapter skips compiling the megabyte of bundled JavaScript.
const loader = (main, shebang) =>
  `${shebang ? '#!/usr/bin/env node\n' : ''}'use strict';\n` +
  `try { require('node:module').enableCompileCache?.(); } catch {}\n` +
  `require('./${main}');\n`;
writeFileSync('dist/cli.js', loader('cliMain.js', true), { mode: 0o755 });
writeFileSync('dist/debugAdapter.js', loader('debugAdapterMain.js', false));
