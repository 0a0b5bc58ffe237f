/**
 * label ORB keyword=value,... (LANGUAGE.md "Storage statements"): 32 bytes, word aligned,
 * encoded by the ORB table of src/arch. Every flag by its PoO letter or a friendly alias;
 * LPM defaults to X'FF'; word 3 (priorities) only with X=1.
 */
import { ORB, type AnyField } from '../arch';
import { Cursor } from './cursor';
import type { Report, Span } from './diagnostics';
import { evaluate, unsignedField, type EvalEnv } from './evaluate';
import { parseWholeExpr, type Expr, type ParseContext } from './expr';
import type { Field } from './lexer';

export type OrbTarget =
  | 'intparm' | 'key' | 'lpm' | 'cpa' | 'cssPriority' | 'cuPriority'
  | 'S' | 'C' | 'M' | 'Y' | 'F' | 'P' | 'I' | 'A' | 'U' | 'B' | 'H' | 'T' | 'L' | 'D' | 'X';

const LETTERS = ['S', 'C', 'M', 'Y', 'F', 'P', 'I', 'A', 'U', 'B', 'H', 'T', 'L', 'D', 'X'] as const;

const KEYWORDS: Readonly<Record<string, OrbTarget>> = {
  CPA: 'cpa',
  INTPARM: 'intparm',
  KEY: 'key',
  LPM: 'lpm',
  ...Object.fromEntries(LETTERS.map((l) => [l, l])),
  FMT: 'F',
  PFCH: 'P',
  SUSP: 'S',
  ISI: 'I',
  IDAW: 'H',
  IDA2K: 'T',
  ILS: 'L',
  MIDA: 'D',
  TM: 'B',
  CSSPRI: 'cssPriority',
  CUPRI: 'cuPriority',
};

export const ORB_KEYWORDS: readonly string[] = Object.keys(KEYWORDS);

function width(f: AnyField): number {
  return f.kind === 'number' ? f.width : 0;
}

/** The ORB field a keyword (upper case) sets; undefined for a word that is not one. */
export function orbTarget(keyword: string): OrbTarget | undefined {
  return Object.hasOwn(KEYWORDS, keyword) ? KEYWORDS[keyword] : undefined;
}

/** Field widths from the ORB table; the CPA is 31 bits because bit 0 of word 2 must be zero. */
export function bitsOf(target: OrbTarget): number {
  return target === 'cpa' ? 31 : width(ORB.field(target));
}

interface OrbEntry {
  readonly keyword: string;
  readonly target: OrbTarget;
  readonly expr: Expr;
  readonly keySpan: Span;
  readonly valueSpan: Span;
}

export interface ParsedOrb {
  readonly entries: readonly OrbEntry[];
}

export function parseOrb(operands: readonly Field[], opSpan: Span, ctx: ParseContext): ParsedOrb {
  const entries: OrbEntry[] = [];
  const byTarget = new Map<OrbTarget, string>();
  for (const f of operands) {
    if (f.text === '') {
      ctx.report('missingOperand', f, 'an empty ORB operand; remove the extra comma');
      continue;
    }
    const c = Cursor.of(f);
    const name = c.name().toUpperCase();
    const keySpan = c.span(0);
    const target = KEYWORDS[name];
    if (!name || !c.eat('=') || target === undefined) {
      const what = name && target !== undefined ? `${name} needs a value: ${name}=...` : `${f.text} is not an ORB keyword`;
      ctx.report('unknownKeyword', name ? keySpan : f, `${what}; ORB takes keyword=value operands: ${ORB_KEYWORDS.join(' ')}`);
      continue;
    }
    const other = byTarget.get(target);
    if (other !== undefined) {
      ctx.report('duplicateKeyword', keySpan, other === name ? `${name}= is given twice; keep one` : `${name}= and ${other}= set the same ORB field; keep one`);
      continue;
    }
    byTarget.set(target, name);
    const valueFrom = c.pos;
    const expr = parseWholeExpr(c, ctx, `the value of ${name}`);
    if (expr) entries.push({ keyword: name, target, expr, keySpan, valueSpan: c.span(valueFrom, f.text.length) });
  }
  if (!byTarget.has('cpa')) ctx.report('missingOperand', operands[0] ?? opSpan, 'ORB needs CPA= (the address of the first CCW)');
  return { entries };
}

export interface AssembledOrb {
  readonly bytes: Uint8Array;
  readonly cpa?: number;
  readonly cpaSpan?: Span;
  readonly format1: boolean;
  /** False when F= had an error: the format check would only add noise. */
  readonly formatKnown: boolean;
}

/** Second pass: the 32 ORB bytes. */
export function assembleOrb(p: ParsedOrb, env: EvalEnv, report: Report): AssembledOrb {
  const value: Record<string, number> = { lpm: 0xff };
  let cpaSpan: Span | undefined;
  let extensionUsed: OrbEntry | undefined;
  let formatKnown = true;
  for (const e of p.entries) {
    const v = evaluate(e.expr, env);
    if (v === undefined) continue;
    let n: number | undefined;
    if (e.keyword === 'IDAW') {
      // IDAW=1: format-1 IDAWs (H=0); IDAW=2: format-2 IDAWs (H=1).
      if (v === 1n || v === 2n) n = Number(v) - 1;
      else report('outOfRange', e.valueSpan, `IDAW=${v}: write IDAW=1 (format-1 IDAWs) or IDAW=2 (format-2 IDAWs, sets H)`);
    } else if (e.target === 'intparm' && v < 0n && v >= -(1n << 31n)) {
      n = Number(BigInt.asUintN(32, v)); // INTPARM=-1 is X'FFFFFFFF'
    } else {
      const bits = bitsOf(e.target);
      const what = bits === 1 ? `ORB ${e.keyword} flag` : e.target === 'cpa' ? 'ORB channel-program address' : `ORB ${e.keyword}`;
      n = unsignedField(v, bits, bits === 1 ? `${what} (0 or 1) value` : what, e.valueSpan, report);
    }
    if (n === undefined) {
      if (e.target === 'F') formatKnown = false;
      continue;
    }
    value[e.target] = n;
    if (e.target === 'cpa') cpaSpan = e.valueSpan;
    if (e.target === 'cssPriority' || e.target === 'cuPriority') extensionUsed = e;
  }
  if (extensionUsed && value['X'] !== 1) {
    report('keywordConflict', extensionUsed.keySpan, `${extensionUsed.keyword}= is in ORB word 3, which is used only with the ORB-extension bit; add X=1`);
  }
  const bytes = ORB.encode(value);
  return {
    bytes,
    ...(value['cpa'] !== undefined && cpaSpan ? { cpa: value['cpa'], cpaSpan } : {}),
    format1: value['F'] === 1,
    formatKnown,
  };
}
