/**
 * An IBM 3390 behind a 3990 storage control (as Hercules 3.13 presents it by default) or a 2107:
 * the channel hands it one command at a time (src/css/device.ts) and it answers with status, the
 * bytes it offers or the number of bytes it wants.
 *
 * This file is the sequencing: which commands may run where (Locate Record domains, what must
 * precede, the index-point and search memories), sense keeping, the incomplete-domain rule and
 * the debugger's snapshot. The commands themselves are in files by family: readCommands,
 * writeCommands, searchCommands, positionCommands, domainCommands, identificationCommands.
 *
 * Rules come from ../shared/reference/eckd-dasd.md, IBM SA22-1025, and the Hercules 3.13 oracle;
 * each file says which, and where they disagree (README.md in this folder lists the differences
 * and which of them COMPAT=HERCULES reproduces).
 */
import { commandClass } from '../../arch/ccw';
import { hex } from '../../arch/field';
import { CF, DS } from '../../arch/status';
import type { ChainingMode, Device, DeviceCommand, DeviceResult, DeviceStateRow } from '../../css/device';
import type { ImmediateAnswer, ImmediateDevice } from '../../css/immediate';
import { fileMaskOf, freshChain, openDomain, type ChainState } from './chainState';
import { allowedInDomain, commandInfo, type CommandInfo } from './commands';
import { CU_3990_HERCULES, type ControlUnitProfile } from './controlUnit';
import { wholeVolume, DEFINE_EXTENT_LENGTH } from './defineExtent';
import { defineExtentCommand, locateRecordCommand, locateRecordExtendedCommand, prefixCommand, LOCATE_RECORD_EXTENDED_LENGTH, PREFIX_LENGTH } from './domainCommands';
import type { Dasd3390Model } from './geometry';
import { buildConfigurationData, buildDeviceCharacteristics, buildSenseId } from './identification';
import { reserveRelease, senseCommand, sensePathGroupId, setPathGroupId } from './identificationCommands';
import { inspectDasd } from './inspect';
import { LOCATE_RECORD_LENGTH, LR_OP } from './locateRecord';
import { noOperation, recalibrate, seek, setFileMask, setSector } from './positionCommands';
import { readCount, readCountKeyAndData, readData, readHomeAddress, readIpl, readKeyAndData, readMultipleCkd, readRecordZero, readSector, readTrack } from './readCommands';
import { searchHomeAddress, searchId, searchKey } from './searchCommands';
import { buildSense, commandReject, incompleteDomain, MSG, SNS0, type SenseCondition } from './sense';
import { snapshotOf, type DasdSnapshot } from './snapshot';
import { COMMAND_OVERHEAD_US } from './timing';
import { TrackCursor, type MoveRules } from './trackCursor';
import type { TrackGeometry, TrackStore } from './trackStore';
import { offer, type DasdUnit, type Handler } from './unit';
import { writeCkd, writeCkdNextTrack, writeHomeAddress, writeKeyData, writeRecordZero } from './writeCommands';

export type { DasdSnapshot } from './snapshot';

export interface Dasd3390Options {
  readonly devno: number;
  readonly model: Dasd3390Model;
  readonly store: TrackStore;
  readonly controlUnit?: ControlUnitProfile;
  /** COMPAT=HERCULES: reproduce Hercules 3.13 where it differs from the references. */
  readonly hercules?: boolean;
}

/** The last command the device executed, for the debugger. */
export interface LastCommand {
  readonly code: number;
  readonly name: string;
  readonly status: number;
  readonly timeUs: number;
  /** Why it ended with unit check, when it did. */
  readonly problem: string | null;
}

/** Every implemented command code and its handler. Codes not here are rejected (format 0 message 1). */
const HANDLERS = new Map<number, Handler>();
const on = (codes: readonly number[], h: Handler): void => codes.forEach((c) => HANDLERS.set(c, h));
on([0x03], () => noOperation());
on([0x07, 0x0b, 0x1b], (u, c) => seek(u, c));
on([0x13], (u, c) => recalibrate(u, c));
on([0x1f], (u, c) => setFileMask(u, c));
on([0x23], (u, c) => setSector(u, c));
on([0x22], (u, c) => readSector(u, c));
on([0x63], (u, c) => defineExtentCommand(u, c));
on([0x47], (u, c) => locateRecordCommand(u, c));
on([0x4b], (u, c) => locateRecordExtendedCommand(u, c));
on([0xe7], (u, c) => prefixCommand(u, c));
on([0x06, 0x86], readData);
on([0x0e, 0x8e], readKeyAndData);
on([0x12, 0x92], readCount);
on([0x1e, 0x9e], readCountKeyAndData);
on([0x16, 0x96], readRecordZero);
on([0x1a, 0x9a], readHomeAddress);
on([0x02], (u, c) => readIpl(u, c));
on([0x5e], (u, c) => readMultipleCkd(u, c));
on([0xde], (u, c) => readTrack(u, c));
on([0x31, 0xb1, 0x51, 0xd1, 0x71, 0xf1], searchId);
on([0x29, 0xa9, 0x49, 0xc9, 0x69, 0xe9], searchKey);
on([0x39, 0xb9], searchHomeAddress);
on([0x05, 0x0d, 0x85, 0x8d], writeKeyData);
on([0x1d, 0x11], writeCkd);
on([0x9d], writeCkdNextTrack);
on([0x15], writeRecordZero);
on([0x19], writeHomeAddress);
on([0x04], (u) => senseCommand(u));
on([0x34], (u, c) => sensePathGroupId(u, c));
on([0xaf], (u, c) => setPathGroupId(u, c));
on([0xb4, 0x14, 0x94], (u, c) => reserveRelease(u, c));

const READ_IPL = 0x02;

/**
 * Read IPL opens a two-command pseudo-domain (reference 4.5): the command chained to it must be a
 * read that a Read Data domain allows, or a No-operation (reference 4.5: NOP is allowed "directly
 * after Read IPL"). The oracle (y_ipl_sequence) confirms that Locate Record and Seek Head right
 * after Read IPL are invalid sequences, and that after the one read any command may follow
 * without Define Extent (Seek, Search ID, TIC, Read Key and Data: the classic IPL2 sequence).
 */
function afterReadIpl(code: number): boolean {
  return code === 0x03 || allowedInDomain(LR_OP.READ_DATA, code);
}

/** Commands that leave the index-point memory alone (reference 4.3): the searches, single-track Read Count, Read Sector. */
const KEEPS_INDEX = new Set([0x12, 0x22, 0x31, 0xb1, 0x51, 0xd1, 0x71, 0xf1, 0x29, 0xa9, 0x49, 0xc9, 0x69, 0xe9, 0x39, 0xb9]);

/** Which commands may still see each kind of search hit (reference 4.3). */
const SEES_HIT: Readonly<Record<string, ReadonlySet<number>>> = {
  id: new Set([0x05, 0x06, 0x0d, 0x0e, 0x1d, 0x11]),
  key: new Set([0x05, 0x06, 0x1d, 0x11]),
  'home address': new Set([0x15]),
  format: new Set([0x1d, 0x11]),
};

const NO_OPERATION_CODE = 0x03;
/** What No-operation answers (positionCommands.noOperation), as one constant for the channel's fast path. */
const NOP_ANSWER: ImmediateAnswer = Object.freeze({ status: DS.CE | DS.DE, timeUs: COMMAND_OVERHEAD_US });
const NOP_LAST: LastCommand = Object.freeze({ code: NO_OPERATION_CODE, name: 'NO OPERATION', status: DS.CE | DS.DE, timeUs: COMMAND_OVERHEAD_US, problem: null });

export class Dasd3390 implements Device, ImmediateDevice, DasdUnit {
  readonly devno: number;
  readonly typeName: string;
  readonly description: string;
  readonly model: Dasd3390Model;
  readonly controlUnit: ControlUnitProfile;
  readonly store: TrackStore;
  readonly geometry: TrackGeometry;
  readonly hercules: boolean;
  readonly cursor: TrackCursor;
  chain: ChainState = freshChain();
  pathGroup = new Uint8Array(11);
  reserved = false;
  private readonly senseId: Uint8Array;
  private readonly characteristics: Uint8Array;
  private readonly configuration: Uint8Array;
  private pendingSense: Uint8Array | null = null;
  private pendingProblem: string | null = null;
  private last: LastCommand | null = null;
  private problem: string | null = null;
  private counted = false;

  constructor(options: Dasd3390Options) {
    this.devno = options.devno;
    this.model = options.model;
    this.store = options.store;
    this.geometry = options.store.geometry;
    this.controlUnit = options.controlUnit ?? CU_3990_HERCULES;
    this.hercules = options.hercules ?? false;
    this.typeName = options.model.name;
    this.description = `${options.model.name} on ${this.controlUnit.name}${this.hercules ? ' (COMPAT=HERCULES)' : ''}`;
    this.cursor = new TrackCursor(options.store);
    this.senseId = buildSenseId(this.controlUnit, options.model);
    this.characteristics = buildDeviceCharacteristics(this.controlUnit, options.model, options.store.geometry.cylinders);
    this.configuration = buildConfigurationData(this.controlUnit, options.model, options.devno);
  }

  /** The command now running was counted against an open Locate Record domain. */
  get inDomain(): boolean {
    return this.counted;
  }

  /**
   * One command. The channel gathers the data of data-chained CCWs into one operation
   * (src/css/engine.ts), so every call is a whole command; a call marked 'data' is treated like
   * 'command'. Whether the chain ends after this command is read from the CCW's CC and CD flags:
   * with CD set the device cannot see the end of the data chain and assumes the chain goes on.
   */
  execute(command: DeviceCommand): DeviceResult {
    if (command.chaining === 'start') {
      this.chain = freshChain();
      // Orientation does not survive between channel programs: the disk keeps turning.
      this.cursor.position = { kind: 'none' };
    }
    this.problem = null;
    this.counted = false;
    const info = commandInfo(command.code);
    let result = this.dispatch(command, info);
    result = this.endOfChain(command, result);
    this.chain.commands++;
    this.chain.previous = command.code;
    this.last = {
      code: command.code,
      name: info?.name ?? 'not a 3390 command',
      status: result.status,
      timeUs: result.timeUs,
      problem: (result.status & DS.UC) !== 0 ? this.problem : null,
    };
    return result;
  }

  /**
   * The channel's fast path for a command-chained No-operation outside a Locate Record domain
   * and not after a chain-ending command: exactly what `execute` does for it (dispatch, the
   * handler, endOfChain and the bookkeeping), without its objects. Anything else: null, and the
   * channel calls `execute` (test/unit/css/differentialDasdNop.test.ts compares the two).
   */
  immediate(code: number, _flags: number, chaining: ChainingMode): ImmediateAnswer | null {
    const chain = this.chain;
    if (code !== NO_OPERATION_CODE || chaining !== 'command' || chain.lastInChain || openDomain(chain)) return null;
    this.problem = null;
    this.counted = false;
    chain.indexPassed = false;
    chain.searchHit = null;
    chain.commands++;
    chain.previous = NO_OPERATION_CODE;
    this.last = NOP_LAST;
    return NOP_ANSWER;
  }

  sense(): Uint8Array {
    return (this.pendingSense ?? this.nullSense()).slice();
  }

  takeSense(clear: boolean): Uint8Array {
    const bytes = this.sense();
    if (clear) {
      this.pendingSense = null;
      this.pendingProblem = null;
    }
    return bytes;
  }

  commandName(code: number): string | null {
    return commandInfo(code)?.name ?? null;
  }

  inspect(): DeviceStateRow[] {
    return inspectDasd({
      devno: this.devno,
      model: this.model,
      controlUnit: this.controlUnit,
      store: this.store,
      cursor: this.cursor,
      chain: this.chain,
      pendingSense: this.pendingSense,
      pendingProblem: this.pendingProblem,
      last: this.last,
    });
  }

  /**
   * The sense held for a unit check, the same array until the next one (null: none pending, the
   * device presents the null sense of its cylinder and head), and why. Read-only, for a debugger
   * that compares what it showed with the device without taking a snapshot.
   */
  get heldSense(): Uint8Array | null {
    return this.pendingSense;
  }

  get heldSenseProblem(): string | null {
    return this.pendingSense ? this.pendingProblem : null;
  }

  /** The last command executed (a new value for each command; never changed in place). Read-only. */
  get lastCommand(): LastCommand | null {
    return this.last;
  }

  /** The device state the debugger and panels show, as one typed value (a copy: it does not change afterwards). */
  snapshot(): DasdSnapshot {
    return snapshotOf({
      devno: this.devno,
      model: this.model,
      controlUnit: this.controlUnit,
      hercules: this.hercules,
      store: this.store,
      cursor: this.cursor,
      chain: this.chain,
      sense: this.sense(),
      senseProblem: this.pendingSense ? this.pendingProblem : null,
      reserved: this.reserved,
      pathGroup: this.pathGroup,
      last: this.last,
    });
  }

  /**
   * The halt signal: the channel program's state at the control unit ends with it (Define
   * Extent, the open Locate Record domain, search and index memories: eckd-dasd.md 4.1's
   * per-chain state). The device's own state stays: its position on the track (orientation is
   * per device in 4.1, and Hercules keeps it from chain to chain), sense, reserve, path group.
   */
  halt(): void {
    this.chain = freshChain();
  }

  reset(): void {
    this.chain = freshChain();
    this.pendingSense = null;
    this.pendingProblem = null;
    this.reserved = false;
    this.pathGroup = new Uint8Array(11);
    this.cursor.position = { kind: 'none' };
    this.cursor.forget();
  }

  moveRules(): MoveRules {
    const de = this.chain.extent;
    return {
      extent: de?.extent ?? wholeVolume(this.geometry),
      seekControl: (fileMaskOf(this.chain) >> 3) & 3,
      inDomain: this.counted,
    };
  }

  // -------------------------------------------------------------------------------------------
  // Sequencing

  private dispatch(command: DeviceCommand, info: CommandInfo | null): DeviceResult {
    const code = command.code;
    if (!info) return this.reject(command, commandReject(MSG.INVALID_COMMAND, `X'${hex(code, 2)}' is not a 3390 command`));

    if (this.chain.lastInChain) {
      return this.reject(command, commandReject(MSG.INVALID_SEQUENCE, `no command may be chained after ${this.chain.lastInChain}`), this.parameterLength(code, command));
    }
    if (this.chain.previous === READ_IPL && !afterReadIpl(code)) {
      return this.reject(command, commandReject(MSG.INVALID_SEQUENCE, `Read IPL opens a two-command domain: the next command must be a read or a No-operation, not ${info.name}`), this.parameterLength(code, command));
    }
    const domain = openDomain(this.chain);
    if (domain) {
      if (info.notInDomain || !allowedInDomain(domain.operation, code) || !this.finalWriteAllowed(code, domain.remaining, domain.request.readCountSuffix)) {
        // Hercules 3.13 takes a Write Data's bytes before it refuses it in a Write Data domain (oracle x_lr_update).
        const took = this.hercules && domain.operation === LR_OP.WRITE_DATA && (code === 0x05 || code === 0x0d) ? command.data.length : this.parameterLength(code, command);
        return this.reject(
          command,
          commandReject(MSG.INVALID_SEQUENCE, `${info.name} is not allowed in a Locate Record domain of operation X'${hex(domain.operation, 2)}' (${domain.remaining} record(s) outstanding)`),
          took,
        );
      }
      domain.remaining--;
      this.counted = true;
    } else if (info.precondition === 'positioned' && !this.chain.positioned) {
      return this.reject(command, commandReject(MSG.INVALID_SEQUENCE, `${info.name} needs a Seek, Seek Cylinder, Recalibrate, Locate Record or Read IPL earlier in the chain`));
    } else if (info.precondition === 'domain') {
      return this.reject(command, commandReject(MSG.INVALID_SEQUENCE, `${info.name} is only valid in a Locate Record domain`));
    }

    if (!KEEPS_INDEX.has(code)) this.chain.indexPassed = false;
    const hit = this.chain.searchHit;
    if (hit && !SEES_HIT[hit]?.has(code & 0x7f)) this.chain.searchHit = null;

    const handler = HANDLERS.get(code);
    if (handler) return handler(this, command, info);
    switch (code) {
      case 0xe4:
        return offer(this.senseId.slice());
      case 0x64:
        return offer(this.characteristics.slice());
      case 0xfa:
        return offer(this.configuration.slice());
      default:
        // The 3990 checks the sequence before the command: a write that needs a search and has
        // none is an invalid sequence (oracle c_invalid_cmd_then_sense, Write Special CKD).
        if (info.precondition === 'search' && !this.counted && hit === null) {
          return this.reject(command, commandReject(MSG.INVALID_SEQUENCE, `${info.name} outside a Locate Record domain must follow an equal search`));
        }
        return this.reject(command, commandReject(MSG.INVALID_COMMAND, this.unsupportedWhy(info)));
    }
  }

  private unsupportedWhy(info: CommandInfo): string {
    if (info.code === 0x0f) return 'Space Count: its parameter layout is not verified against the 3990 reference, so it is rejected as Hercules 3.13 rejects it';
    return `${info.name} is not supported by this 3390 (README: commands)`;
  }

  /**
   * In a Write Data (X'01') domain, Write Data and Write Key and Data may only be the last write
   * of the domain (reference 3.3). Hercules 3.13 rejects them there altogether (oracle x_lr_update
   * program 4); COMPAT=HERCULES does the same.
   */
  private finalWriteAllowed(code: number, remaining: number, suffix: boolean): boolean {
    const domain = this.chain.domain;
    if (!domain || domain.operation !== LR_OP.WRITE_DATA || (code !== 0x05 && code !== 0x0d)) return true;
    if (this.hercules) return false;
    return remaining === (suffix ? 2 : 1);
  }

  /**
   * When the chain ends (no command or data chaining after this CCW) inside a Locate Record
   * domain that still expects commands, the command that ended normally gets unit check with
   * sense byte 0 X'81', command reject + incomplete domain (reference 3.3; oracle
   * v_lr_incomplete_domain: the data is transferred and byte 7 is 0).
   *
   * A command that already failed keeps its own sense: the condition it met is found before the
   * chain is seen to end. Hercules 3.13 overwrites it with X'81' (oracle v_invalid_in_domain,
   * v_nop_sense_in_domain, w_incomplete_vs_error), losing e.g. File Protected; the controller
   * reports the first exception it detects (SA22-1025 p. 4-14), which is the command's own.
   * A unit exception (end of file) ends the chain by itself and is left alone too.
   */
  private endOfChain(command: DeviceCommand, result: DeviceResult): DeviceResult {
    const domain = openDomain(this.chain);
    const chainEnds = (command.flags & (CF.CC | CF.CD)) === 0;
    if (!domain || !chainEnds || (result.status & (DS.UC | DS.UX)) !== 0) return result;
    this.raise(incompleteDomain(domain.remaining));
    return { ...result, status: result.status | DS.UC };
  }

  // -------------------------------------------------------------------------------------------
  // Sense

  private nullSense(): Uint8Array {
    return buildSense(null, this.cursor.cylinder, this.cursor.head, this.geometry.cylinders > 4095);
  }

  private raise(condition: SenseCondition): void {
    this.pendingSense = buildSense(condition, this.cursor.cylinder, this.cursor.head, this.geometry.cylinders > 4095);
    this.pendingProblem = condition.summary;
    this.problem = condition.summary;
  }

  /**
   * Ends a command with unit check. `taken` is how many bytes of a write or control command the
   * device accepted before it found the problem (0: none); read and sense commands transfer
   * nothing. Sense stays pending until a Sense command reads it (Hercules 3.13 keeps it across
   * other commands and channel programs, oracle w_sense_persists).
   */
  reject(command: DeviceCommand, condition: SenseCondition, taken = 0, timeUs = COMMAND_OVERHEAD_US): DeviceResult {
    this.raise(condition);
    const klass = commandClass(command.code, true);
    const input = klass === 'read' || klass === 'read backward' || klass === 'sense';
    // A command reject found before the device took any data is a rejection in the initial
    // status (the 3990 checks the command and its sequence first); others end the operation.
    const byte0 = condition.byte0 ?? 0;
    const rejected = (byte0 & SNS0.COMMAND_REJECT) !== 0 && (byte0 & SNS0.INCOMPLETE_DOMAIN) === 0 && taken === 0;
    const result: DeviceResult = input ? { status: DS.CE | DS.DE | DS.UC, data: new Uint8Array(0), timeUs } : { status: DS.CE | DS.DE | DS.UC, required: taken, timeUs };
    if (rejected) return { ...result, rejected: true };
    return command.code === 0x03 ? { ...result, immediate: true } : result;
  }

  /** Bytes a control command takes before its sequence is checked (DE, LR, LRE and Prefix take their parameters). */
  private parameterLength(code: number, command: DeviceCommand): number {
    const size = code === 0x63 ? DEFINE_EXTENT_LENGTH : code === 0x47 ? LOCATE_RECORD_LENGTH : code === 0x4b ? LOCATE_RECORD_EXTENDED_LENGTH : code === 0xe7 ? PREFIX_LENGTH : 0;
    return Math.min(command.data.length, size);
  }
}
