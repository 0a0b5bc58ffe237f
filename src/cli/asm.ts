/** `ccw asm FILE [--json]`: diagnostics (exit 2 on errors), or the Image as JSON. */
import { hexBytes } from '../arch';
import { hasErrors } from '../asm/image';
import { loadProgram, type FileAccess } from '../runtime/load';
import { formatDiagnostic } from './diagnostics';
import type { Output } from './run';

export async function asmCommand(file: string, options: { json: boolean }, files: FileAccess, io: Output): Promise<number> {
  const loaded = await loadProgram(file, files);
  if ('error' in loaded) {
    io.err(`ccw: ${loaded.error}`);
    return 2;
  }
  const { result } = loaded;
  for (const d of result.diagnostics) io.err(formatDiagnostic(d));
  if (options.json) {
    io.out(JSON.stringify(result.image, (_key, value: unknown) => (value instanceof Uint8Array ? hexBytes(value) : value)));
  }
  return hasErrors(result) ? 2 : 0;
}
