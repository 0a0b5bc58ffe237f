/**
 * The fast path (src/asm/fast) against the general assembler: whenever the fast path gives a
 * result, it must be the whole AssemblyResult the general assembler gives, deep and strict
 * (chunks, bytes, symbols, devices, every driver statement and EXPECT check, no diagnostics).
 * When it gives up is reported, not asserted, except on the bench program, which it must
 * handle entirely. FAST_PATH_FULL=1 runs the whole 100,000-input property corpus.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { generateProgram } from '../../../bench/asm';
import { assemble } from '../../../src/asm';
import { assembleGeneral } from '../../../src/asm/assembler';
import { fastAssemble } from '../../../src/asm/fast/fastAssemble';
import { mutate, randomText, rng, SEEDS } from './fuzz';

interface Tally {
  compared: number;
  bailed: number;
}

/** Compares one input; returns whether the fast path handled it. */
function compare(text: string, file: string, readFile?: (p: string) => string | undefined): boolean {
  const fast = fastAssemble(text, file);
  if (!fast) return false;
  const general = assembleGeneral(text, readFile ? { file, readFile } : { file });
  try {
    expect(fast).toStrictEqual(general);
  } catch (e) {
    throw new Error(`fast path differs on ${JSON.stringify(text.length > 4000 ? text.slice(0, 4000) + '…' : text)}: ${String(e)}`);
  }
  return true;
}

function run(inputs: Iterable<{ text: string; file?: string; readFile?: (p: string) => string | undefined }>): Tally {
  const t: Tally = { compared: 0, bailed: 0 };
  for (const i of inputs) {
    t.compared++;
    if (!compare(i.text, i.file ?? 'fuzz.ccw', i.readFile)) t.bailed++;
  }
  return t;
}

const say = (what: string, t: Tally): void => {
  console.log(`fast path, ${what}: ${t.compared} inputs, ${t.compared - t.bailed} handled identically, ${t.bailed} left to the general assembler (${((100 * t.bailed) / Math.max(1, t.compared)).toFixed(1)} %)`);
};

describe('fast path: identical to the general assembler, or absent', () => {
  test('the bench program at several sizes: handled, identical', () => {
    for (const lines of [1, 2, 4, 5, 21, 100, 1_000, 20_000]) {
      const text = generateProgram(lines);
      expect(compare(text, 'bench.ccw'), `bench program of ${lines} lines`).toBe(true);
    }
  }, 120_000);

  test('assemble() returns the fast result for the bench program and the general one with detail', () => {
    const text = generateProgram(200);
    const plain = assemble(text, { file: 'bench.ccw' });
    const detailed = assemble(text, { file: 'bench.ccw', detail: true });
    expect(plain.detail).toBeUndefined();
    expect(plain.image).toStrictEqual(detailed.image);
    expect(plain.diagnostics).toStrictEqual(detailed.diagnostics);
  });

  test('every example (examples/, dasd/, vfio/)', () => {
    const inputs: { text: string; file: string; readFile: (p: string) => string | undefined }[] = [];
    for (const dir of ['examples', 'examples/dasd', 'examples/vfio']) {
      for (const name of readdirSync(dir).filter((n) => n.endsWith('.ccw')).sort()) {
        const file = join(dir, name);
        const readFile = (p: string): string | undefined => {
          try {
            return readFileSync(p, 'utf8');
          } catch {
            return undefined;
          }
        };
        inputs.push({ text: readFileSync(file, 'utf8'), file, readFile });
      }
    }
    expect(inputs.length).toBeGreaterThan(30);
    say('examples', run(inputs));
  });

  test('mutated bench programs (near-valid inputs, where the fast path is most often right to try)', () => {
    const r = rng(7);
    const base = generateProgram(61);
    say('mutated bench programs', run((function* () {
      for (let i = 0; i < 5_000; i++) yield { text: mutate(base, r) };
    })()));
  }, 120_000);

  /**
   * The DC and DS forms the fast path reads directly (src/asm/fast/dcDirect.ts) and their near
   * misses (other types, modifiers, doubled quotes, truncation, values that do not fit, odd
   * separators), each statement among others so that alignment and label lengths show.
   */
  test('direct DC/DS forms and their near misses', () => {
    const r = rng(23);
    const pick = <T,>(a: readonly T[]): T => a[Math.floor(r() * a.length)] as T;
    const dups = ['', '', '', '0', '1', '2', '3', '10', '00', '1234567890'];
    const types = ['C', 'X', 'F', 'H', 'A', 'Y', 'D', 'c', 'x', 'f', 'h', 'a', 'y', 'd', 'CA', 'FD', 'AD', 'B', 'E', 'Q'];
    const lens = ['', '', '', 'L1', 'L2', 'L3', 'L4', 'L8', 'L9', 'L0', 'l2', 'L', 'L(2)', 'L65535', 'L65536', 'S2'];
    const nominals = [
      "'00C0'", "'0'", "'ABC'", "'HELLO 5'", "'a,b'", "''", "'A''B'", "'-1'", "'+7'", "'2147483647'", "'2147483648'", "'-32768'",
      "'32768'", "'1,2'", "'1.5'", "'FFFFFFFFF'", "'G0'", "'x'", '(0)', '(65535)', '(65536)', '(4294967296)', '(X)', '(*)', '(1+1)', '(0', '',
      "'\u00e9'", "'~'",
    ];
    /** Mostly valid forms (so that whole programs get through), a near miss now and then. */
    const good = [
      "X'00C0'", "XL4'01'", "C'HELLO 5'", "CL8'A'", "3F'-1'", "H'7'", "F'2147483647'", "HL3'-5'", 'A(0)', 'AL2(65535)', 'Y(12)', "2XL2'F'",
      "c'a,b'", "x'ff'", "0C'Z'", "2CL3'AB'", 'AL1(255)', "FL1'-128'",
    ];
    const goodDs = ['CL80', '0D', '0F', 'XL3', '2H', 'F', '3A', 'Y', 'D', '0H', 'C', 'cl2'];
    const operand = (ds: boolean): string =>
      r() < 0.9 ? pick(ds ? goodDs : good) : pick(dups) + pick(types) + pick(lens) + (ds && r() < 0.7 ? '' : pick(nominals));
    const lines = (): string[] => {
      const out: string[] = [];
      for (let i = 0; i < 4; i++) {
        const op = r() < 0.7 ? 'DC' : 'DS';
        const ops = [operand(op === 'DS')];
        while (r() < 0.4) ops.push(operand(op === 'DS'));
        const label = r() < 0.5 ? `S${i} ` : '         ';
        out.push(`${label}${op}    ${ops.join(r() < 0.95 ? ',' : ', ')}`);
        if (r() < 0.3 && label !== '         ') out.push(`E${i}      EQU   L'S${i}`);
      }
      return out;
    };
    let handled = 0;
    const t = run((function* () {
      for (let i = 0; i < 5_000; i++) yield { text: ['         STORAGE 1M', ...lines(), '         END'].join('\n') };
    })());
    handled = t.compared - t.bailed;
    say('direct DC/DS forms', t);
    expect(handled).toBeGreaterThan(0);
  }, 120_000);

  /** The property corpus of fuzz.ts (runProperty's inputs, in its order). */
  function* corpus(seed: number, count: number): Generator<{ text: string; readFile?: (p: string) => string | undefined }> {
    const r = rng(seed);
    for (let i = 0; i < count; i++) {
      const pick = r();
      if (pick < 0.2) yield { text: randomText(r) };
      else if (pick < 0.25) {
        const text = '         COPY  inc.ccw\n' + mutate(SEEDS[0] ?? '', r);
        const files: Record<string, string> = { 'inc.ccw': mutate("X DC X'01'\n         COPY inc2\n", r), 'inc2.ccw': mutate('Y EQU X+1', r) };
        yield { text, readFile: (p) => files[p] };
      } else yield { text: mutate(SEEDS[Math.floor(r() * SEEDS.length)] ?? '', r) };
    }
  }

  test('20,000 inputs of the property corpus (seed 11)', () => {
    say('property corpus, seed 11', run(corpus(11, 20_000)));
  }, 120_000);

  test.runIf(process.env['FAST_PATH_FULL'] === '1')('the whole property corpus: 100,000 inputs (seeds 11 and 12)', () => {
    const a = run(corpus(11, 50_000));
    const b = run(corpus(12, 50_000));
    say('property corpus, 100,000', { compared: a.compared + b.compared, bailed: a.bailed + b.bailed });
  }, 600_000);
});
