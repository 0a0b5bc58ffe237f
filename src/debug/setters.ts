/**
 * What set variable may change outside the Symbols and CCW scopes, and how: each settable row
 * is a field of an arch structure; the new value is encoded into that structure's bytes through
 * its field table and the result applied to the object that holds it (the subchannel the guest
 * sees, guest storage). Non-storage changes are pokes, journalled for replay (runtime/pokes.ts).
 * A field that is not settable answers why: who sets it in the real machine.
 *
 * README.md ("Changing state") lists the same rules for users.
 */
import { IRB, PMCW, SCSW, hex, maskText, STATUS_CONTROL, type Pmcw, type Scsw } from '../arch';
import type { MachineDevice } from '../runtime/machine';
import type { PokeJournal } from '../runtime/pokes';
import type { Runtime } from '../runtime/runtime';
import { setField } from './fieldValue';

export type SetResult = { readonly value: string } | { readonly error: string };
/** Sets the row named by `path` (parents first) of one scope or group. */
export type Setter = (path: readonly string[], value: string) => SetResult;

/** PMCW fields a debugger poke may not change, and who sets them in the real machine. */
export const PMCW_READ_ONLY: Readonly<Record<string, string>> = {
  Q: 'the QDIO facility bit describes the subchannel type; the channel subsystem sets it',
  W: 'reserved',
  reserved1: 'reserved (must be zero)',
  T: 'the timing facility is a property of the machine model the channel subsystem reports; the emulator has no timing facility to switch on',
  devno: 'the device number is set by the channel subsystem from the I/O configuration (the DEVICE statement)',
  pnom: 'the path-not-operational mask is set by the channel subsystem when a path does not answer',
  lpum: 'the last-path-used mask is set by the channel subsystem on every start and status',
  pim: 'the path-installed mask comes from the I/O configuration (CHPIDS= of the DEVICE statement)',
  pam: 'the path-available mask follows the channel paths\' configuration: use FAULT CHPID=..,OFFLINE/ONLINE',
  chpids: 'the channel-path identifiers come from the I/O configuration (CHPIDS= of the DEVICE statement)',
  zone: 'reserved',
  st: 'the subchannel type is set by the channel subsystem (0 = I/O subchannel)',
  reserved6: 'reserved',
};

/** SCSW fields a poke of the stored status may change; the others say why not. */
const SCSW_SETTABLE = new Set(['cc', 'N', 'cpa', 'dstat', 'cstat', 'count']);
const SCSW_READ_ONLY: Readonly<Record<string, string>> = {
  key: 'copied from the ORB by START SUBCHANNEL',
  S: 'copied from the ORB by START SUBCHANNEL',
  F: 'copied from the ORB by START SUBCHANNEL',
  P: 'copied from the ORB by START SUBCHANNEL',
  I: 'copied from the ORB by START SUBCHANNEL',
  A: 'copied from the ORB by START SUBCHANNEL',
  U: 'copied from the ORB by START SUBCHANNEL',
  L: 'says what the ESW holds; the channel subsystem sets it with the ESW',
  E: 'says whether the ECW holds information; the channel subsystem sets it with the ECW',
  Z: 'set with an initial-status interruption (ORB I bit)',
  Q: 'reserved in command mode',
  fctl: 'function control is the subchannel\'s state machine (START, HALT, CLEAR): use the driver\'s instructions',
  actl: 'activity control is the subchannel\'s state machine: use the driver\'s instructions',
  stctl: 'status control decides whether status is pending and queued for an interruption: changing it would desynchronise the interruption queue (TEST SUBCHANNEL clears it)',
};

function schName(device: MachineDevice): string {
  return `0.0.${hex(device.schno, 4)}`;
}

/** Text of one row after a set, from the same describe() the variables use. */
function rowText(rows: ReturnType<typeof PMCW.describe>, path: readonly string[]): string {
  let list = rows;
  for (let i = 0; i < path.length; i++) {
    const row = list.find((r) => r.name === path[i]);
    if (!row) return '';
    if (i === path.length - 1) return row.text;
    list = (row.children ?? []) as typeof rows;
  }
  return '';
}

/**
 * The guest-visible subchannel's PMCW (QEMU's virtual subchannel on PATH vfio, as MSCH changes
 * it): a debugger poke, like storing into a SCHIB and issuing MODIFY SUBCHANNEL without its
 * condition-code checks (so it also works while the subchannel is busy or status pending).
 */
export function pmcwSetter(runtime: Runtime, pokes: PokeJournal, device: MachineDevice): Setter {
  return (path, value) => {
    const name = path[path.length - 1] ?? '';
    if (path.length !== 1) return { error: `${path.join('.')} is not a PMCW field` };
    const why = PMCW_READ_ONLY[name];
    if (why) return { error: `PMCW ${name} is read-only: ${why}.` };
    const sch = runtime.machine.io.subchannel(device.schno);
    if (!sch) return { error: `There is no subchannel ${schName(device)}.` };
    const set = setField(PMCW, PMCW.encode(sch.pmcw), path, value);
    if ('error' in set) return { error: `PMCW ${set.error}` };
    const decoded = PMCW.decode(set.bytes);
    const field = name as keyof Pmcw;
    if (name === 'X' && decoded.X === 1 && runtime.machine.path === 'vfio') {
      return { error: 'PMCW X is read-only on PATH vfio: QEMU\'s virtual subchannel has no extended-measurement words (its MSCH refuses X=1 with an operand exception).' };
    }
    const newValue = decoded[field];
    const schno = device.schno;
    const error = pokes.apply({
      what: `PMCW ${name} of ${schName(device)}`,
      apply: (m) => {
        const s = m.io.subchannel(schno);
        if (s) Object.assign(s.pmcw, { [field]: newValue });
      },
    });
    if (error) return { error };
    return { value: rowText(PMCW.describe(PMCW.encode(sch.pmcw)), path) };
  };
}

/**
 * The stored status of the guest-visible subchannel, only while it is status pending: what the
 * next TEST SUBCHANNEL (TSCH, or WAIT's) stores into the IRB.
 */
export function scswSetter(runtime: Runtime, pokes: PokeJournal, device: MachineDevice): Setter {
  return (path, value) => {
    const name = path[path.length - 1] ?? '';
    if (path.length !== 1) return { error: `${path.join('.')} is not an SCSW field` };
    const why = SCSW_READ_ONLY[name];
    if (why) return { error: `SCSW ${name} is read-only: ${why}.` };
    if (!SCSW_SETTABLE.has(name)) return { error: `SCSW has no field ${name}.` };
    const sch = runtime.machine.io.subchannel(device.schno);
    if (!sch) return { error: `There is no subchannel ${schName(device)}.` };
    if (!sch.statusPending) {
      const now = sch.scsw.stctl === 0 ? 'no status' : `status control ${maskText(STATUS_CONTROL, sch.scsw.stctl)}`;
      const vfio = runtime.machine.path === 'vfio'
        ? ' On PATH vfio the status reaches the guest\'s subchannel when QEMU handles the I/O interrupt (inside WAIT, TSCH, TPI, SSCH, STCRW): stop after a TPI to change it before TSCH stores it.'
        : '';
      return { error: `SCSW fields can be set only while subchannel ${schName(device)} is status pending (the status the next TEST SUBCHANNEL stores); it has ${now}.${vfio}` };
    }
    const set = setField(SCSW, SCSW.encode(sch.scsw), path, value);
    if ('error' in set) return { error: `SCSW ${set.error}` };
    const field = name as keyof Scsw;
    const newValue = SCSW.decode(set.bytes)[field];
    const schno = device.schno;
    const error = pokes.apply({
      what: `SCSW ${name} of ${schName(device)}`,
      apply: (m) => {
        const s = m.io.subchannel(schno);
        if (s) Object.assign(s.scsw, { [field]: newValue });
      },
    });
    if (error) return { error };
    return { value: rowText(SCSW.describe(SCSW.encode(sch.scsw)), path) };
  };
}

/** Bytes TEST SUBCHANNEL stores: the IRB without its extended-measurement word (as the driver). */
const IRB_STORED = IRB.offsetOf('emw');

/** Where the last IRB lives in guest storage: the area of the TSCH that stored it, or null. */
export function storedIrbArea(runtime: Runtime): number | null {
  const driver = runtime.machine.driver;
  const irb = driver.lastIrb;
  if (!irb) return null;
  for (let i = driver.records.length - 1; i >= 0; i--) {
    const r = driver.records[i];
    if (!r || r.irb !== irb) continue;
    return r.statement.op === 'TSCH' && r.statement.area !== null ? r.statement.area : null;
  }
  return null;
}

/**
 * The last IRB, when `TSCH devno,area` stored it into guest storage: the bytes in storage
 * change (journalled like writeMemory) and so does the CPU's copy that EXPECT checks, so both
 * agree. An IRB a WAIT took stays with the CPU (not in storage) and is not settable.
 */
export function irbSetter(runtime: Runtime, pokes: PokeJournal): Setter {
  return (path, value) => {
    const irb = runtime.machine.driver.lastIrb;
    if (!irb) return { error: 'No IRB has been stored yet.' };
    const area = storedIrbArea(runtime);
    if (area === null) {
      return { error: 'The last IRB was taken by WAIT (or TSCH without an area): it is the CPU\'s, not in guest storage, so there is nothing real to change. Use TSCH devno,area to store it into storage; to change the status before it is taken, set the Subchannel scope\'s SCSW while status is pending.' };
    }
    const set = setField(IRB, irb, path, value);
    if ('error' in set) return { error: `IRB ${set.error}` };
    const touched = set.field.kind === 'bytes' ? set.field.offset : path[0] === 'scsw' ? 0 : IRB.offsetOf(path[0] ?? 'scsw');
    if (touched >= IRB_STORED) return { error: 'IRB emw is not in guest storage: TEST SUBCHANNEL stores the IRB without the extended-measurement word.' };
    const stored = set.bytes.slice(0, IRB_STORED);
    if (!runtime.writeGuest(area, stored)) return { error: `The IRB area X'${hex(area, 8)}' is outside guest storage.` };
    const error = pokes.apply({
      what: `IRB ${path.join('.')}`,
      apply: (m) => m.driver.lastIrb?.set(stored, 0),
    });
    if (error) return { error };
    return { value: rowText(IRB.describe(irb), path) };
  };
}

/**
 * The vfio-ccw regions are not settable: a user-space pwrite to them is a request, not a store
 * (vfio_ccw_ops.c, vfio_ccw_async.c, vfio_ccw_chp.c), and writing the bytes without the request
 * would give a state the kernel never produces.
 */
export function regionRefusal(path: readonly string[]): SetResult {
  const top = path[0] ?? '';
  if (top === 'async-cmd region') {
    return { error: 'The async-cmd region cannot be set: a write to it is an HSCH/CSCH request (vfio_ccw_async.c fires ASYNC_REQ and the kernel sets ret_code). Use HSCH/CSCH, or VFIO devno,CMD,n to issue the request with the kernel\'s checks.' };
  }
  if (top === 'schib region' || top === 'crw region') {
    return { error: `The ${top} cannot be set: the kernel refuses every write to it with -EINVAL (vfio_ccw_chp.c); it holds what STSCH / the CRW queue stored.` };
  }
  if (top === 'FSM state' || top === 'vfio path notes') return { error: `${top} is the mediated device's own bookkeeping, not a region: it changes only through requests and interrupts.` };
  return {
    error:
      'The io region cannot be set: a user-space pwrite to it is an I/O request, not a store (vfio_ccw_mdev_write_io_region copies the bytes and fires IO_REQ: the FSM checks the SCSW function, translates and pins the channel program, issues SSCH and answers in ret_code; irb_area is written by the kernel at the interrupt). Writing the bytes without the request would bypass those checks. Use SSCH, or VFIO devno,WRITEIO,orb to make the request as a user-space program would.',
  };
}

/** The Device scope shows a device's state; it changes only through channel commands. */
export function deviceRefusal(path: readonly string[]): SetResult {
  return {
    error: `Device ${path.join('.')} cannot be set: a device's state changes only through the commands it accepts (Define Extent sets the extent and file mask, Seek/Locate Record the position and orientation, writes the image, Sense reads the sense bytes); set directly it could reach a state no channel program can. Change the CCWs or their data, or use FAULT devno,UNITCHECK,SENSE=X'..' for sense.`,
  };
}

/** The ORB the subchannel holds is START SUBCHANNEL's copy of the guest's ORB, taken at the start. */
export function orbRefusal(path: readonly string[]): SetResult {
  return {
    error: `ORB ${path.join('.')} cannot be set: it is the copy START SUBCHANNEL took of the program's ORB when the start function began, and the channel subsystem has already acted on it. Change the ORB in guest storage (Symbols scope or setExpression) before the SSCH that uses it.`,
  };
}

/**
 * The CCW scope shows the CCW the channel has already fetched (on PATH vfio, the copy vfio-ccw
 * took when it translated the program): storing into guest storage now would not change it,
 * and the scope and the machine would disagree. The bytes in storage stay settable through the
 * Symbols scope, setExpression MEM(addr,8) and the memory view, before the CCW is fetched.
 */
export function ccwRefusal(runtime: Runtime, device: MachineDevice): Setter {
  return (path) => {
    const view = runtime.currentCcw(device);
    const where = view ? ` (setExpression MEM(X'${hex(view.address, 8)}',8) changes its bytes for the next fetch)` : '';
    const copy = runtime.machine.path === 'vfio' ? 'vfio-ccw copied and translated it when the program started' : 'the channel has already fetched it';
    return {
      error: `CCW ${path.join('.')} cannot be set: this is the CCW being executed and ${copy}, so a store into guest storage would not change it. Change the CCW in storage before it is fetched${where}, or set a CCW's label in the Symbols scope.`,
    };
  };
}
