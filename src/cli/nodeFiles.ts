/** The CLI's file access: Node's fs, paths as given (relative to the current directory). */
import { readFile } from 'node:fs/promises';
import type { FileAccess } from '../runtime/load';

export const nodeFiles: FileAccess = {
  async readText(path: string): Promise<string | null> {
    try {
      return await readFile(path, 'utf8');
    } catch {
      return null;
    }
  },
};
