/**
 * Test harness: loads syntaxes/ccw.tmLanguage.json with vscode-textmate on the oniguruma wasm,
 * the same engine VS Code uses, and tokenizes lines into { text, scopes } tokens.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

// Both packages are CommonJS bundles; require them so their exports resolve the same way in every runner.
const require = createRequire(import.meta.url);
const textmate = require('vscode-textmate') as typeof import('vscode-textmate');
const oniguruma = require('vscode-oniguruma') as typeof import('vscode-oniguruma');

export const GRAMMAR_PATH = fileURLToPath(new URL('../../../syntaxes/ccw.tmLanguage.json', import.meta.url));
export const LANGUAGE_CONFIGURATION_PATH = fileURLToPath(
  new URL('../../../language-configuration.json', import.meta.url),
);
const WASM_PATH = require.resolve('vscode-oniguruma/release/onig.wasm');

export interface Token {
  text: string;
  start: number;
  end: number;
  scopes: string[];
}

export interface CcwTokenizer {
  /** Tokenize one line on its own (every .ccw line is independent: there are no continuations). */
  line(text: string): Token[];
  /** Tokenize lines in sequence, carrying the rule stack from one line to the next. */
  lines(text: string[]): Token[][];
  /** Compile one Oniguruma pattern; throws if the engine rejects it. */
  compile(pattern: string): void;
}

let loaded: Promise<CcwTokenizer> | undefined;

export function loadCcwGrammar(): Promise<CcwTokenizer> {
  loaded ??= load();
  return loaded;
}

async function load(): Promise<CcwTokenizer> {
  const wasm = readFileSync(WASM_PATH);
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const onigLib: import('vscode-textmate').IOnigLib = {
    createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
    createOnigString: (text) => new oniguruma.OnigString(text),
  };
  const registry = new textmate.Registry({
    onigLib: Promise.resolve(onigLib),
    loadGrammar: async (scopeName) =>
      scopeName === 'source.ccw' ? textmate.parseRawGrammar(readFileSync(GRAMMAR_PATH, 'utf8'), GRAMMAR_PATH) : null,
  });
  const grammar = await registry.loadGrammar('source.ccw');
  if (!grammar) throw new Error(`could not load source.ccw from ${GRAMMAR_PATH}`);

  const tokenize = (text: string, stack: import('vscode-textmate').StateStack) => {
    const result = grammar.tokenizeLine(text, stack);
    const tokens = result.tokens.map((t) => ({
      text: text.slice(t.startIndex, t.endIndex),
      start: t.startIndex,
      end: t.endIndex,
      scopes: t.scopes,
    }));
    return { tokens, stack: result.ruleStack };
  };

  return {
    line: (text) => tokenize(text, textmate.INITIAL).tokens,
    lines: (texts) => {
      let stack = textmate.INITIAL;
      return texts.map((text) => {
        const r = tokenize(text, stack);
        stack = r.stack;
        return r.tokens;
      });
    },
    compile: (pattern) => {
      const scanner = new oniguruma.OnigScanner([pattern]);
      scanner.dispose();
    },
  };
}
