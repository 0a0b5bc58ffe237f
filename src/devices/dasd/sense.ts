/**
 * The 32 sense bytes of a 3990/3390, always in the 24-byte-compatible format (byte 27 bit 0 on)
 * as Hercules presents them and as Linux and z/OS both accept (reference eckd-dasd.md 5.2-5.5).
 *
 * Every sense carries the current track: bytes 5-6 in the 24-byte form and bytes 29-31 in the
 * 32-byte form (oracle w_nrf_position: cylinder 5 head 3 gives 05 03 … 0005 03). A "null"
 * sense (no error pending) carries only those and byte 27.
 */
import { SENSE_24 } from '../../arch/eckd';

export const SENSE_LENGTH = 32;

/** Sense byte 0. */
export const SNS0 = { COMMAND_REJECT: 0x80, INCOMPLETE_DOMAIN: 0x01 } as const;
/** Sense byte 1. */
export const SNS1 = {
  INVALID_TRACK_FORMAT: 0x40,
  END_OF_CYLINDER: 0x20,
  NO_RECORD_FOUND: 0x08,
  FILE_PROTECTED: 0x04,
  WRITE_INHIBITED: 0x02,
} as const;

/** Format 0 messages of a command reject (reference 5.3). */
export const MSG = {
  INVALID_COMMAND: 0x1,
  INVALID_SEQUENCE: 0x2,
  COUNT_TOO_SMALL: 0x3,
  INVALID_PARAMETER: 0x4,
  /** Hercules 3.13's reject of a zero path group ID carries no message number (oracle x_ident). */
  NONE: 0x0,
} as const;

/** What went wrong, before the position is added. */
export interface SenseCondition {
  readonly byte0?: number;
  readonly byte1?: number;
  readonly format?: number;
  readonly message?: number;
  /** One line for the debugger and the trace: `command reject: invalid command sequence`. */
  readonly summary: string;
}

export function commandReject(message: number, why: string): SenseCondition {
  return { byte0: SNS0.COMMAND_REJECT, format: 0, message, summary: `command reject (format 0 message ${message}): ${why}` };
}

export const incompleteDomain = (remaining: number): SenseCondition => ({
  byte0: SNS0.COMMAND_REJECT | SNS0.INCOMPLETE_DOMAIN,
  summary: `incomplete domain: the chain ended with ${remaining} Locate Record operation(s) outstanding`,
});

export const noRecordFound = (why: string): SenseCondition => ({ byte1: SNS1.NO_RECORD_FOUND, summary: `no record found: ${why}` });
export const fileProtected = (why: string): SenseCondition => ({ byte1: SNS1.FILE_PROTECTED, summary: `file protected: ${why}` });
export const endOfCylinder = (why: string): SenseCondition => ({ byte1: SNS1.END_OF_CYLINDER, summary: `end of cylinder: ${why}` });
export const invalidTrackFormat = (why: string): SenseCondition => ({ byte1: SNS1.INVALID_TRACK_FORMAT, summary: `invalid track format: ${why}` });
/** The track store failed (an image file could not be read): equipment check, format 1 message 0 (reference 5.5). */
export const equipmentCheck = (why: string): SenseCondition => ({ byte0: 0x10, format: 1, message: 0, summary: `equipment check: ${why}` });

/**
 * Sense bytes for `condition` (or the null sense) with the device at `cylinder`/`head`.
 * `largeVolume` is true beyond 4,095 cylinders, where bytes 5-6 cannot hold the address.
 */
export function buildSense(condition: SenseCondition | null, cylinder: number, head: number, largeVolume: boolean): Uint8Array {
  return SENSE_24.encode({
    byte0: condition?.byte0 ?? 0,
    byte1: condition?.byte1 ?? 0,
    byte2: 0,
    residualCount: 0,
    deviceAddress: 0,
    cylinderLow: largeVolume ? 0xff : cylinder & 0xff,
    cylinderHigh: largeVolume ? 0xf : (cylinder >> 8) & 0x0f,
    head: largeVolume ? 0xf : head & 0x0f,
    format: condition?.format ?? 0,
    message: condition?.message ?? 0,
    compatible24: 1,
    cylinder: cylinder & 0xffff,
    currentHead: head & 0x0f,
  });
}

/**
 * A write to a volume that cannot be written: equipment check + write inhibited (reference 5.5).
 * Byte 7 is Hercules 3.13's (oracle y_write_inhibited): format 1 message 0 when a write command
 * finds the volume read-only, format 0 message 4 when Locate Record opens a write domain on it
 * (reference 4.6: the Locate Record is refused). The references give only bytes 0-1.
 */
export const writeInhibited = (why: string, atLocateRecord = false): SenseCondition => ({
  byte0: 0x10,
  byte1: SNS1.WRITE_INHIBITED,
  format: atLocateRecord ? 0 : 1,
  message: atLocateRecord ? MSG.INVALID_PARAMETER : 0,
  summary: `write inhibited: ${why}`,
});
