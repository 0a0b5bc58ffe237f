/** "Show Listing": the assembler's HLASM-style listing of a `.ccw` file (`ccw asm FILE --listing`). */
import * as vscode from 'vscode';
import { formatListing } from '../../asm/listing';
import { loadProgram } from '../../runtime/load';
import { programName, workspaceFiles } from '../workspaceFiles';
import type { ReadOnlyDocuments } from './readOnlyDocuments';
import { saveIfDirty, targetProgram } from './target';

export async function showListingCommand(docs: ReadOnlyDocuments, arg: unknown): Promise<vscode.TextDocument | undefined> {
  const uri = targetProgram(arg);
  if (!uri) return undefined;
  await saveIfDirty(uri);
  const program = programName(uri);
  const loaded = await loadProgram(program, workspaceFiles, { detail: true });
  if ('error' in loaded) {
    void vscode.window.showErrorMessage(`ccw: ${loaded.error}`);
    return undefined;
  }
  return docs.show(`${uri.path.replace(/\.ccw$/i, '')}.lst`, formatListing(loaded.result) + '\n');
}
