/**
 * An IBM 3390 behind a 3990 storage control, as Hercules 3.13 presents it by default: the channel
 * hands it one command at a time (src/css/device.ts) and it answers with status, the bytes it
 * offers or the number of bytes it wants.
 *
 * Implemented: Define Extent, Locate Record (Orient, Read Data and the other operation codes'
 * positioning, all four orientations), Seek, Read Data, Read Count and Read Record Zero (each
 * with its multitrack form), No-operation, Sense, Sense ID, Read Device Characteristics. Every
 * other 3990 command is recognised by name, sequence-checked, then rejected as an invalid
 * command (format 0 message 1). Sense is always the 24-byte-compatible form.
 *
 * Rules come from ../shared/reference/eckd-dasd.md, IBM SA22-1025, and the Hercules 3.13 oracle;
 * each file says which, and where they disagree.
 */
import { commandClass } from '../../arch/ccw';
import { concatBytes, equalBytes } from '../../arch/bytes';
import { hex, hexBytes } from '../../arch/field';
import { SEEK_ADDRESS } from '../../arch/eckd';
import { CF, DS } from '../../arch/status';
import type { Device, DeviceCommand, DeviceResult, DeviceStateRow } from '../../css/device';
import { freshChain, openDomain, type ChainState } from './chainState';
import { countBytes, dataBytes, keyBytes } from './ckdTrack';
import { allowedInDomain, commandInfo, type CommandInfo } from './commands';
import { CU_3990_HERCULES, type ControlUnitProfile } from './controlUnit';
import { defineExtent, fmt, inExtent, wholeVolume, DEFINE_EXTENT_LENGTH } from './defineExtent';
import type { Dasd3390Model } from './geometry';
import { buildDeviceCharacteristics, buildSenseId } from './identification';
import { inspectDasd } from './inspect';
import { locateRecord, LOCATE_RECORD_LENGTH, LR_OP } from './locateRecord';
import {
  buildSense,
  commandReject,
  fileProtected,
  incompleteDomain,
  MSG,
  noRecordFound,
  SNS0,
  type SenseCondition,
} from './sense';
import { AVERAGE_LATENCY_US, COMMAND_OVERHEAD_US, recordPassUs, transferUs } from './timing';
import { failed, TrackCursor, type MoveRules } from './trackCursor';
import type { TrackStore } from './trackStore';

const EMPTY = new Uint8Array(0);
const CE_DE = DS.CE | DS.DE;
const SEEK_LENGTH = SEEK_ADDRESS.size;

export interface Dasd3390Options {
  readonly devno: number;
  readonly model: Dasd3390Model;
  readonly store: TrackStore;
  readonly controlUnit?: ControlUnitProfile;
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

export class Dasd3390 implements Device {
  readonly devno: number;
  readonly typeName: string;
  readonly description: string;
  readonly model: Dasd3390Model;
  readonly controlUnit: ControlUnitProfile;
  readonly store: TrackStore;
  private readonly cursor: TrackCursor;
  private readonly senseId: Uint8Array;
  private readonly characteristics: Uint8Array;
  private chain: ChainState = freshChain();
  private pendingSense: Uint8Array | null = null;
  private pendingProblem: string | null = null;
  private last: LastCommand | null = null;
  private problem: string | null = null;
  /** The command now running was counted against an open Locate Record domain. */
  private commandInDomain = false;

  constructor(options: Dasd3390Options) {
    this.devno = options.devno;
    this.model = options.model;
    this.store = options.store;
    this.controlUnit = options.controlUnit ?? CU_3990_HERCULES;
    this.typeName = options.model.name;
    this.description = `${options.model.name} on ${this.controlUnit.name}`;
    this.cursor = new TrackCursor(options.store);
    this.senseId = buildSenseId(this.controlUnit, options.model);
    this.characteristics = buildDeviceCharacteristics(this.controlUnit, options.model, options.store.geometry.cylinders);
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
    this.commandInDomain = false;
    const info = commandInfo(command.code);
    let result = this.dispatch(command, info);
    result = this.endOfChain(command, result);
    this.chain.commands++;
    this.last = {
      code: command.code,
      name: info?.name ?? 'not a 3390 command',
      status: result.status,
      timeUs: result.timeUs,
      problem: (result.status & DS.UC) !== 0 ? this.problem : null,
    };
    return result;
  }

  sense(): Uint8Array {
    return (this.pendingSense ?? this.nullSense()).slice();
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

  reset(): void {
    this.chain = freshChain();
    this.pendingSense = null;
    this.pendingProblem = null;
    this.cursor.position = { kind: 'none' };
    this.cursor.forget();
  }

  // -------------------------------------------------------------------------------------------
  // Sequencing

  private dispatch(command: DeviceCommand, info: CommandInfo | null): DeviceResult {
    const code = command.code;
    if (!info) return this.reject(command, commandReject(MSG.INVALID_COMMAND, `X'${hex(code, 2)}' is not a 3390 command`));

    const domain = openDomain(this.chain);
    if (domain) {
      if (info.notInDomain || !allowedInDomain(domain.operation, code)) {
        return this.reject(
          command,
          commandReject(MSG.INVALID_SEQUENCE, `${info.name} is not allowed in a Locate Record domain of operation X'${hex(domain.operation, 2)}' (${domain.remaining} record(s) outstanding)`),
          this.parameterLength(code, command),
        );
      }
      domain.remaining--;
      this.commandInDomain = true;
    } else if (info.precondition === 'positioned' && !this.chain.positioned) {
      return this.reject(command, commandReject(MSG.INVALID_SEQUENCE, `${info.name} needs a Seek or Locate Record earlier in the chain`));
    } else if (info.precondition === 'search') {
      // No search command is implemented yet, so an equal search can never have preceded.
      return this.reject(command, commandReject(MSG.INVALID_SEQUENCE, `${info.name} outside a Locate Record domain needs an equal Search ID or Search Key just before it`));
    } else if (info.precondition === 'domain') {
      return this.reject(command, commandReject(MSG.INVALID_SEQUENCE, `${info.name} is only valid in a Locate Record domain`));
    }

    // The index-point memory of the search loop survives only single-track Read Count and Read
    // Sector (reference 4.3).
    if (code !== 0x12 && code !== 0x22) this.chain.indexPassed = false;

    switch (code) {
      case 0x03:
        return { status: CE_DE, immediate: true, timeUs: COMMAND_OVERHEAD_US };
      case 0x04:
        return this.senseCommand();
      case 0xe4:
        return this.offer(this.senseId);
      case 0x64:
        return this.offer(this.characteristics);
      case 0x63:
        return this.defineExtentCommand(command);
      case 0x47:
        return this.locateRecordCommand(command);
      case 0x07:
        return this.seekCommand(command);
      case 0x06:
      case 0x86:
        return this.readData(command, info);
      case 0x12:
      case 0x92:
        return this.readCount(command, info);
      case 0x16:
      case 0x96:
        return this.readRecordZero(command, info);
      default:
        return this.reject(command, commandReject(MSG.INVALID_COMMAND, `${info.name} is not implemented by this 3390 yet`));
    }
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
  // Control commands

  private defineExtentCommand(command: DeviceCommand): DeviceResult {
    const result = defineExtent(command.data, this.store.geometry, this.chain.extent);
    const taken = Math.min(command.data.length, DEFINE_EXTENT_LENGTH);
    if ('reject' in result) return this.reject(command, result.reject, taken);
    this.chain.extent = result.defined;
    return { status: CE_DE, required: DEFINE_EXTENT_LENGTH, timeUs: COMMAND_OVERHEAD_US + transferUs(DEFINE_EXTENT_LENGTH) };
  }

  private locateRecordCommand(command: DeviceCommand): DeviceResult {
    const taken = Math.min(command.data.length, LOCATE_RECORD_LENGTH);
    const de = this.chain.extent;
    // The 3990 takes the parameters before it checks the sequence (oracle v_lr_without_de:
    // residual 0). Read IPL would also open the way; it is not implemented yet.
    if (!de) return this.reject(command, commandReject(MSG.INVALID_SEQUENCE, 'Locate Record needs a Define Extent earlier in the chain'), taken);
    const checked = locateRecord(command.data, this.store.geometry, de);
    if ('reject' in checked) return this.reject(command, checked.reject, taken);
    const lr = checked.request;
    let time = COMMAND_OVERHEAD_US + transferUs(LOCATE_RECORD_LENGTH);
    if (!inExtent(lr.seek, de.extent, this.store.geometry)) {
      return this.reject(command, fileProtected(`Locate Record seek address ${fmt(lr.seek)} is outside the extent ${fmt(de.extent.begin)}-${fmt(de.extent.end)}`), taken, time);
    }
    time += this.cursor.seek(lr.seek) + AVERAGE_LATENCY_US;
    this.chain.positioned = true;
    this.chain.domain = null;

    if (lr.orientation !== 'index') {
      const loaded = this.cursor.load();
      if ('condition' in loaded) return this.reject(command, loaded.condition, taken, time);
      const track = loaded.track;
      if (lr.orientation === 'home address') {
        // Only the CCHH of the search argument is compared, with the home address.
        const ha = track.image.subarray(1, 5);
        if (!equalBytes(ha, lr.search.subarray(0, 4))) {
          return this.reject(command, noRecordFound(`home address of track ${fmt(lr.seek)} is not CCHH ${hexBytes(lr.search.subarray(0, 4))}`), taken, time);
        }
      } else {
        // Locate Record searches from R0 and reports No Record Found at the first end of track.
        const index = track.records.findIndex((r) => equalBytes(track.image.subarray(r.countOffset, r.countOffset + 5), lr.search));
        const found = track.records[index];
        if (!found) {
          return this.reject(command, noRecordFound(`no record CCHHR ${hexBytes(lr.search)} on track ${fmt(lr.seek)}`), taken, time);
        }
        this.cursor.position = { kind: lr.orientation === 'data' ? 'data' : 'count', record: index };
        time += lr.orientation === 'data' ? recordPassUs(found.kl, found.dl) : 0;
      }
    }
    if (lr.operation !== LR_OP.ORIENT) {
      this.chain.domain = { request: lr, operation: lr.operation, orientation: lr.orientation, remaining: lr.count };
    }
    return { status: CE_DE, required: LOCATE_RECORD_LENGTH, timeUs: time };
  }

  /**
   * Seek (X'07'): BBCCHH. Only needed so far to replay the classic CKD programs of the oracle
   * (a2_read_count_track0); Seek Cylinder and Seek Head come with the search commands.
   */
  private seekCommand(command: DeviceCommand): DeviceResult {
    const data = command.data;
    if (data.length < SEEK_LENGTH) {
      return this.reject(command, commandReject(MSG.COUNT_TOO_SMALL, `Seek needs ${SEEK_LENGTH} bytes, the CCW gave ${data.length}`), data.length);
    }
    const seek = SEEK_ADDRESS.decode(data, 0);
    const bb = seek.bb;
    const to = { cylinder: seek.cc, head: seek.hh };
    const time = COMMAND_OVERHEAD_US + transferUs(SEEK_LENGTH);
    const { cylinders, heads } = this.store.geometry;
    if (bb !== 0 || to.cylinder >= cylinders || to.head >= heads) {
      return this.reject(command, commandReject(MSG.INVALID_PARAMETER, `Seek address ${hexBytes(data.subarray(0, 6))} is not BB=0, a cylinder below ${cylinders} and a head below ${heads}`), SEEK_LENGTH, time);
    }
    const de = this.chain.extent;
    if (de && de.seekControl !== 0) {
      return this.reject(command, fileProtected('the Define Extent file mask does not permit Seek'), SEEK_LENGTH, time);
    }
    const extent = de?.extent ?? wholeVolume(this.store.geometry);
    if (!inExtent(to, extent, this.store.geometry)) {
      return this.reject(command, fileProtected(`Seek address ${fmt(to)} is outside the extent ${fmt(extent.begin)}-${fmt(extent.end)}`), SEEK_LENGTH, time);
    }
    this.chain.positioned = true;
    return { status: CE_DE, required: SEEK_LENGTH, timeUs: time + this.cursor.seek(to) + AVERAGE_LATENCY_US };
  }

  // -------------------------------------------------------------------------------------------
  // Read commands

  private moveRules(): MoveRules {
    const de = this.chain.extent;
    return {
      extent: de?.extent ?? wholeVolume(this.store.geometry),
      seekControl: de?.seekControl ?? 0,
      inDomain: this.commandInDomain,
    };
  }

  /**
   * Read Data: the data area of the record the device is oriented on (after its count), else of
   * the next record other than R0 (SA22-1025 "Read Data"; oracle v_lr_data_op06 shows that after
   * data orientation the next record is read). A data length of 0 is an end-of-file record:
   * unit exception, nothing transferred (oracle v_zero_length).
   */
  private readData(command: DeviceCommand, info: CommandInfo): DeviceResult {
    let time = COMMAND_OVERHEAD_US;
    let located = this.cursor.position.kind === 'count' ? this.cursor.current() : null;
    if (located) {
      time += recordPassUs(0, located.record.dl);
    } else {
      const next = this.cursor.nextUserRecord(info.multitrack, this.moveRules(), this.chain);
      if (failed(next)) return this.reject(command, next.condition, 0, time + next.timeUs);
      located = next;
      time += next.timeUs;
    }
    this.cursor.position = { kind: 'data', record: located.track.records.indexOf(located.record) };
    if (located.record.dl === 0) return { status: CE_DE | DS.UX, data: EMPTY, timeUs: time };
    return { status: CE_DE, data: dataBytes(located.track, located.record), timeUs: time };
  }

  /** Read Count: the count area of the next record other than R0 (SA22-1025; oracle a2, v_read_count_*). */
  private readCount(command: DeviceCommand, info: CommandInfo): DeviceResult {
    const next = this.cursor.nextUserRecord(info.multitrack, this.moveRules(), this.chain);
    if (failed(next)) return this.reject(command, next.condition, 0, COMMAND_OVERHEAD_US + next.timeUs);
    return { status: CE_DE, data: countBytes(next.track, next.record), timeUs: COMMAND_OVERHEAD_US + next.timeUs };
  }

  /**
   * Read Record Zero: count, key and data of R0 (SA22-1025 "Read Record Zero"). Oriented at the
   * home address it reads this track's R0; otherwise the multitrack form first steps to the next
   * track and the single-track form waits for the index. In a domain it needs operation Read
   * Data or Read with home address (or index) orientation.
   */
  private readRecordZero(command: DeviceCommand, info: CommandInfo): DeviceResult {
    const domain = this.chain.domain;
    if (this.commandInDomain && domain && domain.orientation !== 'home address' && domain.orientation !== 'index') {
      return this.reject(command, commandReject(MSG.INVALID_SEQUENCE, 'Read Record Zero in a Locate Record domain needs home address or index orientation'));
    }
    let time = COMMAND_OVERHEAD_US;
    if (this.cursor.position.kind !== 'index') {
      if (info.multitrack) {
        const stepped = this.cursor.stepTrack(this.moveRules());
        if (typeof stepped !== 'number') return this.reject(command, stepped, 0, time);
        time += stepped;
      } else {
        time += AVERAGE_LATENCY_US;
      }
    }
    this.cursor.position = { kind: 'index' };
    const loaded = this.cursor.load();
    if ('condition' in loaded) return this.reject(command, loaded.condition, 0, time);
    const r0 = loaded.track.records[0];
    if (!r0) return this.reject(command, noRecordFound(`track ${this.cursor.cylinder}/${this.cursor.head} has no record zero`), 0, time);
    this.cursor.position = { kind: 'data', record: 0 };
    time += recordPassUs(r0.kl, r0.dl);
    const bytes = concatBytes(countBytes(loaded.track, r0), keyBytes(loaded.track, r0), dataBytes(loaded.track, r0));
    return { status: r0.dl === 0 ? CE_DE | DS.UX : CE_DE, data: bytes, timeUs: time };
  }

  // -------------------------------------------------------------------------------------------
  // Sense and identification

  private senseCommand(): DeviceResult {
    const bytes = this.sense();
    this.pendingSense = null;
    this.pendingProblem = null;
    return this.offer(bytes);
  }

  private offer(bytes: Uint8Array): DeviceResult {
    return { status: CE_DE, data: bytes.slice(), timeUs: COMMAND_OVERHEAD_US + transferUs(bytes.length) };
  }

  private nullSense(): Uint8Array {
    return buildSense(null, this.cursor.cylinder, this.cursor.head, this.store.geometry.cylinders > 4095);
  }

  private raise(condition: SenseCondition): void {
    this.pendingSense = buildSense(condition, this.cursor.cylinder, this.cursor.head, this.store.geometry.cylinders > 4095);
    this.pendingProblem = condition.summary;
    this.problem = condition.summary;
  }

  /**
   * Ends a command with unit check. `taken` is how many bytes of a write or control command the
   * device accepted before it found the problem (0: none); read and sense commands transfer
   * nothing. Sense stays pending until a Sense command reads it (Hercules 3.13 keeps it across
   * other commands and channel programs, oracle w_sense_persists).
   */
  private reject(command: DeviceCommand, condition: SenseCondition, taken = 0, timeUs = COMMAND_OVERHEAD_US): DeviceResult {
    this.raise(condition);
    const klass = commandClass(command.code, true);
    const input = klass === 'read' || klass === 'read backward' || klass === 'sense';
    // A command reject found before the device took any data is a rejection in the initial
    // status (the 3990 checks the command and its sequence first); others end the operation.
    const byte0 = condition.byte0 ?? 0;
    const rejected = (byte0 & SNS0.COMMAND_REJECT) !== 0 && (byte0 & SNS0.INCOMPLETE_DOMAIN) === 0 && taken === 0;
    const result: DeviceResult = input
      ? { status: CE_DE | DS.UC, data: EMPTY, timeUs }
      : { status: CE_DE | DS.UC, required: taken, timeUs };
    if (rejected) return { ...result, rejected: true };
    return command.code === 0x03 ? { ...result, immediate: true } : result;
  }

  /** Bytes a control command takes before its sequence is checked (DE and LR take their parameters). */
  private parameterLength(code: number, command: DeviceCommand): number {
    if (code === 0x63) return Math.min(command.data.length, DEFINE_EXTENT_LENGTH);
    if (code === 0x47) return Math.min(command.data.length, LOCATE_RECORD_LENGTH);
    return 0;
  }
}
