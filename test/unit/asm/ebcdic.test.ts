/**
 * EBCDIC code pages checked against implementations independent of ours (ebcdicVectors.ts:
 * Python's cp037 codec and glibc's IBM1047 iconv table), never against our own round trip.
 */
import { describe, expect, test } from 'vitest';
import { decodeEbcdic, ebcdicByte, ebcdicTable, ebcdicToText, encodeEbcdic } from '../../../src/asm';
import { asm, hexOf } from '../../helpers/asm';
import { GLIBC_IBM1047, PYTHON_CP037 } from './ebcdicVectors';

describe('code page 037 (IBM CCSID 037)', () => {
  test('all 256 bytes decode to the code points Python cp037 gives', () => {
    expect([...ebcdicTable('037')]).toEqual(PYTHON_CP037);
  });

  test('every printable character encodes to its published byte (Python cp037, inverse)', () => {
    PYTHON_CP037.forEach((cp, byte) => {
      if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) return;
      expect({ ch: String.fromCodePoint(cp), byte: ebcdicByte(cp, '037') }).toEqual({ ch: String.fromCodePoint(cp), byte });
    });
  });

  test('well-known values: blank 40, A C1, a 81, 0 F0, [ BA, ] BB, ^ B0, ¬ 5F (CCSID 037)', () => {
    expect(Buffer.from(encodeEbcdic(' Aa0[]^¬', '037').bytes).toString('hex').toUpperCase()).toBe('40C181F0BABBB05F');
  });
});

describe('code page 1047 (IBM CCSID 1047)', () => {
  test('all 256 bytes decode to the code points glibc IBM1047 gives', () => {
    expect([...ebcdicTable('1047')]).toEqual(GLIBC_IBM1047);
  });

  test('every printable character encodes to its published byte (glibc IBM1047, inverse)', () => {
    GLIBC_IBM1047.forEach((cp, byte) => {
      if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) return;
      expect(ebcdicByte(cp, '1047')).toBe(byte);
    });
  });

  test('1047 differs from 037 exactly in [ ] ^ ¬ Ý ¨ (task brief; IBM CDRA tables)', () => {
    expect(Buffer.from(encodeEbcdic('[]^¬Ý¨', '1047').bytes).toString('hex').toUpperCase()).toBe('ADBD5FB0BABB');
    expect(Buffer.from(encodeEbcdic('[]^¬Ý¨', '037').bytes).toString('hex').toUpperCase()).toBe('BABBB05FADBD');
    const t037 = ebcdicTable('037');
    const t1047 = ebcdicTable('1047');
    const differ = [...Array(256).keys()].filter((b) => t037[b] !== t1047[b]);
    expect(differ).toEqual([0x5f, 0xad, 0xb0, 0xba, 0xbb, 0xbd]);
  });
});

describe('unmappable characters and the dump text', () => {
  test('a character outside the page is reported, not replaced by ?', () => {
    const r = encodeEbcdic('A€B', '037');
    expect(r.unmappable).toEqual([{ index: 1, char: '€' }]);
  });

  test('C constant with a character outside the page is error CCW018 at the string', () => {
    const r = asm(["X        DC    C'A€B'"]);
    expect(r.diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([['CCW018', 1, 19]]);
  });

  test('ebcdicToText shows non-printables as "." (C1 control X\'15\' NL, X\'00\')', () => {
    expect(ebcdicToText(Uint8Array.from([0xe5, 0xd6, 0xd3, 0xf1, 0x00, 0x15, 0x40, 0x81]))).toBe('VOL1.. a');
    expect(decodeEbcdic(Uint8Array.from([0xc8, 0xc9]))).toBe('HI');
  });

  test('CODEPAGE 1047 changes C constants from that point on (LANGUAGE.md CODEPAGE)', () => {
    const r = asm(["A        DC    C'[]'", '         CODEPAGE 1047', "B        DC    C'[]'", '         CODEPAGE 037', "C        DC    C'[]'"]);
    expect(r.diagnostics).toEqual([]);
    expect([hexOf(r, 'A'), hexOf(r, 'B'), hexOf(r, 'C')]).toEqual(['BABB', 'ADBD', 'BABB']);
  });
});
