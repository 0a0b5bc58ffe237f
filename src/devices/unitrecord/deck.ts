/**
 * A card deck for the 3505 from a DECK= file: text, one card per line converted to EBCDIC in
 * the device's code page and padded with blanks to 80 columns; or raw, consecutive 80-byte
 * EBCDIC card images (FORMAT=RAW). Problems come back as sentences, never as exceptions.
 */
import { encodeEbcdic, type CodePage } from '../../asm/ebcdic';
import type { HostFile } from '../host';

export const CARD_COLUMNS = 80;
const BLANK = 0x40;

export type DeckFormat = 'TEXT' | 'RAW';

export function readDeck(path: string, file: HostFile, format: DeckFormat, page: CodePage): { cards: Uint8Array[] } | { error: string } {
  const bytes = file.read(0, file.size);
  file.close();
  if (format === 'RAW') {
    if (bytes.length % CARD_COLUMNS !== 0) {
      return { error: `DECK='${path}' has ${bytes.length} bytes, not a whole number of 80-byte cards; FORMAT=RAW needs card images, leave FORMAT= out for a text deck` };
    }
    const cards: Uint8Array[] = [];
    for (let at = 0; at < bytes.length; at += CARD_COLUMNS) cards.push(bytes.slice(at, at + CARD_COLUMNS));
    return { cards };
  }
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  const lines = text.split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const cards: Uint8Array[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const length = [...line].length;
    if (length > CARD_COLUMNS) {
      return { error: `DECK='${path}' line ${i + 1} has ${length} characters; a card holds 80 columns (split the line, or give raw 80-byte cards with FORMAT=RAW)` };
    }
    const encoded = encodeEbcdic(line, page);
    const bad = encoded.unmappable[0];
    if (bad) {
      return { error: `DECK='${path}' line ${i + 1} column ${bad.index + 1}: '${bad.char}' has no code in EBCDIC code page ${page}` };
    }
    const card = new Uint8Array(CARD_COLUMNS).fill(BLANK);
    card.set(encoded.bytes);
    cards.push(card);
  }
  return { cards };
}
