/**
 * The QEMU role in front of the mediated device (src/driver/qemuVfioIo.ts). Every expectation is
 * read from QEMU's hw/vfio/ccw.c and hw/s390x/css.c (newest copy) and include/hw/s390x/css.h,
 * cited per test; the kernel's answers come from the emulated vfio-ccw, whose own tests cite
 * drivers/s390/cio/vfio_ccw_*.c.
 */
import { describe, expect, test } from 'vitest';
import { AC, CMD_REGION, DS, ERRNO, FC, IRB, SC, SCHIB, type Scsw } from '../../../src/arch';
import { FakeDevice } from '../../helpers/fakeDevice';
import { vfioHarness } from '../../helpers/vfioHarness';

const CC = 0x40;
const SLI = 0x20;
const SUSPEND = 0x02;
const PROGRAM = 0x1000;

type Harness = ReturnType<typeof vfioHarness>;

function machine(chpids = [0x01]) {
  const h = vfioHarness(new FakeDevice(0x190), 1 << 20, chpids);
  h.program(PROGRAM, [
    { cmd: 0x06, flags: CC | SLI, count: 24, cda: 0x3000 },
    { cmd: 0x06, flags: CC | SLI, count: 24, cda: 0x3000 },
    { cmd: 0x03, flags: SLI, count: 1 },
  ]);
  return h;
}

function start(h: Harness, cpa = PROGRAM, fields: Parameters<Harness['orb']>[0] = {}) {
  return h.io.startSubchannel(0, h.orb({ cpa, ...fields }));
}

/** The guest's TEST SUBCHANNEL after QEMU handled every eventfd. */
function tsch(h: Harness): { cc: number; scsw: Scsw; irb: ReturnType<typeof IRB.decode> | null } {
  h.settle();
  const t = h.io.testSubchannel(0);
  const irb = t.irb ? IRB.decode(t.irb) : null;
  return { cc: t.cc, scsw: irb ? irb.scsw : h.qemu.vsch.scsw, irb };
}

/** Runs host events until the host subchannel is status pending, before vfio-ccw's interrupt handler has run. */
function untilHostStatusPending(h: Harness): void {
  const sch = h.css.subchannel(0);
  while (sch && !sch.statusPending && h.scheduler.runNext());
  expect(sch?.statusPending).toBe(true);
}

describe('START: vfio_ccw_handle_request maps the io region write to the guest condition code', () => {
  test('accepted (ret_code 0): cc 0, completion through the I/O eventfd', () => {
    const h = machine();
    expect(start(h)).toEqual({ cc: 0 });
    expect(h.io.lastRet(0)).toBe(0);
    const t = tsch(h);
    expect(t.cc).toBe(0);
    expect(t.scsw).toMatchObject({ dstat: DS.CE | DS.DE, cstat: 0, cpa: PROGRAM + 24 });
  });

  test('-EBUSY (host SSCH cc 2): cc 2 and css_do_ssch restores the virtual SCSW', () => {
    const h = machine();
    // Someone else's program occupies the host subchannel; QEMU's virtual one is idle.
    expect(h.css.startSubchannel(0, h.orb({ cpa: PROGRAM }))).toEqual({ cc: 0 });
    expect(start(h)).toEqual({ cc: 2 });
    expect(h.io.lastRet(0)).toBe(-ERRNO.EBUSY);
    expect(h.qemu.vsch.scsw).toMatchObject({ fctl: 0, actl: 0, stctl: 0 });
  });

  test('-ENODEV (host cc 3, no path left) and -EACCES (another path left): both cc 3', () => {
    const one = machine();
    one.css.setDeviceOperational(0, false, 'device');
    expect(start(one)).toEqual({ cc: 3 });
    expect(one.io.lastRet(0)).toBe(-ERRNO.ENODEV);

    const two = machine([0x01, 0x02]);
    two.css.setDeviceOperational(0, false, 'device');
    expect(start(two, PROGRAM, { lpm: 0x80 })).toEqual({ cc: 3 });
    expect(two.io.lastRet(0)).toBe(-ERRNO.EACCES);
    expect(two.qemu.vsch.scsw.fctl).toBe(0);
  });

  test('-EINVAL from translation (CPA not mapped): cc 0, then unit exception as sch_gen_unit_exception builds it', () => {
    const h = machine();
    const cpa = 0x20_0000; // beyond the 1 MiB the harness mapped: vfio_dma_rw fails with -EINVAL
    expect(start(h, cpa)).toEqual({ cc: 0 });
    expect(h.io.lastRet(0)).toBe(-ERRNO.EINVAL);
    const t = tsch(h);
    expect(t.cc).toBe(0);
    // css.h (2021 "css: fix actl handling for unit exceptions"): start pending is kept until TSCH,
    // only device/subchannel active are cleared; CCW address = channel_prog + 8; dstat UX.
    expect(t.scsw).toMatchObject({ fctl: FC.START, actl: AC.STARTPEND, stctl: SC.PRIM | SC.SEC | SC.ALERT | SC.PEND, dstat: DS.UX, cpa: cpa + 8 });
  });

  test('-EFAULT (failing copy) is a unit exception too; -EAGAIN (busy region lock) is retried by QEMU', () => {
    const f = machine();
    f.mdev.injectRegionFault('EFAULT');
    expect(start(f)).toEqual({ cc: 0 });
    expect(f.io.lastRet(0)).toBe(-ERRNO.EFAULT);
    expect(tsch(f).scsw.dstat).toBe(DS.UX);

    const a = machine();
    a.mdev.injectRegionFault('EAGAIN');
    expect(start(a)).toEqual({ cc: 0 });
    expect(a.io.lastRet(0)).toBe(0);
    expect(tsch(a).scsw.dstat).toBe(DS.CE | DS.DE);
  });
});

describe('HALT and CLEAR through the async command region (vfio_ccw_handle_halt/_clear, sch_handle_*_func_passthrough)', () => {
  test('HSCH, kernel 0: cc 0; the host halt interruption becomes the guest status', () => {
    const h = machine();
    start(h);
    expect(h.io.haltSubchannel(0)).toEqual({ cc: 0 });
    expect(CMD_REGION.get(h.mdev.regions.cmd, 0, 'command')).toBe(1);
    expect(h.io.lastRet(0)).toBe(0);
    const t = tsch(h);
    expect(t.cc).toBe(0);
    expect(t.scsw.fctl & FC.HALT).toBe(FC.HALT);
  });

  test('HSCH, kernel -EBUSY (host status pending): cc 2 and css_do_hsch restores scsw.ctrl', () => {
    const h = machine();
    start(h);
    untilHostStatusPending(h);
    const before = { ...h.qemu.vsch.scsw };
    expect(h.io.haltSubchannel(0)).toEqual({ cc: 2 });
    expect(h.io.lastRet(0)).toBe(-ERRNO.EBUSY);
    expect(h.qemu.vsch.scsw).toMatchObject({ fctl: before.fctl, actl: before.actl, stctl: before.stctl });
  });

  test('HSCH, kernel -ENODEV (host subchannel gone): cc 3, ctrl restored', () => {
    const h = machine();
    start(h);
    h.css.setDeviceOperational(0, false, 'subchannel');
    expect(h.io.haltSubchannel(0)).toEqual({ cc: 3 });
    expect(h.io.lastRet(0)).toBe(-ERRNO.ENODEV);
    expect(h.qemu.vsch.scsw).toMatchObject({ fctl: FC.START, actl: AC.STARTPEND });
  });

  test('HSCH, kernel -EIO (FSM NOT_OPER): cc 0 and a unit exception; the halt function stays in the SCSW', () => {
    const h = machine();
    start(h);
    h.mdev.handleEvent('NOT_OPER');
    expect(h.io.haltSubchannel(0)).toEqual({ cc: 0 });
    expect(h.io.lastRet(0)).toBe(-ERRNO.EIO);
    const s = h.qemu.vsch.scsw;
    // css_do_hsch set FC halt (clearing start) and halt pending before the passthrough failed.
    expect(s).toMatchObject({ fctl: FC.HALT, dstat: DS.UX, cpa: PROGRAM + 8, stctl: SC.PRIM | SC.SEC | SC.ALERT | SC.PEND });
    expect(s.actl & AC.HALTPEND).toBe(AC.HALTPEND);
  });

  test('CSCH: kernel 0 gives cc 0 and the clear status; -ENODEV cc 3; -EIO cc 0 + unit exception (vfio_ccw_handle_clear has no -EBUSY case)', () => {
    const ok = machine();
    start(ok);
    expect(ok.io.clearSubchannel(0)).toEqual({ cc: 0 });
    const t = tsch(ok);
    expect(t.cc).toBe(0);
    expect(t.scsw.fctl).toBe(FC.CLEAR);

    const gone = machine();
    start(gone);
    gone.css.setDeviceOperational(0, false, 'subchannel');
    expect(gone.io.clearSubchannel(0)).toEqual({ cc: 3 });
    expect(gone.qemu.vsch.scsw.fctl).toBe(FC.START); // css_do_csch restored the old ctrl

    const dead = machine();
    start(dead);
    dead.mdev.handleEvent('NOT_OPER');
    expect(dead.io.clearSubchannel(0)).toEqual({ cc: 0 });
    expect(dead.io.lastRet(0)).toBe(-ERRNO.EIO);
    expect(dead.qemu.vsch.scsw).toMatchObject({ fctl: FC.CLEAR, dstat: DS.UX });
  });
});

describe('RESUME, CANCEL, MODIFY', () => {
  test('RSCH: css_do_rsch sets resume pending and sends a new START; the host subchannel is still suspended, so -EBUSY, cc 2, and resume pending stays', () => {
    const h = machine();
    h.program(PROGRAM, [
      { cmd: 0x03, flags: CC | SLI, count: 1 },
      { cmd: 0x03, flags: SUSPEND | SLI, count: 1 },
    ]);
    expect(start(h, PROGRAM, { S: 1 })).toEqual({ cc: 0 });
    const suspended = tsch(h);
    expect(suspended.cc).toBe(0);
    expect(suspended.scsw.actl & AC.SUSP).toBe(AC.SUSP);
    // vfio_ccw_sch_io_todo counted the suspension as final: the program is freed, the FSM idle.
    expect(h.mdev.state).toBe('IDLE');
    expect((h.css.subchannel(0)?.scsw.actl ?? 0) & AC.SUSP).toBe(AC.SUSP);

    expect(h.io.resumeSubchannel(0)).toEqual({ cc: 2 });
    expect(h.io.lastRet(0)).toBe(-ERRNO.EBUSY);
    // css_do_rsch, unlike css_do_ssch, restores nothing: resume pending stays, so a second RSCH is cc 2 on QEMU's own check.
    expect(h.qemu.vsch.scsw.actl & AC.RESPEND).toBe(AC.RESPEND);
    const ret = h.io.lastRet(0);
    expect(h.io.resumeSubchannel(0)).toEqual({ cc: 2 });
    expect(h.io.lastRet(0)).toBe(ret);
  });

  test('XSCH is QEMU alone (css_do_xsch): cc 0 on the virtual subchannel while the host program keeps running and still interrupts', () => {
    const h = machine();
    start(h);
    expect(h.io.cancelSubchannel(0)).toEqual({ cc: 0 });
    expect(h.qemu.vsch.scsw).toMatchObject({ fctl: 0, actl: 0 });
    expect(h.mdev.state).toBe('CP_PENDING');
    // The host's final interruption replaces the whole virtual SCSW (vfio_ccw_io_notifier_handler).
    const t = tsch(h);
    expect(t.cc).toBe(0);
    expect(t.scsw).toMatchObject({ fctl: FC.START, dstat: DS.CE | DS.DE });
  });

  test('MSCH is QEMU alone (css_do_msch): the virtual PMCW changes, the host PMCW keeps ISC 3 and the kernel intparm', () => {
    const h = machine();
    const schib = h.io.storeSubchannel(0).schib as Uint8Array;
    const changed = SCHIB.decode(schib);
    changed.pmcw.isc = 5;
    changed.pmcw.intparm = 0x1234_5678;
    expect(h.io.modifySubchannel(0, SCHIB.encode(changed))).toEqual({ cc: 0 });
    expect(h.qemu.vsch.pmcw).toMatchObject({ isc: 5, intparm: 0x1234_5678 });
    expect(h.css.subchannel(0)?.pmcw).toMatchObject({ isc: 3, intparm: h.mdev.subchannelStructAddress });
  });
});

describe('STSCH, STCRW, TPI, sense', () => {
  test('STSCH (vfio_ccw_handle_store): PNOM, LPUM, PAM, POM and the N bit come from the host SCHIB region; the rest is the virtual SCHIB', () => {
    const h = machine();
    const host = h.css.subchannel(0);
    if (!host) throw new Error('no host subchannel');
    Object.assign(host.pmcw, { pnom: 0x40, lpum: 0x80, pam: 0xc0, pom: 0x7f, isc: 3 });
    host.scsw.N = 1;
    const s = SCHIB.decode(h.io.storeSubchannel(0).schib as Uint8Array);
    expect(s.pmcw).toMatchObject({ pnom: 0x40, lpum: 0x80, pam: 0xc0, pom: 0x7f, devno: 0x190 });
    expect(s.scsw.N).toBe(1);
    expect(h.io.lastRet(0)).toBe(SCHIB.size);
  });

  test('STCRW: a path going offline reaches the guest from the CRW region (RSC 4, ERC 6, RSID = CHPID), then cc 1 with zeros', () => {
    const h = machine([0x40]);
    h.css.setChannelPathOnline(0x40, false);
    h.settle();
    const first = h.io.storeChannelReportWord();
    expect(first.cc).toBe(0);
    expect([...first.crw]).toEqual([0x04, 0x06, 0x00, 0x40]);
    expect(h.io.storeChannelReportWord()).toEqual({ cc: 1, crw: new Uint8Array(4) });
  });

  test('TPI takes the oldest pending interruption (cc 1), then finds none (cc 0)', () => {
    const h = machine();
    start(h);
    h.settle();
    expect(h.io.testPendingInterruption()).toEqual({ cc: 1, schno: 0 });
    expect(h.io.testPendingInterruption()).toEqual({ cc: 0, schno: null });
    expect(h.io.testSubchannel(0).cc).toBe(0); // the status stays pending for TSCH
  });

  test('unit check with concurrent sense on: the host ECW becomes QEMU sense_data and the guest ECW; TSCH then clears it', () => {
    const h = machine();
    const host = h.css.subchannel(0);
    if (!host) throw new Error('no host subchannel');
    host.pmcw.S = 1; // the host subchannel stores concurrent sense
    h.qemu.vsch.pmcw.S = 1; // and so does the guest's (MSCH S=1)
    const sense = new Uint8Array(32).map((_, i) => 0x80 + i);
    h.css.injectUnitCheck(0, sense);
    start(h);
    const t = tsch(h);
    expect(t.scsw.dstat & DS.UC).toBe(DS.UC);
    expect([...(t.irb?.ecw ?? [])]).toEqual([...sense]);
    expect(t.irb?.esw.erwS).toBe(1); // the host ESW, copied by vfio_ccw_io_notifier_handler
    expect(h.qemu.senseData.every((b) => b === 0)).toBe(true);
  });

  test('unit check with the guest concurrent sense off: the host ESW still says sense, but build_irb_passthrough copies QEMU sense_data (zeros)', () => {
    const h = machine();
    const host = h.css.subchannel(0);
    if (!host) throw new Error('no host subchannel');
    host.pmcw.S = 1;
    h.css.injectUnitCheck(0, new Uint8Array(32).fill(0x11));
    start(h);
    const t = tsch(h);
    expect(t.irb?.esw.erwS).toBe(1);
    expect(t.irb?.ecw.every((b) => b === 0)).toBe(true);
  });
});
