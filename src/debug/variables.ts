/**
 * Debugger variables built from the arch field tables: every row of a scope is a field of a
 * hardware structure, shown with its IBM bit position in the tooltip-friendly `type` slot.
 */
import type { DebugProtocol } from '@vscode/debugprotocol';
import { CCW1, IO_REGION, IRB, ORB_AREA, PMCW, SCSW, errnoText, hex, type FieldDescription } from '../arch';
import type { DeviceStateRow } from '../css';
import type { ImageSymbol } from '../asm/image';
import { symbolFor } from './disassemble';
import type { MachineDevice } from '../runtime/machine';
import type { Runtime } from '../runtime/runtime';
import { storedIrbArea, type SetResult, type Setter } from './setters';

export type VariableSource = () => DebugProtocol.Variable[];

/** Allocates variablesReference numbers for lazily expanded children. */
export class VariableHandles {
  private next = 1;
  private readonly sources = new Map<number, VariableSource>();
  /** How set variable changes a row of the handle's children (by the row's name), when it can. */
  private readonly setters = new Map<number, (name: string, value: string) => SetResult>();

  add(source: VariableSource, set?: (name: string, value: string) => SetResult): number {
    const id = this.next++;
    this.sources.set(id, source);
    if (set) this.setters.set(id, set);
    return id;
  }

  get(id: number): VariableSource | undefined {
    return this.sources.get(id);
  }

  setterOf(id: number): ((name: string, value: string) => SetResult) | undefined {
    return this.setters.get(id);
  }

  /** Handles are valid for one stop; drop them when execution resumes. */
  reset(): void {
    this.sources.clear();
    this.setters.clear();
    this.next = 1;
  }
}

/** Numbers shown as hexadecimal (`0x0C`) when the client asks for hex, else as the table says. */
export interface ValueFormat {
  readonly hex: boolean;
}

let currentFormat: ValueFormat = { hex: false };

/** The value format of the request being answered (variables, evaluate). */
export function setValueFormat(format: ValueFormat): void {
  currentFormat = format;
}

/** Hex, binary and decimal views of a number, IBM bit numbering in the binary view's name. */
export function numberViews(value: number, width: number): DebugProtocol.Variable[] {
  const bits = Math.max(1, Math.min(64, width));
  return [
    { name: 'hex', value: `X'${value.toString(16).toUpperCase().padStart(Math.ceil(bits / 4), '0')}'`, variablesReference: 0 },
    { name: `binary (bits 0-${bits - 1})`, value: `B'${value.toString(2).padStart(bits, '0')}'`, variablesReference: 0 },
    { name: 'decimal', value: String(value), variablesReference: 0 },
  ];
}

/**
 * Variables for the rows of a structure description; nested structures become expandable,
 * numbers of more than one bit expand into hex/binary/decimal views. With `base`, the structure
 * lives in guest storage there, and every row gets a memoryReference to its bytes.
 */
export function fieldVariables(
  rows: readonly FieldDescription[],
  handles: VariableHandles,
  decorate?: (row: FieldDescription) => string,
  base?: number,
  set?: Setter,
): DebugProtocol.Variable[] {
  return rows.map((row) => {
    // Children of a nested structure are set by their path from this level (['scsw', 'dstat']).
    const childSet: Setter | undefined = set ? (path, value) => set([row.name, ...path], value) : undefined;
    const width = row.byteLength * 8;
    const numeric = typeof row.value === 'number';
    const shown = currentFormat.hex && numeric && row.value !== null ? `0x${(row.value as number).toString(16).toUpperCase()}` : (decorate?.(row) ?? row.text);
    const v: DebugProtocol.Variable = {
      name: row.name,
      value: shown,
      type: `${row.bits} — ${row.doc}`,
      variablesReference: row.children
        ? handles.add(
            () => fieldVariables(row.children ?? [], handles, decorate, base === undefined ? undefined : base + row.byteOffset, childSet),
            childSet ? (name, value) => childSet([name], value) : undefined,
          )
        : numeric && !/\bbit \d+$/.test(row.bits)
          ? handles.add(() => numberViews(row.value as number, bitWidth(row.bits, width)))
          : 0,
    };
    if (base !== undefined) v.memoryReference = String(base + row.byteOffset);
    return v;
  });
}

/** Width in bits of a row from its IBM label ("word 0 bits 17-19" → 3). */
function bitWidth(bits: string, fallback: number): number {
  const m = /bits (\d+)-(\d+)$/.exec(bits);
  return m ? Number(m[2]) - Number(m[1]) + 1 : fallback;
}

function note(name: string, value: string): DebugProtocol.Variable {
  return { name, value, variablesReference: 0 };
}

/** The CCW scope: the CCW the device's subchannel stands on, as the guest wrote it. */
export function ccwVariables(runtime: Runtime, device: MachineDevice | undefined, handles: VariableHandles): DebugProtocol.Variable[] {
  if (!device) return [note('(no device)', 'the program attaches no device')];
  const view = runtime.currentCcw(device);
  if (!view) {
    const p = runtime.position(device);
    return [note('(no current CCW)', p.kind === 'status-pending' ? 'the channel program has ended: status pending' : 'no channel program is running')];
  }
  const name = (cmd: number) => device.device.commandName(cmd);
  const vars: DebugProtocol.Variable[] = [
    { name: 'address', value: `X'${hex(view.address, 8)}'`, type: 'guest address of the CCW', variablesReference: 0, memoryReference: String(view.address) },
    ...fieldVariables(CCW1.describe(CCW1.encode(view.ccw)), handles, guestCcwDecorator(name, runtime.machine.image.symbols), view.address),
  ];
  if (view.translated) {
    const t = view.translated;
    vars.push({
      name: 'translated (vfio-ccw)',
      value: `host X'${hex(t.hostAddress, 8)}'`,
      type: 'the CCW the host channel runs after vfio-ccw translation',
      variablesReference: handles.add(() => [
        note('host address', `X'${hex(t.hostAddress, 8)}'`),
        ...fieldVariables(CCW1.describe(CCW1.encode(t.host)), handles, commandDecorator(name)),
        ...(t.idal
          ? [
              {
                name: 'IDAL',
                value: `X'${hex(t.idal.hostAddress, 8)}' (${t.idal.hostAddresses.length} format-2 IDAW${t.idal.hostAddresses.length === 1 ? '' : 's'}${t.idal.pinned ? ', pages pinned' : ''})`,
                variablesReference: handles.add(() =>
                  t.idal!.hostAddresses.map((a, i) => note(`IDAW ${i}`, `X'${hex(a, 16)}' ← guest X'${hex(t.idal!.guestAddresses[i] ?? 0, 8)}'`)),
                ),
              },
            ]
          : []),
      ]),
    });
  }
  return vars;
}

/** The guest CCW: the command by name, and the data address with the symbol it points into. */
function guestCcwDecorator(name: (cmd: number) => string | null, symbols: readonly ImageSymbol[]): (row: FieldDescription) => string {
  const command = commandDecorator(name);
  return (row) => {
    if (row.name === 'cda' && typeof row.value === 'number') {
      const symbol = symbolFor(symbols, row.value);
      return symbol ? `${row.text} (${symbol})` : row.text;
    }
    return command(row);
  };
}

function commandDecorator(name: (cmd: number) => string | null): (row: FieldDescription) => string {
  return (row) => {
    if (row.name === 'cmd' && typeof row.value === 'number') {
      const n = name(row.value);
      return n ? `X'${hex(row.value, 2)}' (${n})` : row.text;
    }
    return row.text;
  };
}

/** The ORB of the start function in progress or last performed (what the subchannel holds). */
export function orbVariables(runtime: Runtime, device: MachineDevice | undefined, handles: VariableHandles, set?: Setter): DebugProtocol.Variable[] {
  const sch = device ? runtime.machine.io.subchannel(device.schno) : undefined;
  if (!sch?.orb) return [note('(no ORB)', 'no START SUBCHANNEL has been accepted yet')];
  return fieldVariables(ORB_AREA.describe(ORB_AREA.encode(sch.orb)), handles, undefined, undefined, set);
}

/** The guest-visible SCSW (the virtual subchannel's on PATH vfio). */
export function scswVariables(runtime: Runtime, device: MachineDevice | undefined, handles: VariableHandles): DebugProtocol.Variable[] {
  const sch = device ? runtime.machine.io.subchannel(device.schno) : undefined;
  if (!sch) return [note('(no subchannel)', '')];
  return fieldVariables(SCSW.describe(SCSW.encode(sch.scsw)), handles);
}

export function pmcwVariables(runtime: Runtime, device: MachineDevice | undefined, handles: VariableHandles): DebugProtocol.Variable[] {
  const sch = device ? runtime.machine.io.subchannel(device.schno) : undefined;
  if (!sch) return [note('(no subchannel)', '')];
  return fieldVariables(PMCW.describe(PMCW.encode(sch.pmcw)), handles);
}

/** The IRB stored by the last TEST SUBCHANNEL (WAIT or TSCH). */
export function irbVariables(runtime: Runtime, handles: VariableHandles, set?: Setter): DebugProtocol.Variable[] {
  const irb = runtime.machine.driver.lastIrb;
  if (!irb) return [note('(no IRB)', 'no interruption has been taken yet')];
  // Stored by TSCH devno,area: the rows point at the bytes in guest storage (the memory view).
  const area = storedIrbArea(runtime);
  return fieldVariables(IRB.describe(irb), handles, undefined, area ?? undefined, set);
}

/** The vfio-ccw io region as it is now (a snapshot: reading it has no side effects). */
export function ioRegionVariables(device: MachineDevice | undefined, handles: VariableHandles, set?: Setter): DebugProtocol.Variable[] {
  if (!device?.mdev) return [note('(no mediated device)', 'PATH direct: the driver uses the channel subsystem directly')];
  const mdev = device.mdev;
  const retCode = (row: FieldDescription) => (row.name === 'ret_code' && typeof row.value === 'number' ? errnoText(row.value) : row.text);
  // The io region's fields at the top (what a step changes most), then every other region the
  // device registered, as bytes the device holds: reading them here has no side effect (no
  // STSCH through the schib region, no CRW popped).
  const others = mdev.regions.all().filter((r) => r.name !== 'io');
  const notes = mdev.pathNotes.all();
  return [
    note('FSM state', mdev.state),
    ...fieldVariables(IO_REGION.describe(mdev.ioRegionSnapshot()), handles, retCode, undefined, set),
    ...others.map((r): DebugProtocol.Variable => {
      const regionSet: Setter | undefined = set ? (path, value) => set([`${r.name} region`, ...path], value) : undefined;
      return {
        name: `${r.name} region`,
        value: `index ${r.index}, ${r.size} bytes`,
        variablesReference: handles.add(
          () => fieldVariables(r.layout.describe(mdev.regions.bytesOf(r.name).slice()), handles, retCode, undefined, regionSet),
          regionSet ? (name, value) => regionSet([name], value) : undefined,
        ),
      };
    }),
    {
      name: 'vfio path notes',
      value: notes.length === 0 ? '(none: the vfio path has behaved as PATH direct would)' : `${notes.length}, latest: ${notes[notes.length - 1]?.topic ?? ''}`,
      variablesReference:
        notes.length === 0
          ? 0
          : handles.add(() =>
              notes.map((n) => note(`#${n.seq} ${n.source} ${n.topic}${n.guestAddress === null ? '' : ` @${hex(n.guestAddress, 8)}`}`, n.message)),
            ),
    },
  ];
}

export function deviceVariables(device: MachineDevice | undefined, handles: VariableHandles, set?: Setter): DebugProtocol.Variable[] {
  if (!device) return [note('(no device)', '')];
  const rows = (list: readonly DeviceStateRow[], path: readonly string[]): DebugProtocol.Variable[] =>
    list.map((r) => ({
      name: r.name,
      value: r.value,
      variablesReference: r.children
        ? handles.add(() => rows(r.children ?? [], [...path, r.name]), set ? (name, value) => set([...path, r.name, name], value) : undefined)
        : 0,
    }));
  return [note('device', `${hex(device.devno, 4)} ${device.device.description}`), ...rows(device.device.inspect(), [])];
}


/** The Subchannel scope: the SCHIB as STORE SUBCHANNEL would store it (PMCW, SCSW) and the ORB. */
export interface SubchannelSetters {
  readonly pmcw?: Setter;
  readonly scsw?: Setter;
  readonly orb?: Setter;
}

export function subchannelVariables(runtime: Runtime, device: MachineDevice | undefined, handles: VariableHandles, set: SubchannelSetters = {}): DebugProtocol.Variable[] {
  const sch = device ? runtime.machine.io.subchannel(device.schno) : undefined;
  if (!device || !sch) return [note('(no subchannel)', 'the program attaches no device')];
  const group = (name: string, value: string, source: VariableSource, setter?: Setter): DebugProtocol.Variable => ({
    name,
    value,
    variablesReference: handles.add(source, setter ? (field, v) => setter([field], v) : undefined),
  });
  return [
    note('subchannel', `0.0.${hex(device.schno, 4)} (device ${hex(device.devno, 4)})`),
    group('PMCW', `devno ${hex(sch.pmcw.devno, 4)}`, () => pmcwVariables(runtime, device, handles), set.pmcw),
    group('SCSW', `X'${hexOf(SCSW.encode(sch.scsw))}'`, () => scswVariables(runtime, device, handles), set.scsw),
    group('ORB', sch.orb ? `CPA X'${hex(sch.orb.cpa, 8)}'` : '(none)', () => orbVariables(runtime, device, handles, set.orb), set.orb),
  ];
}

function hexOf(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).toUpperCase().padStart(2, '0')).join('');
}

/** Bytes of storage shown as hex and EBCDIC (at most 16 bytes in the value; more in the memory view). */
export function storageText(bytes: Uint8Array, ebcdic: (b: Uint8Array) => string): string {
  const shown = bytes.subarray(0, 16);
  return `X'${hexOf(shown)}'${bytes.length > 16 ? '…' : ''} "${ebcdic(shown)}"`;
}

/** The Symbols scope: labels with the storage they name (memoryReference), EQUs with their value. */
export function symbolVariables(runtime: Runtime, ebcdic: (b: Uint8Array) => string): DebugProtocol.Variable[] {
  const symbols = [...runtime.machine.image.symbols].sort((a, b) => a.name.localeCompare(b.name));
  if (symbols.length === 0) return [note('(no symbols)', 'the program defines no labels or EQUs')];
  return symbols.slice(0, 5000).map((s) => {
    if (s.kind === 'equ') {
      return {
        name: s.name,
        value: currentFormat.hex ? `0x${s.value.toString(16).toUpperCase()}` : `${s.value} (X'${s.value.toString(16).toUpperCase()}')`,
        type: 'EQU',
        variablesReference: 0,
      };
    }
    const length = Math.max(1, Math.min(s.length, 4096));
    const bytes = runtime.machine.guest.read(s.value, length) ?? new Uint8Array(0);
    return {
      name: s.name,
      value: storageText(bytes, ebcdic),
      type: `X'${hex(s.value, 8)}', length ${s.length}`,
      variablesReference: 0,
      memoryReference: String(s.value),
      evaluateName: s.name,
    };
  });
}
