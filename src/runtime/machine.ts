/**
 * One debuggable machine built from an Image: guest storage, the devices, the channel
 * subsystem, and, on PATH vfio, the host side (host memory, IOMMU, host channel subsystem,
 * one vfio-ccw mediated device per device) with the QEMU role in front of it.
 *
 * `advance()` is the smallest unit of progress: one driver statement or one scheduled event.
 * Everything a debugger does (step, continue, breakpoints) is built from it.
 *
 * With the engine's fast path on (`css.engine.batchCcws`), one event may run many chained CCWs;
 * `position` counts what the one-event-per-CCW reference would have counted, so it is the same
 * batched or not (src/css/fastPath.ts, Scheduler.inlined).
 */
import { hex } from '../arch';
import type { DeviceSpec, DriverStatement, Image, IoPath } from '../asm/image';
import { ChannelSubsystem, GuestStorage, Scheduler, type CcwRecord, type ChannelStorage, type Device, type ProgramCheckInfo, type ScheduledEvent } from '../css';
import { DirectIo, Driver, QemuCcwDevice, QemuVfioIo, type DriverDevice, type GuestIo, type StatementRecord } from '../driver';
import { EventFdTable, HostMemory, Type1Iommu, VfioCcwDevice } from '../vfio';

export type DeviceFactory = (spec: DeviceSpec) => { device: Device } | { error: string };

export interface MachineOptions {
  readonly createDevice: DeviceFactory;
  /** Overrides the Image's PATH (launch configuration). */
  readonly path?: IoPath;
}

export interface MachineDevice extends DriverDevice {
  readonly spec: DeviceSpec;
  /** Subchannel number in the channel subsystem that runs the device (the host's on PATH vfio). */
  readonly cssSchno: number;
  readonly qemu: QemuCcwDevice | null;
}

export type Advance =
  | { readonly kind: 'statement'; readonly record: StatementRecord }
  | { readonly kind: 'event'; readonly event: ScheduledEvent }
  | { readonly kind: 'waiting' }
  | { readonly kind: 'idle' };

export interface MachineListener {
  /** The CPU begins a driver statement (a WAIT may leave it waiting). */
  statementStarted?(statement: DriverStatement): void;
  /** A driver statement completed (a WAIT completes when its interruption arrives). */
  statementCompleted?(record: StatementRecord): void;
  /** The CPU waits for an I/O interruption. */
  cpuWaiting?(): void;
  ccw?(record: CcwRecord, device: MachineDevice): void;
  check?(info: ProgramCheckInfo, device: MachineDevice): void;
  statusPending?(device: MachineDevice): void;
  fetched?(device: MachineDevice, address: number): void;
}

export class Machine {
  readonly guest: GuestStorage;
  readonly scheduler = new Scheduler();
  /** The channel subsystem that runs the devices: the guest's (direct) or the host's (vfio). */
  readonly css: ChannelSubsystem;
  readonly io: GuestIo;
  readonly driver: Driver;
  readonly devices: readonly MachineDevice[];
  readonly path: IoPath;
  readonly hostMemory: HostMemory | null = null;
  readonly iommu: Type1Iommu | null = null;
  /** How many CCWs each CSS subchannel has fetched (a new value is a new stop point); counted on both engine paths. */
  readonly fetchCount: { get(cssSchno: number): number | undefined };
  /** advance() calls so far (the Runtime counts its own). */
  private advances = 0;
  private readonly listeners: MachineListener[] = [];

  private constructor(readonly image: Image, path: IoPath, devices: { spec: DeviceSpec; device: Device }[]) {
    this.path = path;
    this.guest = new GuestStorage(image.storageSize);
    for (const chunk of image.chunks) this.guest.write(chunk.address, chunk.bytes);

    let storage: ChannelStorage = this.guest;
    if (path === 'vfio') {
      this.hostMemory = new HostMemory(this.guest);
      this.iommu = new Type1Iommu(this.guest, this.hostMemory);
      // QEMU maps all guest RAM for DMA with IOVA = guest physical address.
      this.iommu.mapDma(0, image.storageSize);
      storage = this.hostMemory;
    }
    this.css = new ChannelSubsystem(storage, this.scheduler);
    const engine = this.css.engine;
    this.fetchCount = { get: (cssSchno) => engine.counter(cssSchno).fetched };

    const machineDevices: MachineDevice[] = [];
    const qemuIo = path === 'vfio' ? new QemuVfioIo(this.css) : null;
    /** QEMU is one process: one descriptor table for all its eventfds. */
    const qemuFds = new EventFdTable();
    devices.forEach(({ spec, device }, i) => {
      const chpids = chpidsOf(spec);
      if (path === 'vfio' && this.hostMemory && this.iommu && qemuIo) {
        // The host subchannel numbers follow the order of the DEVICE statements; the guest keeps
        // the subchannel number the program chose (QEMU's virtual CSS).
        const hostSchno = i;
        this.css.attach(hostSchno, device, { chpids, enabled: false });
        const mdev = new VfioCcwDevice(`vfio-ccw 0.0.${hex(hostSchno, 4)}`, this.css, hostSchno, this.iommu, this.hostMemory, this.scheduler);
        // QEMU opens the device, finds its regions and installs the IO, CRW and REQ eventfds (realize).
        const qemu = new QemuCcwDevice(mdev, spec.schno, spec.devno, chpids, qemuFds);
        qemuIo.add(qemu);
        machineDevices.push({ spec, devno: spec.devno, schno: spec.schno, device, mdev, cssSchno: hostSchno, qemu });
      } else {
        this.css.attach(spec.schno, device, { chpids });
        machineDevices.push({ spec, devno: spec.devno, schno: spec.schno, device, mdev: null, cssSchno: spec.schno, qemu: null });
      }
    });
    this.devices = machineDevices;
    this.io = qemuIo ?? new DirectIo(this.css);
    this.driver = new Driver(image.statements, this.guest, this.io, this.scheduler, machineDevices);

    this.css.addListener({
      ccwFetched: (sch) => {
        const d = this.deviceByCss(sch.schno);
        if (d) this.listeners.forEach((l) => l.fetched?.(d, sch.schno));
      },
      ccwExecuted: (record) => {
        const d = this.deviceByCss(record.schno);
        if (d) this.listeners.forEach((l) => l.ccw?.(record, d));
      },
      check: (info) => {
        const d = this.deviceByCss(info.schno);
        if (d) this.listeners.forEach((l) => l.check?.(info, d));
      },
      statusPending: (sch) => {
        const d = this.deviceByCss(sch.schno);
        if (d) this.listeners.forEach((l) => l.statusPending?.(d));
      },
    });
  }

  /** Builds the machine, or says why it cannot be built (a device that cannot be created). */
  static create(image: Image, options: MachineOptions): Machine | { errors: string[] } {
    const errors: string[] = [];
    const devices: { spec: DeviceSpec; device: Device }[] = [];
    for (const spec of image.devices) {
      const made = options.createDevice(spec);
      if ('error' in made) errors.push(`${spec.loc.file}:${spec.loc.line}: DEVICE ${hex(spec.devno, 4)}: ${made.error}`);
      else devices.push({ spec, device: made.device });
    }
    if (errors.length > 0) return { errors };
    return new Machine(image, options.path ?? image.path, devices);
  }

  addListener(listener: MachineListener): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  deviceByCss(cssSchno: number): MachineDevice | undefined {
    return this.devices.find((d) => d.cssSchno === cssSchno);
  }

  deviceByDevno(devno: number): MachineDevice | undefined {
    return this.devices.find((d) => d.devno === devno);
  }

  /**
   * Where the machine stands in the reference's terms: advance() calls plus the events the fast
   * path ran inline. A batched and an unbatched run pass through the same states at the same
   * positions (a batched run skips some of them).
   */
  get position(): number {
    return this.advances + this.scheduler.inlined;
  }

  /**
   * Runs CCWs on the engine's fast path (or not). Off is the reference: one event per CCW. The
   * horizon is kept by advance() at the CPU's own deadline either way.
   */
  set batching(on: boolean) {
    this.css.engine.batchCcws = on;
  }

  get batching(): boolean {
    return this.css.engine.batchCcws;
  }

  /** The smallest step of progress: a driver statement, or one channel/device event. */
  advance(): Advance {
    this.advances++;
    const driver = this.driver;
    if (driver.state === 'ready') {
      const statement = driver.current;
      if (statement) this.listeners.forEach((l) => l.statementStarted?.(statement));
      const record = driver.execute();
      if (record) return this.completed(record);
      this.listeners.forEach((l) => l.cpuWaiting?.());
      return { kind: 'waiting' };
    }
    if (driver.state === 'waiting') {
      const done = driver.tryCompleteWait();
      if (done) return this.completed(done);
      const next = this.scheduler.peek();
      const deadline = driver.deadline;
      if (next && (deadline === null || next.time <= deadline)) {
        // Inline work may not run past what the waiting CPU would look at: its deadline, and for
        // AWAIT (which a start function can satisfy in the middle of an event) the event itself.
        this.scheduler.horizon = driver.current?.op === 'AWAIT' ? next.time : (deadline ?? Number.POSITIVE_INFINITY);
        this.scheduler.runNext();
        return { kind: 'event', event: next };
      }
      if (deadline !== null) {
        this.scheduler.advanceTo(deadline);
        const timedOut = driver.tryCompleteWait();
        if (timedOut) return this.completed(timedOut);
      }
      const abandoned = driver.abandonWait('no I/O is in progress, so no interruption can arrive');
      return abandoned ? this.completed(abandoned) : { kind: 'idle' };
    }
    // The program has ended; channel activity may still be going on.
    const next = this.scheduler.peek();
    if (next) {
      this.scheduler.horizon = Number.POSITIVE_INFINITY;
      this.scheduler.runNext();
      return { kind: 'event', event: next };
    }
    return { kind: 'idle' };
  }

  private completed(record: StatementRecord): Advance {
    this.listeners.forEach((l) => l.statementCompleted?.(record));
    return { kind: 'statement', record };
  }

  /** Runs to the end of the driver program and of all channel activity (the CLI's `ccw run`). */
  runToEnd(limit = 50_000_000): { atoms: number; runaway: boolean } {
    let atoms = 0;
    while (atoms < limit) {
      const a = this.advance();
      atoms++;
      if (a.kind === 'idle') return { atoms, runaway: false };
    }
    return { atoms, runaway: true };
  }
}


function chpidsOf(spec: DeviceSpec): number[] {
  const text = spec.options['CHPIDS'];
  if (!text) return [0x01];
  const ids = text
    .replace(/[()]/g, '')
    .split(',')
    .map((t) => parseInt(t.trim(), 16))
    .filter((n) => Number.isInteger(n) && n >= 0 && n <= 0xff);
  return ids.length > 0 ? ids.slice(0, 8) : [0x01];
}
