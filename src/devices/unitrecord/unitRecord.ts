/**
 * What the reader, punch, printer and console share: Sense, Sense ID, No-operation, command
 * reject, the sense byte and the Device scope rows. Each device adds its own commands through
 * `perform`, and its own rows through `deviceRows`.
 *
 * - Sense (X'04') offers the device's sense bytes and then resets them; any other command resets
 *   them when it starts (2821 component description: sense information is reset by the next
 *   command other than Sense).
 * - Sense ID (X'E4') predates these devices: a real 2821-attached device, the 3505, 3525 and
 *   3215 reject it as an invalid command. Under COMPAT=HERCULES it answers as Hercules 3.13 does
 *   (oracle k1_reader_printer, u3_reader_rules, u5_punch_console): 7 bytes, FF cutype cumodel
 *   devtype devmodel.
 * - A command the device does not have ends with unit check, sense byte 0 command reject, in
 *   the initial status: no data moves, the residual count is the CCW count and the channel does
 *   not indicate incorrect length (PoO "Incorrect Length"). Hercules 3.13 adds incorrect length
 *   (and for the printer presents unit check without channel end and device end); see README.md.
 */
import { SENSE_ID_HEADER } from '../../arch/senseId';
import { CF, DEVICE_STATUS, DS } from '../../arch/status';
import { hex, maskText } from '../../arch/field';
import type { Device, DeviceCommand, DeviceResult, DeviceStateRow } from '../../css/device';
import { SNS0, senseText } from './sense';
import { CONTROL_US } from './timing';

export const CE_DE = DS.CE | DS.DE;

/** How a device identifies itself under COMPAT=HERCULES. */
export interface Identity {
  readonly cuType: number;
  readonly cuModel: number;
  readonly deviceType: number;
  readonly deviceModel: number;
}

export interface UnitRecordOptions {
  readonly devno: number;
  /** Answer Sense ID as Hercules does (COMPAT=HERCULES). */
  readonly hercules: boolean;
}

interface LastCommand {
  readonly code: number;
  readonly name: string;
  readonly status: number;
  readonly problem: string | null;
}

export abstract class UnitRecordDevice implements Device {
  readonly devno: number;
  abstract readonly typeName: string;
  abstract readonly description: string;
  /** How many sense bytes the device has. */
  protected abstract readonly senseLength: number;
  protected abstract readonly identity: Identity;
  protected readonly hercules: boolean;
  protected sense0 = 0;
  private problem: string | null = null;
  private last: LastCommand | null = null;

  constructor(options: UnitRecordOptions) {
    this.devno = options.devno;
    this.hercules = options.hercules;
  }

  /** The device's own commands; null when it has no command `code` (a command reject). */
  protected abstract perform(command: DeviceCommand): DeviceResult | null;
  /** Names of the device's own commands. */
  protected abstract ownCommandName(code: number): string | null;
  /** Device-specific rows of the Device scope. */
  protected abstract deviceRows(): DeviceStateRow[];
  /** Device-specific part of a reset. */
  protected abstract resetDevice(): void;

  execute(command: DeviceCommand): DeviceResult {
    this.problem = null;
    let result: DeviceResult;
    if (command.code === 0x04) {
      const bytes = this.sense();
      this.sense0 = 0;
      result = { status: CE_DE, data: bytes, timeUs: CONTROL_US };
    } else {
      this.sense0 = 0;
      if (command.code === 0x03) result = { status: CE_DE, immediate: true, timeUs: CONTROL_US };
      else if (command.code === 0xe4) result = this.hercules ? { status: CE_DE, data: this.senseId(), timeUs: CONTROL_US } : this.reject(command.code, 'Sense ID is not a command of this device (COMPAT=HERCULES answers it)');
      else result = this.perform(command) ?? this.reject(command.code, `X'${hex(command.code, 2)}' is not a ${this.typeName} command`);
    }
    this.last = {
      code: command.code,
      name: this.commandName(command.code) ?? 'not a command of this device',
      status: result.status,
      problem: (result.status & (DS.UC | DS.UX)) !== 0 ? this.problem : null,
    };
    return result;
  }

  sense(): Uint8Array {
    const bytes = new Uint8Array(this.senseLength);
    bytes[0] = this.sense0;
    return bytes;
  }

  commandName(code: number): string | null {
    if (code === 0x03) return 'NO OPERATION';
    if (code === 0x04) return 'SENSE';
    if (code === 0xe4) return 'SENSE ID';
    return this.ownCommandName(code);
  }

  inspect(): DeviceStateRow[] {
    const rows: DeviceStateRow[] = [
      { name: 'type', value: this.description },
      { name: 'sense byte 0', value: senseText(this.sense0) },
      { name: 'Sense ID', value: this.hercules ? 'answered as Hercules does (COMPAT=HERCULES)' : 'command reject, as on the real device' },
      ...this.deviceRows(),
    ];
    if (this.last) {
      const status = this.last.status === 0 ? '0' : maskText(DEVICE_STATUS, this.last.status);
      rows.push({
        name: 'last command',
        value: `X'${hex(this.last.code, 2)}' ${this.last.name}: ${status}${this.last.problem ? ` (${this.last.problem})` : ''}`,
      });
    }
    return rows;
  }

  reset(): void {
    this.sense0 = 0;
    this.problem = null;
    this.resetDevice();
  }

  /**
   * The halt signal. A unit-record device performs each command whole when it accepts it (a
   * card is read or punched, a line printed), so nothing is left to stop or undo: the reader
   * keeps its card position and stackers, as a real 3505 does (a halted read does not return
   * the card to the hopper), the printer its carriage. Sense stays for a following Sense.
   * Devices with buffered output flush it (haltDevice).
   */
  halt(): void {
    this.haltDevice();
  }

  /** Device-specific part of a halt; nothing by default. */
  protected haltDevice(): void {}

  /** Ends the command with unit check in its initial status: `byte0` into the sense byte. */
  protected unitCheck(byte0: number, problem: string, status = CE_DE | DS.UC): DeviceResult {
    this.sense0 = byte0;
    this.problem = problem;
    return { status, rejected: true, timeUs: CONTROL_US };
  }

  protected reject(code: number, why: string): DeviceResult {
    void code;
    return this.unitCheck(SNS0.COMMAND_REJECT, `command reject: ${why}`);
  }

  /** Records why a command ended with unit exception (or a unit check after data moved). */
  protected note(problem: string): void {
    this.problem = problem;
  }

  private senseId(): Uint8Array {
    // Hercules stores the 7 identification bytes, without the reserved byte 7.
    return SENSE_ID_HEADER.encode({ reserved: 0xff, ...this.identity }).subarray(0, 7);
  }
}

/**
 * Whether the channel program ends after this command, as far as the device can tell: the CCW
 * neither chains commands nor data, or the device ends it with unusual status, or the counts
 * disagree without SLI (incorrect length). Output devices write their file at that point.
 */
export function endsChain(command: DeviceCommand, result: DeviceResult, taken: number): boolean {
  if ((command.flags & (CF.CC | CF.CD)) === 0) return true;
  if ((command.flags & CF.CD) !== 0) return false;
  if ((result.status & ~(DS.SM)) !== CE_DE) return true;
  return taken !== command.count && (command.flags & CF.SLI) === 0;
}
