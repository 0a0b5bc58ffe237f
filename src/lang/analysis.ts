/**
 * One analysed document: the assembler's result for the text, plus what the editor needs
 * around it (lines, symbols by name, where each symbol is written). Everything here is
 * computed from the text and the files it copies; nothing is read from disk (the caller's
 * `readFile` answers for COPY files, and the paths it did not have are reported back so an
 * asynchronous caller can read them and analyse again).
 */
import { assemble } from '../asm';
import type { AssemblyResult, ImageSymbol } from '../asm/image';
import { splitLines } from '../asm/source';
import { copybookEntries } from './knowledge';
import { scanLine, type ScannedLine } from './scan';

export type ReadFile = (path: string) => string | undefined;

export interface Occurrence {
  readonly file: string;
  /** 0-based line and characters, end exclusive. */
  readonly line: number;
  readonly start: number;
  readonly end: number;
  /** Upper case. */
  readonly name: string;
  readonly definition: boolean;
}

export class Analysis {
  readonly lines: readonly string[];
  readonly result: AssemblyResult;
  /** Text of the main file and of every COPY file that was read, by path. */
  readonly sources: ReadonlyMap<string, string>;
  /** COPY paths the assembler asked for that `readFile` did not have. */
  readonly missing: readonly string[];
  private readonly scanned = new Map<string, (ScannedLine | undefined)[]>();
  private symbolMap: Map<string, ImageSymbol> | undefined;
  private occurrenceList: Occurrence[] | undefined;

  constructor(
    readonly file: string,
    readonly text: string,
    readFile?: ReadFile,
  ) {
    this.lines = splitLines(text);
    const sources = new Map<string, string>([[file, text]]);
    const missing: string[] = [];
    this.result = assemble(text, {
      file,
      readFile: (path) => {
        let found: string | undefined;
        try {
          found = readFile?.(path);
        } catch {
          found = undefined; // a reader that throws is a file that cannot be read
        }
        if (found === undefined) missing.push(path);
        else sources.set(path, found);
        return found;
      },
    });
    this.sources = sources;
    this.missing = missing;
  }

  /** The classified words of a 0-based line of `file` (the main file by default). */
  line(index: number, file = this.file): ScannedLine | undefined {
    let cache = this.scanned.get(file);
    if (!cache) {
      cache = [];
      this.scanned.set(file, cache);
    }
    if (index in cache) return cache[index];
    const lines = file === this.file ? this.lines : splitLines(this.sources.get(file) ?? '');
    const s = index >= 0 && index < lines.length ? scanLine(lines[index] ?? '') : undefined;
    cache[index] = s;
    return s;
  }

  get symbols(): ReadonlyMap<string, ImageSymbol> {
    this.symbolMap ??= new Map(this.result.image.symbols.map((s) => [s.name.toUpperCase(), s]));
    return this.symbolMap;
  }

  symbol(name: string): ImageSymbol | undefined {
    return this.symbols.get(name.toUpperCase());
  }

  /**
   * A symbol defined by a built-in copybook (COPY ECKD / UNITREC): the assembler places its
   * definition on the COPY statement, since the user cannot open the copybook.
   */
  isCopybookSymbol(sym: ImageSymbol): boolean {
    if (copybookEntries(sym.name).length === 0) return false;
    const src = this.sources.get(sym.loc.file);
    if (src === undefined) return false;
    return this.line(sym.loc.line - 1, sym.loc.file)?.op === 'COPY';
  }

  /** Every place a defined symbol is written, in the main file and the COPY files read. */
  occurrences(): readonly Occurrence[] {
    if (this.occurrenceList) return this.occurrenceList;
    const out: Occurrence[] = [];
    for (const file of this.sources.keys()) {
      const count = file === this.file ? this.lines.length : splitLines(this.sources.get(file) ?? '').length;
      for (let i = 0; i < count; i++) {
        const s = this.line(i, file);
        if (!s) continue;
        for (const w of s.words) {
          if (w.role !== 'label' && w.role !== 'name') continue;
          const name = w.text.toUpperCase();
          const sym = this.symbols.get(name);
          if (!sym) continue;
          const definition = w.role === 'label' && sym.loc.file === file && sym.loc.line === i + 1;
          if (w.role === 'label' && !definition) continue; // a label on e.g. SSCH defines nothing
          out.push({ file, line: i, start: w.start, end: w.end, name, definition });
        }
      }
    }
    this.occurrenceList = out;
    return out;
  }
}

export function analyze(file: string, text: string, readFile?: ReadFile): Analysis {
  return new Analysis(file, text, readFile);
}
