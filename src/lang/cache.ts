/**
 * Analyses by document, reassembled only when the text changed. Requests that need the exact
 * text (hover, definition, rename) call `get`; completion calls `latest`, which never
 * assembles, so typing never waits for a large file to assemble.
 */
import { analyze, type Analysis, type ReadFile } from './analysis';

interface Entry {
  readonly version: number;
  readonly analysis: Analysis;
}

export class DocumentCache {
  private readonly entries = new Map<string, Entry>();

  /** The analysis of this exact version, made now when it is not cached. */
  get(uri: string, version: number, file: string, text: string, readFile?: ReadFile): Analysis {
    const e = this.entries.get(uri);
    if (e && e.version === version && e.analysis.text === text && e.analysis.file === file) return e.analysis;
    const analysis = analyze(file, text, readFile);
    this.entries.set(uri, { version, analysis });
    return analysis;
  }

  /** The newest analysis made for the document, whatever its version (undefined before the first). */
  latest(uri: string): Analysis | undefined {
    return this.entries.get(uri)?.analysis;
  }

  /** Drops the cached analysis (a COPY file it read changed, or the document closed). */
  forget(uri: string): void {
    this.entries.delete(uri);
  }

  /** Drops every analysis that read `file` (it changed), so the next request reassembles. */
  forgetReaders(file: string): void {
    for (const [uri, e] of this.entries) if (e.analysis.file !== file && e.analysis.sources.has(file)) this.entries.delete(uri);
  }
}

/** Timers as the host provides them (setTimeout in Node and browsers; fakes in tests). */
export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

/**
 * Runs a job per key once changes stop for `delayMs`: every keystroke restarts the wait, so a
 * burst of typing costs one assembly after it, not one per key.
 */
export class Debouncer {
  private readonly pending = new Map<string, unknown>();

  constructor(
    private readonly delayMs: number,
    private readonly timers: Timers,
  ) {}

  schedule(key: string, job: () => void): void {
    this.cancel(key);
    this.pending.set(
      key,
      this.timers.set(() => {
        this.pending.delete(key);
        job();
      }, this.delayMs),
    );
  }

  cancel(key: string): void {
    const h = this.pending.get(key);
    if (h !== undefined) this.timers.clear(h);
    this.pending.delete(key);
  }

  get size(): number {
    return this.pending.size;
  }

  dispose(): void {
    for (const key of [...this.pending.keys()]) this.cancel(key);
  }
}
