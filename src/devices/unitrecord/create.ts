/**
 * Unit-record devices from DEVICE statements: `DEVICE 000C,3505,DECK='cards.txt'`,
 * `DEVICE 000D,3525,OUTPUT='punch.txt'`, `DEVICE 000E,1403,OUTPUT='print.txt'`,
 * `DEVICE 0009,3215,INPUT='answers.txt',OUTPUT='console.txt'`.
 *
 * Options: DECK= (3505), INPUT= (3215), OUTPUT= (3525, 1403, 3215), FORMAT=TEXT|RAW (3505 deck,
 * 3525 output: text lines or 80-byte EBCDIC cards), COMPAT=HERCULES. Text is converted in code
 * page 037. Every problem is returned as a sentence, never thrown.
 */
import { CODE_PAGES, encodeEbcdic, type CodePage } from '../../asm/ebcdic';
import type { Device } from '../../css/device';
import type { DeviceHost } from '../host';
import { CardPunch3525 } from './cardPunch';
import { CardReader3505 } from './cardReader';
import { Console3215 } from './console';
import { readDeck, type DeckFormat } from './deck';
import { OutputFile } from './outputFile';
import { Printer1403 } from './printer';

export interface UnitRecordRequest {
  readonly devno: number;
  /** Upper case: 3505, 3525, 1403, 3215 (3215-C is accepted as Hercules writes it). */
  readonly type: string;
  readonly options: Readonly<Record<string, string>>;
}

const OPTIONS: Readonly<Record<string, readonly string[]>> = {
  '3505': ['DECK', 'FORMAT', 'COMPAT'],
  '3525': ['OUTPUT', 'FORMAT', 'COMPAT'],
  '1403': ['OUTPUT', 'COMPAT'],
  '3215': ['INPUT', 'OUTPUT', 'COMPAT'],
};

export const UNIT_RECORD_TYPES: readonly string[] = Object.keys(OPTIONS);

/** The device family of a type name, or null when it is not a unit-record device. */
export function unitRecordType(type: string): string | null {
  const t = type.trim().toUpperCase();
  if (t === '3215-C') return '3215';
  return t in OPTIONS ? t : null;
}

export function createUnitRecord(spec: UnitRecordRequest, host: DeviceHost, foreign: ReadonlySet<string>): { device: Device } | { error: string } {
  const type = unitRecordType(spec.type);
  if (!type) return { error: `device type ${spec.type} is not a unit-record device (${UNIT_RECORD_TYPES.join(', ')})` };
  const allowed = OPTIONS[type] ?? [];
  const option = (name: string): string | undefined => {
    for (const [k, v] of Object.entries(spec.options)) if (k.toUpperCase() === name) return v;
    return undefined;
  };
  for (const key of Object.keys(spec.options)) {
    const k = key.toUpperCase();
    if (!allowed.includes(k) && !foreign.has(k)) return { error: `${type} has no option ${key}=; its options are ${allowed.join('=, ')}=` };
  }
  const compat = option('COMPAT');
  if (compat !== undefined && compat.trim().toUpperCase() !== 'HERCULES') return { error: `COMPAT=${compat} is unknown; the only value is COMPAT=HERCULES` };
  const hercules = compat !== undefined;
  // Text is converted in code page 037 (the assembler's default); CODE_PAGES lists the others.
  const codePage: CodePage = CODE_PAGES[0] ?? '037';
  const formatText = (option('FORMAT') ?? 'TEXT').trim().toUpperCase();
  if (formatText !== 'TEXT' && formatText !== 'RAW') return { error: `FORMAT=${formatText}: write FORMAT=TEXT (lines of text) or FORMAT=RAW (80-byte EBCDIC cards)` };
  const format = formatText as DeckFormat;
  const outputPath = option('OUTPUT');
  const output = outputPath !== undefined && outputPath !== '' ? new OutputFile(outputPath, host) : null;
  const base = { devno: spec.devno, hercules };

  switch (type) {
    case '3505': {
      const deck = option('DECK');
      if (deck === undefined) return { device: new CardReader3505({ ...base, cards: null }) };
      const opened = host.open(deck);
      if ('error' in opened) return { error: `DECK='${deck}': ${opened.error}` };
      const read = readDeck(deck, opened.ok, format, codePage);
      if ('error' in read) return read;
      return { device: new CardReader3505({ ...base, cards: read.cards, deckName: deck }) };
    }
    case '3525':
      return { device: new CardPunch3525({ ...base, output, raw: format === 'RAW', codePage }) };
    case '1403':
      return { device: new Printer1403({ ...base, output, codePage }) };
    default: {
      const inputPath = option('INPUT');
      let input: string[] | null = null;
      if (inputPath !== undefined) {
        const lines = readLines(inputPath, host, codePage);
        if ('error' in lines) return lines;
        input = lines.lines;
      }
      return { device: new Console3215({ ...base, input, output, codePage }) };
    }
  }
}

/** The INPUT= script: one operator response per line. */
function readLines(path: string, host: DeviceHost, page: CodePage): { lines: string[] } | { error: string } {
  const opened = host.open(path);
  if ('error' in opened) return { error: `INPUT='${path}': ${opened.error}` };
  const file = opened.ok;
  const text = new TextDecoder().decode(file.read(0, file.size));
  file.close();
  const lines = text.split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  for (let i = 0; i < lines.length; i++) {
    const bad = encodeEbcdic(lines[i] as string, page).unmappable[0];
    if (bad) return { error: `INPUT='${path}' line ${i + 1} column ${bad.index + 1}: '${bad.char}' has no code in EBCDIC code page ${page}` };
  }
  return { lines };
}

export type { CodePage };
