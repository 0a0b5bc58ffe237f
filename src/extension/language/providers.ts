/**
 * The VS Code providers: each asks the language service (src/lang) and converts the answer.
 * No language knowledge lives here.
 */
import * as vscode from 'vscode';
import { completionsAt, definitionAt, documentSymbols, hoverAt, prepareRenameAt, referencesAt, renameAt } from '../../lang';
import { completionKind, fromPosition, toDocumentSymbol, toRange, uriOf } from './convert';
import type { LanguageDocuments } from './documents';

export function registerProviders(selector: vscode.DocumentSelector, docs: LanguageDocuments): vscode.Disposable[] {
  return [
    vscode.languages.registerHoverProvider(selector, {
      provideHover(document, position) {
        const h = hoverAt(docs.analysis(document), fromPosition(position));
        if (!h) return undefined;
        const md = new vscode.MarkdownString(h.contents);
        md.supportHtml = false;
        return new vscode.Hover(md, toRange(h.range));
      },
    }),
    vscode.languages.registerCompletionItemProvider(
      selector,
      {
        provideCompletionItems(document, position) {
          const list = completionsAt(docs.latest(document), fromPosition(position), document.lineAt(position.line).text);
          const range = toRange(list.range);
          return list.items.map((i) => {
            const item = new vscode.CompletionItem(i.label, completionKind(i.kind));
            item.detail = i.detail;
            if (i.documentation) item.documentation = new vscode.MarkdownString(i.documentation);
            if (i.insertText) item.insertText = i.insertText;
            if (i.sortText) item.sortText = i.sortText;
            item.range = range;
            // after ORB's `CPA=` or EXPECT's `DSTAT=`, offer the values straight away
            if (i.insertText?.endsWith('=') || i.insertText?.endsWith('(')) item.command = { title: 'values', command: 'editor.action.triggerSuggest' };
            return item;
          });
        },
      },
      ',',
      '=',
      '+',
    ),
    vscode.languages.registerDocumentSymbolProvider(selector, {
      provideDocumentSymbols(document) {
        return documentSymbols(docs.analysis(document)).map(toDocumentSymbol);
      },
    }),
    vscode.languages.registerDefinitionProvider(selector, {
      provideDefinition(document, position) {
        const loc = definitionAt(docs.analysis(document), fromPosition(position));
        return loc ? new vscode.Location(uriOf(loc.file, document), toRange(loc.range)) : undefined;
      },
    }),
    vscode.languages.registerReferenceProvider(selector, {
      provideReferences(document, position, context) {
        return referencesAt(docs.analysis(document), fromPosition(position), context.includeDeclaration).map(
          (l) => new vscode.Location(uriOf(l.file, document), toRange(l.range)),
        );
      },
    }),
    vscode.languages.registerRenameProvider(selector, {
      prepareRename(document, position) {
        const r = prepareRenameAt(docs.analysis(document), fromPosition(position));
        // VS Code shows the message of an error thrown here next to the cursor
        if ('error' in r) throw new Error(r.error);
        return { range: toRange(r.range), placeholder: r.placeholder };
      },
      provideRenameEdits(document, position, newName) {
        const r = renameAt(docs.analysis(document), fromPosition(position), newName);
        if ('error' in r) throw new Error(r.error);
        const edit = new vscode.WorkspaceEdit();
        for (const e of r.edits) edit.replace(uriOf(e.file, document), toRange(e.range), e.newText);
        return edit;
      },
    }),
  ];
}
