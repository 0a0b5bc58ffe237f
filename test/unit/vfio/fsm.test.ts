/**
 * Every cell of vfio_ccw_jumptable (drivers/s390/cio/vfio_ccw_fsm.c): for each state and event,
 * the state the kernel's handler leaves and the ret_code it writes. The expected table below is
 * written from the handlers' code (fsm_notoper, fsm_io_error, fsm_open, fsm_close, ...), not
 * from FSM_TABLE.
 */
import { describe, expect, test } from 'vitest';
import { CMD_REGION, ERRNO, IO_REGION, IRB, SCSW } from '../../../src/arch';
import { FSM_EVENTS, FSM_STATES, FSM_TABLE, type FsmEvent, type FsmState } from '../../../src/vfio';
import { FakeDevice } from '../../helpers/fakeDevice';
import { vfioHarness } from '../../helpers/vfioHarness';

const SLI = 0x20;

/** [next state, io ret_code, cmd ret_code] after the event; null = unchanged from before. */
type Outcome = [FsmState, number | null, number | null];
const EXPECTED: Record<FsmState, Record<FsmEvent, Outcome>> = {
  NOT_OPER: {
    NOT_OPER: ['NOT_OPER', null, null],
    IO_REQ: ['NOT_OPER', -ERRNO.EIO, null],
    INTERRUPT: ['NOT_OPER', null, null],
    ASYNC_REQ: ['NOT_OPER', null, -ERRNO.EIO],
    OPEN: ['NOT_OPER', null, null],
    CLOSE: ['NOT_OPER', null, null],
  },
  STANDBY: {
    NOT_OPER: ['NOT_OPER', null, null],
    IO_REQ: ['STANDBY', -ERRNO.EIO, null],
    INTERRUPT: ['STANDBY', null, null],
    ASYNC_REQ: ['STANDBY', null, -ERRNO.EIO],
    OPEN: ['IDLE', null, null],
    CLOSE: ['NOT_OPER', null, null],
  },
  IDLE: {
    NOT_OPER: ['NOT_OPER', null, null],
    IO_REQ: ['CP_PENDING', 0, null], // a valid START in the io region
    INTERRUPT: ['IDLE', null, null], // unsolicited: state unchanged, IRB copied, eventfd signalled
    ASYNC_REQ: ['IDLE', null, 0], // CSCH on the idle host subchannel
    OPEN: ['NOT_OPER', null, null],
    CLOSE: ['STANDBY', null, null],
  },
  CP_PROCESSING: {
    NOT_OPER: ['NOT_OPER', null, null],
    IO_REQ: ['CP_PROCESSING', -ERRNO.EAGAIN, null],
    INTERRUPT: ['CP_PROCESSING', null, null],
    ASYNC_REQ: ['CP_PROCESSING', null, -ERRNO.EAGAIN],
    OPEN: ['NOT_OPER', null, null],
    CLOSE: ['STANDBY', null, null],
  },
  CP_PENDING: {
    NOT_OPER: ['NOT_OPER', null, null],
    IO_REQ: ['CP_PENDING', -ERRNO.EBUSY, null],
    INTERRUPT: ['IDLE', null, null], // the final interruption ends the program
    ASYNC_REQ: ['CP_PENDING', null, 0], // CSCH accepted; its interruption comes later
    OPEN: ['NOT_OPER', null, null],
    CLOSE: ['STANDBY', null, null], // quiesce: clear, take the interruption, disable
  },
};

function setup() {
  const h = vfioHarness(new FakeDevice(0x190));
  h.program(0x1000, [{ cmd: 0x06, flags: SLI, count: 24, cda: 0x3000 }]);
  const region = new Uint8Array(124);
  IO_REGION.encodeInto(region, 0, { orb_area: h.orb({ cpa: 0x1000 }) });
  SCSW.set(region, 12, 'fctl', 4);
  return { h, region };
}

type Setup = ReturnType<typeof setup>;

/** An unsolicited IRB (attention): cc 0, alert + status pending. */
function unsolicitedIrb(): Uint8Array {
  const irb = new Uint8Array(IRB.size);
  SCSW.encodeInto(irb, 0, { stctl: 0b10001, dstat: 0x80 });
  return irb;
}

/** Runs `event` the way the kernel meets it in that state. */
function deliver(s: Setup, event: FsmEvent): void {
  const { h, region } = s;
  const m = h.mdev;
  switch (event) {
    case 'IO_REQ':
      m.write(0, region);
      return;
    case 'ASYNC_REQ':
      if (m.regions.count > 1) m.write(1 << 10, CMD_REGION.encode({ command: 2 }));
      else {
        CMD_REGION.set(m.regions.cmd, 0, 'command', 2);
        m.handleEvent('ASYNC_REQ');
      }
      return;
    case 'INTERRUPT':
      if (m.state === 'CP_PENDING') h.settle();
      else m.handleEvent('INTERRUPT', unsolicitedIrb());
      return;
    default:
      m.handleEvent(event);
  }
}

function bring(s: Setup, state: FsmState): void {
  const m = s.h.mdev;
  if (state === 'NOT_OPER') m.handleEvent('NOT_OPER');
  if (state === 'STANDBY') m.close();
  if (state === 'CP_PENDING') m.write(0, s.region);
  expect(m.state).toBe(state);
}

describe('vfio_ccw_jumptable: every state × event', () => {
  for (const state of FSM_STATES) {
    for (const event of FSM_EVENTS) {
      const [next, ioRet, cmdRet] = EXPECTED[state][event];
      test(`${state} × ${event} → ${FSM_TABLE[state][event]} → ${next}`, () => {
        const s = setup();
        const m = s.h.mdev;
        let observed: { state: FsmState; io: number; cmd: number } | null = null;
        IO_REGION.set(m.regions.io, 0, 'ret_code', 12345);
        CMD_REGION.set(m.regions.cmd, 0, 'ret_code', 12345);
        if (state === 'CP_PROCESSING') {
          // CP_PROCESSING exists only while a START is being translated: deliver the event then.
          m.addListener({
            translated: () => {
              if (observed || m.state !== 'CP_PROCESSING') return;
              IO_REGION.set(m.regions.io, 0, 'ret_code', 12345);
              CMD_REGION.set(m.regions.cmd, 0, 'ret_code', 12345);
              if (event === 'IO_REQ' || event === 'ASYNC_REQ') m.handleEvent(event);
              else deliver(s, event);
              observed = { state: m.state, io: IO_REGION.get(m.regions.io, 0, 'ret_code'), cmd: CMD_REGION.get(m.regions.cmd, 0, 'ret_code') };
            },
          });
          m.write(0, s.region);
        } else {
          bring(s, state);
          IO_REGION.set(m.regions.io, 0, 'ret_code', 12345);
          CMD_REGION.set(m.regions.cmd, 0, 'ret_code', 12345);
          deliver(s, event);
          observed = { state: m.state, io: IO_REGION.get(m.regions.io, 0, 'ret_code'), cmd: CMD_REGION.get(m.regions.cmd, 0, 'ret_code') };
        }
        expect(observed).not.toBeNull();
        const o = observed as unknown as { state: FsmState; io: number; cmd: number };
        expect(o.state).toBe(next);
        expect(o.io).toBe(ioRet ?? 12345);
        expect(o.cmd).toBe(cmdRet ?? 12345);
        const handled = m.events.filter((e) => e.event === event && e.from === state);
        expect(handled.length).toBeGreaterThan(0);
        expect(handled[0]!.handler).toBe(FSM_TABLE[state][event]);
      });
    }
  }

  test('the transitions are visible: history records each change with its event and handler', () => {
    const s = setup();
    s.h.mdev.write(0, s.region);
    s.h.settle();
    expect(s.h.mdev.history.map((t) => `${t.from}>${t.to} ${t.event}/${t.handler}`)).toEqual([
      'STANDBY>IDLE OPEN/open',
      'IDLE>CP_PROCESSING IO_REQ/io_request',
      'CP_PROCESSING>CP_PENDING IO_REQ/io_request',
      'CP_PENDING>IDLE INTERRUPT/irq',
    ]);
  });
});

describe('VFIO_DEVICE_RESET in every state (vfio_ccw_mdev_reset: CLOSE then OPEN)', () => {
  const cases: [FsmState, number, FsmState][] = [
    ['NOT_OPER', -ERRNO.EINVAL, 'NOT_OPER'],
    // CLOSE in STANDBY is fsm_notoper: resetting a closed device loses it.
    ['STANDBY', -ERRNO.EINVAL, 'NOT_OPER'],
    ['IDLE', 0, 'IDLE'],
    ['CP_PENDING', 0, 'IDLE'],
  ];
  for (const [state, ret, after] of cases) {
    test(`${state}: reset returns ${ret} and leaves ${after}`, () => {
      const s = setup();
      bring(s, state);
      expect(s.h.mdev.reset()).toBe(ret);
      expect(s.h.mdev.state).toBe(after);
      if (after === 'IDLE') {
        expect(s.h.iommu.pinnedPages()).toEqual([]);
        expect(s.h.mdev.write(0, s.region)).toBe(124);
      }
    });
  }

  test('CP_PROCESSING: reset quiesces nothing yet running and leaves IDLE', () => {
    const s = setup();
    let ret: number | null = null;
    s.h.mdev.addListener({ translated: () => { if (ret === null) ret = s.h.mdev.reset(); } });
    s.h.mdev.write(0, s.region);
    expect(ret).toBe(0);
  });
});
