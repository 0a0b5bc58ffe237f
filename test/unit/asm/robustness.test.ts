/**
 * LANGUAGE.md "Errors": the assembler never throws on any input. Thousands of mutated
 * programs and random byte strings (a seeded generator, so failures reproduce) must each
 * give an image and diagnostics, and never an internal error (CCW099, which means a bug).
 */
import { describe, expect, test } from 'vitest';
import { assemble, hasErrors } from '../../../src/asm';
import { LANGUAGE_EXAMPLE } from '../../helpers/languageExample';
import { prng as rng } from '../../helpers/prng';


const PIECES = ["'", "''", '(', ')', ',', '=', '&=', '!=', '*', '+', '-', '/', ' ', '  ', ';', '\t', '\n', '0', '9', 'X', "X'", "C'", "L'", 'CL80', '3X', 'A(', 'CC', 'SLI', 'ORG', 'EQU', 'DC', 'DS', 'CCW1', 'ORB', 'COPY', 'END', 'MEM(', 'DSTAT', '€', '\u0000', '\u{1F600}', 'FFFFFFFFFFFFFFFFFFFF', '99999999999999999999999', '((((((((((', '-'.repeat(50)];

function mutate(text: string, r: () => number): string {
  let s = text;
  const n = 1 + Math.floor(r() * 4);
  for (let i = 0; i < n; i++) {
    const at = Math.floor(r() * (s.length + 1));
    switch (Math.floor(r() * 6)) {
      case 0:
        s = s.slice(0, at) + PIECES[Math.floor(r() * PIECES.length)] + s.slice(at);
        break;
      case 1:
        s = s.slice(0, at) + s.slice(at + 1 + Math.floor(r() * 10));
        break;
      case 2: {
        const lines = s.split('\n');
        const k = Math.floor(r() * lines.length);
        lines.splice(k, 0, lines[Math.floor(r() * lines.length)] ?? '');
        s = lines.join('\n');
        break;
      }
      case 3:
        s = s.slice(0, at);
        break;
      case 4:
        s = s.slice(0, at) + String.fromCharCode(Math.floor(r() * 0x250)) + s.slice(at);
        break;
      default: {
        const lines = s.split('\n');
        lines.reverse();
        s = lines.join('\n');
      }
    }
  }
  return s;
}

function check(text: string, files: Record<string, string> = {}): void {
  let result;
  try {
    result = assemble(text, { file: 'fuzz.ccw', readFile: (p) => files[p] });
  } catch (e) {
    throw new Error(`assemble threw on ${JSON.stringify(text)}: ${String(e)}`);
  }
  expect(result.image).toBeDefined();
  expect(Array.isArray(result.image.chunks)).toBe(true);
  const internal = result.diagnostics.filter((d) => d.code === 'CCW099');
  if (internal.length > 0) throw new Error(`internal error on ${JSON.stringify(text)}: ${internal[0]?.message}`);
  for (const d of result.diagnostics) {
    expect(d.line).toBeGreaterThanOrEqual(1);
    expect(d.endColumn).toBeGreaterThan(d.column);
  }
}

describe('the assembler never throws', () => {
  test('2,000 mutations of the LANGUAGE.md example', () => {
    const r = rng(1);
    for (let i = 0; i < 2000; i++) check(mutate(LANGUAGE_EXAMPLE, r));
  });

  test('2,000 random byte strings (as Latin-1 text) and random printable lines', () => {
    const r = rng(2);
    for (let i = 0; i < 1000; i++) {
      const len = Math.floor(r() * 200);
      check(String.fromCharCode(...Array.from({ length: len }, () => Math.floor(r() * 256))));
    }
    const alphabet = " \t\n'(),=*+-/;&!.0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcxyz@#$_";
    for (let i = 0; i < 1000; i++) {
      const len = Math.floor(r() * 120);
      check(Array.from({ length: len }, () => alphabet[Math.floor(r() * alphabet.length)]).join(''));
    }
  });

  test('mutated COPY files and pathological inputs', () => {
    const r = rng(3);
    for (let i = 0; i < 300; i++) check('         COPY  inc.ccw\n' + mutate(LANGUAGE_EXAMPLE, r), { 'inc.ccw': mutate("X DC X'01'\n         COPY inc2\n", r), 'inc2.ccw': mutate('Y EQU X+1', r) });
    check('(' .repeat(100000));
    check("X DC C'" + 'A'.repeat(100000) + "'");
    check('X DS (X\'7FFFFFFF\')XL65535');
    check('         ORG   X\'FFFFFFFF\'\nX DS XL65535\nY DS XL65535');
    check('X DC 2147483647X\'00\'');
    check('A EQU ' + Array.from({ length: 2000 }, (_, i) => `S${i}`).join('+'));
    check(Array.from({ length: 500 }, (_, i) => `S${i} EQU S${i + 1}+1`).join('\n') + '\nS500 EQU 1');
  });

  test('a long EQU chain written backwards still settles (forward references)', () => {
    const text = Array.from({ length: 500 }, (_, i) => `S${i} EQU S${i + 1}+1`).join('\n') + '\nS500 EQU 1';
    const res = assemble(text, { file: 'x.ccw' });
    expect(hasErrors(res)).toBe(false);
    expect(res.image.symbols.find((s) => s.name === 'S0')?.value).toBe(501);
  });
});
