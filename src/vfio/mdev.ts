/**
 * The vfio-ccw mediated device of one host I/O subchannel (drivers/s390/cio/vfio_ccw_ops.c,
 * _fsm.c, _drv.c, _async.c, _chp.c): its regions, its state machine, the translation of each
 * channel program, and the host side of interruptions (the host's TEST SUBCHANNEL fills the IRB
 * that is copied into the io region, then the I/O eventfd is signalled) and of channel-path
 * events (CRWs in the CRW region, then the CRW eventfd).
 *
 * Region contents live in `regions.ts`; the ioctls in `ioctl.ts`; this file is the state
 * machine and what its handlers do.
 */
import { AC, CF, CMD_REGION, ERC, ERRNO, FC, hex, hexBytes, IO_REGION, IO_REGION_SIZE, IRB, ORB_AREA, RSC, SC, SCSW, VFIO_CCW_ASYNC_CMD, type Orb } from '../arch';
import type { Scheduler } from '../css';
import { ChannelProgramTranslation, type CcwChainSegment, type TranslatedCcw, type TranslationNote } from './cp';
import { CrwQueue } from './crwQueue';
import type { EventFd } from './eventfd';
import { FSM_TABLE, type FsmEvent, type FsmHandler, type FsmState } from './fsm';
import { PathNoteLog, type PathNote, type PathNoteSource, type PathNoteTopic } from './pathNotes';
import { conditionCode, type ChannelPathEventKind, type HostCio } from './hostCio';
import type { HostMemory } from './hostMemory';
import type { Type1Iommu } from './iommu';
import { RegionLock, type InjectedRegionFault } from './regionLock';
import { DeviceRegions, type RegionAccessHandlers } from './regions';
import { snapshotDevice, type VfioDeviceSnapshot } from './snapshot';

/** VFIO_CCW_CONFIG_REGION_INDEX. */
export const VFIO_CCW_IO_REGION_INDEX = 0;
/** VFIO_CCW_IO_IRQ_INDEX. */
export const VFIO_CCW_IO_IRQ_INDEX = 0;
/** Bytes of the IRB the kernel copies (Linux's struct irb has no extended-measurement word). */
export const LINUX_IRB_SIZE = 64;
/** Time from the host subchannel becoming status pending to the kernel's interrupt handler. */
export const HOST_IRQ_LATENCY_NS = 1000;
/**
 * Time from a subchannel or channel-path event at the host CSS to the kernel's handling of it
 * (the CRW machine check is processed by a kernel thread). Until then a not-operational host
 * subchannel answers cc 3 while the FSM still believes it is usable: that window is where
 * -ENODEV / -EACCES become visible to a sequential program.
 */
export const HOST_EVENT_LATENCY_NS = 10_000;
/** cio_cancel_halt_clear's retry budget in vfio_ccw_sch_quiesce. */
const QUIESCE_RETRIES = 255;
/** Bound on the host events run while quiescing, so a device that never answers cannot hang close. */
const QUIESCE_EVENT_LIMIT = 100_000;

export interface FsmTransition {
  readonly time: number;
  readonly event: FsmEvent;
  readonly handler: FsmHandler;
  readonly from: FsmState;
  readonly to: FsmState;
}

/** A guest CCW that changed in guest storage after it was prefetched (the host ran the old copy). */
export interface PrefetchDivergence {
  readonly time: number;
  readonly guestAddress: number;
  readonly prefetched: Uint8Array;
  readonly current: Uint8Array;
  readonly message: string;
}

export interface MdevListener {
  fsm?(transition: FsmTransition): void;
  /** A channel program was translated (or failed to be); `segments` is a snapshot. */
  translated?(segments: readonly CcwChainSegment[], notes: readonly TranslationNote[], ret: number): void;
  /** The kernel copied an IRB into the io region and signalled the I/O eventfd. */
  irqSignalled?(irb: Uint8Array): void;
  /** A CRW was queued for the CRW region. */
  crwQueued?(crw: Uint8Array): void;
  /** A prefetched CCW was modified in guest storage before the program ended. */
  prefetchDivergence?(d: PrefetchDivergence): void;
}

export type IrqName = 'IO' | 'CRW' | 'REQ';

export class VfioCcwDevice implements RegionAccessHandlers {
  private fsmState: FsmState = 'STANDBY';
  /** The four regions' bytes; which of them are registered follows open and close. */
  readonly regions: DeviceRegions;
  /** The channel program being run (cp->initialized), or null. */
  cp: ChannelProgramTranslation | null = null;
  /** The last translation, kept after cp_free so the debugger can still show it. */
  lastSegments: readonly CcwChainSegment[] = [];
  lastNotes: readonly TranslationNote[] = [];
  /** State changes, oldest first (bounded). */
  readonly history: FsmTransition[] = [];
  /** Every event handled, with or without a state change (bounded). */
  readonly events: FsmTransition[] = [];
  readonly divergences: PrefetchDivergence[] = [];
  /** Where and why this device's path differs from PATH direct (kernel and QEMU notes, oldest first). */
  readonly pathNotes = new PathNoteLog();
  readonly crws = new CrwQueue();
  readonly lock = new RegionLock();
  /** The eventfds installed by VFIO_DEVICE_SET_IRQS, per IRQ index. */
  readonly triggers: Record<IrqName, EventFd | null> = { IO: null, CRW: null, REQ: null };
  private readonly listeners: MdevListener[] = [];
  /** Host address of the kernel's struct subchannel: the intparm of every host SSCH. */
  readonly subchannelStructAddress: number;
  /** The host subchannel's logical and operational path masks as the kernel tracks them (sch->lpm, sch->opm). */
  hostLpm: number;
  hostOpm: number;
  /** How often the host asked for the device back (the .request callback). */
  private requestCount = 0;

  constructor(
    readonly name: string,
    private readonly hostCss: HostCio,
    readonly hostSchno: number,
    readonly iommu: Type1Iommu,
    readonly host: HostMemory,
    private readonly scheduler: Scheduler,
  ) {
    this.subchannelStructAddress = host.alloc(256, `struct subchannel 0.0.${hex(hostSchno, 4)}`) ?? 0;
    this.regions = new DeviceRegions(this, this.lock);
    const sch = hostCss.subchannel(hostSchno);
    this.hostOpm = sch ? sch.pmcw.pim & sch.pmcw.pam & sch.pmcw.pom : 0;
    this.hostLpm = this.hostOpm;
    hostCss.addListener({
      statusPending: (s) => {
        if (s.schno !== hostSchno) return;
        this.scheduler.after(HOST_IRQ_LATENCY_NS, { kind: 'other', schno: hostSchno }, () => this.hostInterrupt());
      },
    });
    hostCss.addHostListener?.({
      channelPathEvent: (e) => {
        if (e.schno !== hostSchno) return;
        this.scheduler.after(HOST_EVENT_LATENCY_NS, { kind: 'other', schno: hostSchno }, () => this.chpEvent(e.chpid, e.event));
      },
      subchannelEvent: (e) => {
        if (e.schno !== hostSchno) return;
        this.scheduler.after(HOST_EVENT_LATENCY_NS, { kind: 'other', schno: hostSchno }, () => this.schEvent());
      },
    });
  }

  addListener(listener: MdevListener): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  get state(): FsmState {
    return this.fsmState;
  }

  /** The io region's bytes (what the debugger shows); a copy, no side effects. */
  get ioRegion(): Uint8Array {
    return this.regions.io;
  }

  ioRegionSnapshot(): Uint8Array {
    return this.regions.io.slice();
  }

  /** One side-effect-free picture of everything the debugger shows about this device. */
  snapshot(): VfioDeviceSnapshot {
    return snapshotDevice(this);
  }

  /** Records where the vfio path differs from PATH direct (the QEMU role adds its own notes here). */
  notePath(source: PathNoteSource, topic: PathNoteTopic, guestAddress: number | null, message: string): PathNote {
    return this.pathNotes.add(this.scheduler.now, source, topic, guestAddress, message);
  }

  /** Arms a one-shot region fault (`FAULT devno,VFIO,EAGAIN|EFAULT`). */
  injectRegionFault(fault: InjectedRegionFault): void {
    this.lock.inject(fault);
  }

  // --- device file operations (vfio_ccw_ops.c) ----------------------------------------------

  /** Whether open_device ran without a matching close_device (the vfio core calls each once per first open / last close). */
  opened = false;

  /** vfio_ccw_mdev_open_device: NOT_OPER is -EINVAL; register the extra regions; the OPEN event. */
  open(): number {
    if (this.opened) return 0;
    if (this.state === 'NOT_OPER') return -ERRNO.EINVAL;
    this.regions.registerExtra();
    this.fire('OPEN');
    if (!this.isOperational()) {
      this.regions.unregisterExtra();
      return -ERRNO.EINVAL;
    }
    this.opened = true;
    return 0;
  }

  isOperational(): boolean {
    return this.state !== 'NOT_OPER';
  }

  /** vfio_ccw_mdev_close_device: the CLOSE event, then the extra regions go away. */
  close(): number {
    if (!this.opened) return 0;
    this.opened = false;
    this.fire('CLOSE');
    this.regions.unregisterExtra();
    return 0;
  }

  /**
   * vfio_ccw_fsm_event: one event through the jump table. The device's own paths fire events
   * as the kernel does; this entry point lets the debugger and the table tests reach the cells
   * no user-space path reaches (OPEN while open, for instance).
   */
  handleEvent(event: FsmEvent, irb?: Uint8Array): void {
    this.fire(event, irb);
  }

  /** VFIO_DEVICE_RESET (vfio_ccw_mdev_reset): CLOSE then OPEN; -EINVAL when that leaves NOT_OPER. */
  reset(): number {
    this.fire('CLOSE');
    this.fire('OPEN');
    return this.state === 'NOT_OPER' ? -ERRNO.EINVAL : 0;
  }

  /** pwrite on the device file: the region is chosen by offset >> 10. */
  write(offset: number, data: Uint8Array): number {
    return this.regions.write(offset, data);
  }

  /** pread on the device file. */
  read(offset: number, length: number): Uint8Array | number {
    return this.regions.read(offset, length);
  }

  /** The host wants the device back (the .request callback): signal the REQ eventfd. */
  request(): boolean {
    this.requestCount++;
    if (!this.triggers.REQ) return false;
    this.triggers.REQ.signal();
    return true;
  }

  get requests(): number {
    return this.requestCount;
  }

  // --- RegionAccessHandlers: what a region write or read sets off ---------------------------

  /** An io region write was copied in: the IO_REQ event; the result is ret_code. */
  ioRegionWritten(): number {
    this.fire('IO_REQ');
    return IO_REGION.get(this.regions.io, 0, 'ret_code');
  }

  /** An async region write was copied in: the ASYNC_REQ event; the result is ret_code. */
  asyncRegionWritten(): number {
    this.fire('ASYNC_REQ');
    return CMD_REGION.get(this.regions.cmd, 0, 'ret_code');
  }

  /** vfio_ccw_schib_region_read: cio_update_schib (STORE SUBCHANNEL) fills the region. */
  schibRegionRead(): number {
    const stored = this.hostCss.storeSubchannel(this.hostSchno);
    if (stored.cc !== 0 || !stored.schib) return -ERRNO.ENODEV;
    this.regions.schib.set(stored.schib.subarray(0, this.regions.schib.length));
    return 0;
  }

  /** vfio_ccw_crw_region_read, before the copy: the first queued CRW goes into the region. */
  crwRegionRead(): void {
    const crw = this.crws.take();
    if (crw) this.regions.crw.set(crw.bytes, 0);
  }

  /** ... and after it: the region's crw is zeroed, and the eventfd signalled again while CRWs remain. */
  crwRegionReadDone(): void {
    this.regions.crw.fill(0, 0, 4);
    if (this.crws.length > 0) this.triggers.CRW?.signal();
  }

  // --- state machine (vfio_ccw_fsm.c) -------------------------------------------------------

  private fire(event: FsmEvent, irb?: Uint8Array): void {
    const from = this.state;
    const handler = FSM_TABLE[from][event];
    const outer = this.current;
    this.current = { event, handler };
    this.run(handler, irb);
    this.current = outer;
    this.events.push({ time: this.scheduler.now, event, handler, from, to: this.state });
    if (this.events.length > 1000) this.events.shift();
  }

  /** The event being handled, so each state change can be recorded with its cause. */
  private current: { event: FsmEvent; handler: FsmHandler } | null = null;

  /** Every state change is recorded, including the passage through CP_PROCESSING. */
  private set state(to: FsmState) {
    const from = this.fsmState;
    this.fsmState = to;
    if (from === to) return;
    const cause = this.current ?? { event: 'NOT_OPER' as const, handler: 'notoper' as const };
    const transition: FsmTransition = { time: this.scheduler.now, event: cause.event, handler: cause.handler, from, to };
    this.history.push(transition);
    if (this.history.length > 1000) this.history.shift();
    this.listeners.forEach((l) => l.fsm?.(transition));
  }

  private setRet(ret: number): void {
    IO_REGION.set(this.regions.io, 0, 'ret_code', ret);
  }

  private setCmdRet(ret: number): void {
    CMD_REGION.set(this.regions.cmd, 0, 'ret_code', ret);
  }

  private run(handler: FsmHandler, irb: Uint8Array | undefined): void {
    switch (handler) {
      case 'nop':
        return;
      case 'disabled_irq': {
        // An interruption while the FSM is closed: cio_disable_subchannel once more.
        const sch = this.hostCss.subchannel(this.hostSchno);
        if (sch) sch.pmcw.E = 0;
        return;
      }
      case 'io_error':
        return this.setRet(-ERRNO.EIO);
      case 'io_busy':
        return this.setRet(-ERRNO.EBUSY);
      case 'io_retry':
        return this.setRet(-ERRNO.EAGAIN);
      case 'async_error':
        return this.setCmdRet(-ERRNO.EIO);
      case 'async_retry':
        return this.setCmdRet(-ERRNO.EAGAIN);
      case 'io_request':
        return this.ioRequest();
      case 'async_request':
        return this.asyncRequest();
      case 'irq':
        // fsm_irq copies the IRB and queues vfio_ccw_sch_io_todo, which runs it.
        if (irb) this.ioTodo(irb);
        return;
      case 'notoper':
        // css_sched_sch_todo(SCH_TODO_UNREG) is the host's business; the device is gone for us.
        this.state = 'NOT_OPER';
        this.freeCp();
        return;
      case 'open':
        return this.fsmOpen();
      case 'close':
        return this.fsmClose();
    }
  }

  /** fsm_open: ISC 3, enable the host subchannel with intparm = &struct subchannel. */
  private fsmOpen(): void {
    const sch = this.hostCss.subchannel(this.hostSchno);
    if (!sch || this.hostCss.storeSubchannel(this.hostSchno).cc !== 0) {
      this.fire('NOT_OPER');
      return;
    }
    sch.pmcw.isc = 3;
    sch.pmcw.intparm = this.subchannelStructAddress;
    sch.pmcw.E = 1;
    this.state = 'IDLE';
  }

  /** fsm_close: disable the host subchannel, quiescing it first when it is busy. */
  private fsmClose(): void {
    const sch = this.hostCss.subchannel(this.hostSchno);
    if (!sch || sch.pmcw.E !== 1 || this.hostCss.storeSubchannel(this.hostSchno).cc !== 0) {
      this.fire('NOT_OPER');
      return;
    }
    if (sch.scsw.fctl !== 0 || sch.statusPending) {
      if (!this.quiesce()) {
        this.fire('NOT_OPER');
        return;
      }
    }
    sch.pmcw.E = 0;
    this.state = 'STANDBY';
    this.freeCp();
  }

  /**
   * vfio_ccw_sch_quiesce: cancel, halt or clear whatever runs (cio_cancel_halt_clear), let its
   * interruption arrive and be handled, until the subchannel can be disabled.
   */
  private quiesce(): boolean {
    const sch = this.hostCss.subchannel(this.hostSchno);
    if (!sch) return false;
    const busy = (): boolean => sch.scsw.fctl !== 0 || sch.statusPending;
    let events = 0;
    for (let retries = QUIESCE_RETRIES; busy(); retries--) {
      if (retries <= 0) return false;
      const signalled = (sch.scsw.actl & (AC.HALTPEND | AC.CLEARPEND)) !== 0;
      if (!sch.statusPending && !signalled && this.cancelHaltClear() === 'failed') return false;
      // Wait for the interruption: run the host until this subchannel's status has been taken.
      while (busy() && events < QUIESCE_EVENT_LIMIT) {
        if (sch.statusPending) this.hostInterrupt();
        else if (!this.scheduler.runNext()) break;
        events++;
      }
    }
    return true;
  }

  /**
   * cio_cancel_halt_clear (drivers/s390/cio/cio.c): XSCH; only when XSCH says the function does
   * not apply (cc 2, cio_cancel's -EINVAL) HSCH, and only when HSCH is busy (cc 1 or 2) CSCH.
   * XSCH cc 1 (status pending: cio_cancel's -EBUSY) ends it there: an interruption is coming,
   * and neither halt nor clear is tried; cc 3 of either (-ENODEV) ends it too.
   */
  private cancelHaltClear(): 'issued' | 'busy' | 'failed' {
    const x = conditionCode(this.hostCss.cancelSubchannel?.(this.hostSchno));
    if (x === 0) return 'issued';
    if (x === 1) return 'busy';
    if (x === 3) return 'failed';
    const h = conditionCode(this.hostCss.haltSubchannel?.(this.hostSchno));
    if (h === 0) return 'issued';
    if (h === 3) return 'failed';
    const c = conditionCode(this.hostCss.clearSubchannel?.(this.hostSchno));
    return c === 0 ? 'issued' : 'failed';
  }

  /** fsm_io_request. */
  private ioRequest(): void {
    this.state = 'CP_PROCESSING';
    const io = this.regions.io;
    // Only the function control decides (one field, not the whole SCSW, per START).
    const fctl = SCSW.get(io, IO_REGION.offsetOf('scsw_area'), 'fctl');
    if ((fctl & FC.START) !== 0) {
      const orb: Orb = ORB_AREA.decode(io, IO_REGION.offsetOf('orb_area'));
      if (orb.B === 1) {
        this.setRet(-ERRNO.EOPNOTSUPP);
        this.state = 'IDLE';
        return;
      }
      const cp = new ChannelProgramTranslation(this.iommu, this.host);
      let ret = cp.init(orb);
      if (ret === 0) {
        ret = cp.prefetch();
        if (ret !== 0) cp.free();
      }
      // No copy: cp_free gives the translation a new segment array, so this one stays as translated.
      this.lastSegments = cp.segments;
      this.lastNotes = [...cp.notes];
      this.listeners.forEach((l) => l.translated?.(this.lastSegments, cp.notes, ret));
      if (ret === 0) {
        this.cp = cp;
        if (orb.F === 0) this.noteFormat0(cp, orb.cpa);
        ret = this.ioHelper(cp);
        if (ret === 0) {
          this.setRet(0);
          this.state = 'CP_PENDING';
          return;
        }
        this.freeCp();
      }
      this.setRet(ret);
    } else if ((fctl & (FC.HALT | FC.CLEAR)) !== 0) {
      // Halt and clear go through the async command region, never the io region.
      this.setRet(-ERRNO.EOPNOTSUPP);
    }
    // Function control 0: nothing is done and ret_code keeps what user space wrote.
    this.state = 'IDLE';
  }

  /** fsm_io_helper: the host START SUBCHANNEL and what its condition code means to user space. */
  private ioHelper(cp: ChannelProgramTranslation): number {
    const orb = cp.hostOrb(this.subchannelStructAddress, this.hostLpm);
    if (!orb) return -ERRNO.EIO;
    const result = this.hostCss.startSubchannel(this.hostSchno, orb);
    if ('programException' in result) return -ERRNO.EIO; // the kernel's ssch() returns -EIO on an exception
    switch (result.cc) {
      case 0:
        return 0;
      case 1:
      case 2:
        return -ERRNO.EBUSY;
      default: {
        // cio_start_handle_notoper: the ORB's paths are gone; -EACCES while others remain, else -ENODEV.
        this.hostLpm = orb.lpm === 0 ? 0 : this.hostLpm & ~orb.lpm;
        if (this.hostCss.storeSubchannel(this.hostSchno).cc !== 0) return -ERRNO.ENODEV;
        return this.hostLpm !== 0 ? -ERRNO.EACCES : -ERRNO.ENODEV;
      }
    }
  }

  /** fsm_async_request: the command must be exactly HSCH (1) or CSCH (2). */
  private asyncRequest(): void {
    const command = CMD_REGION.get(this.regions.cmd, 0, 'command');
    if (command === VFIO_CCW_ASYNC_CMD.HSCH) this.setCmdRet(this.doHalt());
    else if (command === VFIO_CCW_ASYNC_CMD.CSCH) this.setCmdRet(this.doClear());
    else this.setCmdRet(-ERRNO.EINVAL);
  }

  /** fsm_do_halt. */
  private doHalt(): number {
    const cc = conditionCode(this.hostCss.haltSubchannel?.(this.hostSchno));
    if (cc === 0) return 0;
    if (cc === 1 || cc === 2) return -ERRNO.EBUSY;
    if (cc === 3 || cc === 'missing') return -ERRNO.ENODEV;
    return -ERRNO.EIO;
  }

  /** fsm_do_clear: cc 1 and 2 cannot happen architecturally; the kernel would return the cc itself. */
  private doClear(): number {
    const cc = conditionCode(this.hostCss.clearSubchannel?.(this.hostSchno));
    if (cc === 0) return 0;
    if (cc === 3 || cc === 'missing') return -ERRNO.ENODEV;
    if (cc === 'exception') return -ERRNO.EIO;
    return cc;
  }

  /** The host's interrupt handler: TEST SUBCHANNEL, then the INTERRUPT event. */
  private hostInterrupt(): void {
    const sch = this.hostCss.subchannel(this.hostSchno);
    if (!sch?.statusPending) return;
    const { cc, irb } = this.hostCss.testSubchannel(this.hostSchno);
    if (cc !== 0 || !irb) return;
    this.fire('INTERRUPT', irb);
  }

  /** vfio_ccw_sch_io_todo. */
  private ioTodo(irb: Uint8Array): void {
    // The four SCSW fields this needs, each from the one table (not the whole SCSW, per interruption).
    const actl = SCSW.get(irb, 0, 'actl');
    const isFinal = (actl & (AC.SCHACT | AC.DEVACT)) === 0;
    const solicited = SCSW.get(irb, 0, 'cc') !== 0 || SCSW.get(irb, 0, 'stctl') !== (SC.ALERT | SC.PEND);
    const copy = irb.slice(0, LINUX_IRB_SIZE);
    let finished = false;
    if (solicited && this.cp) {
      SCSW.set(copy, 0, 'cpa', this.cp.guestAddressOf(SCSW.get(irb, 0, 'cpa')));
      if (isFinal && this.state === 'CP_PENDING') {
        this.checkPrefetchDivergence(this.cp);
        this.freeCp();
        finished = true;
      }
    }
    this.regions.io.set(copy, IO_REGION.offsetOf('irb_area'));
    if (finished) this.state = 'IDLE';
    const at = IO_REGION.offsetOf('irb_area');
    this.listeners.forEach((l) => l.irqSignalled?.(this.regions.io.slice(at, at + IRB.size)));
    this.triggers.IO?.signal();
  }

  /**
   * convert_ccw0_to_ccw1 makes the host run a format-1 program: the host SCSW (copied to the
   * guest) shows F = 1, and a format-0 CCW with count 0, which the architecture program-checks,
   * becomes a format-1 CCW with count 0, which is valid unless data chaining is involved.
   */
  private noteFormat0(cp: ChannelProgramTranslation, cpa: number): void {
    this.notePath('kernel', 'format-0', cpa, `vfio-ccw converted the format-0 program at guest X'${hex(cpa, 1)}' to format 1; the host runs it as format 1 and the SCSW the guest receives has F = 1`);
    let dataChained = false;
    for (const s of cp.segments) {
      for (const t of s.ccws) {
        const isTic = t.guest.cmd === 0x08;
        // An invalid command code (low four bits zero) program-checks on both paths: no difference to note.
        if (!isTic && (t.guest.cmd & 0x0f) !== 0 && t.guest.count === 0 && !dataChained && (t.guest.flags & CF.CD) === 0) {
          this.notePath(
            'kernel',
            'count-0',
            t.guestAddress,
            `the format-0 CCW at guest X'${hex(t.guestAddress, 1)}' has count 0: PATH direct program-checks it (format 0), but converted to format 1 a count of 0 is valid, so the host runs it`,
          );
        }
        if (!isTic) dataChained = (t.guest.flags & CF.CD) !== 0;
      }
    }
  }

  /** Where the guest changed a CCW after it was prefetched: the host ran the copy, not the change. */
  private checkPrefetchDivergence(cp: ChannelProgramTranslation): void {
    cp.segments.forEach((s, segment) => {
      const now = this.iommu.dmaRead(s.guestHead, s.length * 8);
      if (typeof now === 'number') return;
      for (let i = cp.changedSince(segment, now); i >= 0; i = cp.changedSince(segment, now, i + 1)) {
        const t = s.ccws[i] as TranslatedCcw;
        const current = now.slice(i * 8, i * 8 + 8);
        const d: PrefetchDivergence = {
          time: this.scheduler.now,
          guestAddress: t.guestAddress,
          prefetched: t.raw.slice(),
          current,
          message:
            `the CCW at guest X'${hex(t.guestAddress, 1)}' changed in guest storage after vfio-ccw prefetched it; ` +
            'the host ran the prefetched copy (vfio-ccw always prefetches; PATH direct with ORB P=0 would fetch the new CCW)',
        };
        this.divergences.push(d);
        if (this.divergences.length > 100) this.divergences.shift();
        this.notePath('kernel', 'prefetch-divergence', t.guestAddress, `${d.message}: prefetched ${hexBytes(d.prefetched)}, now ${hexBytes(current)}`);
        this.listeners.forEach((l) => l.prefetchDivergence?.(d));
      }
    });
  }

  // --- host cio events (vfio_ccw_drv.c) -----------------------------------------------------

  /** vfio_ccw_sch_event: refresh the SCHIB; a subchannel that no longer answers is NOT_OPER. */
  schEvent(): void {
    if (this.hostCss.storeSubchannel(this.hostSchno).cc !== 0) this.fire('NOT_OPER');
  }

  /** vfio_ccw_chp_event for one CHPID: path masks, cancel/halt/clear, and a CRW for real (not logical) changes. */
  chpEvent(chpid: number, event: ChannelPathEventKind): number {
    const sch = this.hostCss.subchannel(this.hostSchno);
    if (!sch) return 0;
    let mask = 0;
    Array.from(sch.pmcw.chpids).forEach((c, i) => {
      if (c === chpid && (sch.pmcw.pim & (0x80 >> i)) !== 0) mask |= 0x80 >> i;
    });
    if (mask === 0) return 0;
    if (this.hostCss.storeSubchannel(this.hostSchno).cc !== 0) return -ERRNO.ENODEV;
    switch (event) {
      case 'vary-off':
        this.hostOpm &= ~mask;
        this.hostLpm &= ~mask;
        if ((sch.pmcw.lpum & mask) !== 0 && sch.scsw.fctl !== 0) this.cancelHaltClear();
        break;
      case 'offline':
        if ((sch.pmcw.lpum & mask) !== 0 && sch.scsw.fctl !== 0) this.cancelHaltClear();
        this.queueCrw(RSC.CHANNEL_PATH, ERC.PERRN, chpid);
        break;
      case 'vary-on':
        this.hostOpm |= mask;
        this.hostLpm |= mask;
        break;
      case 'online':
        this.hostLpm |= mask & this.hostOpm;
        this.queueCrw(RSC.CHANNEL_PATH, ERC.INIT, chpid);
        break;
    }
    return 0;
  }

  /** vfio_ccw_queue_crw + vfio_ccw_crw_todo: queue, then signal the CRW eventfd. */
  private queueCrw(rsc: number, erc: number, rsid: number): void {
    const crw = this.crws.add(rsc, erc, rsid);
    this.listeners.forEach((l) => l.crwQueued?.(crw.bytes.slice()));
    if (this.crws.length > 0) this.triggers.CRW?.signal();
  }

  private freeCp(): void {
    this.cp?.free();
    this.cp = null;
  }
}

export { IO_REGION_SIZE };
