/**
 * Channel-program rules of the PoO (chapter 15), with expectations from Hercules 3.13 runs
 * (../shared/oracle/results) where the oracle has the case.
 */
import { describe, expect, test } from 'vitest';
import { FakeDevice } from '../../helpers/fakeDevice';
import { harness } from '../../helpers/cssHarness';

const CC = 0x40;
const SLI = 0x20;
const CD = 0x80;

describe('command chaining and ending status', () => {
  test('a chain of NOPs ends with CE DE, primary+secondary+pending, CCW address = last + 8 (oracle e2_nop)', () => {
    const h = harness([new FakeDevice(0x190)]);
    h.program(0x1100, [{ cmd: 0x03, flags: CC | SLI, count: 1 }, { cmd: 0x08, cda: 0x1200 }]);
    h.program(0x1200, [{ cmd: 0x03, flags: SLI, count: 1, cda: 0x3000 }]);
    expect(h.css.startSubchannel(0, h.orb({ cpa: 0x1100 }))).toEqual({ cc: 0 });
    const { cc, scsw } = h.runToStatus();
    expect(cc).toBe(0);
    // e2_nop second program: ccw=0x00001208 dstat=CE|DE count=1, stctl primary|secondary|pending, F
    expect(scsw).toMatchObject({ F: 1, fctl: 4, actl: 0, stctl: 0b00111, cpa: 0x1208, dstat: 0x0c, cstat: 0, count: 1 });
  });

  test('TIC to a TIC is a program check; CCW address = second TIC + 8, count of the last CCW executed (oracle e3_tic_to_tic)', () => {
    const h = harness([new FakeDevice(0x190)]);
    h.program(0x1000, [{ cmd: 0x03, flags: CC | SLI, count: 1 }, { cmd: 0x08, cda: 0x1100 }]);
    h.program(0x1100, [{ cmd: 0x08, cda: 0x1000 }]);
    h.css.startSubchannel(0, h.orb({ cpa: 0x1000 }));
    const { scsw } = h.runToStatus();
    // e3: stctl=alert|primary|secondary|pending ccw=0x00001108 dstat=0x00 cstat=0x20(PGMCHK) count=1
    expect(scsw).toMatchObject({ stctl: 0b10111, cpa: 0x1108, dstat: 0, cstat: 0x20, count: 1 });
  });

  test('status modifier with CE DE skips the next CCW (PoO "Command Chaining", the search-TIC idiom)', () => {
    class SearchDevice extends FakeDevice {
      override execute(c: Parameters<FakeDevice['execute']>[0]) {
        if (c.code === 0x31) {
          this.commands.push(c);
          return { status: 0x4c, required: 5, timeUs: 1 };
        }
        return super.execute(c);
      }
    }
    const dev = new SearchDevice(0x190);
    const h = harness([dev]);
    h.program(0x1000, [
      { cmd: 0x31, flags: CC, count: 5, cda: 0x2000 },
      { cmd: 0x08, cda: 0x1000 },
      { cmd: 0x06, flags: SLI, count: 24, cda: 0x3000 },
    ]);
    h.css.startSubchannel(0, h.orb({ cpa: 0x1000 }));
    const { scsw } = h.runToStatus();
    expect(dev.commands.map((c) => c.code)).toEqual([0x31, 0x06]);
    expect(scsw).toMatchObject({ cpa: 0x1018, dstat: 0x0c, cstat: 0 });
  });

  test('a command rejected with unit check ends the chain with alert status and is not incorrect length (PoO "Incorrect Length"; oracle c_invalid_cmd_then_sense)', () => {
    // Hercules 3.13 shows CE DE UC + IL with count 16 here; an operation rejected during the
    // initiation sequence is not incorrect length, so we show CE DE UC, count 16.
    const dev = new FakeDevice(0x190);
    const h = harness([dev]);
    h.program(0x1000, [{ cmd: 0xff, flags: CC, count: 16, cda: 0x3000 }, { cmd: 0x03, count: 0 }]);
    h.css.startSubchannel(0, h.orb({ cpa: 0x1000 }));
    const { scsw } = h.runToStatus();
    expect(dev.commands).toHaveLength(1);
    expect(scsw).toMatchObject({ stctl: 0b10111, cpa: 0x1008, dstat: 0x0e, cstat: 0, count: 16 });
  });

  test('a device that ends a read with unit check and no data leaves incorrect length (the command was accepted)', () => {
    class FailingRead extends FakeDevice {
      override execute(c: Parameters<FakeDevice['execute']>[0]) {
        return c.code === 0x06 ? { status: 0x0e, data: new Uint8Array(0), timeUs: 1 } : super.execute(c);
      }
    }
    const h = harness([new FailingRead(0x190)]);
    h.program(0x1000, [{ cmd: 0x06, count: 24, cda: 0x3000 }]);
    h.css.startSubchannel(0, h.orb({ cpa: 0x1000 }));
    expect(h.runToStatus().scsw).toMatchObject({ dstat: 0x0e, cstat: 0x40, count: 24 });
  });
});

describe('incorrect length and residual count', () => {
  // The device offers a 24-byte record, as Read Data of R1 (IPL1) does in oracle cases d1-d4.
  const cases = [
    { name: 'd1 short count, no SLI: IL, count 0, alert', count: 16, flags: 0, expect: { cstat: 0x40, count: 0, stctl: 0b10111 } },
    { name: 'd2 short count with SLI: no IL', count: 16, flags: SLI, expect: { cstat: 0, count: 0, stctl: 0b00111 } },
    { name: 'd3 long count, no SLI: IL, residual 8', count: 32, flags: 0, expect: { cstat: 0x40, count: 8, stctl: 0b10111 } },
    { name: 'd4 long count with SLI: residual 8, no IL', count: 32, flags: SLI, expect: { cstat: 0, count: 8, stctl: 0b00111 } },
  ];
  for (const c of cases) {
    test(`oracle ${c.name}`, () => {
      const h = harness([new FakeDevice(0x190)]);
      h.program(0x1000, [{ cmd: 0x06, flags: c.flags, count: c.count, cda: 0x3000 }]);
      h.css.startSubchannel(0, h.orb({ cpa: 0x1000 }));
      const { scsw } = h.runToStatus();
      expect(scsw).toMatchObject({ dstat: 0x0c, cpa: 0x1008, ...c.expect });
      const stored = h.storage.read(0x3000, Math.min(c.count, 24));
      expect(Array.from(stored ?? [])).toEqual(Array.from({ length: Math.min(c.count, 24) }, (_, i) => i + 1));
    });
  }

  test('SLI does not suppress IL when CD is set (PoO "Incorrect Length"; QEMU check_len = !(SLI && !CD))', () => {
    const h = harness([new FakeDevice(0x190, new Uint8Array(10))]);
    h.program(0x1000, [
      { cmd: 0x06, flags: CD | SLI, count: 16, cda: 0x3000 },
      { cmd: 0x06, flags: 0, count: 16, cda: 0x3100 },
    ]);
    h.css.startSubchannel(0, h.orb({ cpa: 0x1000 }));
    const { scsw } = h.runToStatus();
    expect(scsw).toMatchObject({ cstat: 0x40, count: 6, cpa: 0x1008 });
  });

  test('data chaining spreads one record over several CCWs', () => {
    const dev = new FakeDevice(0x190);
    const h = harness([dev]);
    h.program(0x1000, [
      { cmd: 0x06, flags: CD, count: 10, cda: 0x3000 },
      { cmd: 0x00, flags: 0, count: 14, cda: 0x3100 },
    ]);
    h.css.startSubchannel(0, h.orb({ cpa: 0x1000 }));
    const { scsw } = h.runToStatus();
    expect(dev.commands).toHaveLength(1);
    expect(scsw).toMatchObject({ cstat: 0, count: 0, cpa: 0x1010, dstat: 0x0c });
    expect(Array.from(h.storage.read(0x3100, 14) ?? [])).toEqual([11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24]);
  });

  test('an immediate command with a nonzero format-1 count and no SLI is incorrect length unless ORB L (PoO "Immediate Operations")', () => {
    // Hercules 3.13 does not indicate IL here (oracle e2_nop first program: count 1, no IL);
    // the PoO does, unless the ORB's incorrect-length-suppression mode is on.
    const h = harness([new FakeDevice(0x190)]);
    h.program(0x1000, [{ cmd: 0x03, count: 1 }]);
    h.css.startSubchannel(0, h.orb({ cpa: 0x1000 }));
    expect(h.runToStatus().scsw).toMatchObject({ cstat: 0x40, count: 1 });
    h.css.startSubchannel(0, h.orb({ cpa: 0x1000, L: 1 }));
    expect(h.runToStatus().scsw).toMatchObject({ cstat: 0, count: 1 });
    h.css.startSubchannel(0, h.orb({ cpa: 0x1000, F: 0 }));
    h.program(0x1000, [{ cmd: 0x03, count: 1 }], false);
    expect(h.runToStatus().scsw).toMatchObject({ cstat: 0, count: 1, F: 0 });
  });
});

describe('START SUBCHANNEL and TEST SUBCHANNEL condition codes', () => {
  test('SSCH: cc 1 when status pending, cc 2 when busy, cc 3 when not enabled (oracle i1, i2)', () => {
    const h = harness([new FakeDevice(0x190)]);
    h.program(0x1000, [{ cmd: 0x03, flags: SLI, count: 1 }]);
    expect(h.css.startSubchannel(0, h.orb({ cpa: 0x1000 }))).toEqual({ cc: 0 });
    expect(h.css.startSubchannel(0, h.orb({ cpa: 0x1000 }))).toEqual({ cc: 2 });
    while (h.scheduler.runNext());
    expect(h.css.startSubchannel(0, h.orb({ cpa: 0x1000 }))).toEqual({ cc: 1 });
    expect(h.css.testSubchannel(0).cc).toBe(0);
    expect(h.css.testSubchannel(0).cc).toBe(1);
    h.css.subchannel(0)!.pmcw.E = 0;
    expect(h.css.startSubchannel(0, h.orb({ cpa: 0x1000 }))).toEqual({ cc: 3 });
    expect(h.css.testSubchannel(0).cc).toBe(3);
    expect(h.css.startSubchannel(7, h.orb({ cpa: 0x1000 }))).toEqual({ cc: 3 });
  });

  test('SSCH with reserved ORB bits is an operand exception, nothing changes', () => {
    const h = harness([new FakeDevice(0x190)]);
    expect(h.css.startSubchannel(0, h.orb({ cpa: 0x1000, reserved: 1 }))).toMatchObject({ programException: 0x15 });
    expect(h.css.subchannel(0)!.scsw.fctl).toBe(0);
  });

  test('the IRB carries LPUM X80 in ESW byte 1 (oracle b_sense_id_rdc ESW 00800000)', () => {
    const h = harness([new FakeDevice(0x190)]);
    h.program(0x1000, [{ cmd: 0x03, flags: SLI, count: 1 }]);
    h.css.startSubchannel(0, h.orb({ cpa: 0x1000 }));
    const { irb } = h.runToStatus();
    expect(Array.from(irb!.subarray(12, 16))).toEqual([0x00, 0x80, 0x00, 0x00]);
  });

  test('deferred condition code 3 when no path of the LPM is usable (PoO "Deferred Condition Code")', () => {
    const h = harness([new FakeDevice(0x190)]);
    h.css.startSubchannel(0, h.orb({ cpa: 0x1000, lpm: 0x40 }));
    const { scsw } = h.runToStatus();
    expect(scsw).toMatchObject({ cc: 3, stctl: 0b10001, dstat: 0, cstat: 0 });
  });
});

describe('program checks on CCWs', () => {
  test('format-0 CCWs read as format 1: data address beyond storage is a program check, count 0 (oracle f3)', () => {
    const h = harness([new FakeDevice(0x190)], 16 << 20);
    // The format-0 CCW 06 002000 40 00 0010 read as format 1 has data address X'40000010'.
    h.storage.write(0x1000, new Uint8Array([0x63, 0x00, 0x20, 0x00, 0x40, 0x00, 0x00, 0x10]));
    h.css.startSubchannel(0, h.orb({ cpa: 0x1000 }));
    const { scsw } = h.runToStatus();
    expect(scsw).toMatchObject({ stctl: 0b10111, cpa: 0x1008, cstat: 0x20 });
  });

  test('a command code with low-order bits 0000 is a program check', () => {
    const h = harness([new FakeDevice(0x190)]);
    h.program(0x1000, [{ cmd: 0x10, count: 1 }]);
    h.css.startSubchannel(0, h.orb({ cpa: 0x1000 }));
    expect(h.runToStatus().scsw).toMatchObject({ cstat: 0x20, cpa: 0x1008, dstat: 0 });
  });

  test('a CCW address that is not doubleword aligned is a program check', () => {
    const h = harness([new FakeDevice(0x190)]);
    h.css.startSubchannel(0, h.orb({ cpa: 0x1004 }));
    expect(h.runToStatus().scsw).toMatchObject({ cstat: 0x20, cpa: 0x100c });
  });

  test('storing into a frame with another key is a protection check, CE DE still shown (oracle j1_protection_check)', () => {
    const h = harness([new FakeDevice(0x190)]);
    h.storage.setKey(0x3000, 6, false);
    h.program(0x1000, [{ cmd: 0x06, count: 24, cda: 0x3000 }]);
    h.css.startSubchannel(0, h.orb({ cpa: 0x1000, key: 3 }));
    expect(h.runToStatus().scsw).toMatchObject({ key: 3, stctl: 0b10111, cpa: 0x1008, dstat: 0x0c, cstat: 0x10 });
    expect(Array.from(h.storage.read(0x3000, 4) ?? [])).toEqual([0, 0, 0, 0]);
    h.css.startSubchannel(0, h.orb({ cpa: 0x1000, key: 6 }));
    expect(h.runToStatus().scsw).toMatchObject({ key: 6, cstat: 0, dstat: 0x0c });
  });
});

describe('indirect data addressing', () => {
  test('format-1 IDAWs split a read at the 2K boundary (oracle g1_ida_read: 16 bytes at 37F0, 8 at 5000)', () => {
    const h = harness([new FakeDevice(0x190)]);
    h.storage.write(0x4000, new Uint8Array([0, 0, 0x37, 0xf0, 0, 0, 0x50, 0]));
    h.program(0x1000, [{ cmd: 0x06, flags: 0x04, count: 24, cda: 0x4000 }]);
    h.css.startSubchannel(0, h.orb({ cpa: 0x1000 }));
    expect(h.runToStatus().scsw).toMatchObject({ cstat: 0, count: 0, dstat: 0x0c });
    expect(Array.from(h.storage.read(0x37f0, 16) ?? [])).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]);
    expect(Array.from(h.storage.read(0x5000, 8) ?? [])).toEqual([17, 18, 19, 20, 21, 22, 23, 24]);
  });

  test('a second IDAW not on a block boundary is a program check', () => {
    const h = harness([new FakeDevice(0x190)]);
    h.storage.write(0x4000, new Uint8Array([0, 0, 0x37, 0xf0, 0, 0, 0x50, 0x10]));
    h.program(0x1000, [{ cmd: 0x06, flags: 0x04, count: 24, cda: 0x4000 }]);
    h.css.startSubchannel(0, h.orb({ cpa: 0x1000 }));
    expect(h.runToStatus().scsw).toMatchObject({ cstat: 0x20 });
  });
});
