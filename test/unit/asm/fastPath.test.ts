/**
 * The fast path (src/asm/fast) against the general assembler: whenever the fast path gives a
 * result, it must be the whole AssemblyResult the general assembler gives, deep and strict
 * (chunks, bytes, symbols, devices, every driver statement and EXPECT check, no diagnostics).
 * When it gives up is reported, not asserted, except on the bench program, which it must
 * handle entirely. FAST_PATH_FULL=1 runs the whole 100,000-input property corpus.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { generateProgram } from '../../../bench/asm';
import { assemble } from '../../../src/asm';
import { assembleGeneral } from '../../../src/asm/assembler';
import { fastAssemble } from '../../../src/asm/fast/fastAssemble';
import { mutate, randomText, rng, SEEDS } from './fuzz';

interface Tally {
  compared: number;
  bailed: number;
}

/** Compares one input; returns whether the fast path handled it. */
function compare(text: string, file: string, readFile?: (p: string) => string | undefined): boolean {
  const fast = fastAssemble(text, file);
  if (!fast) return false;
  const general = assembleGeneral(text, readFile ? { file, readFile } : { file });
  try {
    expect(fast).toStrictEqual(general);
  } catch (e) {
    throw new Error(`fast path differs on ${JSON.stringify(text.length > 4000 ? text.slice(0, 4000) + '…' : text)}: ${String(e)}`);
  }
  return true;
}

function run(inputs: Iterable<{ text: string; file?: string; readFile?: (p: string) => string | undefined }>): Tally {
  const t: Tally = { compared: 0, bailed: 0 };
  for (const i of inputs) {
    t.compared++;
    if (!compare(i.text, i.file ?? 'fuzz.ccw', i.readFile)) t.bailed++;
  }
  return t;
}

const say = (what: string, t: Tally): void => {
  console.log(`fast path, ${what}: ${t.compared} inputs, ${t.compared - t.bailed} handled identically, ${t.bailed} left to the general assembler (${((100 * t.bailed) / Math.max(1, t.compared)).toFixed(1)} %)`);
};

describe('fast path: identical to the general assembler, or absent', () => {
  test('the bench program at several sizes: handled, identical', () => {
    for (const lines of [1, 2, 4, 5, 21, 100, 1_000, 20_000]) {
      const text = generateProgram(lines);
      expect(compare(text, 'bench.ccw'), `bench program of ${lines} lines`).toBe(true);
    }
  }, 120_000);

  test('assemble() returns the fast result for the bench program and the general one with detail', () => {
    const text = generateProgram(200);
    const plain = assemble(text, { file: 'bench.ccw' });
    const detailed = assemble(text, { file: 'bench.ccw', detail: true });
    expect(plain.detail).toBeUndefined();
    expect(plain.image).toStrictEqual(detailed.image);
    expect(plain.diagnostics).toStrictEqual(detailed.diagnostics);
  });

  test('every example (examples/, dasd/, vfio/)', () => {
    const inputs: { text: string; file: string; readFile: (p: string) => string | undefined }[] = [];
    for (const dir of ['examples', 'examples/dasd', 'examples/vfio']) {
      for (const name of readdirSync(dir).filter((n) => n.endsWith('.ccw')).sort()) {
        const file = join(dir, name);
        const readFile = (p: string): string | undefined => {
          try {
            return readFileSync(p, 'utf8');
          } catch {
            return undefined;
          }
        };
        inputs.push({ text: readFileSync(file, 'utf8'), file, readFile });
      }
    }
    expect(inputs.length).toBeGreaterThan(30);
    say('examples', run(inputs));
  });

  test('mutated bench programs (near-valid inputs, where the fast path is most often right to try)', () => {
    const r = rng(7);
    const base = generateProgram(61);
    say('mutated bench programs', run((function* () {
      for (let i = 0; i < 5_000; i++) yield { text: mutate(base, r) };
    })()));
  }, 120_000);

  /**
   * The DC and DS forms the fast path reads directly (src/asm/fast/dcDirect.ts) and their near
   * misses (other types, modifiers, doubled quotes, truncation, values that do not fit, odd
   * separators), each statement among others so that alignment and label lengths show.
   */
  test('direct DC/DS forms and their near misses', () => {
    const r = rng(23);
    const pick = <T,>(a: readonly T[]): T => a[Math.floor(r() * a.length)] as T;
    const dups = ['', '', '', '0', '1', '2', '3', '10', '00', '1234567890'];
    const types = ['C', 'X', 'F', 'H', 'A', 'Y', 'D', 'c', 'x', 'f', 'h', 'a', 'y', 'd', 'CA', 'FD', 'AD', 'B', 'E', 'Q'];
    const lens = ['', '', '', 'L1', 'L2', 'L3', 'L4', 'L8', 'L9', 'L0', 'l2', 'L', 'L(2)', 'L65535', 'L65536', 'S2'];
    const nominals = [
      "'00C0'", "'0'", "'ABC'", "'HELLO 5'", "'a,b'", "''", "'A''B'", "'-1'", "'+7'", "'2147483647'", "'2147483648'", "'-32768'",
      "'32768'", "'1,2'", "'1.5'", "'FFFFFFFFF'", "'G0'", "'x'", '(0)', '(65535)', '(65536)', '(4294967296)', '(X)', '(*)', '(1+1)', '(0', '',
      "'\u00e9'", "'~'",
    ];
    /** Mostly valid forms (so that whole programs get through), a near miss now and then. */
    const good = [
      "X'00C0'", "XL4'01'", "C'HELLO 5'", "CL8'A'", "3F'-1'", "H'7'", "F'2147483647'", "HL3'-5'", 'A(0)', 'AL2(65535)', 'Y(12)', "2XL2'F'",
      "c'a,b'", "x'ff'", "0C'Z'", "2CL3'AB'", 'AL1(255)', "FL1'-128'",
    ];
    const goodDs = ['CL80', '0D', '0F', 'XL3', '2H', 'F', '3A', 'Y', 'D', '0H', 'C', 'cl2'];
    const operand = (ds: boolean): string =>
      r() < 0.9 ? pick(ds ? goodDs : good) : pick(dups) + pick(types) + pick(lens) + (ds && r() < 0.7 ? '' : pick(nominals));
    const lines = (): string[] => {
      const out: string[] = [];
      for (let i = 0; i < 4; i++) {
        const op = r() < 0.7 ? 'DC' : 'DS';
        const ops = [operand(op === 'DS')];
        while (r() < 0.4) ops.push(operand(op === 'DS'));
        const label = r() < 0.5 ? `S${i} ` : '         ';
        out.push(`${label}${op}    ${ops.join(r() < 0.95 ? ',' : ', ')}`);
        if (r() < 0.3 && label !== '         ') out.push(`E${i}      EQU   L'S${i}`);
      }
      return out;
    };
    let handled = 0;
    const t = run((function* () {
      for (let i = 0; i < 5_000; i++) yield { text: ['         STORAGE 1M', ...lines(), '         END'].join('\n') };
    })());
    handled = t.compared - t.bailed;
    say('direct DC/DS forms', t);
    expect(handled).toBeGreaterThan(0);
  }, 120_000);

  /**
   * The statements the fast path reads straight from the text (src/asm/fast: ccwDirect,
   * driverDirect, expectDirect, textExpr) and their near misses: every operand form, forward
   * and backward references, lower case, odd spacing, remarks, values that do not fit, flags
   * that draw warnings, checks of the wrong length, unknown keywords, empty operands.
   */
  test('directly read CCW, ORB, SSCH, WAIT, TSCH, DELAY, MSCH and EXPECT forms and their near misses', () => {
    const r = rng(29);
    const pick = <T,>(a: readonly T[]): T => a[Math.floor(r() * a.length)] as T;
    const exprs = [
      '0', '8', '255', '256', "X'1F'", "x'ff'", "C'A'", "C'AB'", "C''''", "B'101'", "CA'A'", "L'B1", "L'b2", "L'*", "L'Q",
      'B1', 'b1', 'B2', 'C1', 'F1', 'F2', 'Q', '*', '*+8', 'B1+4', 'B1-B1', '(B1)', '((1+2)*3)', '-1', '+5', '--2', '4/2', '5/0', '7*8',
      "B1+L'B1-1", "2*X'7FFFFFFF'", '123456789012345678', '1A', '(1', '1)', 'EQ1', 'eq2', 'CC', 'SLI+CC', "X'FFFFFFFFFFFFFFFF'", "X'12345678901234'",
      "C'ABCDEFG'", "-(L'B1)", 'B1*0+1', '9007199254740993', 'BIG', 'BIG-BIG',
    ];
    const e = (): string => pick(exprs);
    const ccw = (): string => {
      const shape = r();
      if (shape < 0.6) return [pick(['RDDATA', 'rddata', 'NOP', 'TIC', 'WRDATA', "X'08'", e()]), e(), pick(['0', 'CC', 'SLI', 'SLI+CC', 'CD+CC', 'SKIP', 'IDA+MIDA', 'PCI', e()]), e()].join(',');
      if (shape < 0.8) return [e(), e(), e(), e()].join(',');
      return pick(['1,2,3', '1,2,3,4,5', ',1,2,3', '1,,2,3', '1,2,3,', '1,2,3,4 remark', '1,2,3,4;x', '']);
    };
    const orbOperand = (): string =>
      pick(['CPA=C1', 'CPA=C1', 'cpa=c1', 'CPA=C2', 'CPA=C1+8', 'CPA=3', 'FMT=1', 'FMT=0', 'F=1', 'KEY=0', 'KEY=15', 'KEY=16', "LPM=X'80'", 'LPM=256', 'INTPARM=-1', 'INTPARM=5',
        "INTPARM=X'FFFFFFFF'", 'IDAW=1', 'IDAW=2', 'IDAW=3', 'S=1', 'SUSP=1', 'PFCH=1', 'ISI=1', 'ILS=1', 'MIDA=1', 'X=1', 'CSSPRI=1', 'CUPRI=2', 'FOO=1', 'CPA', 'CPA=', '', 'TM=0',
        'T=1', 'H=1', 'L=1', 'D=1', 'A=1', 'U=1', 'Y=1', 'M=1', 'C=1', 'B=1', 'P=1', 'I=1', 'INTPARM=-2147483649']);
    const devno = (): string => pick(['0190', '190', '0190', "X'0190'", '0191', '12345', 'G1', '']);
    const check = (): string =>
      pick(['CC=0', 'CC=3', 'CC=4', 'cc=1', 'CC&=1', 'CC!=2', 'CC=Q', 'DSTAT=CE+DE', 'DSTAT=ce+de', "DSTAT=X'0C'", 'SCHSTAT=0', 'SCHSTAT=PCI', 'COUNT=0', 'COUNT=65535',
        'COUNT=65536', "MEM(B1,4)=C'VOL1'", "MEM(B1,3)=C'VOL1'", "MEM(B1)=X'00FF'", "MEM(B1)=X'0FF'", 'MEM(B1,4)=5', "MEM(B1,2)=X'0102'", "mem(b1,1)=c'a'", "MEM(-1,1)=X'00'",
        "MEM(B1,0)=X'00'", "MEM(B1,1,2)=X'00'", "MEM=X'00'", "SENSE(0,2)=X'1000'", "SENSE(31,2)=X'1000'", 'PMCW.ISC=3', 'pmcw.isc=3', 'SCSW.Z=1', 'SCSW.=1', 'RET=-EBUSY',
        'RET=-1', "INTPARM=X'FFFFFFFF'", 'FOO=1', 'CC', 'CC=', 'CC(1)=0', "MEM(B1,4)=C'A''B'", 'KEY=15', 'FSM=IDLE', "ECW(0,1)=X'00'", "MEM(F1,2)=C'AB'", "MEM(Q,1)=C'A'"]);
    const list = (f: () => string, max: number): string => {
      const out = [f()];
      while (out.length < max && r() < 0.5) out.push(f());
      return out.join(',');
    };
    const sp = (): string => pick([' ', ' ', '  ', '\t', '      ']);
    /** Mostly forms that assemble cleanly (so that whole programs get through), a near miss now and then. */
    const good = {
      ccw: ['RDDATA,B1,SLI,4', 'rddata,b1,sli,L\'B1', 'NOP,0,0,1', "X'03',*,SLI,1", 'NOP,B1+4,PCI,2', "6,B2,0,L'B2", 'NOP,(B1+8)/2,0,C\'A\'', 'NOP,EQ1,0,EQ2', 'nop,F2-1,SLI,Q', 'TIC,C1,0,0'],
      orb: ['CPA=C1,FMT=1', 'cpa=c1,fmt=1,key=0', "CPA=C1,FMT=1,KEY=0,LPM=X'80',INTPARM=7", 'CPA=C1,F=1,INTPARM=-1,S=1,PFCH=1,ISI=1,IDAW=2,ILS=1', 'CPA=C1,FMT=1,X=1,CSSPRI=1,CUPRI=2', 'FMT=1,CPA=C1,MIDA=1,TM=0'],
      ssch: ['0190,O1', '190,o1', '0190,O1+0'],
      wait: ['0190,1000000', '0190', '0190,Q', '190,EQ2*1000'],
      tsch: ['0190', '0190,F1', '0190,B1'],
      delay: ['10', '10 ; settle', 'Q*2', "X'10'"],
      msch: ['ISC=3', "isc=3,LPM=X'80'", 'INTPARM=-1', 'E=1,ISC=7'],
      expect: ['CC=0', 'DSTAT=CE+DE', 'dstat=ce+de,schstat=0,count=0', "MEM(B1,4)=C'VOL1'", "MEM(B1)=X'00FF'", 'CC&=1,CC!=2', 'SCHSTAT=PCI', 'PMCW.ISC=3', 'SCSW.Z=1', 'RET=-EBUSY', "SENSE(0,2)=X'1000'", 'FSM=IDLE', "MEM(F1,2)=C'AB'", "INTPARM=X'FFFFFFFF'"],
    };
    let labels = 0;
    const label = (): string => (r() < 0.3 ? `${pick(['L', 'l'])}${labels++}` : '');
    const stmt = (): string => {
      const k = r();
      const ok = r() < 0.85;
      if (k < 0.25) return `${label()}${sp()}${pick(['CCW1', 'CCW1', 'ccw1', 'CCW', 'CCW0'])}${sp()}${ok ? pick(good.ccw) : ccw()}`;
      if (k < 0.4) return `${label()}${sp()}${pick(['ORB', 'orb'])}${sp()}${ok ? pick(good.orb) : list(orbOperand, 6)}`;
      if (k < 0.5) return `${sp()}${pick(['SSCH', 'ssch'])}${sp()}${ok ? pick(good.ssch) : pick([`${devno()},O1`, `${devno()},o1`, `${devno()},${e()}`, devno(), `${devno()},O1,O1`, `${devno()},`])}`;
      if (k < 0.6) return `${sp()}WAIT${sp()}${ok ? pick(good.wait) : pick([`${devno()},${e()}`, devno(), `${devno()},`, `,${e()}`, `${devno()},1,2`])}`;
      if (k < 0.68) return `${sp()}TSCH${sp()}${ok ? pick(good.tsch) : pick([devno(), `${devno()},${e()}`, `${devno()},B1+2`, `${devno()},X'FFFFFF'`, `${devno()},`])}`;
      if (k < 0.74) return `${sp()}DELAY${sp()}${ok ? pick(good.delay) : pick([e(), '10,20', '', '4503599627370496'])}`;
      if (k < 0.78) {
        const equ = ok ? pick(['*', '*+4,2', "B0+L'B0-1,4", '-B0', '(B0)+1', "L'B0", '5,', 'B0*2/3', "X'10',1", 'Q+1']) : pick(['5,0', '5,65536', 'B1', '', ',5', '5,6,7', "L'*", '1/0']);
        return `${pick(['E', 'e'])}${labels++}${sp()}${pick(['EQU', 'equ'])}${sp()}${equ}`;
      }
      if (k < 0.84) return `${sp()}MSCH${sp()}${ok ? `0190,${pick(good.msch)}` : `${devno()},${list(() => pick(['ISC=3', 'isc=3', "LPM=X'80'", 'INTPARM=-1', 'ISC=8', 'FOO=1', 'ISC=', '', 'ISC=Q', 'E=1']), 3)}`}`;
      return `${sp()}EXPECT${sp()}${ok ? list(() => pick(good.expect), 3) : list(check, 4)}${pick(['', '', ' remark', ';remark'])}`;
    };
    const program = (): string => {
      const lines = ['         DEVICE 0190,3390-3', '         COPY  ECKD'];
      lines.push("B0       DC    CL3'ABC'", `Q        EQU   ${pick(['5', '5', 'B0', 'B0+1'])}`);
      if (r() < 0.3) lines.push("BIG      EQU   X'7FFFFFFFFFFFFFFF'");
      lines.push('O1       ORB   CPA=C1,FMT=1');
      for (let i = 0; i < 2; i++) lines.push(stmt());
      lines.push('C1       CCW1  RDDATA,B1,SLI,4', `C2       ${pick(['CCW0', 'CCW1'])}  NOP,0,0,1`, 'B1       DS    CL8', "B2       DC    F'1'", 'F1       DS    0F', "F2       DC    X'01'");
      for (let i = 0; i < 2; i++) lines.push(stmt());
      // Storage placed again over what is there (overlaps, allowed between DS areas) or past it.
      if (r() < 0.2) lines.push(`         ORG   ${pick(['*-4', '*-8', '*-1', 'B1', 'B1+2', '*+8', ''])}`, `         ${pick(["DS    F", "DC    F'2'", 'DS    CL2', "CCW1  NOP,0,0,1", "DC    X'00'"])}`);
      lines.push('EQ1      EQU   B1+4', 'EQ2      EQU   7,2');
      lines.push('         END');
      return lines.join(r() < 0.1 ? '\r\n' : '\n');
    };
    const t = run((function* () {
      for (let i = 0; i < 6_000; i++) yield { text: program() };
    })());
    say('direct statement forms', t);
    expect(t.compared - t.bailed).toBeGreaterThan(300);
  }, 120_000);

  /**
   * Operand fields that end where the source ends (no line break after them: the readers' end
   * of field is their end of text too), and EXPECT and MSCH lists long enough to need more
   * room than a first array grows to, after one the direct reader read half-way in pass 1 (a symbol defined further down).
   */
  test('operands at the very end of the source; long EXPECT and MSCH lists', () => {
    const head = ['         DEVICE 0190,3390-3', '         COPY  ECKD', "B0       DC    CL3'ABC'", 'O1       ORB   CPA=C1,FMT=1', 'C1       CCW1  NOP,0,0,1'];
    const last = ["E1       EQU   C'AB'", "E1       EQU   X'0A'", 'E1       EQU   B0+1', "E1       EQU   B0,L'B0", '         DELAY 10', '         WAIT  0190', '         WAIT  0190,5', '         SSCH  0190,O1', '         TSCH  0190',
      "         MSCH  0190,LPM=X'80'", '         EXPECT CC=0', "         EXPECT MEM(B0,3)=C'ABC'", "         EXPECT MEM(B0,1)=X'C1'", "         DC    C'AB'", "         DC    X'0102'", '         DC    A(5)', '         DS    F', "         CCW1  X'03',B0,0,1",
      "         CCW1  3,B0,0,C'A'", "         EXPECT CC=C'A'", '         EXPECT COUNT=(1)', '         ORB   CPA=C1,FMT=1,INTPARM=(5)'];
    const long = Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? 'CC=0' : 'COUNT=3')).join(',');
    const halfGood = "CC=0,DSTAT=CE+DE,COUNT=L'B9,CC=1"; // B9 comes later: read again in pass 2
    const inputs = [...last.map((l) => ({ text: [...head, l].join('\n') })),
      { text: [...head, `         EXPECT ${halfGood}`, `         EXPECT ${long}`, "         MSCH  0190,ISC=3,LPM=X'80',INTPARM=5", 'B9       DS    CL7', '         END'].join('\n') }];
    const t = run(inputs);
    say('end of source, long lists', t);
    expect(t.compared - t.bailed).toBeGreaterThan(20);
  });

  /**
   * What the whole-image checks see at an address (the chunk order and the CCW or ORB found
   * there), which the fast path decides from its records' numbers: chunks that share an
   * address (a DS at a CCW's or ORB's address, before or after it), ORG back and forth (out of
   * address order), CPAs that name the chunk right after their ORB or one far away, and SSCHs
   * that name an ORB or something else; also symbol values beyond 32 bits and at -2^31, which
   * the symbol table keeps apart from the small integers.
   */
  test('chunks sharing an address, out of order, and symbol values beyond 32 bits', () => {
    const r = rng(31);
    // Defined in every program, each at a random place; the pieces below at most once each.
    const always = ['C1       CCW1  NOP,0,0,1', 'C2       CCW0  NOP,0,0,1', 'O1       ORB   CPA=C1,FMT=1', 'O2       ORB   CPA=C2', 'O3       ORB   CPA=C1,FMT=1', 'D1       DS    0D',
      "BIG      EQU   X'80000000'", "NEG      EQU   -X'80000000'", "HUGE     EQU   X'123456789'"];
    const pieces = [
      'O4       ORB   CPA=C1+8,FMT=1', 'O5       ORB   CPA=D1,FMT=1', '         CCW1  NOP,0,CC,1', '         CCW1  NOP,0,0,1', '         CCW0  NOP,0,0,1', '         CCW1  TIC,C1,0,0',
      '         DS    XL8', '         DS    0F', "         DC    X'0300000000000001'", '         DC    0D', '         ORG   *-8', '         ORG   *-32', '         ORG   ', '         ORG   *+64',
      '         SSCH  0190,O1', '         SSCH  0190,O2', '         SSCH  0190,O3', '         SSCH  0190,D1', '         SSCH  0190,O3+32', '         DC    A(BIG-BIG)',
      "         EXPECT COUNT=(BIG-X'7FFFFFF0')", "         EXPECT COUNT=NEG+X'80000003'", "         WAIT  0190,HUGE-X'123456700'",
    ];
    const t = run((function* () {
      for (let i = 0; i < 4_000; i++) {
        // A few pieces, each at most once (a label defined twice only makes both assemblers report it).
        const left = [...pieces];
        const body: string[] = [];
        const n = 2 + Math.floor(r() * 10);
        for (let j = 0; j < n; j++) body.push(...left.splice(Math.floor(r() * left.length), 1));
        for (const c of always) body.splice(Math.floor(r() * (body.length + 1)), 0, c);
        yield { text: ['         DEVICE 0190,3390-3', '         COPY  ECKD', ...body, '         END'].join('\n') };
      }
    })());
    say('shared addresses, out of order, big values', t);
    expect(t.compared - t.bailed).toBeGreaterThan(500);
  }, 120_000);

  /** The property corpus of fuzz.ts (runProperty's inputs, in its order). */
  function* corpus(seed: number, count: number): Generator<{ text: string; readFile?: (p: string) => string | undefined }> {
    const r = rng(seed);
    for (let i = 0; i < count; i++) {
      const pick = r();
      if (pick < 0.2) yield { text: randomText(r) };
      else if (pick < 0.25) {
        const text = '         COPY  inc.ccw\n' + mutate(SEEDS[0] ?? '', r);
        const files: Record<string, string> = { 'inc.ccw': mutate("X DC X'01'\n         COPY inc2\n", r), 'inc2.ccw': mutate('Y EQU X+1', r) };
        yield { text, readFile: (p) => files[p] };
      } else yield { text: mutate(SEEDS[Math.floor(r() * SEEDS.length)] ?? '', r) };
    }
  }

  test('20,000 inputs of the property corpus (seed 11)', () => {
    say('property corpus, seed 11', run(corpus(11, 20_000)));
  }, 120_000);

  test.runIf(process.env['FAST_PATH_FULL'] === '1')('the whole property corpus: 100,000 inputs (seeds 11 and 12)', () => {
    const a = run(corpus(11, 50_000));
    const b = run(corpus(12, 50_000));
    say('property corpus, 100,000', { compared: a.compared + b.compared, bailed: a.bailed + b.bailed });
  }, 600_000);
});
