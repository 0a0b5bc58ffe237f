/** 1403 printer: 2821 component description rules, Hercules 3.13 oracle bytes (u1, u2). */
import { describe, expect, test } from 'vitest';
import { createDevice } from '../../../../src/devices';
import { Carriage, DEFAULT_TAPE, FORM_LINES } from '../../../../src/devices/unitrecord';
import { Bench, F, MemoryHost, oracleOutput, oracleWaits } from './harness';

const DS = { CE: 0x08, DE: 0x04, UC: 0x02, UX: 0x01 };
const IL = 0x40;

function printer(options: Record<string, string> = { OUTPUT: 'print.txt' }) {
  const host = new MemoryHost();
  const made = createDevice({ devno: 0x000e, type: '1403', options }, host);
  if ('error' in made) throw new Error(made.error);
  return { bench: new Bench(made.device), host };
}

/** The first channel program of oracle u1_printer_carriage. */
function u1Chain(b: Bench) {
  const lines: [number, string][] = [[0x4000, 'LINE A'], [0x4010, 'LINE B'], [0x4020, 'LINE C'], [0x4030, 'LINE D'], [0x4040, 'AFTER SKIP'], [0x4050, 'LAST E']];
  lines.forEach(([at, text]) => b.ebcdic(at, text));
  // Hercules runs the immediate CCWs without SLI and without incorrect length; the PoO makes a
  // nonzero count of an immediate format-1 CCW incorrect length, so they carry SLI here.
  return b.run([
    { cmd: 0x01, addr: 0x4000, flags: F.CC, count: 6 },
    { cmd: 0x09, addr: 0x4010, flags: F.CC, count: 6 },
    { cmd: 0x11, addr: 0x4020, flags: F.CC, count: 6 },
    { cmd: 0x1b, addr: 0x4000, flags: F.CC | F.SLI, count: 1 },
    { cmd: 0x19, addr: 0x4030, flags: F.CC, count: 6 },
    { cmd: 0x8b, addr: 0x4000, flags: F.CC | F.SLI, count: 1 },
    { cmd: 0x09, addr: 0x4040, flags: F.CC, count: 10 },
    { cmd: 0x89, addr: 0x4050, count: 6 },
  ]);
}

describe('1403 printer', () => {
  test('write with and without spacing, immediate space and skip: the file holds the bytes Hercules writes (oracle u1)', () => {
    const { bench, host } = printer();
    expect(u1Chain(bench)).toMatchObject({ dstat: DS.CE | DS.DE, cstat: 0, count: 0, cpa: 0x1040 });
    const hercules = oracleOutput('u1_printer_carriage', '000E');
    expect(host.text('print.txt')).toBe(hercules.slice(0, hercules.indexOf('\f', hercules.indexOf('LAST E')) + 1));
  });

  test('a line has 132 print positions: a count of 200 leaves 68, incorrect length unless SLI (Hercules prints all 200)', () => {
    const { bench, host } = printer();
    bench.ebcdic(0x4060, 'W'.repeat(200));
    expect(bench.run([{ cmd: 0x09, addr: 0x4060, count: 200 }])).toMatchObject({ dstat: DS.CE | DS.DE, cstat: IL, count: 68 });
    expect(bench.run([{ cmd: 0x09, addr: 0x4060, flags: F.SLI, count: 200 }])).toMatchObject({ dstat: DS.CE | DS.DE, cstat: 0, count: 68 });
    expect(host.text('print.txt')).toBe(`${'W'.repeat(132)}\n${'W'.repeat(132)}\n`);
    expect(oracleWaits('u1_printer_carriage')[3]).toEqual({ dstat: DS.CE | DS.DE, cstat: 0, count: 0 });
  });

  test('the default carriage tape is Hercules\': from the top, channel 9 is 62 lines down and channel 12 60 (oracle u2)', () => {
    const pages = oracleOutput('u2_printer_channels', '000E').split('\f');
    expect(pages[2]).toBe('\n'.repeat(62));
    expect(pages[3]).toBe('\n'.repeat(60));
    expect(DEFAULT_TAPE[9]! - DEFAULT_TAPE[1]!).toBe(62);
    expect(DEFAULT_TAPE[12]! - DEFAULT_TAPE[1]!).toBe(60);
    const c = new Carriage();
    expect(c.skip(1)).toMatchObject({ lines: FORM_LINES, newPage: true }); // already on channel 1: the next form
    expect(c.skip(12)).toMatchObject({ lines: 60, newPage: false });
  });

  test('spacing onto channel 12 ends with unit exception; onto channel 9 with unit check, sense X\'01\' (2821; Hercules senses neither)', () => {
    const { bench } = printer({});
    const spaces = Array.from({ length: 21 }, () => ({ cmd: 0x1b, addr: 0, flags: F.CC | F.SLI, count: 1 }));
    const s = bench.run(spaces);
    expect(s).toMatchObject({ dstat: DS.CE | DS.DE | DS.UX, cstat: 0, count: 1, cpa: 0x1000 + 20 * 8 });
    expect(bench.run([{ cmd: 0x13, addr: 0, flags: F.SLI, count: 1 }], 0x1200)).toMatchObject({ dstat: DS.CE | DS.DE | DS.UC });
    expect(bench.device.sense()).toEqual(Uint8Array.of(0x01));
    expect(bench.run([{ cmd: 0x8b, addr: 0, flags: F.SLI, count: 1 }], 0x1300)).toMatchObject({ dstat: DS.CE | DS.DE, cstat: 0 });
    expect(oracleWaits('u2_printer_channels')[0]).toEqual({ dstat: DS.CE | DS.DE, cstat: 0, count: 1 });
  });

  test('skip to channel 0 and X\'FF\' are command rejects; Sense is one byte (oracle u1, u2: residual 3 of 4)', () => {
    const { bench } = printer({});
    expect(bench.run([{ cmd: 0x83, addr: 0, count: 1 }])).toMatchObject({ dstat: DS.CE | DS.DE | DS.UC, cstat: 0, count: 1 });
    expect(bench.run([{ cmd: 0xff, addr: 0x4000, count: 4 }])).toMatchObject({ dstat: DS.CE | DS.DE | DS.UC, cstat: 0, count: 4 });
    bench.fill(0x5000, 4, 0xaa);
    const s = bench.run([{ cmd: 0x04, addr: 0x5000, count: 4 }], 0x1100);
    expect({ dstat: s.dstat, cstat: s.cstat, count: s.count }).toEqual(oracleWaits('u1_printer_carriage')[2]);
    expect(bench.read(0x5000, 2)).toEqual(Uint8Array.of(0x80, 0xaa));
  });

  test('the file is written when a program ends, not at every line; a failed write is reported, not thrown', () => {
    const { bench, host } = printer();
    bench.ebcdic(0x4000, 'ONE');
    bench.run([{ cmd: 0x09, addr: 0x4000, flags: F.CC, count: 3 }, { cmd: 0x09, addr: 0x4000, flags: F.CC, count: 3 }, { cmd: 0x09, addr: 0x4000, count: 3 }]);
    expect(host.writes).toEqual(['print.txt']);
    expect(host.text('print.txt')).toBe('ONE\nONE\nONE\n');
    host.failWrites = true;
    bench.run([{ cmd: 0x09, addr: 0x4000, count: 3 }]);
    const device = bench.device as unknown as { flush(): { error?: string } };
    expect(device.flush().error).toMatch(/disk full/);
    expect(bench.device.inspect().find((r) => r.name === 'output')?.value).toMatch(/disk full/);
  });

  test('print timing: 1,100 lines per minute', () => {
    const { bench } = printer({});
    bench.ebcdic(0x4000, 'L');
    const s = bench.run(Array.from({ length: 10 }, (_, i) => ({ cmd: 0x09, addr: 0x4000, flags: i < 9 ? F.CC : 0, count: 1 })));
    expect(s.elapsedNs / 1e6).toBeGreaterThan(545); // 10 × 54.5 ms
    expect(s.elapsedNs / 1e6).toBeLessThan(550);
  });
});
