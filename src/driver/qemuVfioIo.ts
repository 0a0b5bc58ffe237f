/**
 * PATH vfio: the QEMU role (hw/vfio/ccw.c, hw/s390x/css.c, target/s390x/ioinst.c). The guest
 * sees virtual subchannels; each I/O instruction is checked against the virtual subchannel
 * first, then START, HALT and CLEAR are written into the mediated device's io / async regions
 * and the kernel's answer becomes the guest's condition code. RESUME is forwarded as a new
 * START (the kernel never issues RSCH); CANCEL and MODIFY never leave QEMU. Completion arrives
 * through the I/O eventfd, channel reports through the CRW eventfd; QEMU handles both when the
 * CPU next tests or waits for I/O (`poll`).
 */
import {
  AC,
  CMD_REGION,
  CRW_REGION,
  DS,
  ERRNO,
  FC,
  IO_REGION,
  IO_REGION_SIZE,
  IRB,
  ORB_AREA,
  PMCW,
  SC,
  SCHIB,
  SCSW,
  VFIO_CCW_ASYNC_CMD,
  VFIO_CCW_IRQ_INDEX,
  VFIO_DEVICE_FLAGS,
  VFIO_DEVICE_INFO,
  VFIO_IOCTL,
  VFIO_IRQ_SET,
  VFIO_IRQ_SET_FLAGS,
  VFIO_REGION_INFO,
  VFIO_REGION_INFO_CAP_TYPE_STRUCT,
  VFIO_REGION_SUBTYPE_CCW,
  SCS,
  errnoText,
  hex,
  type Orb,
} from '../arch';
import type { FaultSpec } from '../asm/image';
import { acceptStart, clearForTest, startRefusal, testRefusal, type ChannelSubsystem, type ConditionCode, type InstructionResult, SubchannelState } from '../css';
import { EventFdTable, vfioDeviceIoctl, type EventFd, type PathNoteTopic, type VfioCcwDevice } from '../vfio';
import type { GuestIo } from './guestIo';

/** QEMU retries a region write that met a busy region lock (EAGAIN); the bound only guards our own bugs. */
const EAGAIN_RETRY_LIMIT = 1000;
/** Channel-data check and program check, as QEMU sets them when the io region cannot be read. */
const CSTAT_CDC = 0x08;
const CSTAT_PGMCHK = 0x20;
const CSTAT_CCC = 0x04;

/** Where and why the vfio path did something the architecture (and PATH direct) would not. */
export interface QemuNote {
  readonly op: 'SSCH' | 'HSCH' | 'CSCH' | 'RSCH' | 'XSCH' | 'MSCH' | 'STSCH' | 'CRW' | 'REQ';
  readonly message: string;
}

interface RegionPlace {
  readonly offset: number;
  readonly size: number;
}

/** One vfio-ccw device as QEMU passes it through to the guest. */
export class QemuCcwDevice {
  readonly vsch: SubchannelState;
  /** Sense data QEMU keeps for the guest's concurrent-sense IRB. */
  senseData = new Uint8Array(32);
  lastRet: number | null = null;
  readonly notes: QemuNote[] = [];
  /** The guest's channel reports, filled from the CRW region (css_crw_add_to_queue). */
  readonly crwQueue: Uint8Array[] = [];
  /** Set when the host asked for the device back: QEMU unplugged it. */
  unplugged = false;
  private realized = false;
  private ioFd: EventFd | null = null;
  private crwFd: EventFd | null = null;
  private reqFd: EventFd | null = null;
  private asyncRegion: RegionPlace | null = null;
  private schibRegion: RegionPlace | null = null;
  private crwRegion: RegionPlace | null = null;

  constructor(
    readonly mdev: VfioCcwDevice,
    guestSchno: number,
    devno: number,
    chpids: readonly number[],
    readonly fds: EventFdTable = new EventFdTable(),
  ) {
    this.vsch = new SubchannelState(guestSchno, devno, { chpids, isc: 3, enabled: true });
  }

  /**
   * vfio_ccw_realize: open the device, require VFIO_DEVICE_FLAGS_CCW, find the extra regions by
   * type/subtype, and install the IO, CRW (only with a CRW region) and REQ eventfds.
   */
  realize(): string | null {
    if (this.realized) return null;
    const opened = this.mdev.open();
    if (opened !== 0) return `vfio-ccw: cannot open ${this.mdev.name}: ${errnoText(opened)}`;
    const info = VFIO_DEVICE_INFO.encode({ argsz: VFIO_DEVICE_INFO.size });
    const got = vfioDeviceIoctl(this.mdev, VFIO_IOCTL.DEVICE_GET_INFO, info, this.fds);
    if (got !== 0 || (VFIO_DEVICE_INFO.get(info, 0, 'flags') & VFIO_DEVICE_FLAGS.CCW) === 0) return 'vfio-ccw: not a CCW device';
    const regions = VFIO_DEVICE_INFO.get(info, 0, 'num_regions');
    for (let index = 1; index < regions; index++) {
      const arg = new Uint8Array(VFIO_REGION_INFO.size + VFIO_REGION_INFO_CAP_TYPE_STRUCT.size);
      VFIO_REGION_INFO.encodeInto(arg, 0, { argsz: arg.length, index });
      if (vfioDeviceIoctl(this.mdev, VFIO_IOCTL.DEVICE_GET_REGION_INFO, arg, this.fds) !== 0) continue;
      const capAt = VFIO_REGION_INFO.get(arg, 0, 'cap_offset');
      if (capAt === 0) continue;
      const place = { offset: VFIO_REGION_INFO.get(arg, 0, 'offset'), size: VFIO_REGION_INFO.get(arg, 0, 'size') };
      const subtype = VFIO_REGION_INFO_CAP_TYPE_STRUCT.get(arg, capAt, 'subtype');
      // QEMU insists on the exact sizes of the uapi structs.
      if (subtype === VFIO_REGION_SUBTYPE_CCW.ASYNC_CMD && place.size === CMD_REGION.size) this.asyncRegion = place;
      if (subtype === VFIO_REGION_SUBTYPE_CCW.SCHIB && place.size === SCHIB.size) this.schibRegion = place;
      if (subtype === VFIO_REGION_SUBTYPE_CCW.CRW && place.size === CRW_REGION.size) this.crwRegion = place;
    }
    this.ioFd = this.installIrq(VFIO_CCW_IRQ_INDEX.IO);
    if (this.crwRegion) this.crwFd = this.installIrq(VFIO_CCW_IRQ_INDEX.CRW);
    this.reqFd = this.installIrq(VFIO_CCW_IRQ_INDEX.REQ);
    this.realized = true;
    return null;
  }

  private installIrq(index: number): EventFd | null {
    const fd = this.fds.create();
    const arg = new Uint8Array(VFIO_IRQ_SET.size + 4);
    VFIO_IRQ_SET.encodeInto(arg, 0, {
      argsz: arg.length,
      flags: VFIO_IRQ_SET_FLAGS.DATA_EVENTFD | VFIO_IRQ_SET_FLAGS.ACTION_TRIGGER,
      index,
      start: 0,
      count: 1,
    });
    new DataView(arg.buffer).setInt32(VFIO_IRQ_SET.size, fd.fd, false);
    if (vfioDeviceIoctl(this.mdev, VFIO_IOCTL.DEVICE_SET_IRQS, arg, this.fds) !== 0) {
      this.fds.close(fd.fd);
      return null;
    }
    return fd;
  }

  /** A QEMU-role decision: kept here (by operation) and in the mediated device's path notes (for the debugger and the trace). */
  private note(op: QemuNote['op'], topic: PathNoteTopic, message: string, guestAddress: number | null = this.vsch.orb?.cpa ?? null): void {
    this.notes.push({ op, message });
    if (this.notes.length > 100) this.notes.shift();
    this.mdev.notePath('qemu', topic, guestAddress, message);
  }

  /** Writes a region, retrying on EAGAIN as QEMU does; the kernel's result (bytes or -errno). */
  private pwrite(offset: number, data: Uint8Array): number {
    let ret = 0;
    for (let attempt = 0; attempt < EAGAIN_RETRY_LIMIT; attempt++) {
      ret = this.mdev.write(offset, data);
      if (ret !== -ERRNO.EAGAIN) break;
    }
    return ret;
  }

  /**
   * sch_gen_unit_exception (include/hw/s390x/css.h, since "css: fix actl handling for unit
   * exceptions", 2021) + css_inject_io_interrupt: how QEMU reports a request the kernel refused.
   * Only device/subchannel active are cleared (start, halt or clear pending stay until TSCH), the
   * subchannel status is left as it was, the CCW address is the channel program's + 8.
   */
  private unitException(onPending: (schno: number) => void): void {
    const scsw = this.vsch.scsw;
    scsw.actl &= ~(AC.DEVACT | AC.SCHACT);
    scsw.stctl |= SC.PRIM | SC.SEC | SC.ALERT | SC.PEND;
    scsw.cpa = ((this.vsch.orb?.cpa ?? 0) + 8) >>> 0;
    scsw.dstat = DS.UX;
    this.vsch.interruptionPending = true;
    onPending(this.vsch.schno);
  }

  private notOperational(): boolean {
    return this.unplugged || this.vsch.pmcw.V !== 1 || this.vsch.pmcw.E !== 1;
  }

  /** css_do_ssch + vfio_ccw_handle_request + the ret_code → condition code mapping. */
  startSubchannel(orb: Orb, onPending: (schno: number) => void): InstructionResult {
    if (this.unplugged) return { cc: 3 };
    const refused = startRefusal(this.vsch);
    if (refused !== null) return { cc: refused };
    const saved = { ...this.vsch.scsw };
    acceptStart(this.vsch, orb);
    return this.startPassthrough('SSCH', orb, saved, onPending);
  }

  /** sch_handle_start_func_passthrough: orb_area + the virtual SCSW into the io region. */
  private startPassthrough(op: 'SSCH' | 'RSCH', orb: Orb, saved: SubchannelState['scsw'] | null, onPending: (schno: number) => void): InstructionResult {
    const region = new Uint8Array(IO_REGION_SIZE);
    ORB_AREA.encodeInto(region, IO_REGION.offsetOf('orb_area'), orb);
    SCSW.encodeInto(region, IO_REGION.offsetOf('scsw_area'), this.vsch.scsw);
    const ret = this.pwrite(0, region);
    const accepted = ret === IO_REGION_SIZE;
    this.lastRet = accepted ? 0 : ret;
    if (accepted) return { cc: 0 };
    if (ret === -ERRNO.EBUSY) {
      if (saved) this.vsch.scsw = saved;
      if (op === 'RSCH') {
        this.note('RSCH', 'rsch', 'RSCH reached the host as a new START of the same ORB (the kernel never issues RSCH); the host subchannel is still suspended, so it answered busy: cc 2');
      }
      return { cc: 2 };
    }
    if (ret === -ERRNO.ENODEV || ret === -ERRNO.EACCES) {
      if (saved) this.vsch.scsw = saved;
      return { cc: 3 };
    }
    this.note(op, 'refused', `the kernel refused the request with ${errnoText(ret)}; QEMU turns that into cc 0 and a unit-exception interruption`);
    this.unitException(onPending);
    return { cc: 0 };
  }

  /** css_do_hsch + sch_handle_halt_func_passthrough. */
  haltSubchannel(onPending: (schno: number) => void): InstructionResult {
    if (this.notOperational()) return { cc: 3 };
    const s = this.vsch.scsw;
    if (s.stctl === SC.PEND || (s.stctl & (SC.PRIM | SC.SEC | SC.ALERT)) !== 0) return { cc: 1 };
    if ((s.fctl & (FC.HALT | FC.CLEAR)) !== 0) return { cc: 2 };
    const saved = { ...s };
    s.fctl = (s.fctl | FC.HALT) & ~FC.START;
    if (s.actl === (AC.SCHACT | AC.DEVACT) && s.stctl === SC.INTER) s.stctl &= ~SC.PEND;
    s.actl |= AC.HALTPEND;
    return this.asyncPassthrough('HSCH', VFIO_CCW_ASYNC_CMD.HSCH, saved, onPending);
  }

  /** css_do_csch + sch_handle_clear_func_passthrough. */
  clearSubchannel(onPending: (schno: number) => void): InstructionResult {
    if (this.notOperational()) return { cc: 3 };
    const s = this.vsch.scsw;
    const saved = { ...s };
    s.fctl = FC.CLEAR;
    s.actl = AC.CLEARPEND;
    return this.asyncPassthrough('CSCH', VFIO_CCW_ASYNC_CMD.CSCH, saved, onPending);
  }

  /** vfio_ccw_handle_halt / _clear: {command, 0} into the async region; without it QEMU emulates the function. */
  private asyncPassthrough(op: 'HSCH' | 'CSCH', command: number, saved: SubchannelState['scsw'], onPending: (schno: number) => void): InstructionResult {
    if (!this.asyncRegion) {
      this.note(op, 'emulated', 'the device has no async command region: QEMU emulates the function without the host');
      const s = this.vsch.scsw;
      s.actl &= ~(AC.HALTPEND | AC.CLEARPEND | AC.STARTPEND | AC.RESPEND | AC.SUSP | AC.SCHACT | AC.DEVACT);
      s.stctl = SC.PEND;
      this.vsch.interruptionPending = true;
      onPending(this.vsch.schno);
      return { cc: 0 };
    }
    const region = CMD_REGION.encode({ command, ret_code: 0 });
    const ret = this.pwrite(this.asyncRegion.offset, region);
    this.lastRet = ret === region.length ? 0 : ret;
    if (ret === region.length) return { cc: 0 };
    if (ret === -ERRNO.EBUSY && op === 'HSCH') {
      this.vsch.scsw = saved;
      return { cc: 2 };
    }
    if (ret === -ERRNO.ENODEV || ret === -ERRNO.EACCES) {
      this.vsch.scsw = saved;
      return { cc: 3 };
    }
    this.note(op, 'refused', `the kernel refused ${op} with ${errnoText(ret)}; QEMU turns that into cc 0 and a unit-exception interruption`);
    this.unitException(onPending);
    return { cc: 0 };
  }

  /** css_do_rsch: the virtual checks, resume pending, then the START passthrough again with the stored ORB. */
  resumeSubchannel(onPending: (schno: number) => void): InstructionResult {
    if (this.notOperational()) return { cc: 3 };
    const s = this.vsch.scsw;
    if ((s.stctl & SC.PEND) !== 0) return { cc: 1 };
    if (s.fctl !== FC.START || (s.actl & AC.RESPEND) !== 0 || (s.actl & AC.SUSP) === 0) return { cc: 2 };
    s.actl |= AC.RESPEND;
    const orb = this.vsch.orb;
    if (!orb) return { cc: 2 };
    return this.startPassthrough('RSCH', orb, null, onPending);
  }

  /** css_do_xsch: purely virtual; a program already running on the host keeps running. */
  cancelSubchannel(): InstructionResult {
    if (this.notOperational()) return { cc: 3 };
    const s = this.vsch.scsw;
    if (s.stctl !== 0) return { cc: 1 };
    if (s.fctl !== FC.START || (s.actl & (AC.RESPEND | AC.STARTPEND | AC.SUSP)) === 0 || (s.actl & AC.SCHACT) !== 0) return { cc: 2 };
    s.fctl = 0;
    s.actl &= ~(AC.RESPEND | AC.STARTPEND | AC.SUSP);
    s.dstat = 0;
    s.cstat = 0;
    if (this.mdev.state === 'CP_PENDING') {
      this.note('XSCH', 'xsch', 'XSCH is handled by QEMU alone: the virtual subchannel shows the start cancelled (cc 0), but the channel program already started on the host keeps running and its interruption still arrives');
    }
    return { cc: 0 };
  }

  /** css_do_msch: purely virtual (ioinst_schib_valid's checks first). */
  modifySubchannel(schib: Uint8Array): InstructionResult {
    if (schib.length < SCHIB.size) return { programException: 0x15, reason: 'the SCHIB operand is shorter than 52 bytes' };
    const pmcw = PMCW.decode(schib, 0);
    const word1 = new DataView(schib.buffer, schib.byteOffset + 4, 4).getUint32(0, false);
    const word6 = new DataView(schib.buffer, schib.byteOffset + 24, 4).getUint32(0, false);
    if ((word1 & 0x0700_0000) !== 0 || (word6 & 0xff1f_fff8) !== 0 || pmcw.X === 1) {
      return { programException: 0x15, reason: 'SCHIB reserved bits or XMWME set: QEMU refuses them with an operand exception' };
    }
    if (this.unplugged) return { cc: 3 };
    const v = this.vsch;
    if (v.pmcw.V !== 1) return { cc: 0 };
    if ((v.scsw.stctl & SC.PEND) !== 0) return { cc: 1 };
    if (v.scsw.fctl !== 0) return { cc: 2 };
    Object.assign(v.pmcw, {
      intparm: pmcw.intparm,
      isc: pmcw.isc,
      E: pmcw.E,
      lm: pmcw.lm,
      mm: pmcw.mm,
      D: pmcw.D,
      lpm: pmcw.lpm,
      mbi: pmcw.mbi,
      pom: pmcw.pom,
      F: pmcw.F,
      S: pmcw.S,
    });
    this.note('MSCH', 'msch', 'MSCH is handled by QEMU alone: the virtual PMCW changed, the host subchannel did not', null);
    return { cc: 0 };
  }

  /** vfio_ccw_handle_store + css_do_stsch: PNOM, LPUM, PAM, POM and the N bit come from the host. */
  storeSubchannel(): { cc: ConditionCode; schib: Uint8Array | null } {
    if (this.unplugged) return { cc: 3, schib: null };
    if (this.schibRegion) {
      const read = this.mdev.read(this.schibRegion.offset, this.schibRegion.size);
      this.lastRet = typeof read === 'number' ? read : read.length;
      if (typeof read !== 'number') {
        const host = SCHIB.decode(read);
        Object.assign(this.vsch.pmcw, { pnom: host.pmcw.pnom, lpum: host.pmcw.lpum, pam: host.pmcw.pam, pom: host.pmcw.pom });
        if (host.scsw.N === 1) this.vsch.scsw.N = 1;
      } else {
        this.note('STSCH', 'stsch', `reading the SCHIB region failed (${errnoText(read)}); QEMU only logs it and stores its own SCHIB`, null);
      }
    }
    return { cc: 0, schib: this.vsch.schibBytes() };
  }

  /** vfio_ccw_io_notifier_handler: read the io region, take over its IRB, interrupt the guest. */
  handleIoNotifier(onPending: (schno: number) => void): void {
    if (!this.ioFd || this.ioFd.read() === 0) return;
    const read = this.mdev.read(0, IO_REGION_SIZE);
    const scsw = this.vsch.scsw;
    if (typeof read === 'number') {
      this.lastRet = read;
      if (read === -ERRNO.ENODEV) {
        scsw.cc = 3;
        scsw.stctl = SC.ALERT | SC.PEND;
      } else {
        scsw.actl &= ~AC.STARTPEND;
        scsw.cstat = read === -ERRNO.EFAULT ? CSTAT_CDC : CSTAT_PGMCHK;
        scsw.stctl = SC.PRIM | SC.SEC | SC.ALERT | SC.PEND;
      }
    } else if (read.length !== IO_REGION_SIZE) {
      scsw.actl &= ~AC.STARTPEND;
      scsw.cstat = CSTAT_CCC;
      scsw.stctl = SC.PRIM | SC.SEC | SC.ALERT | SC.PEND;
    } else {
      this.lastRet = read.length;
      const irb = IRB.decode(read, IO_REGION.offsetOf('irb_area'));
      this.vsch.scsw = { ...irb.scsw };
      this.vsch.esw = { ...irb.esw };
      if ((irb.scsw.dstat & DS.UC) !== 0 && this.vsch.pmcw.S === 1) this.senseData = irb.ecw.slice();
    }
    this.vsch.interruptionPending = true;
    onPending(this.vsch.schno);
  }

  /** vfio_ccw_crw_notifier_handler: read the CRW region until it returns zeros. */
  handleCrwNotifier(): void {
    if (!this.crwFd || !this.crwRegion || this.crwFd.read() === 0) return;
    for (;;) {
      const read = this.mdev.read(this.crwRegion.offset, this.crwRegion.size);
      if (typeof read === 'number') {
        this.lastRet = read;
        return;
      }
      this.lastRet = read.length;
      const crw = read.slice(0, 4);
      if (crw.every((b) => b === 0)) return;
      this.crwQueue.push(crw);
    }
  }

  /** vfio_ccw_req_notifier_handler: the host wants the device back; QEMU unplugs it. */
  handleReqNotifier(): void {
    if (!this.reqFd || this.reqFd.read() === 0) return;
    this.unplugged = true;
    this.note('REQ', 'unplug', 'the host asked for the device back (REQ eventfd): QEMU unplugged it, the guest subchannel is gone (cc 3)');
  }

  /** TEST SUBCHANNEL on the virtual subchannel (build_irb_passthrough + the TSCH rules). */
  testSubchannel(): { cc: ConditionCode; irb: Uint8Array | null } {
    if (this.unplugged) return { cc: 3, irb: null };
    const refused = testRefusal(this.vsch);
    if (refused !== null) return { cc: refused, irb: null };
    // build_irb_passthrough: the ECW is always QEMU's sense_data, whatever the host ERW says.
    this.vsch.ecw = this.senseData.slice();
    const irb = this.vsch.irbBytes();
    if (!this.vsch.statusPending) return { cc: 1, irb };
    clearForTest(this.vsch);
    // css_do_tsch_update_subch clears the kept sense data only while concurrent sense is on.
    if (this.vsch.pmcw.S === 1) this.senseData.fill(0);
    this.vsch.interruptionPending = false;
    return { cc: 0, irb };
  }
}

export class QemuVfioIo implements GuestIo {
  readonly path = 'vfio' as const;
  private readonly devices = new Map<number, QemuCcwDevice>();

  /** `hostCss`: the host's channel subsystem, where device and path faults are injected. */
  constructor(private readonly hostCss: ChannelSubsystem | null = null) {}
  /** Guest subchannels with an interruption pending, in the order they were injected. */
  private readonly queue: number[] = [];

  /** Plugs a device in: realize it (open, regions, eventfds). Returns why it failed, or null. */
  add(device: QemuCcwDevice): string | null {
    this.devices.set(device.vsch.schno, device);
    return device.realize();
  }

  device(schno: number): QemuCcwDevice | undefined {
    return this.devices.get(schno);
  }

  private readonly inject = (schno: number): void => {
    if (!this.queue.includes(schno)) this.queue.push(schno);
  };

  private withDevice<T>(schno: number, missing: T, f: (d: QemuCcwDevice) => T): T {
    this.poll();
    const d = this.devices.get(schno);
    return d ? f(d) : missing;
  }

  startSubchannel(schno: number, orb: Orb): InstructionResult {
    const invalid = qemuOrbCheck(orb);
    if (invalid) return { programException: 0x15, reason: invalid };
    return this.withDevice<InstructionResult>(schno, { cc: 3 }, (d) => d.startSubchannel(orb, this.inject));
  }

  haltSubchannel(schno: number): InstructionResult {
    return this.withDevice<InstructionResult>(schno, { cc: 3 }, (d) => d.haltSubchannel(this.inject));
  }

  clearSubchannel(schno: number): InstructionResult {
    return this.withDevice<InstructionResult>(schno, { cc: 3 }, (d) => {
      const r = d.clearSubchannel(this.inject);
      // CSCH withdraws a pending interruption of the subchannel.
      if ('cc' in r && r.cc === 0 && !d.vsch.interruptionPending) this.dequeue(schno);
      return r;
    });
  }

  resumeSubchannel(schno: number): InstructionResult {
    return this.withDevice<InstructionResult>(schno, { cc: 3 }, (d) => d.resumeSubchannel(this.inject));
  }

  cancelSubchannel(schno: number): InstructionResult {
    return this.withDevice<InstructionResult>(schno, { cc: 3 }, (d) => d.cancelSubchannel());
  }

  modifySubchannel(schno: number, schib: Uint8Array): InstructionResult {
    return this.withDevice<InstructionResult>(schno, { cc: 3 }, (d) => d.modifySubchannel(schib));
  }

  storeSubchannel(schno: number): { cc: ConditionCode; schib: Uint8Array | null } {
    return this.withDevice(schno, { cc: 3 as ConditionCode, schib: null }, (d) => d.storeSubchannel());
  }

  testSubchannel(schno: number): { cc: ConditionCode; irb: Uint8Array | null } {
    return this.withDevice(schno, { cc: 3 as ConditionCode, irb: null }, (d) => {
      const result = d.testSubchannel();
      if (result.cc === 0) this.acceptInterruption(schno);
      return result;
    });
  }

  /** TEST PENDING INTERRUPTION: takes the oldest interruption request (cc 1), or cc 0 when none. */
  testPendingInterruption(): { cc: ConditionCode; schno: number | null } {
    this.poll();
    const schno = this.queue[0];
    if (schno === undefined) return { cc: 0, schno: null };
    this.acceptInterruption(schno);
    return { cc: 1, schno };
  }

  /** STORE CHANNEL REPORT WORD from QEMU's channel-report queue (filled from the CRW regions). */
  storeChannelReportWord(): { cc: ConditionCode; crw: Uint8Array } {
    this.poll();
    for (const d of this.devices.values()) {
      const crw = d.crwQueue.shift();
      if (crw) return { cc: 0, crw };
    }
    return { cc: 1, crw: new Uint8Array(4) };
  }

  /** QEMU's main loop: the eventfd handlers of every device. */
  poll(): void {
    for (const device of this.devices.values()) {
      device.handleIoNotifier(this.inject);
      device.handleCrwNotifier();
      device.handleReqNotifier();
    }
  }

  nextInterruption(schnos: readonly number[] | null): number | null {
    return this.queue.find((s) => schnos === null || schnos.includes(s)) ?? null;
  }

  acceptInterruption(schno: number): void {
    this.dequeue(schno);
    const device = this.devices.get(schno);
    if (device) device.vsch.interruptionPending = false;
  }

  private dequeue(schno: number): void {
    const i = this.queue.indexOf(schno);
    if (i >= 0) this.queue.splice(i, 1);
  }

  subchannel(schno: number): SubchannelState | undefined {
    return this.devices.get(schno)?.vsch;
  }

  lastRet(schno: number): number | null {
    return this.devices.get(schno)?.lastRet ?? null;
  }

  private byDevno(devno: number): QemuCcwDevice | undefined {
    for (const d of this.devices.values()) if (d.vsch.devno === devno) return d;
    return undefined;
  }

  /**
   * FAULT on PATH vfio: device and path faults happen at the host (the mediated device learns of
   * them as Linux's does, through the host's events); VFIO faults arm the next region access.
   */
  injectFault(fault: FaultSpec): string | null {
    const css = this.hostCss;
    if (fault.kind === 'CHPID') {
      if (!css) return 'FAULT CHPID needs the host channel subsystem';
      // At the host: a logical vary reaches vfio-ccw as CHP_VARY_OFF/ON (path masks only, no CRW queued);
      // a physical change as CHP_OFFLINE/ONLINE (a CRW in the CRW region).
      if (fault.logical) css.varyChannelPath(fault.chpid, fault.online);
      else css.setChannelPathOnline(fault.chpid, fault.online);
      return null;
    }
    const d = this.byDevno(fault.devno);
    if (!d) return `device ${hex(fault.devno, 4)} is not attached`;
    if (fault.kind === 'VFIO') {
      d.mdev.injectRegionFault(fault.errno);
      return null;
    }
    if (!css) return `FAULT ${fault.kind} needs the host channel subsystem`;
    const schno = d.mdev.hostSchno;
    switch (fault.kind) {
      case 'UNITCHECK':
        css.injectUnitCheck(schno, fault.sense);
        return null;
      case 'ATTN':
        css.presentAttention(schno);
        return null;
      case 'CDC':
      case 'ICC':
      case 'CCC':
        css.injectChannelCheck(schno, SCS[fault.kind]);
        return null;
      case 'BUSY':
        css.injectBusy(schno);
        return null;
      case 'NOTOPER':
        // The host subchannel goes away now; vfio-ccw's sch_event (NOT_OPER) follows after the host's event latency.
        css.setDeviceOperational(schno, false, 'subchannel');
        return null;
      case 'NOPATH':
        css.setDeviceOperational(schno, false, 'device');
        return null;
    }
  }

  injectedSense(devno: number): Uint8Array | null {
    const d = this.byDevno(devno);
    return d ? (this.hostCss?.subchannel(d.mdev.hostSchno)?.faults.heldSense?.slice() ?? null) : null;
  }

  /** The last note of where the vfio path differed for this subchannel, for the trace and the debugger. */
  notes(schno: number): readonly QemuNote[] {
    return this.devices.get(schno)?.notes ?? [];
  }
}

/** ioinst_orb_valid (target/s390x/ioinst.c): QEMU refuses these ORBs with an operand exception. */
function qemuOrbCheck(orb: Orb): string | null {
  if (orb.B === 1) return 'ORB B = 1 (transport mode): QEMU refuses it with an operand exception';
  if (orb.reserved !== 0) return 'ORB word 1 bits 26-30 must be zero';
  if (orb.D === 1) return 'ORB D = 1 (MIDAW): QEMU refuses it with an operand exception';
  if (orb.cpa >= 0x8000_0000) return 'ORB channel-program address has bit 0 set';
  return null;
}
