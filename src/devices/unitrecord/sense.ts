/**
 * Sense byte 0 of the unit-record devices (2821 component description, "Sense Byte"; the 3505,
 * 3525 and 3215 use the same first byte), as a field table so the Device scope and the trace
 * decode it from one definition.
 */
import { flag, structure } from '../../arch/field';

export const UNIT_RECORD_SENSE0 = structure('Unit-record sense byte 0', 1, [
  flag('commandReject', { byte: 0, bit: 0, doc: 'command reject: the command is invalid for this device' }),
  flag('interventionRequired', { byte: 0, bit: 1, doc: 'intervention required: the device is not ready (no cards, no input)' }),
  flag('busOutCheck', { byte: 0, bit: 2, doc: 'bus-out check: parity error on the command or data' }),
  flag('equipmentCheck', { byte: 0, bit: 3, doc: 'equipment check' }),
  flag('dataCheck', { byte: 0, bit: 4, doc: 'data check' }),
  flag('overrun', { byte: 0, bit: 5, doc: 'overrun' }),
  flag('deviceBit6', { byte: 0, bit: 6, doc: 'device dependent' }),
  flag('channel9', { byte: 0, bit: 7, doc: 'printer: channel 9 of the carriage tape was sensed during spacing' }),
] as const);

/** Sense byte 0 bits by name. */
export const SNS0 = {
  COMMAND_REJECT: 0x80,
  INTERVENTION_REQUIRED: 0x40,
  EQUIPMENT_CHECK: 0x10,
  DATA_CHECK: 0x08,
  CHANNEL_9: 0x01,
} as const;

/** `80 (commandReject)`: sense byte 0 for the Device scope. */
export function senseText(byte0: number): string {
  const set = UNIT_RECORD_SENSE0.describe(Uint8Array.of(byte0)).filter((d) => d.value !== 0).map((d) => d.name);
  return `${byte0.toString(16).toUpperCase().padStart(2, '0')}${set.length > 0 ? ` (${set.join(', ')})` : ''}`;
}
