/**
 * A DeviceHost over vscode.workspace.fs, for the web extension and for programs in virtual
 * workspaces. Devices read files synchronously, the workspace file system is asynchronous: so
 * the files a program's DEVICE statements name (IMAGE=, DECK=, INPUT=, and the further files of
 * a multi-file CKD volume) are read whole before the session starts, up to WEB_FILE_LIMIT
 * bytes each. Writes (OUTPUT=, PERSIST=YES) are collected and written back asynchronously.
 */
import * as vscode from 'vscode';
import type { DeviceHost, HostFile, HostResult } from '../../devices/host';
import { JS_DECOMPRESSORS, MAX_FILES, sequenceFileName } from '../../devices/images';
import { loadProgram } from '../../runtime/load';
import { programUri, workspaceFiles } from '../workspaceFiles';

/** Largest file read whole: 128 MiB, about 150 cylinders of a 3390 (a 3390-1 image is 946 MB). */
export const WEB_FILE_LIMIT = 128 * 1024 * 1024;

const FILE_OPTIONS = ['IMAGE', 'DECK', 'INPUT'];

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** The Uri of `path` as written in a DEVICE statement of the program at `program`. */
export function deviceFileUri(program: vscode.Uri, path: string): vscode.Uri {
  if (/^[a-zA-Z][a-zA-Z0-9+.-]+:/.test(path)) return vscode.Uri.parse(path, true);
  if (path.startsWith('/')) return program.with({ path });
  return vscode.Uri.joinPath(program, '..', path);
}

function memoryFile(bytes: Uint8Array): HostFile {
  return {
    size: bytes.length,
    read: (offset, length) => bytes.subarray(Math.min(offset, bytes.length), Math.min(offset + length, bytes.length)),
    close: () => {},
  };
}

/** Reads `uri` whole: null when it does not exist, an error when it is too large or unreadable. */
async function readWhole(uri: vscode.Uri): Promise<Uint8Array | null | { error: string }> {
  let size: number;
  try {
    size = (await vscode.workspace.fs.stat(uri)).size;
  } catch {
    return null;
  }
  if (size > WEB_FILE_LIMIT) return { error: `${uri.toString(true)} is ${size.toLocaleString('en-US')} bytes; the web extension reads device files whole and takes at most ${WEB_FILE_LIMIT.toLocaleString('en-US')}. Use a smaller image (ccw dasd init … --cyls N) or the desktop extension.` };
  try {
    return await vscode.workspace.fs.readFile(uri);
  } catch (e) {
    return { error: `cannot read ${uri.toString(true)}: ${message(e)}` };
  }
}

/** Reads what `program`'s devices (and `extraPaths`) name, then answers from memory. */
export async function workspaceDeviceHost(program: string, extraPaths: readonly string[] = [], onWriteError: (text: string) => void = () => {}): Promise<DeviceHost | { error: string }> {
  const base = programUri(program);
  const wanted = new Set(extraPaths);
  const loaded = await loadProgram(program, workspaceFiles);
  if (!('error' in loaded)) {
    for (const d of loaded.result.image.devices) for (const key of FILE_OPTIONS) if (d.options[key]) wanted.add(d.options[key]);
  }
  const files = new Map<string, Uint8Array>();
  for (const path of wanted) {
    const first = await readWhole(deviceFileUri(base, path));
    if (first === null) continue; // the device reports the missing file itself, with its own words
    if ('error' in first) return first;
    files.set(path, first);
    // The further files of a multi-file CKD volume are named by their sequence character.
    for (let n = 2; n <= MAX_FILES; n++) {
      const next = sequenceFileName(path, n);
      if (next === path) break;
      const more = await readWhole(deviceFileUri(base, next));
      if (more === null) break;
      if ('error' in more) return more;
      files.set(next, more);
    }
  }
  return {
    decompressors: JS_DECOMPRESSORS,
    open(path: string): HostResult<HostFile> {
      const bytes = files.get(path);
      return bytes ? { ok: memoryFile(bytes) } : { error: `cannot open ${path}: not found beside ${program} (the web extension reads only the files DEVICE statements name)` };
    },
    writeAtomic(path: string, parts: Iterable<Uint8Array>): HostResult<null> {
      const chunks: Uint8Array[] = [];
      let size = 0;
      try {
        for (const part of parts) {
          size += part.length;
          if (size > WEB_FILE_LIMIT) return { error: `cannot write ${path}: more than ${WEB_FILE_LIMIT.toLocaleString('en-US')} bytes, the web extension's limit` };
          chunks.push(part.slice());
        }
      } catch (e) {
        return { error: `cannot write ${path}: ${message(e)}` };
      }
      const bytes = new Uint8Array(size);
      let at = 0;
      for (const c of chunks) {
        bytes.set(c, at);
        at += c.length;
      }
      files.set(path, bytes);
      // workspace.fs is asynchronous: the write lands shortly after; a failure is reported then.
      vscode.workspace.fs.writeFile(deviceFileUri(base, path), bytes).then(undefined, (e: unknown) => onWriteError(`cannot write ${path}: ${message(e)}`));
      return { ok: null };
    },
  };
}
