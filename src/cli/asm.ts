/**
 * `ccw asm FILE [--json | --listing]`: diagnostics on stderr as `file:line:col: severity CODE:
 * message` (the `$ccw` problem matcher), exit 2 on errors; `--json` prints the Image,
 * `--listing` the HLASM-style listing with the cross reference and the diagnostics at the end.
 */
import { hexBytes } from '../arch';
import { hasErrors } from '../asm/image';
import { formatListing } from '../asm/listing';
import { loadProgram, type FileAccess } from '../runtime/load';
import { formatDiagnostic } from './diagnostics';
import type { Output } from './run';

export interface AsmOptions {
  readonly json: boolean;
  readonly listing?: boolean;
}

export async function asmCommand(file: string, options: AsmOptions, files: FileAccess, io: Output): Promise<number> {
  const loaded = await loadProgram(file, files, options.listing ? { detail: true } : undefined);
  if ('error' in loaded) {
    io.err(`ccw: ${loaded.error}`);
    return 2;
  }
  const { result } = loaded;
  for (const d of result.diagnostics) io.err(formatDiagnostic(d));
  if (options.listing) io.out(formatListing(result));
  if (options.json) {
    io.out(JSON.stringify(result.image, (_key, value: unknown) => (value instanceof Uint8Array ? hexBytes(value) : value)));
  }
  return hasErrors(result) ? 2 : 0;
}
