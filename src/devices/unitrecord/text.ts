/**
 * EBCDIC to the text of a listing or a punch file: through the code page tables of
 * src/asm/ebcdic.ts; a byte with no graphic (controls, X'00') prints as a blank, as on the
 * printer's print chain; trailing blanks are dropped.
 */
import { decodeEbcdic, type CodePage } from '../../asm/ebcdic';

export function printableText(bytes: Uint8Array, page: CodePage): string {
  let out = '';
  for (const ch of decodeEbcdic(bytes, page)) {
    const cp = ch.codePointAt(0) ?? 0;
    out += cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || cp === 0xad ? ' ' : ch;
  }
  return out.replace(/ +$/, '');
}
