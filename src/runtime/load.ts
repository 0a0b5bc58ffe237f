/**
 * Assembling a `.ccw` file whose COPY files must be read through an asynchronous file system
 * (vscode.workspace.fs in the extension, fs/promises in the CLI). The assembler itself is
 * synchronous and pure: we assemble, note the files it asked for that we have not read yet,
 * read them, and assemble again, until nothing new is asked for.
 */
import { assemble } from '../asm';
import type { AssemblyResult } from '../asm/image';

export interface FileAccess {
  /** Text of a file, or null when it cannot be read. */
  readText(path: string): Promise<string | null>;
}

export interface LoadedProgram {
  readonly result: AssemblyResult;
  /** Source text of every file read, by path (the main file and its COPY files). */
  readonly sources: ReadonlyMap<string, string>;
}

/** Bound on COPY nesting rounds; the assembler reports cycles itself. */
const MAX_ROUNDS = 32;

export async function loadProgram(file: string, files: FileAccess, options?: { readonly detail?: boolean }): Promise<LoadedProgram | { error: string }> {
  const main = await files.readText(file);
  if (main === null) return { error: `cannot read ${file}` };
  const sources = new Map<string, string | null>([[file, main]]);
  let result: AssemblyResult | null = null;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const wanted: string[] = [];
    result = assemble(main, {
      file,
      ...(options?.detail ? { detail: true } : {}),
      readFile: (path) => {
        if (!sources.has(path)) wanted.push(path);
        return sources.get(path) ?? undefined;
      },
    });
    if (wanted.length === 0) break;
    for (const path of wanted) sources.set(path, await files.readText(path));
  }
  const texts = new Map<string, string>();
  for (const [path, text] of sources) if (text !== null) texts.set(path, text);
  return { result: result as AssemblyResult, sources: texts };
}
