/**
 * The interface between the channel subsystem and a device (the "I/O interface" of the PoO).
 *
 * The channel fetches a CCW, hands the device the command with the data the channel sends
 * (for write and control commands), and receives the device's status and the data the device
 * offers (for read and sense commands). The channel, not the device, works out the residual
 * count, incorrect length, SLI, SKIP and the storage accesses: a device only says how many
 * bytes it wanted or had.
 */

/** How the CCW carrying this command was reached. */
export type ChainingMode =
  /** First CCW of a channel program (start or resume of a new chain). */
  | 'start'
  /** Reached by command chaining from the previous CCW. */
  | 'command'
  /** Continues the previous command by data chaining (the device continues the same operation). */
  | 'data';

export interface DeviceCommand {
  /** Command code (for data chaining: the code of the command being continued). */
  readonly code: number;
  /** CCW flags byte. */
  readonly flags: number;
  /** CCW count. */
  readonly count: number;
  readonly chaining: ChainingMode;
  /**
   * For write and control commands: the bytes the channel sends (at most `count`; fewer only
   * when a storage access failed). Empty for read and sense commands.
   */
  readonly data: Uint8Array;
}

export interface DeviceResult {
  /** Device status byte: ATTN SM CUE BUSY CE DE UC UX (arch/status DS). */
  readonly status: number;
  /**
   * Read and sense commands: every byte the device offers for this command. When longer than
   * the CCW count the record is "long" (more data); when shorter, "short".
   */
  readonly data?: Uint8Array;
  /**
   * Write and control commands: how many bytes the device wanted. Fewer than `count` leaves
   * a residual; more than `count` means the device wanted more data than the CCW gave.
   */
  readonly required?: number;
  /**
   * The device signalled channel end when it accepted the command, with no data transfer
   * (PoO "immediate operation"): NOP, most control orders.
   */
  readonly immediate?: boolean;
  /**
   * The device rejected the command in its initial status (command reject before any data):
   * nothing is transferred, and incorrect length is not indicated for an operation rejected
   * during the initiation sequence (PoO, "Incorrect Length").
   */
  readonly rejected?: boolean;
  /** Modelled duration of the command on the device, in virtual microseconds. */
  readonly timeUs: number;
}

/** A row of the Device scope / DASD inspector: name, shown value, optional children. */
export interface DeviceStateRow {
  readonly name: string;
  readonly value: string;
  readonly children?: readonly DeviceStateRow[];
}

export interface Device {
  readonly devno: number;
  /** Type as the user writes it: `3390-3`. */
  readonly typeName: string;
  /** Short description for thread names and the trace: `3390-3 on 3990`. */
  readonly description: string;

  /** Executes one command (or one data-chained continuation). */
  execute(command: DeviceCommand): DeviceResult;

  /** The sense bytes the device holds now (what a Sense command would return), without clearing them. */
  sense(): Uint8Array;

  /** Name of a command code on this device type (`READ DATA`), or null when it has none. */
  commandName(code: number): string | null;

  /** Current state for the debugger's Device scope. */
  inspect(): DeviceStateRow[];

  /** Device reset (system reset / clear): drops chain state and pending sense. */
  reset(): void;

  /**
   * The halt signal (PoO "Halt Function"; also sent when the path in use is lost mid-operation):
   * the operation the device is performing, and the chain it belongs to, are ended. Unlike
   * reset, what the device holds across operations stays: sense, reserve, media position.
   * Optional: a device with no chain or operation state needs none.
   */
  halt?(): void;
}
