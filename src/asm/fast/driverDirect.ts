/**
 * The common driver statements read straight from the operand text (textExpr.ts), giving the
 * DriverStatement shapes driver.ts and the general assembler give: SSCH devno,orb; WAIT
 * devno[,timeout]; TSCH devno[,area]; DELAY us; MSCH devno,field=value,... Each gives undefined
 * when the reader's status says why not (a symbol not yet defined, or anything the general
 * code should read and perhaps report).
 */
import { AREA, MSCH_FIELD_NAMES, mschBits } from '../driver';
import type { DriverStatement, PmcwChange, SourceLocation } from '../image';
import { POW2, type TextExpr } from './textExpr';
import { TextTable } from './textTable';

type Op<O extends DriverStatement['op']> = Extract<DriverStatement, { op: O }>;

/** The PMCW fields MSCH changes, by name: their index in MSCH_FIELD_NAMES. */
const MSCH_NAMES = new TextTable(MSCH_FIELD_NAMES);

const hexDigit = (c: number): number => {
  if (c >= 48 && c <= 57) return c - 48;
  const u = c & ~32;
  return u >= 65 && u <= 70 ? u - 55 : -1;
};

/**
 * A bare device number of 1 to 4 hexadecimal digits followed by a comma or the end of the
 * field (device.ts parseHexNumber; the X'..' form is left to the general code); NaN otherwise.
 */
export function devno(x: TextExpr): number {
  const from = x.pos;
  let p = from;
  let v = 0;
  for (;;) {
    const d = hexDigit(x.at(p));
    if (d < 0) break;
    v = v * 16 + d;
    p++;
  }
  const after = x.at(p);
  if (p === from || p - from > 4 || (after >= 0 && after !== 44)) return x.general();
  x.pos = p;
  return v;
}

/** SSCH devno,orb; `orb` receives the ORB address for the whole-image checks. */
export function directSsch(x: TextExpr, loc: SourceLocation): Op<'SSCH'> | undefined {
  const d = devno(x);
  if (x.status !== 0 || !x.comma() || x.atEnd) return void x.general();
  const orb = x.unsigned(31);
  if (x.status !== 0) return undefined;
  if (!x.atEnd) return void x.general();
  return { op: 'SSCH', devno: d, orb, loc };
}

/** WAIT devno[,timeout] (both given as written here; the rest is the general code's). */
export function directWait(x: TextExpr, loc: SourceLocation): Op<'WAIT'> | undefined {
  const d = devno(x);
  if (x.status !== 0) return undefined;
  let timeoutUs: number | null = null;
  if (x.comma()) {
    if (x.atEnd) return void x.general();
    timeoutUs = x.unsigned(52);
    if (x.status !== 0) return undefined;
    if (!x.atEnd) return void x.general();
  }
  return { op: 'WAIT', devno: d, timeoutUs, loc };
}

/** TSCH devno[,area]: an area that draws a warning (misaligned, outside storage) is the general code's. */
export function directTsch(x: TextExpr, storageSize: number, loc: SourceLocation): Op<'TSCH'> | undefined {
  const d = devno(x);
  if (x.status !== 0) return undefined;
  let area: number | null = null;
  if (x.comma()) {
    if (x.atEnd) return void x.general();
    const v = x.unsigned(31);
    if (x.status !== 0) return undefined;
    if (!x.atEnd || v % 4 !== 0 || v + AREA.IRB > storageSize) return void x.general();
    area = v;
  }
  return { op: 'TSCH', devno: d, area, loc };
}

/** DELAY us. */
export function directDelay(x: TextExpr, loc: SourceLocation): Op<'DELAY'> | undefined {
  if (x.atEnd || x.at(x.pos) === 44) return void x.general();
  const us = x.unsigned(52);
  if (x.status !== 0) return undefined;
  if (!x.atEnd) return void x.general();
  return { op: 'DELAY', us, loc };
}

/** MSCH devno,field=value,...: at least one change, no field twice. */
export function directMsch(x: TextExpr, loc: SourceLocation): Op<'MSCH'> | undefined {
  const d = devno(x);
  if (x.status !== 0 || !x.comma()) return void x.general();
  const changes = scratch;
  changes.length = 0;
  const text = x.text;
  for (;;) {
    const from = x.pos;
    const p = x.nameEnd(from);
    if (p < 0) return void x.general();
    const f = MSCH_NAMES.find(text, from, p);
    if (f < 0 || x.at(p) !== 61) return void x.general();
    const field = MSCH_FIELD_NAMES[f] as string;
    for (let i = 0; i < changes.length; i++) if ((changes[i] as PmcwChange).field === field) return void x.general();
    x.pos = p + 1;
    if (x.atEnd || x.at(x.pos) === 44) return void x.general();
    const v = x.value();
    if (x.status !== 0) return undefined;
    let value: number;
    if (field === 'INTPARM' && v < 0 && v >= -(2 ** 31)) value = v + 2 ** 32;
    else if (v >= 0 && v < (POW2[mschBits(field)] as number)) value = v;
    else return void x.general();
    changes.push({ field, value });
    if (x.atEnd) break;
    if (!x.comma()) return void x.general();
  }
  const result: Op<'MSCH'> = { op: 'MSCH', devno: d, changes: changes.slice(), loc };
  changes.length = 0;
  return result;
}

/**
 * The changes being read, copied out at the end: an array grown by push from empty keeps room
 * for 16 or more, and each MSCH's array is part of the Image, kept as long as it is.
 */
const scratch: PmcwChange[] = [];
