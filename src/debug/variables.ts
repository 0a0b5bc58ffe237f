/**
 * Debugger variables built from the arch field tables: every row of a scope is a field of a
 * hardware structure, shown with its IBM bit position in the tooltip-friendly `type` slot.
 */
import type { DebugProtocol } from '@vscode/debugprotocol';
import { CCW1, IO_REGION, IRB, ORB_AREA, PMCW, SCSW, errnoText, hex, type FieldDescription } from '../arch';
import type { DeviceStateRow } from '../css';
import type { MachineDevice } from '../runtime/machine';
import type { Runtime } from '../runtime/runtime';

export type VariableSource = () => DebugProtocol.Variable[];

/** Allocates variablesReference numbers for lazily expanded children. */
export class VariableHandles {
  private next = 1;
  private readonly sources = new Map<number, VariableSource>();

  add(source: VariableSource): number {
    const id = this.next++;
    this.sources.set(id, source);
    return id;
  }

  get(id: number): VariableSource | undefined {
    return this.sources.get(id);
  }

  /** Handles are valid for one stop; drop them when execution resumes. */
  reset(): void {
    this.sources.clear();
    this.next = 1;
  }
}

/** Variables for the rows of a structure description; nested structures become expandable. */
export function fieldVariables(rows: readonly FieldDescription[], handles: VariableHandles, decorate?: (row: FieldDescription) => string): DebugProtocol.Variable[] {
  return rows.map((row) => ({
    name: row.name,
    value: decorate?.(row) ?? row.text,
    type: `${row.bits} — ${row.doc}`,
    variablesReference: row.children ? handles.add(() => fieldVariables(row.children ?? [], handles, decorate)) : 0,
  }));
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
    ...fieldVariables(CCW1.describe(CCW1.encode(view.ccw)), handles, commandDecorator(name)),
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
export function orbVariables(runtime: Runtime, device: MachineDevice | undefined, handles: VariableHandles): DebugProtocol.Variable[] {
  const sch = device ? runtime.machine.io.subchannel(device.schno) : undefined;
  if (!sch?.orb) return [note('(no ORB)', 'no START SUBCHANNEL has been accepted yet')];
  return fieldVariables(ORB_AREA.describe(ORB_AREA.encode(sch.orb)), handles);
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
export function irbVariables(runtime: Runtime, handles: VariableHandles): DebugProtocol.Variable[] {
  const irb = runtime.machine.driver.lastIrb;
  if (!irb) return [note('(no IRB)', 'no interruption has been taken yet')];
  return fieldVariables(IRB.describe(irb), handles);
}

/** The vfio-ccw io region as it is now (a snapshot: reading it has no side effects). */
export function ioRegionVariables(device: MachineDevice | undefined, handles: VariableHandles): DebugProtocol.Variable[] {
  if (!device?.mdev) return [note('(no mediated device)', 'PATH direct: the driver uses the channel subsystem directly')];
  const mdev = device.mdev;
  return [
    note('FSM state', mdev.state),
    ...fieldVariables(IO_REGION.describe(mdev.ioRegionSnapshot()), handles, (row) =>
      row.name === 'ret_code' && typeof row.value === 'number' ? errnoText(row.value) : row.text,
    ),
  ];
}

export function deviceVariables(device: MachineDevice | undefined, handles: VariableHandles): DebugProtocol.Variable[] {
  if (!device) return [note('(no device)', '')];
  const rows = (list: readonly DeviceStateRow[]): DebugProtocol.Variable[] =>
    list.map((r) => ({ name: r.name, value: r.value, variablesReference: r.children ? handles.add(() => rows(r.children ?? [])) : 0 }));
  return [note('device', `${hex(device.devno, 4)} ${device.device.description}`), ...rows(device.device.inspect())];
}

