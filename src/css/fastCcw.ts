/**
 * What the engine's fast path (src/css/fastPath.ts, fastControl.ts) reads of a CCW straight from
 * storage bytes: where each format keeps its fields, taken from the arch field tables, and the
 * flags that send a CCW to the reference path.
 */
import { CCW0, CCW1, CF, commandClass, type CommandClass, type Structure } from '../arch';

/** Flags that need the slow path: data chaining, suspension, PCI, indirect addressing. */
export const SLOW_FLAGS = CF.CD | CF.S | CF.PCI | CF.IDA | CF.MIDA;
/**
 * For a data transfer: SKIP too (read data not stored: scatter's business), but not IDA, whose
 * IDAL fastTransfer.ts resolves with the reference's own code.
 */
export const SLOW_TRANSFER_FLAGS = (SLOW_FLAGS & ~CF.IDA) | CF.SKIP;

/** Where a CCW format keeps its fields (whole bytes, big-endian). */
export interface CcwLayout {
  readonly cmd: number;
  readonly flags: number;
  readonly count: number;
  readonly cda: number;
  readonly cdaBytes: number;
  /** Command class by command code. */
  readonly classes: readonly CommandClass[];
}

function layoutOf(table: Structure<unknown>, format1: boolean): CcwLayout {
  const at = (name: string, bytes: number): number => {
    const f = table.fields.find((x) => x.name === name);
    if (!f || f.kind !== 'number' || f.bitOffset % 8 !== 0 || f.width !== bytes * 8) throw new Error(`${table.name}.${name} is not ${bytes} whole byte(s)`);
    return f.bitOffset / 8;
  };
  const cdaField = table.fields.find((x) => x.name === 'cda');
  const cdaBytes = cdaField && cdaField.kind === 'number' ? cdaField.width / 8 : 0;
  return {
    cmd: at('cmd', 1),
    flags: at('flags', 1),
    count: at('count', 2),
    cda: at('cda', cdaBytes),
    cdaBytes,
    classes: Array.from({ length: 256 }, (_, cmd) => commandClass(cmd, format1)),
  };
}

export const FORMAT1 = layoutOf(CCW1 as Structure<unknown>, true);
export const FORMAT0 = layoutOf(CCW0 as Structure<unknown>, false);

/** The CCW count at `o` in `bytes`. */
export function countAt(bytes: Uint8Array, o: number, L: CcwLayout): number {
  return ((bytes[o + L.count] ?? 0) << 8) | (bytes[o + L.count + 1] ?? 0);
}

/** The CCW data address at `o` in `bytes` (24 bits in format 0, 32 in format 1). */
export function cdaAt(bytes: Uint8Array, o: number, L: CcwLayout): number {
  let v = 0;
  for (let i = 0; i < L.cdaBytes; i++) v = v * 256 + (bytes[o + L.cda + i] ?? 0);
  return v;
}
