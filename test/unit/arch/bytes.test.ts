/**
 * The byte-array helpers every layer shares (src/arch/bytes.ts): a run compared where it is, and
 * the copy-and-compare a panel keeps of bytes the machine writes in place (heldBytes.ts).
 */
import { describe, expect, test } from 'vitest';
import { equalBytes, sameBytesAt } from '../../../src/arch';
import { HeldBytes } from '../../../src/debug/panels/heldBytes';

describe('sameBytesAt', () => {
  const a = new Uint8Array([1, 2, 3, 4, 5, 6]);
  const b = new Uint8Array([9, 3, 4, 5, 9]);
  test('a run equal at different offsets; one byte off is a difference', () => {
    expect(sameBytesAt(a, 2, b, 1, 3)).toBe(true);
    expect(sameBytesAt(a, 2, b, 1, 4)).toBe(false);
    expect(sameBytesAt(a, 1, b, 1, 3)).toBe(false);
    expect(sameBytesAt(a, 0, b, 0, 0)).toBe(true);
  });
  test('a run past the end of either array, or before its start, is not the same', () => {
    expect(sameBytesAt(a, 4, a, 4, 3)).toBe(false);
    expect(sameBytesAt(a, 0, b, 3, 3)).toBe(false);
    expect(sameBytesAt(a, -1, a, -1, 2)).toBe(false);
    expect(sameBytesAt(a, 3, a, 3, 3)).toBe(true);
  });
  test('equalBytes: length and every byte', () => {
    expect(equalBytes(a, a.slice())).toBe(true);
    expect(equalBytes(a, a.subarray(1))).toBe(false);
  });
});

describe('HeldBytes', () => {
  // Starts on and off a word, against word-aligned and unaligned live arrays: the word loop and the byte tail.
  for (const start of [0, 1, 4, 6]) {
    for (const shift of [0, 1]) {
      test(`a copy of 11 bytes at ${start} of a live array ${shift ? 'not ' : ''}on a word sees every byte changed in place`, () => {
        const buffer = new Uint8Array(64 + shift).map((_, i) => i);
        const live = buffer.subarray(shift, shift + 32);
        const held = new HeldBytes(live, start, 11);
        expect(Array.from(held.bytes)).toEqual(Array.from(live.subarray(start, start + 11)));
        expect(held.heldBy(live)).toBe(true);
        for (let i = start; i < start + 11; i++) {
          const was = live[i] as number;
          live[i] = was ^ 0x80;
          expect(held.heldBy(live)).toBe(false);
          live[i] = was;
        }
        // Outside the copy: not its business.
        live[start + 11] = (live[start + 11] as number) ^ 0xff;
        expect(held.heldBy(live)).toBe(true);
        // Another array with the same bytes (a restart) holds them; a shorter one does not.
        expect(held.heldBy(live.slice())).toBe(true);
        expect(held.heldBy(live.slice(0, start + 10))).toBe(false);
      });
    }
  }
});
