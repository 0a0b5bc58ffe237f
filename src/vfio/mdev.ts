/**
 * The vfio-ccw mediated device of one host I/O subchannel (drivers/s390/cio/vfio_ccw_ops.c,
 * _fsm.c, _drv.c): its regions, its state machine, the translation of each channel program,
 * and the host side of interruptions (the host's TEST SUBCHANNEL fills the IRB that is copied
 * into the io region, then the I/O eventfd is signalled).
 */
import { AC, ERRNO, FC, IO_REGION, hex, IO_REGION_SIZE, IRB, ORB_AREA, SC, SCSW, VFIO_CCW_OFFSET_SHIFT, type Orb } from '../arch';
import type { ChannelSubsystem, Scheduler } from '../css';
import { ChannelProgramTranslation, type CcwChainSegment, type TranslationNote } from './cp';
import { FSM_TABLE, type FsmEvent, type FsmHandler, type FsmState } from './fsm';
import type { HostMemory } from './hostMemory';
import type { Type1Iommu } from './iommu';

/** VFIO_CCW_CONFIG_REGION_INDEX. */
export const VFIO_CCW_IO_REGION_INDEX = 0;
/** VFIO_CCW_IO_IRQ_INDEX. */
export const VFIO_CCW_IO_IRQ_INDEX = 0;
/** Bytes of the IRB the kernel copies (Linux's struct irb has no extended-measurement word). */
export const LINUX_IRB_SIZE = 64;
/** Time from the host subchannel becoming status pending to the kernel's interrupt handler. */
export const HOST_IRQ_LATENCY_NS = 1000;

export interface FsmTransition {
  readonly time: number;
  readonly event: FsmEvent;
  readonly handler: FsmHandler;
  readonly from: FsmState;
  readonly to: FsmState;
}

export interface MdevListener {
  fsm?(transition: FsmTransition): void;
  /** A channel program was translated (or failed to be); `segments` is a snapshot. */
  translated?(segments: readonly CcwChainSegment[], notes: readonly TranslationNote[], ret: number): void;
  /** The kernel copied an IRB into the io region and signalled the I/O eventfd. */
  irqSignalled?(irb: Uint8Array): void;
}

export class VfioCcwDevice {
  private fsmState: FsmState = 'STANDBY';
  readonly ioRegion = new Uint8Array(IO_REGION_SIZE);
  /** The channel program being run (cp->initialized), or null. */
  cp: ChannelProgramTranslation | null = null;
  /** The last translation, kept after cp_free so the debugger can still show it. */
  lastSegments: readonly CcwChainSegment[] = [];
  readonly history: FsmTransition[] = [];
  private ioTrigger: (() => void) | null = null;
  private readonly listeners: MdevListener[] = [];
  /** Host address of the kernel's struct subchannel: the intparm of every host SSCH. */
  readonly subchannelStructAddress: number;
  /** The host subchannel's logical path mask as the kernel tracks it (sch->lpm). */
  private hostLpm: number;

  constructor(
    readonly name: string,
    private readonly hostCss: ChannelSubsystem,
    readonly hostSchno: number,
    private readonly iommu: Type1Iommu,
    private readonly host: HostMemory,
    private readonly scheduler: Scheduler,
  ) {
    this.subchannelStructAddress = host.alloc(256, `struct subchannel 0.0.${hex(hostSchno, 4)}`) ?? 0;
    const sch = hostCss.subchannel(hostSchno);
    this.hostLpm = sch ? sch.pmcw.pim & sch.pmcw.pam & sch.pmcw.pom : 0;
    hostCss.addListener({
      statusPending: (s) => {
        if (s.schno !== hostSchno) return;
        this.scheduler.after(HOST_IRQ_LATENCY_NS, { kind: 'other', schno: hostSchno }, () => this.hostInterrupt());
      },
    });
  }

  addListener(listener: MdevListener): void {
    this.listeners.push(listener);
  }

  // --- device file operations ---------------------------------------------------------------

  /** open_device: the OPEN event enables the host subchannel (ISC 3). */
  open(): number {
    if (this.state === 'NOT_OPER') return -ERRNO.EINVAL;
    this.fire('OPEN');
    return this.isOperational() ? 0 : -ERRNO.EINVAL;
  }

  isOperational(): boolean {
    return this.state !== 'NOT_OPER';
  }

  close(): number {
    this.fire('CLOSE');
    return 0;
  }

  /** VFIO_DEVICE_SET_IRQS with an eventfd-like trigger (null releases it). */
  setIoTrigger(trigger: (() => void) | null): void {
    this.ioTrigger = trigger;
  }

  /** pwrite on the device file: the region is chosen by offset >> 10. */
  write(offset: number, data: Uint8Array): number {
    const index = offset >> VFIO_CCW_OFFSET_SHIFT;
    const pos = offset & ((1 << VFIO_CCW_OFFSET_SHIFT) - 1);
    if (index !== VFIO_CCW_IO_REGION_INDEX) return -ERRNO.EINVAL;
    if (pos + data.length > IO_REGION_SIZE) return -ERRNO.EINVAL;
    this.ioRegion.set(data, pos);
    this.fire('IO_REQ');
    const ret = IO_REGION.get(this.ioRegion, 0, 'ret_code');
    return ret !== 0 ? ret : data.length;
  }

  /** pread on the device file: the io region returns what was last written or stored. */
  read(offset: number, length: number): Uint8Array | number {
    const index = offset >> VFIO_CCW_OFFSET_SHIFT;
    const pos = offset & ((1 << VFIO_CCW_OFFSET_SHIFT) - 1);
    if (index !== VFIO_CCW_IO_REGION_INDEX) return -ERRNO.EINVAL;
    if (pos + length > IO_REGION_SIZE) return -ERRNO.EINVAL;
    return this.ioRegion.slice(pos, pos + length);
  }

  /** A side-effect-free copy of the io region for the debugger. */
  ioRegionSnapshot(): Uint8Array {
    return this.ioRegion.slice();
  }

  // --- state machine ------------------------------------------------------------------------

  private fire(event: FsmEvent, irb?: Uint8Array): void {
    const handler = FSM_TABLE[this.state][event];
    this.current = { event, handler };
    this.run(handler, irb);
    this.current = null;
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

  get state(): FsmState {
    return this.fsmState;
  }

  private setRet(ret: number): void {
    IO_REGION.set(this.ioRegion, 0, 'ret_code', ret);
  }

  private run(handler: FsmHandler, irb: Uint8Array | undefined): void {
    switch (handler) {
      case 'nop':
      case 'disabled_irq':
      case 'async_error':
      case 'async_retry':
      case 'async_request':
        // The async command region belongs to a later stage of this emulator; its events
        // change nothing in the io region.
        return;
      case 'io_error':
        return this.setRet(-ERRNO.EIO);
      case 'io_busy':
        return this.setRet(-ERRNO.EBUSY);
      case 'io_retry':
        return this.setRet(-ERRNO.EAGAIN);
      case 'io_request':
        return this.ioRequest();
      case 'irq':
        if (irb) this.ioTodo(irb);
        return;
      case 'notoper':
        this.freeCp();
        this.state = 'NOT_OPER';
        return;
      case 'open': {
        const sch = this.hostCss.subchannel(this.hostSchno);
        if (!sch) {
          this.state = 'NOT_OPER';
          return;
        }
        sch.pmcw.isc = 3;
        sch.pmcw.intparm = this.subchannelStructAddress;
        sch.pmcw.E = 1;
        this.state = 'IDLE';
        return;
      }
      case 'close': {
        const sch = this.hostCss.subchannel(this.hostSchno);
        if (sch) sch.pmcw.E = 0;
        this.freeCp();
        this.state = 'STANDBY';
        return;
      }
    }
  }

  /** fsm_io_request. */
  private ioRequest(): void {
    this.state = 'CP_PROCESSING';
    const scsw = SCSW.decode(this.ioRegion, IO_REGION.offsetOf('scsw_area'));
    if ((scsw.fctl & FC.START) !== 0) {
      const orb: Orb = ORB_AREA.decode(this.ioRegion, IO_REGION.offsetOf('orb_area'));
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
      this.lastSegments = cloneSegments(cp.segments);
      this.listeners.forEach((l) => l.translated?.(this.lastSegments, cp.notes, ret));
      if (ret === 0) {
        this.cp = cp;
        ret = this.ioHelper(cp);
        if (ret === 0) {
          this.setRet(0);
          this.state = 'CP_PENDING';
          return;
        }
        this.freeCp();
      }
      this.setRet(ret);
    } else if ((scsw.fctl & (FC.HALT | FC.CLEAR)) !== 0) {
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
        // cc 3: the paths of this ORB are gone; -EACCES while others remain, else -ENODEV.
        this.hostLpm = orb.lpm === 0 ? 0 : this.hostLpm & ~orb.lpm;
        return this.hostLpm !== 0 ? -ERRNO.EACCES : -ERRNO.ENODEV;
      }
    }
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
    const scsw = SCSW.decode(irb, 0);
    const isFinal = (scsw.actl & (AC.SCHACT | AC.DEVACT)) === 0;
    const solicited = scsw.cc !== 0 || scsw.stctl !== (SC.ALERT | SC.PEND);
    const copy = irb.slice(0, LINUX_IRB_SIZE);
    let finished = false;
    if (solicited && this.cp) {
      SCSW.set(copy, 0, 'cpa', this.cp.guestAddressOf(scsw.cpa));
      if (isFinal && this.state === 'CP_PENDING') {
        this.freeCp();
        finished = true;
      }
    }
    this.ioRegion.set(copy, IO_REGION.offsetOf('irb_area'));
    if (finished) this.state = 'IDLE';
    const at = IO_REGION.offsetOf('irb_area');
    this.listeners.forEach((l) => l.irqSignalled?.(this.ioRegion.slice(at, at + IRB.size)));
    this.ioTrigger?.();
  }

  private freeCp(): void {
    this.cp?.free();
    this.cp = null;
  }
}

function cloneSegments(segments: readonly CcwChainSegment[]): CcwChainSegment[] {
  return segments.map((s) => ({
    guestHead: s.guestHead,
    hostHead: s.hostHead,
    ccws: s.ccws.map((c) => ({ ...c, guest: { ...c.guest }, host: { ...c.host }, idal: c.idal ? { ...c.idal } : null })),
  }));
}
