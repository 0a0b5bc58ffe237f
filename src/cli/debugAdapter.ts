/** Entry of dist/debugAdapter.js: the adapter on stdio, or `--server=PORT` / `--port PORT` for TCP. */
import { startAdapter } from './adapter';

function portArgument(argv: readonly string[]): number | null {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (a.startsWith('--server=')) return Number(a.slice('--server='.length));
    if (a === '--port') return Number(argv[i + 1]);
  }
  return null;
}

startAdapter(portArgument(process.argv.slice(2)));
