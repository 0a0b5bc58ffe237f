// Bundles the three entry points with esbuild. The extension and the adapter target the Node 20
// of VS Code 1.90's extension host; `vscode` is provided by the host and never bundled.
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  external: ['vscode'],
};

const bench = process.argv.includes('--bench');

await Promise.all([
  build({ ...common, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js' }),
  build({ ...common, entryPoints: ['src/cli/debugAdapter.ts'], outfile: 'dist/debugAdapter.js' }),
  build({ ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js' }),
  ...(bench ? [build({ ...common, entryPoints: ['bench/bench.ts'], outfile: 'dist/bench.js' })] : []),
]);
