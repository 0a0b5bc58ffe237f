/**
 * What the command families (reads, writes, searches, positioning, domain, identification) see
 * of the 3390: its store and cursor, the chain state, the control unit, and the way to end a
 * command with unit check. Dasd3390 implements it; each family is a file of plain functions.
 */
import { DS } from '../../arch/status';
import type { DeviceCommand, DeviceResult } from '../../css/device';
import type { ChainState } from './chainState';
import type { CommandInfo } from './commands';
import type { ControlUnitProfile } from './controlUnit';
import type { Dasd3390Model } from './geometry';
import type { SenseCondition } from './sense';
import { COMMAND_OVERHEAD_US, transferUs } from './timing';
import type { MoveRules, TrackCursor } from './trackCursor';
import type { TrackGeometry, TrackStore } from './trackStore';

export const EMPTY = new Uint8Array(0);
export const CE_DE = DS.CE | DS.DE;

export interface DasdUnit {
  readonly devno: number;
  readonly model: Dasd3390Model;
  readonly controlUnit: ControlUnitProfile;
  readonly store: TrackStore;
  readonly geometry: TrackGeometry;
  readonly cursor: TrackCursor;
  readonly chain: ChainState;
  /** COMPAT=HERCULES: reproduce Hercules 3.13 where it differs from the references (README). */
  readonly hercules: boolean;
  /** The command now running was counted against an open Locate Record domain. */
  readonly inDomain: boolean;
  /** Ends the command with unit check; `taken` = bytes of a write/control command accepted first. */
  reject(command: DeviceCommand, condition: SenseCondition, taken?: number, timeUs?: number): DeviceResult;
  /** Limits of a move to another track. */
  moveRules(): MoveRules;
  /** The sense bytes now held; `clear` resets them (Sense, Reserve, Release). */
  takeSense(clear: boolean): Uint8Array;
  /** Path group and reservation (single path: reserved means reserved to this path). */
  pathGroup: Uint8Array;
  reserved: boolean;
}

export type Handler = (unit: DasdUnit, command: DeviceCommand, info: CommandInfo) => DeviceResult;

/** A read-type command that offers `bytes`. */
export function offer(bytes: Uint8Array, timeUs = COMMAND_OVERHEAD_US + transferUs(bytes.length), status = CE_DE): DeviceResult {
  return { status, data: bytes, timeUs };
}

/** A write or control command that wants `required` bytes. */
export function accept(required: number, timeUs = COMMAND_OVERHEAD_US + transferUs(required), status = CE_DE): DeviceResult {
  return { status, required, timeUs };
}
