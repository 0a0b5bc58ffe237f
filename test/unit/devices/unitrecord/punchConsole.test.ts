/** 3525 card punch and 3215 console: Hercules 3.13 oracle u5_punch_console, 3505/3525 and 3215 rules. */
import { describe, expect, test } from 'vitest';
import { createDevice } from '../../../../src/devices';
import { toHex } from '../../../helpers/hex';
import { Bench, F, MemoryHost, oracleMemory, oracleOutput, oracleWaits } from './harness';

const DS = { CE: 0x08, DE: 0x04, UC: 0x02, UX: 0x01 };
const IL = 0x40;

function make(type: string, options: Record<string, string>, files: Record<string, string> = {}) {
  const host = new MemoryHost();
  for (const [k, v] of Object.entries(files)) host.files.set(k, new TextEncoder().encode(v));
  const made = createDevice({ devno: 0x000d, type, options }, host);
  if ('error' in made) throw new Error(made.error);
  return { bench: new Bench(made.device), host };
}

describe('3525 card punch', () => {
  test('punched cards as text lines, as Hercules\' ascii punch file (oracle u5); short counts leave blanks, no IL', () => {
    const { bench, host } = make('3525', { OUTPUT: 'p.txt' });
    bench.ebcdic(0x4000, 'PUNCHED CARD ONE' + ' '.repeat(64));
    bench.ebcdic(0x4100, 'SHORT CARD');
    bench.ebcdic(0x4200, 'TWELVE BYTES' + 'Z'.repeat(88));
    const waits = oracleWaits('u5_punch_console');
    const runs = [
      bench.run([{ cmd: 0x01, addr: 0x4000, flags: F.CC, count: 80 }, { cmd: 0x01, addr: 0x4100, count: 12 }]),
      bench.run([{ cmd: 0x01, addr: 0x4200, flags: F.SLI, count: 12 }]),
      bench.run([{ cmd: 0x01, addr: 0x4200, count: 100 }]),
    ];
    runs.forEach((s, i) => expect({ dstat: s.dstat, cstat: s.cstat, count: s.count }, `program ${i}`).toEqual(waits[i]));
    expect(host.text('p.txt')).toBe(oracleOutput('u5_punch_console', '000D'));
  });

  test('a read is a command reject (no IL: Hercules adds it); Sense is 1 byte; NOP is immediate (oracle u5)', () => {
    const { bench } = make('3525', {});
    expect(bench.run([{ cmd: 0x02, addr: 0x4000, count: 80 }])).toMatchObject({ dstat: DS.CE | DS.DE | DS.UC, cstat: 0, count: 80 });
    expect(oracleWaits('u5_punch_console')[3]).toEqual({ dstat: DS.CE | DS.DE | DS.UC, cstat: IL, count: 80 });
    const s = bench.run([{ cmd: 0x04, addr: 0x5000, count: 4 }], 0x1100);
    expect({ dstat: s.dstat, cstat: s.cstat, count: s.count }).toEqual(oracleWaits('u5_punch_console')[4]);
    expect(bench.read(0x5000, 1)).toEqual(Uint8Array.of(0x80));
  });

  test('FORMAT=RAW punches 80-byte card images', () => {
    const { bench, host } = make('3525', { OUTPUT: 'p.bin', FORMAT: 'RAW' });
    bench.storage.write(0x4000, Uint8Array.of(0x00, 0xff, 0xc1));
    bench.run([{ cmd: 0x01, addr: 0x4000, count: 3 }]);
    const card = host.files.get('p.bin');
    expect(card?.length).toBe(80);
    expect(toHex(card!.subarray(0, 4))).toBe('00FFC140');
  });
});

describe('3215 console', () => {
  test('Sense ID under COMPAT=HERCULES is FF 3215 00 3215 00 (oracle u5); reject and Sense as Hercules but without IL', () => {
    const { bench } = make('3215', { COMPAT: 'HERCULES' });
    bench.fill(0x5000, 64, 0xaa);
    expect(bench.run([{ cmd: 0xe4, addr: 0x5020, flags: F.SLI, count: 16 }])).toMatchObject({ dstat: DS.CE | DS.DE, cstat: 0, count: 9 });
    expect(toHex(bench.read(0x5020, 16))).toBe(oracleMemory('u5_punch_console', 0x5000).slice(64, 96));
    expect(bench.run([{ cmd: 0xff, addr: 0x4000, count: 4 }], 0x1100)).toMatchObject({ dstat: DS.CE | DS.DE | DS.UC, cstat: 0, count: 4 });
    const s = bench.run([{ cmd: 0x04, addr: 0x5030, count: 4 }], 0x1200);
    expect({ dstat: s.dstat, cstat: s.cstat, count: s.count }).toEqual(oracleWaits('u5_punch_console')[10]);
  });

  test('Read Inquiry takes the next INPUT= line; the sheet shows prompt and answer; no more lines is intervention required', () => {
    const { bench, host } = make('3215', { INPUT: 'in.txt', OUTPUT: 'con.txt' }, { 'in.txt': 'YES\n' });
    bench.ebcdic(0x4000, 'CONTINUE?');
    const s = bench.run([{ cmd: 0x09, addr: 0x4000, flags: F.CC, count: 9 }, { cmd: 0x0a, addr: 0x4100, flags: F.SLI, count: 20 }]);
    expect(s).toMatchObject({ dstat: DS.CE | DS.DE, cstat: 0, count: 17 });
    expect(toHex(bench.read(0x4100, 3))).toBe('E8C5E2');
    expect(host.text('con.txt')).toBe('CONTINUE?\nYES\n');
    expect(bench.run([{ cmd: 0x0a, addr: 0x4100, count: 20 }], 0x1100)).toMatchObject({ dstat: DS.CE | DS.DE | DS.UC, count: 20 });
    expect(bench.device.sense()).toEqual(Uint8Array.of(0x40));
  });
});
