/**
 * The analyses of open `.ccw` documents for the providers, and the Problems panel as you type.
 *
 * The assembler is synchronous; COPY files come through vscode.workspace.fs, which is not.
 * So an analysis that asked for a COPY file we have not read yet starts reading it, and when
 * it arrives the document is analysed again. Open documents are read from the editor, so a
 * COPY file being edited counts with its unsaved text.
 *
 * Diagnostics are debounced (DIAGNOSTICS_DELAY_MS after the last change), so typing in a large
 * file costs one assembly per pause, never one per keystroke; completion reads the last
 * analysis and never assembles.
 */
import * as vscode from 'vscode';
import { Debouncer, diagnosticsByFile, DocumentCache, type Analysis } from '../../lang';
import { LANGUAGE_ID } from '../configuration';
import { workspaceFiles } from '../workspaceFiles';
import { fileOf, toRange, toSeverity, uriOf } from './convert';

export const DIAGNOSTICS_DELAY_MS = 250;

export class LanguageDocuments implements vscode.Disposable {
  private readonly cache = new DocumentCache();
  /** COPY files read from the workspace: text, or null when they do not exist. */
  private readonly files = new Map<string, string | null>();
  private readonly reading = new Set<string>();
  private readonly debouncer = new Debouncer(DIAGNOSTICS_DELAY_MS, { set: (fn, ms) => setTimeout(fn, ms), clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>) });
  private readonly collection = vscode.languages.createDiagnosticCollection('ccw');
  /** COPY-file URIs whose problems a document published, to clear them when they go away. */
  private readonly published = new Map<string, Set<string>>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor() {
    this.subscriptions.push(
      this.collection,
      vscode.workspace.onDidOpenTextDocument((d) => this.changed(d, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => this.changed(e.document, DIAGNOSTICS_DELAY_MS)),
      vscode.workspace.onDidSaveTextDocument((d) => this.fileChanged(fileOf(d.uri))),
      vscode.workspace.onDidCloseTextDocument((d) => this.closed(d)),
    );
    for (const d of vscode.workspace.textDocuments) this.changed(d, 0);
  }

  /** The analysis of the document as it is now (assembles when the text changed). */
  analysis(document: vscode.TextDocument): Analysis {
    const file = fileOf(document.uri);
    const a = this.cache.get(document.uri.toString(), document.version, file, document.getText(), (path) => this.readFile(path));
    if (a.missing.length > 0) this.readCopyFiles(document, a.missing);
    return a;
  }

  /** The last analysis made, even of an older text: for completion, which must not wait. */
  latest(document: vscode.TextDocument): Analysis {
    return this.cache.latest(document.uri.toString()) ?? this.analysis(document);
  }

  private readFile(path: string): string | undefined {
    const open = vscode.workspace.textDocuments.find((d) => fileOf(d.uri) === path);
    if (open) return open.getText();
    return this.files.get(path) ?? undefined;
  }

  private readCopyFiles(document: vscode.TextDocument, paths: readonly string[]): void {
    const wanted = paths.filter((p) => !this.files.has(p) && !this.reading.has(p));
    if (wanted.length === 0) return;
    for (const p of wanted) this.reading.add(p);
    void Promise.all(
      wanted.map(async (p) => {
        this.files.set(p, await workspaceFiles.readText(p).catch(() => null));
        this.reading.delete(p);
      }),
    ).then(() => {
      this.cache.forget(document.uri.toString());
      this.changed(document, 0);
    });
  }

  private changed(document: vscode.TextDocument, delay: number): void {
    const file = fileOf(document.uri);
    // another document may COPY this one: its analysis is stale now
    this.files.delete(file);
    this.refreshReaders(file, document);
    if (document.languageId !== LANGUAGE_ID) return;
    const key = document.uri.toString();
    if (delay === 0) {
      this.debouncer.cancel(key);
      this.publish(document);
    } else this.debouncer.schedule(key, () => this.publish(document));
  }

  private fileChanged(file: string): void {
    this.files.delete(file);
    this.refreshReaders(file);
  }

  private refreshReaders(file: string, except?: vscode.TextDocument): void {
    for (const d of vscode.workspace.textDocuments) {
      if (d === except || d.languageId !== LANGUAGE_ID) continue;
      const a = this.cache.latest(d.uri.toString());
      if (a && a.file !== file && a.sources.has(file)) {
        this.cache.forget(d.uri.toString());
        this.debouncer.schedule(d.uri.toString(), () => this.publish(d));
      }
    }
  }

  private closed(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    this.debouncer.cancel(key);
    this.cache.forget(key);
    this.collection.delete(document.uri);
    for (const u of this.published.get(key) ?? []) this.collection.delete(vscode.Uri.parse(u));
    this.published.delete(key);
  }

  private publish(document: vscode.TextDocument): void {
    if (document.isClosed) return;
    const a = this.analysis(document);
    const key = document.uri.toString();
    const open = new Set(vscode.workspace.textDocuments.filter((d) => d.languageId === LANGUAGE_ID).map((d) => d.uri.toString()));
    const now = new Set<string>();
    for (const [file, list] of diagnosticsByFile(a)) {
      const uri = uriOf(file, document);
      // an open COPY file publishes its own problems; writing them here too would fight over it
      if (uri.toString() !== key && open.has(uri.toString())) continue;
      this.collection.set(
        uri,
        list.map((d) => {
          const diag = new vscode.Diagnostic(toRange(d.range), d.message, toSeverity(d.severity));
          diag.code = d.code;
          diag.source = 'ccw';
          return diag;
        }),
      );
      if (uri.toString() !== key) now.add(uri.toString());
    }
    for (const u of this.published.get(key) ?? []) if (!now.has(u)) this.collection.delete(vscode.Uri.parse(u));
    this.published.set(key, now);
  }

  dispose(): void {
    this.debouncer.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}
