/**
 * A minimal device for channel-rule tests: NOP (03) is immediate, READ (02/06) offers a fixed
 * record, WRITE (01/05) wants a fixed length, SENSE (04) offers 32 sense bytes, anything
 * else is rejected in the initial status with unit check (command reject). It records every command it receives.
 */
import type { Device, DeviceCommand, DeviceResult, DeviceStateRow } from '../../src/css';

export class FakeDevice implements Device {
  readonly typeName = 'TEST';
  readonly description = 'test device';
  readonly commands: DeviceCommand[] = [];
  written: Uint8Array = new Uint8Array(0);
  private senseBytes = new Uint8Array(32);

  constructor(
    readonly devno: number,
    private readonly record: Uint8Array = new Uint8Array(24).map((_, i) => i + 1),
    private readonly writeLength = 16,
  ) {}

  execute(command: DeviceCommand): DeviceResult {
    this.commands.push({ ...command, data: command.data.slice() });
    const code = command.code;
    if (code === 0x03) return { status: 0x0c, immediate: true, timeUs: 1 };
    if (code === 0x02 || code === 0x06) return { status: 0x0c, data: this.record, timeUs: 5 };
    if (code === 0x01 || code === 0x05) {
      this.written = command.data.slice();
      return { status: 0x0c, required: this.writeLength, timeUs: 5 };
    }
    if (code === 0x04) {
      const data = this.senseBytes;
      this.senseBytes = new Uint8Array(32);
      return { status: 0x0c, data, timeUs: 1 };
    }
    this.senseBytes = new Uint8Array(32);
    this.senseBytes[0] = 0x80;
    return { status: 0x0e, required: 0, rejected: true, timeUs: 1 };
  }

  sense(): Uint8Array {
    return this.senseBytes.slice();
  }

  commandName(code: number): string | null {
    return ({ 0x03: 'NOP', 0x06: 'READ', 0x02: 'READ', 0x05: 'WRITE', 0x01: 'WRITE', 0x04: 'SENSE' } as Record<number, string>)[code] ?? null;
  }

  inspect(): DeviceStateRow[] {
    return [{ name: 'commands', value: String(this.commands.length) }];
  }

  reset(): void {
    this.senseBytes = new Uint8Array(32);
  }
}
