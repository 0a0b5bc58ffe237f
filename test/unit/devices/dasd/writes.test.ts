/**
 * The write commands and the track capacity (reference eckd-dasd.md 1.3, 4.2, 4.6, 6.1; Hercules
 * 3.13 oracle cases x_write_*, x_lr_format, x_lr_update, x_capacity). Where Hercules differs,
 * the test shows both: the default (reference) behaviour and COMPAT=HERCULES.
 */
import { describe, expect, test } from 'vitest';
import { parseTrack } from '../../../../src/devices/dasd/ckdTrack';
import type { MemoryTrackStore } from '../../../../src/devices/dasd/trackStore';
import { CC, CE_DE, CE_DE_SM, CE_DE_UC, SLI, ccw, dasd, de, lr, runCcws, seek, sense, senseAt, toHex } from './harness';

const skipped = ccw(0x03, CC, 0);
/** Seek to 0/h and an equal Search ID on record r that hits on the (r+1)th compare. */
const searchFor = (h: number, r: number) => {
  const s = ccw(0x31, CC, 5, `0000000${h}0${r}`);
  return [seek(0, h), ...Array.from({ length: r + 1 }, () => s), skipped];
};

function records(store: MemoryTrackStore, c: number, h: number): string[] {
  const read = store.readTrack(c, h);
  if ('error' in read) throw new Error(read.error);
  const parsed = parseTrack(read.image, c, h);
  if ('error' in parsed) throw new Error(parsed.error);
  return parsed.track.records.map((r) => `R${r.r} ${r.kl}/${r.dl} ${toHex(read.image.subarray(r.dataOffset, r.dataOffset + Math.min(r.dl, 4)))}`);
}

describe('update writes', () => {
  test('Write Data after an equal Search ID replaces the data; read back gives it (oracle x_write_data)', () => {
    const { device, store } = dasd();
    const p = runCcws(device, [...searchFor(2, 1), ccw(0x05, 0, 32, '77'.repeat(32))]);
    expect(p.last).toMatchObject({ status: CE_DE, residual: 0 });
    expect(records(store, 0, 2)).toEqual(['R0 0/8 00000000', 'R1 0/32 77777777', 'R2 0/32 22222222']);
  });

  test('Write Data without a search before it is an invalid sequence (oracle x_write_data)', () => {
    const { device } = dasd();
    expect(runCcws(device, [seek(0, 2), ccw(0x05, 0, 32, '66'.repeat(32))]).last).toMatchObject({ status: CE_DE_UC, residual: 32 });
    expect(sense(device)).toBe(senseAt(0x80, 0, 0x02, 0, 2));
  });

  test('a short Write Data is zero-filled and incorrect length (reference 6.1); COMPAT=HERCULES: no incorrect length (oracle x_write_data program 4)', () => {
    const { device, store } = dasd();
    expect(runCcws(device, [...searchFor(2, 2), ccw(0x05, 0, 16, '55'.repeat(16))]).last).toMatchObject({ status: CE_DE, incorrectLength: true, residual: 0 });
    const read = store.readTrack(0, 2);
    expect('image' in read && toHex(read.image.subarray(read.image.length - 8 - 32, read.image.length - 8))).toBe('55'.repeat(16) + '00'.repeat(16));
    const h = dasd({ hercules: true });
    expect(runCcws(h.device, [...searchFor(2, 2), ccw(0x05, 0, 16, '55'.repeat(16))]).last).toMatchObject({ status: CE_DE, incorrectLength: false });
  });

  test('Write Key and Data after Search ID; then Search Key Equal on the new key and Write Data (oracle x_write_kd)', () => {
    const { device, store } = dasd();
    expect(runCcws(device, [...searchFor(1, 1), ccw(0x0d, 0, 104, 'C1C2C3C4' + '99'.repeat(100))]).last.status).toBe(CE_DE);
    const p = runCcws(device, [seek(0, 1), ccw(0x29, CC, 4, 'C1C2C3C4'), skipped, ccw(0x05, 0, 100, '98'.repeat(100))]);
    expect(p.ccws.map((c) => c.status)).toEqual([CE_DE, CE_DE_SM, CE_DE]);
    expect(records(store, 0, 1)[1]).toBe('R1 4/100 98989898');
  });

  test('Write Update Data in a Write Data domain updates R1 and R2 (oracle x_lr_update)', () => {
    const { device, store } = dasd();
    const p = runCcws(device, [de('80C00000 00000000 00000000 0009000E'), lr('01800002 00000002 00000002 01000020'), ccw(0x85, CC, 32, 'A1'.repeat(32)), ccw(0x85, 0, 32, 'A2'.repeat(32))]);
    expect(p.ccws.map((c) => c.status)).toEqual([CE_DE, CE_DE, CE_DE, CE_DE]);
    expect(records(store, 0, 2)).toEqual(['R0 0/8 00000000', 'R1 0/32 A1A1A1A1', 'R2 0/32 A2A2A2A2']);
  });

  test('a record whose length differs from the transfer length factor is Invalid Track Format (oracle x_lr_update program 2)', () => {
    const { device } = dasd();
    const p = runCcws(device, [de('80C00000 00000000 00000000 0009000E'), lr('01800001 00000002 00000002 01000010'), ccw(0x85, 0, 16, 'A3'.repeat(16))]);
    expect(p.last).toMatchObject({ status: CE_DE_UC, residual: 16 });
    expect(sense(device)).toBe(senseAt(0, 0x40, 0, 0, 2));
  });

  test('Write Data may end a Write Data domain (reference 3.3); COMPAT=HERCULES rejects it as Hercules 3.13 does (oracle x_lr_update program 4)', () => {
    const program = [de('80C00000 00000000 00000000 0009000E'), lr('01800002 00000002 00000002 01000020'), ccw(0x85, CC, 32, 'A5'.repeat(32)), ccw(0x05, 0, 32, 'A6'.repeat(32))];
    const { device, store } = dasd();
    expect(runCcws(device, program).last.status).toBe(CE_DE);
    expect(records(store, 0, 2)[2]).toBe('R2 0/32 A6A6A6A6');
    const h = dasd({ hercules: true });
    expect(runCcws(h.device, program).last).toMatchObject({ status: CE_DE_UC, residual: 0 });
    expect(sense(h.device)).toBe(senseAt(0x80, 0, 0x02, 0, 2));
  });
});

describe('the file mask and writes (reference 4.6)', () => {
  test('write control 01 forbids Write Data: File Protected; COMPAT=HERCULES: invalid sequence (oracle x_write_fm)', () => {
    const program = [ccw(0x1f, CC, 1, '40'), ...searchFor(2, 1), ccw(0x05, 0, 32, '77'.repeat(32))];
    const { device } = dasd();
    expect(runCcws(device, program).last.status).toBe(CE_DE_UC);
    expect(sense(device)).toBe(senseAt(0, 0x04, 0, 0, 2));
    const h = dasd({ hercules: true });
    expect(runCcws(h.device, program).last).toMatchObject({ status: CE_DE_UC, residual: 32 });
    expect(sense(h.device)).toBe(senseAt(0x80, 0, 0x02, 0, 2));
  });

  test('write control 10 (update only) forbids Write CKD: File Protected; COMPAT=HERCULES: invalid sequence (oracle x_write_fm)', () => {
    const program = [ccw(0x1f, CC, 1, '80'), ...searchFor(2, 1), ccw(0x1d, SLI, 8, '0000000202000010')];
    const { device } = dasd();
    expect(runCcws(device, program).last.status).toBe(CE_DE_UC);
    expect(sense(device)).toBe(senseAt(0, 0x04, 0, 0, 2));
    const h = dasd({ hercules: true });
    runCcws(h.device, program);
    expect(sense(h.device)).toBe(senseAt(0x80, 0, 0x02, 0, 2));
  });

  test('an update write in a domain with write control 01 is File Protected; Hercules 3.13 does not check (oracle x_lr_update program 3)', () => {
    const program = [de('40C00000 00000000 00000000 0009000E'), lr('01800001 00000002 00000002 01000020'), ccw(0x85, 0, 32, 'A4'.repeat(32))];
    const { device } = dasd();
    expect(runCcws(device, program).last.status).toBe(CE_DE_UC);
    expect(sense(device)).toBe(senseAt(0, 0x04, 0, 0, 2));
    expect(runCcws(dasd({ hercules: true }).device, program).last.status).toBe(CE_DE);
  });

  test('a write to a read-only volume: equipment check + write inhibited (reference 5.5)', () => {
    const { device } = dasd({ readOnly: true });
    const p = runCcws(device, [seek(0, 0), ccw(0x31, CC, 5, '0000000001'), ccw(0x31, CC, 5, '0000000001'), skipped, ccw(0x05, 0, 24, '00'.repeat(24))]);
    expect(p.last.status).toBe(CE_DE_UC);
    // Byte 7 format 1 message 0 as Hercules 3.13 (oracle y_write_inhibited); the data was taken.
    expect(p.last.residual).toBe(0);
    expect(sense(device)).toBe(senseAt(0x10, 0x02, 0x10, 0, 0));
    // A Locate Record that opens a write domain is refused itself (reference 4.6), byte 7 X'04'.
    const w = runCcws(device, [de('80C00000 00000000 00000000 0009000E'), lr('01800001 00000002 00000002 01000020'), ccw(0x85, 0, 32, 'A1'.repeat(32))]);
    expect(w.ccws.map((c) => c.status)).toEqual([CE_DE, CE_DE_UC]);
    expect(sense(device)).toBe(senseAt(0x10, 0x02, 0x04, 0, 2));
  });
});

describe('format writes', () => {
  test('Write CKD after R1 writes R2 and erases the rest of the track; count 8 with SLI zero-fills (oracle x_write_ckd)', () => {
    const { device, store } = dasd();
    expect(runCcws(device, [...searchFor(2, 1), ccw(0x1d, 0, 24, '0000000202000010' + '88'.repeat(16))]).last.status).toBe(CE_DE);
    expect(runCcws(device, [...searchFor(2, 2), ccw(0x1d, SLI, 8, '0000000203000008')]).last).toMatchObject({ status: CE_DE, incorrectLength: false });
    expect(records(store, 0, 2)).toEqual(['R0 0/8 00000000', 'R1 0/32 21212121', 'R2 0/16 88888888', 'R3 0/8 00000000']);
  });

  test('Write CKD with a count below the record and no SLI is incorrect length; COMPAT=HERCULES: none (oracle x_write_ckd program 3)', () => {
    const { device } = dasd();
    expect(runCcws(device, [...searchFor(2, 1), ccw(0x1d, 0, 8, '0000000202000008')]).last).toMatchObject({ status: CE_DE, incorrectLength: true });
    expect(runCcws(dasd({ hercules: true }).device, [...searchFor(2, 1), ccw(0x1d, 0, 8, '0000000202000008')]).last).toMatchObject({ status: CE_DE, incorrectLength: false });
  });

  test('Write CKD with fewer than the 8 count bytes is format 0 message 3', () => {
    const { device } = dasd();
    expect(runCcws(device, [...searchFor(2, 1), ccw(0x1d, 0, 6, '000000020200')]).last.status).toBe(CE_DE_UC);
    expect(sense(device)).toBe(senseAt(0x80, 0, 0x03, 0, 2));
  });

  test('Erase after R1 removes the records after it (oracle x_write_r0_ha program 5)', () => {
    const { device, store } = dasd();
    expect(runCcws(device, [...searchFor(1, 1), ccw(0x11, 0, 8, '0000000102000010')]).last).toMatchObject({ status: CE_DE, residual: 0 });
    expect(records(store, 0, 1).map((r) => r.slice(0, 8))).toEqual(['R0 0/8 0', 'R1 4/100']);
  });

  test('Write R0 after an equal Search Home Address with write control 11 (oracle x_write_r0_ha)', () => {
    const { device, store } = dasd();
    const p = runCcws(device, [ccw(0x1f, CC, 1, 'C0'), seek(0, 3), ccw(0x39, CC, 4, '00000003'), skipped, ccw(0x15, 0, 16, '0000000300000008' + '11'.repeat(8))]);
    expect(p.ccws.map((c) => c.status)).toEqual([CE_DE, CE_DE, CE_DE_SM, CE_DE]);
    expect(records(store, 0, 3)).toEqual(['R0 0/8 11111111']);
  });

  test('Write R0 with write control 00 is File Protected; COMPAT=HERCULES: invalid sequence (oracle x_write_r0_ha program 2)', () => {
    const program = [seek(0, 3), ccw(0x39, CC, 4, '00000003'), skipped, ccw(0x15, 0, 16, '0000000300000008' + '22'.repeat(8))];
    const { device } = dasd();
    expect(runCcws(device, program).last.status).toBe(CE_DE_UC);
    expect(sense(device)).toBe(senseAt(0, 0x04, 0, 0, 3));
    const h = dasd({ hercules: true });
    expect(runCcws(h.device, program).last.status).toBe(CE_DE_UC);
    expect(sense(h.device)).toBe(senseAt(0x80, 0, 0x02, 0, 3));
  });

  test('Write R0 without the search is an invalid sequence', () => {
    const { device } = dasd();
    expect(runCcws(device, [ccw(0x1f, CC, 1, 'C0'), seek(0, 3), ccw(0x15, 0, 16, '0000000300000008' + '22'.repeat(8))]).last.status).toBe(CE_DE_UC);
    expect(sense(device)).toBe(senseAt(0x80, 0, 0x02, 0, 3));
  });

  test('Write Home Address needs write control 11, else File Protected (oracle x_write_r0_ha program 3); it erases the track, Write R0 follows', () => {
    const { device, store } = dasd();
    expect(runCcws(device, [seek(0, 4), ccw(0x19, 0, 5, '0000000004')]).last).toMatchObject({ status: CE_DE_UC, residual: 5 });
    expect(sense(device)).toBe(senseAt(0, 0x04, 0, 0, 4));
    const p = runCcws(device, [ccw(0x1f, CC, 1, 'C0'), seek(0, 4), ccw(0x19, CC, 5, '0000000004'), ccw(0x15, 0, 16, '0000000400000008' + '44'.repeat(8))]);
    expect(p.ccws.map((c) => c.status)).toEqual([CE_DE, CE_DE, CE_DE, CE_DE]);
    expect(records(store, 0, 4)).toEqual(['R0 0/8 44444444']);
    expect(runCcws(device, [ccw(0x1f, CC, 1, 'C0'), seek(0, 4), ccw(0x19, 0, 5, '0000000000')]).last.status).toBe(CE_DE_UC);
  });

  test('COMPAT=HERCULES: Write Home Address changes nothing (oracle x_write_r0_ha program 4: R0 survives)', () => {
    const { device, store } = dasd({ hercules: true });
    expect(runCcws(device, [ccw(0x1f, CC, 1, 'C0'), seek(0, 4), ccw(0x19, 0, 5, '0000000004')]).last.status).toBe(CE_DE);
    expect(records(store, 0, 4)).toEqual(['R0 0/8 00000000']);
  });

  test('a Format Write domain: Write R0 and two Write CKD of 256 zero bytes; Write CKD Next Track writes R1 of the next track (oracle x_lr_format)', () => {
    const { device, store } = dasd();
    const p = runCcws(device, [de('C0C00000 00000000 00000000 0009000E'), lr('43000003 00000005 00000005 00000000'), ccw(0x15, CC | SLI, 8, '0000000500000008'), ccw(0x1d, CC | SLI, 8, '0000000501000100'), ccw(0x1d, SLI, 8, '0000000502000100')]);
    expect(p.ccws.map((c) => c.status)).toEqual([CE_DE, CE_DE, CE_DE, CE_DE, CE_DE]);
    expect(records(store, 0, 5)).toEqual(['R0 0/8 00000000', 'R1 0/256 00000000', 'R2 0/256 00000000']);
    const q = runCcws(device, [de('00C00000 00000000 00000000 0009000E'), lr('03000002 00000006 00000006 00000000'), ccw(0x1d, CC, 24, '0000000601000010' + '61'.repeat(16)), ccw(0x9d, 0, 24, '0000000701000010' + '71'.repeat(16))]);
    expect(q.ccws.map((c) => c.status)).toEqual([CE_DE, CE_DE, CE_DE, CE_DE]);
    expect(records(store, 0, 7)).toEqual(['R0 0/8 00000000', 'R1 0/16 71717171']);
  });

  test('Write CKD Next Track outside a Format Write domain is an invalid sequence', () => {
    const { device } = dasd();
    expect(runCcws(device, [...searchFor(2, 1), ccw(0x9d, 0, 24, '0000000301000010' + '00'.repeat(16))]).last.status).toBe(CE_DE_UC);
    expect(sense(device)).toBe(senseAt(0x80, 0, 0x02, 0, 2));
  });
});

describe('track capacity (reference 1.3, enforced on every write)', () => {
  const format = (h: number, count: number) => [de('00C00000 00000000 00000000 0009000E'), lr(`030000${count.toString(16).padStart(2, '0')} 0000000${h.toString(16)} 0000000${h.toString(16)} 00000000`)];
  const wckd = (h: number, r: number, dl: number, last: boolean) => ccw(0x1d, (last ? 0 : CC) | SLI, 8, `0000000${h.toString(16)}${r.toString(16).padStart(2, '0')}00${dl.toString(16).padStart(4, '0')}`);

  test('twelve 4,096-byte records fit on a track; a thirteenth is Invalid Track Format', () => {
    const { device } = dasd();
    const twelve = runCcws(device, [...format(8, 12), ...Array.from({ length: 12 }, (_, i) => wckd(8, i + 1, 4096, i === 11))]);
    expect(twelve.last.status).toBe(CE_DE);
    const thirteen = runCcws(device, [...format(9, 13), ...Array.from({ length: 13 }, (_, i) => wckd(9, i + 1, 4096, i === 12))]);
    expect(thirteen.last).toMatchObject({ status: CE_DE_UC, residual: 8 });
    expect(sense(device)).toBe(senseAt(0, 0x40, 0, 0, 9));
  });

  test('COMPAT=HERCULES only checks Hercules\' 56,832-byte track slot, so it takes a thirteenth 4,096-byte record (reference 2.2)', () => {
    const { device } = dasd({ hercules: true });
    expect(runCcws(device, [...format(9, 13), ...Array.from({ length: 13 }, (_, i) => wckd(9, i + 1, 4096, i === 12))]).last.status).toBe(CE_DE);
  });

  test('R1 of 56,664 bytes fits alone, 56,665 does not (RDC maximum R1 length)', () => {
    const { device } = dasd();
    expect(runCcws(device, [...format(8, 1), wckd(8, 1, 56_664, true)]).last.status).toBe(CE_DE);
    expect(runCcws(device, [...format(9, 1), wckd(9, 1, 56_665, true)]).last.status).toBe(CE_DE_UC);
  });

  test('two records of 30,000 bytes do not fit (oracle x_capacity: Hercules agrees, its slot overflows too)', () => {
    const { device } = dasd();
    const p = runCcws(device, [...format(8, 2), wckd(8, 1, 30_000, false), wckd(8, 2, 30_000, true)]);
    expect(p.last).toMatchObject({ status: CE_DE_UC, residual: 8 });
    expect(sense(device)).toBe(senseAt(0, 0x40, 0, 0, 8));
  });
});
