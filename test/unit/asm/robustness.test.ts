/**
 * LANGUAGE.md "Errors": the assembler never throws on any input. Thousands of mutated
 * programs and random byte strings (a seeded generator, so failures reproduce) must each
 * give an image and diagnostics, and never an internal error (CCW099, which means a bug).
 */
import { describe, expect, test } from 'vitest';
import { assemble, hasErrors } from '../../../src/asm';
import { LANGUAGE_EXAMPLE } from '../../helpers/languageExample';
import { prng as rng } from '../../helpers/prng';
import { check, mutate } from './fuzz';


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
