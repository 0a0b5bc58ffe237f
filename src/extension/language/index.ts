/** Editor features for `.ccw`: diagnostics as you type and the providers over src/lang. */
import * as vscode from 'vscode';
import { LANGUAGE_ID } from '../configuration';
import { LanguageDocuments } from './documents';
import { registerProviders } from './providers';

export function registerLanguageFeatures(context: vscode.ExtensionContext): void {
  const docs = new LanguageDocuments();
  const selector: vscode.DocumentSelector = [{ language: LANGUAGE_ID }];
  context.subscriptions.push(docs, ...registerProviders(selector, docs));
}
