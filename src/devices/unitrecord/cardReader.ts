/**
 * IBM 3505 card reader (3505/3525 component description; Hercules 3.13 oracle cases k1, u3, u4).
 *
 * Commands: Read (X'02', with the stacker-select bits 0-1: X'42', X'82', X'C2'): one 80-column
 * card in EBCDIC; a count below 80 leaves data the channel reports as incorrect length unless SLI,
 * and data chaining gives the rest of the same card. Feed, Select Stacker (X'23' and its stacker
 * variants): moves the next card through without reading it. Sense (1 byte is the 2821 form;
 * the 3505 answers 4 as Hercules does), No-operation, Sense ID under COMPAT=HERCULES.
 *
 * End of deck: the deck is read as if END OF FILE had been pressed, so a read or feed with the
 * hopper empty ends with unit exception in the initial status (no data, residual = count).
 * Without a DECK= the reader is not ready: intervention required.
 * Card-image (column binary) reads, X'22' and its variants, are not modelled: command reject.
 */
import { DS } from '../../arch/status';
import type { DeviceCommand, DeviceResult, DeviceStateRow } from '../../css/device';
import { ebcdicToText } from '../../asm/ebcdic';
import { CARD_COLUMNS } from './deck';
import { SNS0 } from './sense';
import { READER_CARD_US } from './timing';
import { CE_DE, UnitRecordDevice, type Identity, type UnitRecordOptions } from './unitRecord';

export interface CardReaderOptions extends UnitRecordOptions {
  /** The deck, one 80-byte EBCDIC card each; null when no DECK= was given. */
  readonly cards: readonly Uint8Array[] | null;
  readonly deckName?: string;
}

const isRead = (code: number) => (code & 0x3f) === 0x02;
const isFeed = (code: number) => (code & 0x3f) === 0x23;
const stacker = (code: number) => (code >> 6) + 1;

export class CardReader3505 extends UnitRecordDevice {
  readonly typeName = '3505';
  readonly description = '3505 card reader';
  protected readonly senseLength = 4;
  protected readonly identity: Identity = { cuType: 0x2821, cuModel: 0x01, deviceType: 0x3505, deviceModel: 0x01 };
  private readonly cards: readonly Uint8Array[] | null;
  private readonly deckName: string;
  /** Index of the next card in the hopper. */
  private next = 0;
  private readonly stacked = [0, 0, 0, 0];

  constructor(options: CardReaderOptions) {
    super(options);
    this.cards = options.cards;
    this.deckName = options.deckName ?? '';
  }

  /** Cards still in the hopper. */
  get remaining(): number {
    return this.cards ? this.cards.length - this.next : 0;
  }

  protected perform(command: DeviceCommand): DeviceResult | null {
    const code = command.code;
    if (!isRead(code) && !isFeed(code)) return null;
    if (!this.cards) return this.unitCheck(SNS0.INTERVENTION_REQUIRED, 'intervention required: the reader has no deck (DECK= is missing)');
    const card = this.cards[this.next];
    if (!card) {
      this.note(`end of file: all ${this.cards.length} card(s) of the deck have been read`);
      return { status: CE_DE | DS.UX, rejected: true, timeUs: READER_CARD_US / 10 };
    }
    this.next++;
    this.stacked[stacker(code) - 1]!++;
    if (isFeed(code)) return { status: CE_DE, immediate: true, timeUs: READER_CARD_US };
    return { status: CE_DE, data: card.slice(), timeUs: READER_CARD_US };
  }

  protected ownCommandName(code: number): string | null {
    const s = stacker(code);
    if (isRead(code)) return s === 1 ? 'READ' : `READ, STACKER ${s}`;
    if (isFeed(code)) return s === 1 ? 'FEED' : `FEED, STACKER ${s}`;
    return null;
  }

  protected deviceRows(): DeviceStateRow[] {
    if (!this.cards) return [{ name: 'hopper', value: 'no deck: not ready' }];
    const nextCard = this.cards[this.next];
    return [
      { name: 'deck', value: `${this.deckName} (${this.cards.length} card(s))` },
      { name: 'cards read or fed', value: String(this.next) },
      { name: 'cards in the hopper', value: String(this.remaining) },
      { name: 'next card', value: nextCard ? `|${ebcdicToText(nextCard).trimEnd()}|` : 'none: the next read gets end of file (unit exception)' },
      { name: 'stackers', value: this.stacked.map((n, i) => `${i + 1}: ${n}`).join(', ') },
    ];
  }

  protected resetDevice(): void {
    // A reset does not put cards back into the hopper.
  }
}

export { CARD_COLUMNS };
