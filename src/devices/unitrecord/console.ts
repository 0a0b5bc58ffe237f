/**
 * IBM 3215 console printer-keyboard (Hercules 3.13 oracle u5_punch_console for Sense, Sense ID and
 * the reject; the 3210/3215 component description for the command set).
 *
 * Write (X'01', no carrier return; X'09', with an automatic carrier return), Read Inquiry
 * (X'0A': the operator types one line and presses END; here the next line of the INPUT= script;
 * a count below the line's length is incorrect length unless SLI, as for any read), Audible
 * Alarm (X'0B', immediate), Sense (1 byte), No-operation, Sense ID under COMPAT=HERCULES.
 * When the script has no more lines the operator never answers: intervention required, as a
 * Hercules console with no client connected (unit check, sense X'40').
 *
 * Output (OUTPUT=, optional): the console sheet as text: what the program wrote and, after each
 * Read Inquiry, the operator's line, as the printer-keyboard prints both.
 */
import { decodeEbcdic, encodeEbcdic, type CodePage } from '../../asm/ebcdic';
import type { DeviceCommand, DeviceResult, DeviceStateRow } from '../../css/device';
import type { HostResult } from '../host';
import type { OutputFile } from './outputFile';
import { SNS0 } from './sense';
import { CARRIER_RETURN_US, CONSOLE_CHAR_US, CONTROL_US } from './timing';
import { CE_DE, UnitRecordDevice, endsChain, type Identity, type UnitRecordOptions } from './unitRecord';

export interface ConsoleOptions extends UnitRecordOptions {
  /** Operator responses, one per Read Inquiry; null when no INPUT= was given. */
  readonly input: readonly string[] | null;
  readonly output: OutputFile | null;
  readonly codePage: CodePage;
}

const NAMES: Readonly<Record<number, string>> = {
  0x01: 'WRITE, NO CARRIER RETURN',
  0x09: 'WRITE, CARRIER RETURN',
  0x0a: 'READ INQUIRY',
  0x0b: 'AUDIBLE ALARM',
};

export class Console3215 extends UnitRecordDevice {
  readonly typeName = '3215';
  readonly description = '3215 console';
  protected readonly senseLength = 1;
  protected readonly identity: Identity = { cuType: 0x3215, cuModel: 0x00, deviceType: 0x3215, deviceModel: 0x00 };
  private readonly input: readonly string[] | null;
  private readonly output: OutputFile | null;
  private readonly codePage: CodePage;
  private nextInput = 0;
  /** The console sheet so far (also what goes to OUTPUT=). */
  private sheetLines: string[] = [''];
  private alarms = 0;

  constructor(options: ConsoleOptions) {
    super(options);
    this.input = options.input;
    this.output = options.output;
    this.codePage = options.codePage;
  }

  flush(): HostResult<null> {
    return this.output ? this.output.flush() : { ok: null };
  }

  protected perform(command: DeviceCommand): DeviceResult | null {
    switch (command.code) {
      case 0x01:
      case 0x09: {
        const text = decodeEbcdic(command.data, this.codePage);
        const cr = command.code === 0x09;
        this.print(text + (cr ? '\n' : ''));
        const result: DeviceResult = {
          status: CE_DE,
          required: command.data.length,
          timeUs: command.data.length * CONSOLE_CHAR_US + (cr ? CARRIER_RETURN_US : 0),
        };
        if (endsChain(command, result, command.data.length)) this.flush();
        return result;
      }
      case 0x0a: {
        const line = this.input?.[this.nextInput];
        if (line === undefined) {
          return this.unitCheck(SNS0.INTERVENTION_REQUIRED, this.input ? `intervention required: the INPUT= script has no line ${this.nextInput + 1}` : 'intervention required: no operator (INPUT= is missing)');
        }
        this.nextInput++;
        this.print(line + '\n');
        const result: DeviceResult = { status: CE_DE, data: encodeEbcdic(line, this.codePage).bytes, timeUs: (line.length + 1) * CONSOLE_CHAR_US + CARRIER_RETURN_US };
        if (endsChain(command, result, command.count)) this.flush();
        return result;
      }
      case 0x0b:
        this.alarms++;
        return { status: CE_DE, immediate: true, timeUs: CONTROL_US };
      default:
        return null;
    }
  }

  protected ownCommandName(code: number): string | null {
    return NAMES[code] ?? null;
  }

  protected deviceRows(): DeviceStateRow[] {
    const sheet = this.sheetLines.filter((l, i) => l !== '' || i < this.sheetLines.length - 1).slice(-10);
    return [
      { name: 'operator input', value: this.input ? `${this.nextInput} of ${this.input.length} line(s) used` : 'none (no INPUT=)' },
      { name: 'alarms sounded', value: String(this.alarms) },
      { name: 'console sheet', value: `${sheet.length} recent line(s)`, children: sheet.map((l, i) => ({ name: String(i + 1), value: `|${l}|` })) },
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

  private print(text: string): void {
    this.output?.appendText(text);
    const parts = text.split('\n');
    this.sheetLines[this.sheetLines.length - 1] += parts[0] ?? '';
    for (const p of parts.slice(1)) this.sheetLines.push(p);
    if (this.sheetLines.length > 200) this.sheetLines = this.sheetLines.slice(-100);
  }
}
