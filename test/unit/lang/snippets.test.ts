/**
 * The snippets (snippets/ccw.json): each one, expanded with its default placeholders, is a
 * program the assembler accepts without a single diagnostic, and its CCWs decode to the
 * commands the snippet's description promises.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { analyze, hoverAt } from '../../../src/lang';

interface Snippet {
  readonly prefix: string | string[];
  readonly description: string;
  readonly body: string[];
}

const SNIPPETS = JSON.parse(readFileSync(new URL('../../../snippets/ccw.json', import.meta.url), 'utf8')) as Record<string, Snippet>;

/** VS Code's expansion with every placeholder left at its default (`${1:READ}` → READ, `$0` → ''). */
function expand(body: readonly string[]): string {
  let text = body.join('\n');
  for (let i = 0; i < 5; i++) text = text.replace(/\$\{\d+:([^{}]*)\}/g, '$1');
  return text.replace(/\$\d+/g, '');
}

/** Snippets that continue a program: they need the device a program declares first. */
const PRELUDE: Record<string, string> = {
  'Sense after unit check': '         DEVICE 0190,3390-3\n         COPY  ECKD\n',
  'Format-1 CCW': '         COPY  ECKD\nBUFFER   DS    CL80\n',
  ORB: 'CHAIN    CCW1  3,0,0,0\n',
  'Start and wait': '         DEVICE 0190,3390-3\nORB1     ORB   CPA=C,FMT=1\nC        CCW1  3,0,0,0\n',
};

describe('snippets', () => {
  test('the four channel programs the issue asks for are there', () => {
    expect(Object.keys(SNIPPETS)).toEqual(expect.arrayContaining(['ECKD read by Locate Record', 'Search ID equal TIC loop', 'Sense after unit check', 'Card reader read loop']));
  });

  test.each(Object.keys(SNIPPETS))('%s assembles without diagnostics', (name) => {
    const snippet = SNIPPETS[name] as Snippet;
    const src = (PRELUDE[name] ?? '') + expand(snippet.body) + '\n         END\n';
    const a = analyze('/ws/snippet.ccw', src);
    expect(a.result.diagnostics.map((d) => `${d.line}: ${d.message}`)).toEqual([]);
  });

  test('the ECKD read decodes to Define Extent, Locate Record, Read Data on the 3390', () => {
    const src = expand((SNIPPETS['ECKD read by Locate Record'] as Snippet).body);
    const a = analyze('/ws/s.ccw', src);
    const lines = src.split('\n');
    const names = lines.flatMap((l, line) => (l.includes('CCW1') ? [hoverAt(a, { line, character: l.indexOf('CCW1') + 1 })?.contents ?? ''] : []));
    expect(names.map((h) => /\*\*([A-Z ]+)\*\* on 0190/.exec(h)?.[1])).toEqual(['DEFINE EXTENT', 'LOCATE RECORD', 'READ DATA']);
  });

  test('the search loop: Seek, Search ID Equal, TIC back to the search, Read Data', () => {
    const src = expand((SNIPPETS['Search ID equal TIC loop'] as Snippet).body);
    const a = analyze('/ws/s.ccw', src);
    const lines = src.split('\n');
    const hovers = lines.flatMap((l, line) => (l.includes('CCW1') ? [hoverAt(a, { line, character: l.indexOf('CCW1') + 1 })?.contents ?? ''] : []));
    expect(hovers[0]).toContain('**SEEK** on 0190');
    expect(hovers[1]).toContain('**SEARCH ID EQUAL** on 0190');
    expect(hovers[2]).toMatch(/TRANSFER IN CHANNEL[\s\S]*\(SEARCH\)/);
    expect(hovers[3]).toContain('**READ DATA** on 0190');
  });
});
