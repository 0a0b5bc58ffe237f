/**
 * IBM 3525 card punch (3505/3525 component description; Hercules 3.13 oracle u5).
 *
 * Write (punch, feed, select stacker: X'01', X'41'): punches one card from up to 80 bytes; a
 * shorter count leaves the remaining columns blank with no incorrect length, a longer one leaves
 * a residual (incorrect length unless SLI). Sense (1 byte), No-operation, Sense ID under
 * COMPAT=HERCULES. Every other command, reads included, is a command reject.
 *
 * Output (OUTPUT=): one line per card, EBCDIC converted to text in the device's code page with
 * trailing blanks dropped (as Hercules' "ascii" punch file); FORMAT=RAW writes the 80-byte card
 * images instead.
 */
import type { CodePage } from '../../asm/ebcdic';
import { printableText } from './text';
import type { DeviceCommand, DeviceResult, DeviceStateRow } from '../../css/device';
import type { HostResult } from '../host';
import { CARD_COLUMNS } from './deck';
import type { OutputFile } from './outputFile';
import { PUNCH_CARD_US } from './timing';
import { CE_DE, UnitRecordDevice, endsChain, type Identity, type UnitRecordOptions } from './unitRecord';

export interface CardPunchOptions extends UnitRecordOptions {
  readonly output: OutputFile | null;
  readonly raw: boolean;
  readonly codePage: CodePage;
}

const isPunch = (code: number) => (code & 0x3f) === 0x01;

export class CardPunch3525 extends UnitRecordDevice {
  readonly typeName = '3525';
  readonly description = '3525 card punch';
  protected readonly senseLength = 1;
  protected readonly identity: Identity = { cuType: 0x2821, cuModel: 0x01, deviceType: 0x3525, deviceModel: 0x01 };
  private readonly output: OutputFile | null;
  private readonly raw: boolean;
  private readonly codePage: CodePage;
  private punched = 0;
  private lastCard: Uint8Array | null = null;

  constructor(options: CardPunchOptions) {
    super(options);
    this.output = options.output;
    this.raw = options.raw;
    this.codePage = options.codePage;
  }

  flush(): HostResult<null> {
    return this.output ? this.output.flush() : { ok: null };
  }

  protected perform(command: DeviceCommand): DeviceResult | null {
    if (!isPunch(command.code)) return null;
    const taken = Math.min(command.data.length, CARD_COLUMNS);
    const card = new Uint8Array(CARD_COLUMNS).fill(0x40);
    card.set(command.data.subarray(0, taken));
    this.punched++;
    this.lastCard = card;
    if (this.output) {
      if (this.raw) this.output.append(card);
      else this.output.appendText(printableText(card, this.codePage) + '\n');
    }
    const result: DeviceResult = { status: CE_DE, required: taken, timeUs: PUNCH_CARD_US };
    if (endsChain(command, result, taken)) this.flush();
    return result;
  }

  protected ownCommandName(code: number): string | null {
    if (!isPunch(code)) return null;
    return code === 0x01 ? 'PUNCH' : `PUNCH, STACKER ${(code >> 6) + 1}`;
  }

  protected deviceRows(): DeviceStateRow[] {
    return [
      { name: 'cards punched', value: String(this.punched) },
      { name: 'last card', value: this.lastCard ? `|${printableText(this.lastCard, this.codePage)}|` : 'none' },
      { name: 'output', value: this.output ? `${this.output.path} (${this.output.bytes} bytes${this.output.error ? `; ${this.output.error}` : ''})` : 'none (no OUTPUT=)' },
    ];
  }

  protected resetDevice(): void {
    this.flush();
  }

  /** A halted chain never reaches its last CCW, where output is flushed: the device stops, so flush now. */
  protected override haltDevice(): void {
    this.flush();
  }
}
