/**
 * PATH vfio: the QEMU role (hw/vfio/ccw.c, hw/s390x/css.c). The guest sees virtual subchannels;
 * START SUBCHANNEL is checked against the virtual subchannel, then written into the mediated
 * device's io region, and the kernel's answer becomes the guest's condition code. Completion
 * arrives through the I/O eventfd, whose handler reads the io region and makes the virtual
 * subchannel status pending.
 */
import { AC, DS, ERRNO, IO_REGION, IO_REGION_SIZE, IRB, ORB_AREA, SC, SCSW, type Orb } from '../arch';
import { acceptStart, clearForTest, startRefusal, testRefusal, type ConditionCode, type InstructionResult, SubchannelState } from '../css';
import type { VfioCcwDevice } from '../vfio';
import type { GuestIo } from './guestIo';

/** QEMU retries a region write that met a busy region lock (EAGAIN) in a loop. */
const EAGAIN_RETRY_LIMIT = 1000;

/** One vfio-ccw device as QEMU passes it through to the guest. */
export class QemuCcwDevice {
  readonly vsch: SubchannelState;
  /** Sense data QEMU keeps for the guest's concurrent-sense IRB. */
  senseData = new Uint8Array(32);
  lastRet: number | null = null;
  private ioSignalled = false;

  constructor(
    readonly mdev: VfioCcwDevice,
    guestSchno: number,
    devno: number,
    chpids: readonly number[],
  ) {
    this.vsch = new SubchannelState(guestSchno, devno, { chpids, isc: 3, enabled: true });
    mdev.setIoTrigger(() => {
      this.ioSignalled = true;
    });
  }

  /** css_do_ssch + vfio_ccw_handle_request + the ret_code → condition code mapping. */
  startSubchannel(orb: Orb, onPending: (schno: number) => void): InstructionResult {
    const refused = startRefusal(this.vsch);
    if (refused !== null) return { cc: refused };
    const saved = { ...this.vsch.scsw };
    acceptStart(this.vsch, orb);

    const region = new Uint8Array(IO_REGION_SIZE);
    ORB_AREA.encodeInto(region, IO_REGION.offsetOf('orb_area'), orb);
    SCSW.encodeInto(region, IO_REGION.offsetOf('scsw_area'), this.vsch.scsw);
    let ret = 0;
    for (let attempt = 0; attempt < EAGAIN_RETRY_LIMIT; attempt++) {
      ret = this.mdev.write(0, region);
      if (ret !== -ERRNO.EAGAIN) break;
    }
    const accepted = ret === IO_REGION_SIZE;
    this.lastRet = accepted ? 0 : ret;
    if (accepted) return { cc: 0 };
    if (ret === -ERRNO.EBUSY) {
      this.vsch.scsw = saved;
      return { cc: 2 };
    }
    if (ret === -ERRNO.ENODEV || ret === -ERRNO.EACCES) {
      this.vsch.scsw = saved;
      return { cc: 3 };
    }
    // Every other failure: the guest gets cc 0 and then a unit exception (sch_gen_unit_exception).
    const scsw = this.vsch.scsw;
    scsw.actl &= ~(AC.DEVACT | AC.SCHACT);
    scsw.stctl |= SC.PRIM | SC.SEC | SC.ALERT | SC.PEND;
    scsw.cpa = (orb.cpa + 8) >>> 0;
    scsw.dstat = DS.UX;
    scsw.cstat = 0;
    this.vsch.interruptionPending = true;
    onPending(this.vsch.schno);
    return { cc: 0 };
  }

  /** vfio_ccw_io_notifier_handler: read the io region, take over its IRB, interrupt the guest. */
  handleIoNotifier(onPending: (schno: number) => void): void {
    if (!this.ioSignalled) return;
    this.ioSignalled = false;
    const read = this.mdev.read(0, IO_REGION_SIZE);
    const scsw = this.vsch.scsw;
    if (typeof read === 'number') {
      this.lastRet = read;
      if (read === -ERRNO.ENODEV) {
        scsw.cc = 3;
        scsw.stctl = SC.ALERT | SC.PEND;
      } else {
        scsw.actl &= ~AC.STARTPEND;
        scsw.cstat = read === -ERRNO.EFAULT ? 0x08 : 0x20;
        scsw.stctl = SC.PRIM | SC.SEC | SC.ALERT | SC.PEND;
      }
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

  /** TEST SUBCHANNEL on the virtual subchannel (build_irb_passthrough + the TSCH rules). */
  testSubchannel(): { cc: ConditionCode; irb: Uint8Array | null } {
    const refused = testRefusal(this.vsch);
    if (refused !== null) return { cc: refused, irb: null };
    this.vsch.ecw = this.senseData.slice();
    const irb = this.vsch.irbBytes();
    if (!this.vsch.statusPending) return { cc: 1, irb };
    clearForTest(this.vsch);
    this.vsch.interruptionPending = false;
    return { cc: 0, irb };
  }
}

export class QemuVfioIo implements GuestIo {
  readonly path = 'vfio' as const;
  private readonly devices = new Map<number, QemuCcwDevice>();
  /** Guest subchannels with an interruption pending, in the order they were injected. */
  private readonly queue: number[] = [];

  add(device: QemuCcwDevice): void {
    this.devices.set(device.vsch.schno, device);
  }

  device(schno: number): QemuCcwDevice | undefined {
    return this.devices.get(schno);
  }

  private readonly inject = (schno: number): void => {
    if (!this.queue.includes(schno)) this.queue.push(schno);
  };

  startSubchannel(schno: number, orb: Orb): InstructionResult {
    const invalid = qemuOrbCheck(orb);
    if (invalid) return { programException: 0x15, reason: invalid };
    const device = this.devices.get(schno);
    if (!device) return { cc: 3 };
    this.poll();
    return device.startSubchannel(orb, this.inject);
  }

  testSubchannel(schno: number): { cc: ConditionCode; irb: Uint8Array | null } {
    this.poll();
    const device = this.devices.get(schno);
    if (!device) return { cc: 3, irb: null };
    const result = device.testSubchannel();
    if (result.cc === 0) this.acceptInterruption(schno);
    return result;
  }

  poll(): void {
    for (const device of this.devices.values()) device.handleIoNotifier(this.inject);
  }

  nextInterruption(schnos: readonly number[] | null): number | null {
    return this.queue.find((s) => schnos === null || schnos.includes(s)) ?? null;
  }

  acceptInterruption(schno: number): void {
    const i = this.queue.indexOf(schno);
    if (i >= 0) this.queue.splice(i, 1);
    const device = this.devices.get(schno);
    if (device) device.vsch.interruptionPending = false;
  }

  subchannel(schno: number): SubchannelState | undefined {
    return this.devices.get(schno)?.vsch;
  }

  lastRet(schno: number): number | null {
    return this.devices.get(schno)?.lastRet ?? null;
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
