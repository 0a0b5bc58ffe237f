/**
 * Shared set-up of the 3390 command tests: a 10-cylinder volume like the oracle's (`dasdinit …
 * 3390 TEST01 10`) with the oracle cases' prepopulated tracks, CCW builders and sense helpers.
 */
import { CF, DS } from '../../../../src/arch/status';
import { buildTrack } from '../../../../src/devices/dasd/ckdTrack';
import { CU_2107, type ControlUnitProfile } from '../../../../src/devices/dasd/controlUnit';
import { Dasd3390 } from '../../../../src/devices/dasd/dasd3390';
import { modelByNumber } from '../../../../src/devices/dasd/geometry';
import { MemoryTrackStore } from '../../../../src/devices/dasd/trackStore';
import { runCcws, type CcwSpec } from '../../../helpers/ccwRunner';
export { runCcws };
import { fromHex, toHex } from '../../../helpers/hex';

export const CC = CF.CC;
export const SLI = CF.SLI;
export const CE_DE = DS.CE | DS.DE;
export const CE_DE_UC = DS.CE | DS.DE | DS.UC;
export const CE_DE_SM = DS.CE | DS.DE | DS.SM;
export { CU_2107, fromHex, toHex };

const ebcdicKey1 = 'D2C5E8F1'; // "KEY1"
/** The tracks of oracle cases x_* (make-cases.py T01, T02, T03, TE, T10, T04). */
export const POPULATED: { cyl: number; head: number; records: { r: number; key?: string; data: string }[] }[] = [
  { cyl: 0, head: 1, records: [{ r: 0, data: '00'.repeat(8) }, { r: 1, key: ebcdicKey1, data: 'D9C5C3D6D9C440D6D5C5' + '00'.repeat(90) }, { r: 2, data: '5A'.repeat(40) }] },
  { cyl: 0, head: 2, records: [{ r: 0, data: '00'.repeat(8) }, { r: 1, data: '21'.repeat(32) }, { r: 2, data: '22'.repeat(32) }] },
  { cyl: 0, head: 3, records: [{ r: 0, data: '00'.repeat(8) }, { r: 1, data: '31'.repeat(32) }, { r: 2, data: '' }, { r: 3, data: '33'.repeat(32) }] },
  { cyl: 0, head: 4, records: [{ r: 0, data: '00'.repeat(8) }] },
  { cyl: 0, head: 14, records: [{ r: 0, data: '00'.repeat(8) }, { r: 1, data: 'E1'.repeat(16) }] },
  { cyl: 1, head: 0, records: [{ r: 0, data: '00'.repeat(8) }, { r: 1, data: '10'.repeat(16) }] },
];

export interface Options {
  readonly hercules?: boolean;
  readonly controlUnit?: ControlUnitProfile;
  readonly readOnly?: boolean;
  readonly model?: 1 | 3;
  readonly cylinders?: number;
}

export function dasd(options: Options = {}): { device: Dasd3390; store: MemoryTrackStore } {
  const store = new MemoryTrackStore({ cylinders: options.cylinders ?? 10, heads: 15, volser: 'TEST01' });
  for (const t of POPULATED) {
    store.writeTrack(t.cyl, t.head, buildTrack(t.cyl, t.head, t.records.map((r) => ({ r: r.r, data: fromHex(r.data), ...(r.key ? { key: fromHex(r.key) } : {}) }))));
  }
  const ro = options.readOnly ? new MemoryTrackStore({ cylinders: options.cylinders ?? 10, heads: 15, volser: 'TEST01', readOnly: true }) : store;
  const device = new Dasd3390({ devno: 0x0190, model: modelByNumber(options.model ?? 1), store: ro, hercules: options.hercules ?? false, ...(options.controlUnit ? { controlUnit: options.controlUnit } : {}) });
  return { device, store: ro };
}

export const ccw = (cmd: number, flags: number, count: number, hex?: string): CcwSpec => (hex === undefined ? { cmd, flags, count } : { cmd, flags, count, data: fromHex(hex) });
export const seek = (c: number, h: number, flags = CC): CcwSpec => ccw(0x07, flags, 6, `0000${hex4(c)}${hex4(h)}`);
export const de = (hex: string, flags = CC): CcwSpec => ccw(0x63, flags, 16, hex);
export const lr = (hex: string, flags = CC): CcwSpec => ccw(0x47, flags, 16, hex);
export const DE_ALL = '00C00000 00000000 00000000 0009000E';

function hex4(n: number): string {
  return n.toString(16).toUpperCase().padStart(4, '0');
}

/** The 32 sense bytes, read with a Sense command (which clears them). */
export function sense(device: Dasd3390): string {
  return toHex(runCcws(device, [ccw(0x04, 0, 32)]).last.stored);
}

/** Sense bytes written as the oracle prints them, with the current cylinder/head filled in. */
export function senseBytes(text: string): string {
  return text.replace(/ /g, '');
}

/** The 32 sense bytes (24-byte-compatible format, reference 5.2) for the device at cylinder/head. */
export function senseAt(byte0: number, byte1: number, byte7: number, cylinder: number, head: number): string {
  const b = new Uint8Array(32);
  b[0] = byte0;
  b[1] = byte1;
  b[5] = cylinder & 0xff;
  b[6] = ((cylinder >> 8) & 0x0f) * 16 + head;
  b[7] = byte7;
  b[27] = 0x80;
  b[29] = (cylinder >> 8) & 0xff;
  b[30] = cylinder & 0xff;
  b[31] = head;
  return toHex(b);
}
