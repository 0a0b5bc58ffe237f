/**
 * EBCDIC code pages 037 and 1047, both ways, as full 256-entry tables.
 *
 * Both pages cover exactly the 256 code points U+0000..U+00FF (each is a permutation of
 * ISO 8859-1), so a character above U+00FF has no code: the assembler reports it instead of
 * substituting a `?`.
 */

export type CodePage = '037' | '1047';

export const CODE_PAGES: readonly CodePage[] = ['037', '1047'];

/**
 * CCSID 037 (IBM CDRA mapping; the C1 controls are mapped as IBM does, e.g. X'15' NL to U+0085
 * and X'25' LF to U+000A). Index = EBCDIC byte, value = Unicode code point.
 */
const CP037: readonly number[] = [
  0x00, 0x01, 0x02, 0x03, 0x9c, 0x09, 0x86, 0x7f, 0x97, 0x8d, 0x8e, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, // 00-0F
  0x10, 0x11, 0x12, 0x13, 0x9d, 0x85, 0x08, 0x87, 0x18, 0x19, 0x92, 0x8f, 0x1c, 0x1d, 0x1e, 0x1f, // 10-1F
  0x80, 0x81, 0x82, 0x83, 0x84, 0x0a, 0x17, 0x1b, 0x88, 0x89, 0x8a, 0x8b, 0x8c, 0x05, 0x06, 0x07, // 20-2F
  0x90, 0x91, 0x16, 0x93, 0x94, 0x95, 0x96, 0x04, 0x98, 0x99, 0x9a, 0x9b, 0x14, 0x15, 0x9e, 0x1a, // 30-3F
  0x20, 0xa0, 0xe2, 0xe4, 0xe0, 0xe1, 0xe3, 0xe5, 0xe7, 0xf1, 0xa2, 0x2e, 0x3c, 0x28, 0x2b, 0x7c, // 40-4F
  0x26, 0xe9, 0xea, 0xeb, 0xe8, 0xed, 0xee, 0xef, 0xec, 0xdf, 0x21, 0x24, 0x2a, 0x29, 0x3b, 0xac, // 50-5F
  0x2d, 0x2f, 0xc2, 0xc4, 0xc0, 0xc1, 0xc3, 0xc5, 0xc7, 0xd1, 0xa6, 0x2c, 0x25, 0x5f, 0x3e, 0x3f, // 60-6F
  0xf8, 0xc9, 0xca, 0xcb, 0xc8, 0xcd, 0xce, 0xcf, 0xcc, 0x60, 0x3a, 0x23, 0x40, 0x27, 0x3d, 0x22, // 70-7F
  0xd8, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0xab, 0xbb, 0xf0, 0xfd, 0xfe, 0xb1, // 80-8F
  0xb0, 0x6a, 0x6b, 0x6c, 0x6d, 0x6e, 0x6f, 0x70, 0x71, 0x72, 0xaa, 0xba, 0xe6, 0xb8, 0xc6, 0xa4, // 90-9F
  0xb5, 0x7e, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a, 0xa1, 0xbf, 0xd0, 0xdd, 0xde, 0xae, // A0-AF
  0x5e, 0xa3, 0xa5, 0xb7, 0xa9, 0xa7, 0xb6, 0xbc, 0xbd, 0xbe, 0x5b, 0x5d, 0xaf, 0xa8, 0xb4, 0xd7, // B0-BF
  0x7b, 0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49, 0xad, 0xf4, 0xf6, 0xf2, 0xf3, 0xf5, // C0-CF
  0x7d, 0x4a, 0x4b, 0x4c, 0x4d, 0x4e, 0x4f, 0x50, 0x51, 0x52, 0xb9, 0xfb, 0xfc, 0xf9, 0xfa, 0xff, // D0-DF
  0x5c, 0xf7, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5a, 0xb2, 0xd4, 0xd6, 0xd2, 0xd3, 0xd5, // E0-EF
  0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0xb3, 0xdb, 0xdc, 0xd9, 0xda, 0x9f, // F0-FF
];

/**
 * CCSID 1047 (the z/OS UNIX "Open Systems" Latin-1 page) differs from 037 in exactly six
 * positions, which swap `[ ] ^ ¬ Ý ¨` (IBM CDRA tables; glibc's IBM1047 agrees).
 */
const CP1047_CHANGES: readonly (readonly [number, number])[] = [
  [0x5f, 0x5e], // ^   (037: ¬)
  [0xad, 0x5b], // [   (037: Ý)
  [0xb0, 0xac], // ¬   (037: ^)
  [0xba, 0xdd], // Ý   (037: [)
  [0xbb, 0xa8], // ¨   (037: ])
  [0xbd, 0x5d], // ]   (037: ¨)
];

const CP1047: readonly number[] = (() => {
  const t = [...CP037];
  for (const [byte, cp] of CP1047_CHANGES) t[byte] = cp;
  return t;
})();

function reverse(table: readonly number[]): ReadonlyMap<number, number> {
  const m = new Map<number, number>();
  table.forEach((cp, byte) => m.set(cp, byte));
  return m;
}

const TABLES: Readonly<Record<CodePage, { readonly toUnicode: readonly number[]; readonly fromUnicode: ReadonlyMap<number, number> }>> = {
  '037': { toUnicode: CP037, fromUnicode: reverse(CP037) },
  '1047': { toUnicode: CP1047, fromUnicode: reverse(CP1047) },
};

/** The 256 Unicode code points of a code page, indexed by EBCDIC byte. */
export function ebcdicTable(page: CodePage): readonly number[] {
  return TABLES[page].toUnicode;
}

/** The EBCDIC byte of one Unicode code point, or undefined when the page has none. */
export function ebcdicByte(codePoint: number, page: CodePage = '037'): number | undefined {
  return TABLES[page].fromUnicode.get(codePoint);
}

export interface EncodeResult {
  readonly bytes: Uint8Array;
  /** Characters (by index in the string's code points) that have no code in the page. */
  readonly unmappable: readonly { readonly index: number; readonly char: string }[];
}

/** Text to EBCDIC. Unmappable characters are listed (and encoded as X'00' so lengths hold). */
export function encodeEbcdic(text: string, page: CodePage = '037'): EncodeResult {
  const from = TABLES[page].fromUnicode;
  const out: number[] = [];
  const unmappable: { index: number; char: string }[] = [];
  let index = 0;
  for (const ch of text) {
    const b = from.get(ch.codePointAt(0) ?? -1);
    if (b === undefined) {
      unmappable.push({ index, char: ch });
      out.push(0);
    } else out.push(b);
    index++;
  }
  return { bytes: Uint8Array.from(out), unmappable };
}

/** EBCDIC to text, exactly (control characters included). */
export function decodeEbcdic(bytes: Uint8Array, page: CodePage = '037'): string {
  const t = TABLES[page].toUnicode;
  let s = '';
  for (const b of bytes) s += String.fromCodePoint(t[b] ?? 0);
  return s;
}

/** C0 and C1 controls and the soft hyphen show as '.' in a dump. */
function printable(cp: number): boolean {
  return !(cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || cp === 0xad);
}

/** EBCDIC to text for the trace and the debugger's dumps: non-printable bytes show as '.'. */
export function ebcdicToText(bytes: Uint8Array, page: CodePage = '037'): string {
  const t = TABLES[page].toUnicode;
  let s = '';
  for (const b of bytes) {
    const cp = t[b] ?? 0;
    s += printable(cp) ? String.fromCodePoint(cp) : '.';
  }
  return s;
}

/** Text to ASCII (the `CA` constant type): only U+0000..U+007F have codes. */
export function encodeAscii(text: string): EncodeResult {
  const out: number[] = [];
  const unmappable: { index: number; char: string }[] = [];
  let index = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? -1;
    if (cp < 0 || cp > 0x7f) {
      unmappable.push({ index, char: ch });
      out.push(0);
    } else out.push(cp);
    index++;
  }
  return { bytes: Uint8Array.from(out), unmappable };
}
