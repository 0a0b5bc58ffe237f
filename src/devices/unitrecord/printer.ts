/**
 * IBM 1403 printer on a 2821 control unit (2821 component description, "1403 Printer"
 * commands; Hercules 3.13 oracle u1_printer_carriage, u2_printer_channels).
 *
 * The command byte is a carriage code (bits 0-4) and an operation (bits 5-7): 001 write, 011
 * control. Carriage codes: 00000 no motion, 00001-00011 space 1-3 lines, 1cccc skip to channel
 * cccc (1-12). So: write without spacing X'01', write and space 1/2/3 X'09'/X'11'/X'19', write
 * and skip to channel c X'89'+8(c-1); immediate space X'0B'/X'13'/X'1B', immediate skip X'8B'+
 * 8(c-1). A write prints first, then moves the paper; a control command moves it at once
 * (immediate: channel end at initiation, no data). Other carriage codes (space 4 and up, skip
 * to channel 0 or 13-15) and other operations are command rejects.
 *
 * A line holds 132 print positions: a longer count leaves a residual, which the channel reports
 * as incorrect length unless SLI (Hercules 3.13 prints the whole count). Channels 9 and 12 are
 * sensed while spacing (carriage.ts).
 *
 * Output (OUTPUT=): the printed lines as text (EBCDIC to Unicode through the code page, bytes
 * without a graphic print as blanks, trailing blanks dropped), each followed by its carriage
 * motion as Hercules writes it: one newline per line spaced, a carriage return after a write
 * without spacing (the next line overprints) and before the skip of a write and skip, a form
 * feed for a skip that passes the end of the form (then newlines down to the channel's line).
 */
import { DS } from '../../arch/status';
import type { CodePage } from '../../asm/ebcdic';
import { printableText } from './text';
import type { DeviceCommand, DeviceResult, DeviceStateRow } from '../../css/device';
import type { HostResult } from '../host';
import { Carriage, FORM_LINES, type Motion } from './carriage';
import type { OutputFile } from './outputFile';
import { SNS0 } from './sense';
import { PRINT_CYCLE_US, SKIP_LINE_US, SKIP_START_US, SPACE_LINE_US } from './timing';
import { CE_DE, UnitRecordDevice, endsChain, type Identity, type UnitRecordOptions } from './unitRecord';

export const PRINT_POSITIONS = 132;

export interface PrinterOptions extends UnitRecordOptions {
  readonly output: OutputFile | null;
  readonly codePage: CodePage;
}

/** A carriage code decoded: no motion, space n lines, or skip to a channel. */
type CarriageOrder = { readonly kind: 'none' } | { readonly kind: 'space'; readonly lines: number } | { readonly kind: 'skip'; readonly channel: number };

function carriageOrder(code: number): CarriageOrder | null {
  const c = code >> 3;
  if (c === 0) return { kind: 'none' };
  if (c <= 3) return { kind: 'space', lines: c };
  if (c >= 0x11 && c <= 0x1c) return { kind: 'skip', channel: c - 0x10 };
  return null;
}

function orderName(order: CarriageOrder): string {
  switch (order.kind) {
    case 'none':
      return 'WITHOUT SPACING';
    case 'space':
      return `SPACE ${order.lines} LINE${order.lines > 1 ? 'S' : ''}`;
    case 'skip':
      return `SKIP TO CHANNEL ${order.channel}`;
  }
}

export class Printer1403 extends UnitRecordDevice {
  readonly typeName = '1403';
  readonly description = '1403 printer on 2821';
  protected readonly senseLength = 1;
  protected readonly identity: Identity = { cuType: 0x2821, cuModel: 0x01, deviceType: 0x1403, deviceModel: 0x01 };
  readonly carriage = new Carriage();
  private readonly output: OutputFile | null;
  private readonly codePage: CodePage;
  private lines = 0;
  private lastLine: string | null = null;

  constructor(options: PrinterOptions) {
    super(options);
    this.output = options.output;
    this.codePage = options.codePage;
  }

  flush(): HostResult<null> {
    return this.output ? this.output.flush() : { ok: null };
  }

  protected perform(command: DeviceCommand): DeviceResult | null {
    const op = command.code & 0x07;
    const order = carriageOrder(command.code);
    if (!order || (op !== 0x01 && op !== 0x03)) return null;
    if (op === 0x03) {
      // X'03' is the channel's No-operation (unitRecord.ts); a control with no motion is not.
      if (order.kind === 'none') return null;
      const motion = this.move(order);
      this.emit('', order, motion, false);
      const result: DeviceResult = { status: this.motionStatus(motion), immediate: true, timeUs: this.motionUs(order, motion) };
      if (endsChain(command, result, command.count)) this.flush();
      return result;
    }
    const taken = Math.min(command.data.length, PRINT_POSITIONS);
    const text = this.printable(command.data.subarray(0, taken));
    this.lines++;
    this.lastLine = text;
    const motion = this.move(order);
    this.emit(text, order, motion, true);
    const result: DeviceResult = { status: this.motionStatus(motion), required: taken, timeUs: PRINT_CYCLE_US + this.motionUs(order, motion) - (order.kind === 'space' ? SPACE_LINE_US : 0) };
    if (endsChain(command, result, taken)) this.flush();
    return result;
  }

  protected ownCommandName(code: number): string | null {
    const op = code & 0x07;
    const order = carriageOrder(code);
    if (!order) return null;
    if (op === 0x01) return `WRITE, ${orderName(order)}`;
    if (op === 0x03 && order.kind !== 'none') return orderName(order);
    return null;
  }

  protected deviceRows(): DeviceStateRow[] {
    const channels = this.carriage.channelsHere();
    return [
      { name: 'line on the form', value: `${this.carriage.line} of ${FORM_LINES}${channels.length > 0 ? ` (channel ${channels.join(', ')})` : ''}` },
      { name: 'page', value: String(this.carriage.pages) },
      { name: 'lines printed', value: String(this.lines) },
      { name: 'last line', value: this.lastLine === null ? 'none' : `|${this.lastLine}|` },
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

  private move(order: CarriageOrder): Motion {
    if (order.kind === 'space') return this.carriage.space(order.lines);
    if (order.kind === 'skip') return this.carriage.skip(order.channel);
    return { lines: 0, newPage: false, channel9: false, channel12: false };
  }

  /** Channel 12 while spacing is unit exception; channel 9 unit check with sense bit 7. */
  private motionStatus(motion: Motion): number {
    if (motion.channel9) {
      this.sense0 = SNS0.CHANNEL_9;
      this.note(`channel 9 sensed on line ${this.carriage.line} while spacing`);
      return CE_DE | DS.UC | (motion.channel12 ? DS.UX : 0);
    }
    if (motion.channel12) {
      this.note(`channel 12 (form overflow) sensed on line ${this.carriage.line} while spacing`);
      return CE_DE | DS.UX;
    }
    return CE_DE;
  }

  private motionUs(order: CarriageOrder, motion: Motion): number {
    if (order.kind === 'space') return motion.lines * SPACE_LINE_US;
    if (order.kind === 'skip') return SKIP_START_US + motion.lines * SKIP_LINE_US;
    return 0;
  }

  private emit(text: string, order: CarriageOrder, motion: Motion, written: boolean): void {
    if (!this.output) return;
    let control: string;
    if (order.kind === 'none') control = '\r';
    else if (order.kind === 'skip' && motion.newPage) control = '\f' + '\n'.repeat(this.carriage.line - 1);
    else control = '\n'.repeat(motion.lines);
    // A write and skip prints, returns the carriage, then skips (Hercules writes the same bytes:
    // oracle u1, "LAST E\r\f").
    const write = order.kind === 'skip' && written ? '\r' : '';
    this.output.appendText(text + write + control);
  }

  private printable(bytes: Uint8Array): string {
    return printableText(bytes, this.codePage);
  }

}
