/**
 * CCW / CCW0 / CCW1 and ORB statements read straight from the operand text (textExpr.ts) and
 * encoded as ccwStatement.ts and orbStatement.ts encode them, by the CCW and ORB field tables
 * (wordLayout.ts). Every value must plainly fit its field and draw no warning; anything else
 * sets the reader's status and gives undefined, and the caller leaves the statement to the
 * general code, which words what is wrong.
 */
import { CCW0, CCW1, CF, ORB } from '../../arch';
import { bitsOf, ORB_KEYWORDS, orbTarget, type OrbTarget } from '../orbStatement';
import { POW2, type TextExpr } from './textExpr';
import { TextTable } from './textTable';
import type { ByteSlab } from './byteSlab';
import { WordLayout } from './wordLayout';

/** What the chain check needs of a CCW read directly (checks.ts checkChains). */
export interface DirectCcw {
  cmd: number;
  flags: number;
}

/**
 * The 8 bytes of `cmd,addr,flags,count` (x positioned on the operand field, `*` set), in bytes
 * from `slab`, its command code and flags in `out`; undefined when x.status says why not.
 */
export function directCcw(x: TextExpr, format: 0 | 1, slab: ByteSlab, out: DirectCcw): Uint8Array | undefined {
  const cmd = operand(x, 8, true);
  const cda = operand(x, format === 1 ? 31 : 24, true);
  const flags = operand(x, 8, true);
  const count = operand(x, 16, false);
  if (x.status !== 0) return undefined;
  const layout = format === 1 ? CCW1_LAYOUT : CCW0_LAYOUT;
  if ((flags !== 0 && flagsWarn(format, cmd, flags)) || !layout.usable) return void x.general();
  ccwValues[0] = cmd;
  ccwValues[1] = cda;
  ccwValues[2] = flags;
  ccwValues[3] = count;
  const b = slab.take(8);
  layout.write(b, ccwValues);
  out.cmd = cmd;
  out.flags = flags;
  return b;
}

/** The CCW fields a statement sets, by the CCW0 and CCW1 tables. */
const CCW_FIELDS = ['cmd', 'cda', 'flags', 'count'];
const CCW0_LAYOUT = new WordLayout(CCW0, CCW_FIELDS);
const CCW1_LAYOUT = new WordLayout(CCW1, CCW_FIELDS);
const ccwValues = new Float64Array(CCW_FIELDS.length);

/** One non-empty positional operand, then a comma (`more`) or the end of the field. */
function operand(x: TextExpr, bits: number, more: boolean): number {
  if (x.status !== 0) return NaN;
  const c = x.at(x.pos);
  if (c < 0 || c === 44) return x.general(); // empty: parsePositional words it
  const v = x.unsigned(bits);
  if (x.status !== 0) return NaN;
  if (more ? !x.comma() : !x.atEnd) return x.general();
  return v;
}

/** Whether ccwStatement.ts checkFlags would warn about these flags. */
function flagsWarn(format: 0 | 1, cmd: number, flags: number): boolean {
  const tic = format === 1 ? cmd === 0x08 : (cmd & 0x0f) === 0x08;
  if (tic) return true;
  if ((flags & CF.CD) !== 0 && (flags & CF.CC) !== 0) return true;
  const type = cmd & 0x03;
  if ((flags & CF.SKIP) !== 0 && (type === 0x01 || type === 0x03)) return true;
  return (flags & CF.IDA) !== 0 && (flags & CF.MIDA) !== 0;
}

/** The ORB fields the keywords set, in ORB table order, each within one word (src/arch ORB). */
const TARGETS: readonly OrbTarget[] = ['intparm', 'key', 'S', 'C', 'M', 'Y', 'F', 'P', 'I', 'A', 'U', 'B', 'H', 'T', 'lpm', 'L', 'D', 'X', 'cpa', 'cssPriority', 'cuPriority'];
const TARGET_INDEX = new Map<OrbTarget, number>(TARGETS.map((t, i) => [t, i]));
/** The ORB keywords by name (numbered as in ORB_KEYWORDS). */
const KEYWORDS = new TextTable(ORB_KEYWORDS);
/** By keyword number: its target's index, times 2, plus 1 for IDAW= (which writes H as value - 1); -1 for none. */
const KEYWORD_CODE = Int32Array.from(ORB_KEYWORDS, (k) => {
  const t = orbTarget(k);
  const i = t === undefined ? undefined : TARGET_INDEX.get(t);
  return i === undefined ? -1 : i * 2 + (k === 'IDAW' ? 1 : 0);
});
const ORB_LAYOUT = new WordLayout(ORB, TARGETS);
const LPM = TARGET_INDEX.get('lpm') as number;
const CPA = TARGET_INDEX.get('cpa') as number;
const FMT = TARGET_INDEX.get('F') as number;
const EXT = TARGET_INDEX.get('X') as number;
const CSSPRI = TARGET_INDEX.get('cssPriority') as number;
const CUPRI = TARGET_INDEX.get('cuPriority') as number;
/** The values of the ORB being read, by target (NaN: not given). */
const given = new Float64Array(TARGETS.length);

/** What the whole-image checks need of an ORB read directly (checks.ts checkOrbs). */
export interface DirectOrb {
  cpa: number;
  format1: boolean;
}

/**
 * The 32 bytes of the ORB `keyword=value,...` (x positioned on the operand field, `*` set), as
 * assembleOrb encodes them, in bytes from `slab`, its CPA and format in `out`; undefined when
 * x.status says why not.
 */
export function directOrb(x: TextExpr, slab: ByteSlab, out: DirectOrb): Uint8Array | undefined {
  given.fill(NaN);
  const text = x.text;
  for (;;) {
    const from = x.pos;
    const p = x.nameEnd(from);
    if (p < 0) return void x.general();
    const id = KEYWORDS.find(text, from, p);
    const k = id < 0 ? -1 : (KEYWORD_CODE[id] as number);
    const t = k >> 1; // -1 for none
    if (k < 0 || x.at(p) !== 61 || given[t] === given[t]) return void x.general();
    const target = TARGETS[t] as OrbTarget;
    x.pos = p + 1;
    if (x.atEnd || x.at(x.pos) === 44) return void x.general();
    const v = x.value();
    if (x.status !== 0) return undefined;
    let n: number;
    if ((k & 1) === 1) {
      // IDAW=1: format-1 IDAWs (H=0); IDAW=2: format-2 IDAWs (H=1).
      if (v !== 1 && v !== 2) return void x.general();
      n = v - 1;
    } else if (target === 'intparm' && v < 0 && v >= -(2 ** 31)) n = v + 2 ** 32;
    else {
      const bits = bitsOf(target);
      if (!(v >= 0 && v < (POW2[bits] as number))) return void x.general();
      n = v;
    }
    given[t] = n;
    if (x.atEnd) break;
    if (!x.comma()) return void x.general();
  }
  const cpa = given[CPA] as number;
  // No CPA is reported; CSSPRI= and CUPRI= without X=1 are reported (assembleOrb).
  if (cpa !== cpa) return void x.general();
  if ((given[CSSPRI] === given[CSSPRI] || given[CUPRI] === given[CUPRI]) && given[EXT] !== 1) return void x.general();
  if (given[LPM] !== given[LPM]) given[LPM] = 0xff; // the default logical-path mask
  if (!ORB_LAYOUT.usable) return void x.general();
  const bytes = slab.take(32);
  ORB_LAYOUT.write(bytes, given);
  out.cpa = cpa;
  out.format1 = given[FMT] === 1;
  return bytes;
}
