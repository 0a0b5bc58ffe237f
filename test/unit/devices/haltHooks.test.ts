/**
 * Device halt hooks (src/css/device.ts `halt`, PoO "Halt Function"): what a halted device
 * drops and what it keeps. 3390: the channel program's state at the 3990 (Define Extent, the
 * Locate Record domain) ends; sense and position stay (eckd-dasd.md 4.1: orientation is per
 * device, chain state per channel program). 3505: the card position stays.
 */
import { describe, expect, test } from 'vitest';
import { createDevice } from '../../../src/devices';
import type { Device } from '../../../src/css';
import { Dasd3390 } from '../../../src/devices/dasd/dasd3390';
import { modelByNumber } from '../../../src/devices/dasd/geometry';
import { MemoryTrackStore } from '../../../src/devices/dasd/trackStore';
import { fromHex, toHex } from '../../helpers/hex';
import { Bench, F, MemoryHost } from './unitrecord/harness';

const CC = 0x40;

describe('3390 halt', () => {
  test('an open Locate Record domain and the Define Extent end with the halt; the sense stays', () => {
    const d = new Dasd3390({ devno: 0x0190, model: modelByNumber(1), store: new MemoryTrackStore({ cylinders: 10, heads: 15, volser: 'TEST01' }) });
    const de = d.execute({ code: 0x63, flags: CC, count: 16, chaining: 'start', data: fromHex('00C0000000000000000000000000000E') });
    // Locate Record: orient count, Read Data, 2 records from R1 on cylinder 0 head 0.
    const lr = d.execute({ code: 0x47, flags: CC, count: 16, chaining: 'command', data: fromHex('06000002000000000000000001000000') });
    expect([de.status, lr.status]).toEqual([0x0c, 0x0c]);
    expect(d.chain.domain?.remaining).toBe(2);
    const sense = toHex(d.sense());
    const { position, orientation } = d.snapshot();
    d.halt();
    expect(d.chain.domain).toBeNull();
    expect(d.chain.extent).toBeNull();
    expect(toHex(d.sense())).toBe(sense);
    expect(d.snapshot()).toMatchObject({ position, orientation });
  });
});

describe('unit-record halt', () => {
  function reader(): Device {
    const host = new MemoryHost();
    host.files.set('d.txt', new TextEncoder().encode('ONE\nTWO\n'));
    const made = createDevice({ devno: 0x000c, type: '3505', options: { DECK: 'd.txt' } }, host);
    if ('error' in made) throw new Error(made.error);
    return made.device;
  }

  test('3505: a halt after a card was read keeps the card position (the next read gets the next card)', () => {
    const b = new Bench(reader());
    b.run([{ cmd: 0x02, addr: 0x3000, count: 80 }]);
    b.device.halt?.();
    b.run([{ cmd: 0x02, addr: 0x3100, count: 80, flags: F.SLI }]);
    expect(toHex(b.read(0x3100, 3))).toBe('E3E6D6'); // TWO
  });
});
