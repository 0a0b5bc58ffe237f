/**
 * The extension's cost to VS Code: bundle sizes (node and web, raw and gzipped, as built by
 * `node scripts/build.mjs`; `npm run package` ships them minified) and activation time: loading
 * dist/extension.js and running activate() against a stand-in `vscode` module whose every API
 * is a no-op. That leaves out VS Code's own work (registering views, the test controller), so
 * it is the extension's share of activation: module evaluation plus its own set-up.
 */
import { readFileSync, statSync } from 'node:fs';
import Module from 'node:module';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Report } from './report';

const BUNDLES = ['dist/extension.js', 'dist/web/extension.js'];

/** A value that is every function, constructor and namespace at once: the stand-in `vscode`. */
function anything(): unknown {
  const fn = function () {} as unknown as object;
  const handler: ProxyHandler<object> = {
    get: (_t, key) => (key === 'then' ? undefined : key === Symbol.toPrimitive ? () => '' : key === Symbol.iterator ? function* () {} : anything()),
    apply: () => anything(),
    construct: () => anything() as object,
    // bundlers copy a namespace's own keys and keep its prototype: lookups must reach `get` through it
    getPrototypeOf: () => new Proxy({}, { get: (_t, key) => (key === 'then' ? undefined : anything()) }),
  };
  return new Proxy(fn, handler);
}

type Loader = (request: string, parent: unknown, isMain: boolean) => unknown;

export async function run(report: Report): Promise<void> {
  for (const b of BUNDLES) {
    const bytes = readFileSync(b);
    report(`${b}: ${(statSync(b).size / 1024).toFixed(1)} KiB, ${(gzipSync(bytes).length / 1024).toFixed(1)} KiB gzipped`);
  }
  const mod = Module as unknown as { _load: Loader };
  const original = mod._load;
  const stub = anything();
  mod._load = (request, parent, isMain) => (request === 'vscode' ? stub : original(request, parent, isMain));
  const file = resolve('dist/extension.js');
  const load: number[] = [];
  const activate: number[] = [];
  try {
    for (let i = 0; i < 7; i++) {
      delete require.cache[file];
      const t0 = performance.now();
      const ext = require(file) as { activate(context: unknown): unknown };
      const t1 = performance.now();
      ext.activate({ subscriptions: [], extensionUri: anything(), extensionPath: '/' });
      const t2 = performance.now();
      load.push(t1 - t0);
      activate.push(t2 - t1);
    }
  } finally {
    mod._load = original;
  }
  // the first load compiles the bundle (a cold start); the best of the rest is the warm figure
  const best = (xs: number[]) => Math.min(...xs.slice(1)).toFixed(1);
  report(`activation (extension's share, stand-in vscode): load ${load[0]?.toFixed(1)} ms cold / ${best(load)} ms warm, activate() ${activate[0]?.toFixed(1)} ms cold / ${best(activate)} ms warm`);
}
