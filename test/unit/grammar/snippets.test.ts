/**
 * The snippets through the grammar: every line of every snippet, expanded with its default
 * placeholders, colours without an `invalid` scope, and its operation gets the scope of its
 * class (syntaxes/README.md), so what the user inserts looks right at once.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, expect, test } from 'vitest';
import { loadCcwGrammar, type CcwTokenizer } from './textmate';

let ccw: CcwTokenizer;
beforeAll(async () => {
  ccw = await loadCcwGrammar();
});

const SNIPPETS = JSON.parse(readFileSync(new URL('../../../snippets/ccw.json', import.meta.url), 'utf8')) as Record<string, { body: string[] }>;

function expand(line: string): string {
  let text = line;
  for (let i = 0; i < 5; i++) text = text.replace(/\$\{\d+:([^{}]*)\}/g, '$1');
  return text.replace(/\$\d+/g, '');
}

const CLASS: Record<string, string> = {
  DEVICE: 'support.function.configuration.ccw',
  COPY: 'support.function.configuration.ccw',
  ORB: 'storage.type.storage.ccw',
  CCW1: 'storage.type.storage.ccw',
  DC: 'storage.type.storage.ccw',
  DS: 'storage.type.storage.ccw',
  SSCH: 'keyword.control.driver.ccw',
  WAIT: 'keyword.control.driver.ccw',
  EXPECT: 'keyword.control.driver.ccw',
};

test.each(Object.keys(SNIPPETS))('snippet %s colours cleanly', (name) => {
  const lines = (SNIPPETS[name]?.body ?? []).map(expand).filter((l) => l.trim() !== '');
  for (const line of lines) {
    const tokens = ccw.line(line);
    expect(tokens.filter((t) => t.scopes.some((s) => s.startsWith('invalid'))).map((t) => `${line}: ${t.text}`)).toEqual([]);
    const op = /^\S*\s+(\S+)/.exec(line)?.[1] ?? '';
    const opToken = tokens.find((t) => t.text === op);
    expect(opToken?.scopes, `${line}: operation ${op}`).toContain(CLASS[op]);
  }
});
