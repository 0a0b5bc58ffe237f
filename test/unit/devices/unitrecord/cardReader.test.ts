/** 3505 card reader: rules from the 3505 component description and PoO, bytes from the Hercules oracle. */
import { describe, expect, test } from 'vitest';
import { createDevice } from '../../../../src/devices';
import type { Device } from '../../../../src/css';
import { toHex } from '../../../helpers/hex';
import { Bench, F, MemoryHost, oracleMemory, oracleWaits } from './harness';

const DS = { CE: 0x08, DE: 0x04, UC: 0x02, UX: 0x01 };
const IL = 0x40;

function reader(files: Record<string, string | Uint8Array>, options: Record<string, string>): Device {
  const host = new MemoryHost();
  for (const [k, v] of Object.entries(files)) host.files.set(k, typeof v === 'string' ? new TextEncoder().encode(v) : v);
  const made = createDevice({ devno: 0x000c, type: '3505', options }, host);
  if ('error' in made) throw new Error(made.error);
  return made.device;
}

/** The deck of oracle case u3_reader_rules. */
const U3_DECK = ['CARD 1 DATA CHAINED' + ' '.repeat(20) + 'SECOND HALF', 'CARD 2', 'CARD 3', 'CARD 4', 'CARD 5 FED', 'CARD 6'].join('\n') + '\n';

describe('3505 card reader', () => {
  test('a text deck becomes 80-column EBCDIC cards, blank padded (oracle k1_reader_printer)', () => {
    const b = new Bench(reader({ 'd.txt': 'CARD ONE\nCARD TWO\n' }, { DECK: 'd.txt' }));
    b.fill(0x3000, 176, 0xaa);
    const s = b.run([{ cmd: 0x02, addr: 0x3000, flags: F.CC, count: 80 }, { cmd: 0x02, addr: 0x3050, count: 80 }]);
    expect(s).toMatchObject({ dstat: DS.CE | DS.DE, cstat: 0, count: 0, cpa: 0x1010 });
    expect(toHex(b.read(0x3000, 160))).toBe(oracleMemory('k1_reader_printer', 0x3000));
  });

  test('data chaining spreads one card over two CCWs; short and long counts are incorrect length unless SLI (PoO; oracle u3)', () => {
    const b = new Bench(reader({ 'd.txt': U3_DECK }, { DECK: 'd.txt' }));
    const waits = oracleWaits('u3_reader_rules');
    b.fill(0x3000, 0x680, 0xaa);
    const runs = [
      b.run([{ cmd: 0x02, addr: 0x3000, flags: F.CD, count: 40 }, { cmd: 0x02, addr: 0x3028, count: 40 }]),
      b.run([{ cmd: 0x02, addr: 0x3100, count: 10 }]),
      b.run([{ cmd: 0x02, addr: 0x3200, flags: F.SLI, count: 10 }]),
      b.run([{ cmd: 0x02, addr: 0x3300, count: 100 }]),
    ];
    runs.forEach((s, i) => expect({ dstat: s.dstat, cstat: s.cstat, count: s.count }, `program ${i}`).toEqual(waits[i]));
    const dump = oracleMemory('u3_reader_rules', 0x3000);
    for (const at of [0x3000, 0x3100, 0x3200, 0x3300]) expect(toHex(b.read(at, 80)), `card at ${at.toString(16)}`).toBe(dump.slice((at - 0x3000) * 2, (at - 0x3000) * 2 + 160));
  });

  test('Feed moves a card through without reading it (3505 component description; Hercules 3.13 treats X\'23\' as a no-operation)', () => {
    const b = new Bench(reader({ 'd.txt': 'ONE\nTWO\n' }, { DECK: 'd.txt' }));
    expect(b.run([{ cmd: 0x23, addr: 0, flags: F.SLI, count: 1 }])).toMatchObject({ dstat: DS.CE | DS.DE, cstat: 0 });
    b.run([{ cmd: 0x02, addr: 0x3000, count: 80 }]);
    expect(toHex(b.read(0x3000, 3))).toBe('E3E6D6'); // TWO: the feed consumed card ONE
  });

  test('end of deck: unit exception in the initial status, residual = count, no incorrect length (PoO "Incorrect Length"; Hercules adds IL)', () => {
    const b = new Bench(reader({ 'd.txt': 'ONLY\n' }, { DECK: 'd.txt' }));
    b.run([{ cmd: 0x02, addr: 0x3000, count: 80 }]);
    b.fill(0x3100, 80, 0xaa);
    const s = b.run([{ cmd: 0x02, addr: 0x3100, count: 80 }], 0x1100);
    expect(s).toMatchObject({ dstat: DS.CE | DS.DE | DS.UX, cstat: 0, count: 80, cpa: 0x1108 });
    expect(oracleWaits('k1_reader_printer')[1]).toEqual({ dstat: DS.CE | DS.DE | DS.UX, cstat: IL, count: 80 });
    expect(b.read(0x3100, 4)).toEqual(new Uint8Array(4).fill(0xaa));
    expect(b.device.sense()[0]).toBe(0); // end of file is not an error: Sense is zero (oracle u3, program 10)
  });

  test('raw 80-byte cards (FORMAT=RAW) are read unchanged (oracle u4_reader_noeof card 1)', () => {
    const card = new Uint8Array(80).fill(0x40);
    card.set([0x00, 0x01, 0x02, 0x03, 0xc1, 0xc2, 0xc3, 0xff]);
    const b = new Bench(reader({ 'd.bin': card }, { DECK: 'd.bin', FORMAT: 'RAW' }));
    expect(b.run([{ cmd: 0x02, addr: 0x3000, count: 80 }])).toMatchObject({ dstat: DS.CE | DS.DE, cstat: 0, count: 0 });
    expect(toHex(b.read(0x3000, 80))).toBe(oracleMemory('u4_reader_noeof', 0x3000).slice(0, 160));
  });

  test('without a deck the reader is not ready: unit check, sense byte 0 intervention required (X\'40\')', () => {
    const b = new Bench(reader({}, {}));
    expect(b.run([{ cmd: 0x02, addr: 0x3000, count: 80 }])).toMatchObject({ dstat: DS.CE | DS.DE | DS.UC, cstat: 0, count: 80 });
    b.fill(0x5000, 8, 0xaa);
    expect(b.run([{ cmd: 0x04, addr: 0x5000, count: 4 }], 0x1100)).toMatchObject({ dstat: DS.CE | DS.DE, cstat: 0, count: 0 });
    expect(toHex(b.read(0x5000, 5))).toBe('40000000AA');
  });

  test('an invalid command is a command reject; Sense returns X\'80\' in 4 bytes (oracle u3, programs 6-7)', () => {
    const b = new Bench(reader({ 'd.txt': 'X\n' }, { DECK: 'd.txt' }));
    expect(b.run([{ cmd: 0x01, addr: 0x3400, count: 80 }])).toMatchObject({ dstat: DS.CE | DS.DE | DS.UC, cstat: 0, count: 80 });
    expect(oracleWaits('u3_reader_rules')[5]).toEqual({ dstat: DS.CE | DS.DE | DS.UC, cstat: IL, count: 80 }); // Hercules adds IL
    b.fill(0x5000, 16, 0xaa);
    const s = b.run([{ cmd: 0x04, addr: 0x5000, count: 4 }], 0x1100);
    expect({ dstat: s.dstat, cstat: s.cstat, count: s.count }).toEqual(oracleWaits('u3_reader_rules')[6]);
    expect(toHex(b.read(0x5000, 16))).toBe(oracleMemory('u3_reader_rules', 0x5000).slice(0, 32));
  });

  test('Sense ID is a command reject by default; under COMPAT=HERCULES it answers FF 2821 01 3505 01 (oracle k1)', () => {
    const plain = new Bench(reader({}, {}));
    expect(plain.run([{ cmd: 0xe4, addr: 0x5000, flags: F.SLI, count: 16 }])).toMatchObject({ dstat: DS.CE | DS.DE | DS.UC, count: 16 });
    expect(plain.device.sense()[0]).toBe(0x80);
    const herc = new Bench(reader({}, { COMPAT: 'HERCULES' }));
    herc.fill(0x5000, 16, 0xaa);
    expect(herc.run([{ cmd: 0xe4, addr: 0x5000, flags: F.SLI, count: 16 }])).toMatchObject({ dstat: DS.CE | DS.DE, cstat: 0, count: 9 });
    expect(toHex(herc.read(0x5000, 16))).toBe(oracleMemory('k1_reader_printer', 0x5000).slice(0, 32));
  });

  test('cards move at 1,200 per minute: two cards take at least 100 ms of virtual time', () => {
    const b = new Bench(reader({ 'd.txt': 'A\nB\n' }, { DECK: 'd.txt' }));
    const s = b.run([{ cmd: 0x02, addr: 0x3000, flags: F.CC, count: 80 }, { cmd: 0x02, addr: 0x3050, count: 80 }]);
    expect(s.elapsedNs).toBeGreaterThanOrEqual(100_000_000);
    expect(s.elapsedNs).toBeLessThan(101_000_000);
  });

  test('bad decks are reported as sentences, never thrown', () => {
    const host = new MemoryHost();
    host.files.set('long.txt', new TextEncoder().encode('X'.repeat(81) + '\n'));
    host.files.set('odd.bin', new Uint8Array(81));
    host.files.set('euro.txt', new TextEncoder().encode('OK\nPRICE \u20ac\n'));
    const err = (options: Record<string, string>) => {
      const r = createDevice({ devno: 0xc, type: '3505', options }, host);
      return 'error' in r ? r.error : 'created';
    };
    expect(err({ DECK: 'long.txt' })).toMatch(/line 1 has 81 characters; a card holds 80 columns/);
    expect(err({ DECK: 'odd.bin', FORMAT: 'RAW' })).toMatch(/81 bytes, not a whole number of 80-byte cards/);
    expect(err({ DECK: 'euro.txt' })).toMatch(/line 2 column 7: '\u20ac' has no code in EBCDIC code page 037/);
    expect(err({ DECK: 'missing.txt' })).toMatch(/DECK='missing.txt': cannot open missing.txt/);
    expect(err({ DECK: 'long.txt', OUTPUT: 'x' })).toMatch(/3505 has no option OUTPUT=/);
    expect(err({ COMPAT: 'QEMU' })).toMatch(/COMPAT=QEMU is unknown/);
  });
});
