/**
 * The search commands (reference eckd-dasd.md 3.6, 4.3; Hercules 3.13 oracle cases x_search_*).
 * runCcws skips one CCW after status modifier, as the channel skips the TIC of a search loop, so
 * a loop is written out: the search as often as it runs, then the CCW the hit skips.
 */
import { describe, expect, test } from 'vitest';
import { CC, CE_DE, CE_DE_SM, CE_DE_UC, SLI, ccw, dasd, runCcws, seek, sense, senseAt, toHex } from './harness';

const search = (code: number, arg: string, count = arg.length / 2) => ccw(code, CC, count, arg);
const skipped = ccw(0x03, CC, 0);

describe('Search ID', () => {
  test('Search ID Equal compares R0, R1, R2 in turn and ends with status modifier on R2; Read Data then reads R2 (oracle x_search_id_loop)', () => {
    const { device } = dasd();
    const s = search(0x31, '0000000102');
    const p = runCcws(device, [seek(0, 1), s, s, s, skipped, ccw(0x06, 0, 40)]);
    expect(p.ccws.map((c) => c.status)).toEqual([CE_DE, CE_DE, CE_DE, CE_DE_SM, CE_DE]);
    expect(toHex(p.last.stored)).toBe('5A'.repeat(40));
  });

  test('a search loop that never matches ends with No Record Found at the second index point: R0-R2 twice, then unit check (oracle x_search_id_miss)', () => {
    const { device } = dasd();
    const s = search(0x31, '0000000109');
    const p = runCcws(device, [seek(0, 1), ...Array.from({ length: 9 }, () => s)]);
    expect(p.ccws.slice(1).map((c) => c.status)).toEqual([...Array.from({ length: 6 }, () => CE_DE), CE_DE_UC]);
    expect(p.last.residual).toBe(5);
    expect(sense(device)).toBe(senseAt(0, 0x08, 0, 0, 1));
  });

  test('Search ID High matches the first ID above the argument, Equal or High the first at or above it (oracle x_search_id_high)', () => {
    const { device } = dasd();
    const high = search(0x51, '0000000101');
    const p = runCcws(device, [seek(0, 1), high, high, high, skipped, ccw(0x06, 0, 40)]);
    expect(p.ccws.map((c) => c.status)).toEqual([CE_DE, CE_DE, CE_DE, CE_DE_SM, CE_DE]);
    const eh = search(0x71, '0000000101');
    const q = runCcws(device, [seek(0, 1), eh, eh, skipped, ccw(0x06, 0, 100)]);
    expect(q.ccws.map((c) => c.status)).toEqual([CE_DE, CE_DE, CE_DE_SM, CE_DE]);
    expect(toHex(q.last.stored).slice(0, 20)).toBe('D9C5C3D6D9C440D6D5C5');
  });

  test('a CCW count of 4 compares CCHH only (R0 matches); a count of 6 compares 5 bytes and is incorrect length (oracle x_search_id_short)', () => {
    const { device } = dasd();
    const p = runCcws(device, [seek(0, 1), search(0x31, '00000001', 4), skipped, ccw(0x12, 0, 8)]);
    expect(p.ccws.map((c) => c.status)).toEqual([CE_DE, CE_DE_SM, CE_DE]);
    expect(toHex(p.last.stored)).toBe('0000000101040064');
    const q = runCcws(device, [seek(0, 1), search(0x31, '000000010200', 6)]);
    expect(q.last).toMatchObject({ status: CE_DE, residual: 1, incorrectLength: true });
  });

  test('the multitrack Search ID goes on to the next track (oracle x_search_mt: a hit on the sixth compare)', () => {
    const { device } = dasd();
    const s = search(0xb1, '0000000202');
    const p = runCcws(device, [seek(0, 1), ...Array.from({ length: 6 }, () => s), skipped, ccw(0x06, 0, 32)]);
    expect(p.ccws.slice(1, 7).map((c) => c.status)).toEqual([CE_DE, CE_DE, CE_DE, CE_DE, CE_DE, CE_DE_SM]);
    expect(toHex(p.last.stored)).toBe('22'.repeat(32));
  });

  test('a search needs a seek earlier in the chain (reference 4.5)', () => {
    const { device } = dasd();
    expect(runCcws(device, [search(0x31, '0000000102')]).last.status).toBe(CE_DE_UC);
    expect(sense(device)).toBe(senseAt(0x80, 0, 0x02, 0, 0));
  });
});

describe('Search Key and Search Home Address', () => {
  test('Search Key Equal matches KEY1 and Read Data reads its record (oracle x_search_key)', () => {
    const { device } = dasd();
    const p = runCcws(device, [seek(0, 1), search(0x29, 'D2C5E8F1'), skipped, ccw(0x06, 0, 100)]);
    expect(p.ccws.map((c) => c.status)).toEqual([CE_DE, CE_DE_SM, CE_DE]);
    expect(toHex(p.last.stored).slice(0, 20)).toBe('D9C5C3D6D9C440D6D5C5');
  });

  test('a keyless record is never a hit and takes no bytes: incorrect length ends the loop (oracle x_search_key program 2)', () => {
    const { device } = dasd();
    const s = search(0x29, 'D2C5E8F9');
    const p = runCcws(device, [seek(0, 1), s, s]);
    expect(p.ccws.slice(1).map((c) => [c.status, c.residual, c.incorrectLength])).toEqual([[CE_DE, 0, false], [CE_DE, 4, true]]);
    const withSli = runCcws(device, [seek(0, 1), search(0x29, 'D2C5E8F9'), ccw(0x29, CC | SLI, 4, 'D2C5E8F9')]);
    expect(withSli.last).toMatchObject({ status: CE_DE, incorrectLength: false });
  });

  test('Search Key High matches a key above the argument (oracle x_search_key program 3)', () => {
    const { device } = dasd();
    expect(runCcws(device, [seek(0, 1), search(0x49, 'D2C5E8F0')]).last.status).toBe(CE_DE_SM);
  });

  test('Search Home Address Equal: status modifier when the CCHH matches, then Read R0; none when it does not (oracle x_search_ha)', () => {
    const { device } = dasd();
    const p = runCcws(device, [seek(0, 1), search(0x39, '00000001'), skipped, ccw(0x16, 0, 16)]);
    expect(p.ccws.map((c) => c.status)).toEqual([CE_DE, CE_DE_SM, CE_DE]);
    expect(toHex(p.last.stored)).toBe('0000000100000008' + '00'.repeat(8));
    const q = runCcws(device, [seek(0, 1), search(0x39, '00000002'), ccw(0x12, 0, 8)]);
    expect(q.ccws.map((c) => c.status)).toEqual([CE_DE, CE_DE, CE_DE]);
    expect(toHex(q.last.stored)).toBe('0000000101040064');
  });
});
