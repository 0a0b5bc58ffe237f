/**
 * The property test's generator (LANGUAGE.md "Errors": the assembler never throws): seeded
 * random and mutated programs built from the examples, so any failure reproduces from its
 * seed and index. Shared by the property test files, which split the 100,000 inputs so that
 * vitest can run them on two workers.
 */
import { expect } from 'vitest';
import { assemble } from '../../../src/asm';
import { LANGUAGE_EXAMPLE } from '../../helpers/languageExample';
import { prng } from '../../helpers/prng';


/** The shared seeded generator (test/helpers/prng.ts). */
export const rng = prng;

/** Every statement form of LANGUAGE.md at least once: the driver statements and faults included. */
const ALL_STATEMENTS = `         DEVICE 0190,3390-3,CHPIDS=(40,41),SCH=0001
         DEVICE 000C,3505,DECK='cards.txt'
         PATH  vfio
         STORAGE 1M
         CODEPAGE 1047
         COPY  UNITREC
         TITLE 'all statements'
         PRINT ON
         SPACE 1
         EJECT
         ORG   X'2000'
LEN      EQU   *,4
O1       ORB   CPA=C1,FMT=1,KEY=0,LPM=X'80',INTPARM=-1,S=1,PFCH=1,ISI=1,IDAW=2,ILS=1,X=1,CSSPRI=1,CUPRI=2
C1       CCW1  RDCARD,BUF,CC+SLI,80
         CCW0  NOP,0,SKIP+PCI,1
         CCW   X'08',C1,0,0
I1       IDAW1 BUF
I2       IDAW2 BUF+X'100000000'
M1       MIDAW LAST+DTI,80,BUF
BUF      DS    CL80
         DC    3XL4'1',CL8'HI',CA'ascii',B'1010',F'-1',H'7',FD'1',A(BUF),AL3(BUF),AD(BUF),Y(L'BUF),2C'IT''S'
         DS    0D,2F
         SSCH  0190,O1
         WAIT  0190,1000
         TSCH  0190,BUF
         HSCH  0190
         CSCH  0190
         RSCH  0190
         XSCH  0190
         STSCH 0190,BUF
         MSCH  0190,ISC=3,E=1,LPM=X'C0',MBA=X'2000',F=1
         SSKE  BUF,6,FETCH
         STORE C1+5,X'00'
         DELAY 100
         AWAIT 0190,SUSPENDED
         TPI
         STCRW BUF
         IPL   0190
         VFIO  0190,WRITEIO,O1,FCTL=HALT
         VFIO  0190,CMD,1
         VFIO  0190,READ,SCHIB,BUF
         VFIO  0190,RESET
         FAULT 0190,UNITCHECK,SENSE=X'8000'
         FAULT 0190,ATTN
         FAULT CHPID=40,OFFLINE
         FAULT 0190,VFIO,EAGAIN
         EXPECT CC=0,DSTAT&=CE+DE,SCHSTAT!=PCI,SCSW.Z=0,RET=-EBUSY
         EXPECT MEM(BUF,2)=X'0000',SENSE(0,1)=X'80',ECW(0)=X'00',FSM=IDLE
         END
`;

export const SEEDS: readonly string[] = [LANGUAGE_EXAMPLE, ALL_STATEMENTS];

const PIECES = ["'", "''", '(', ')', ',', '=', '&=', '!=', '*', '+', '-', '/', ' ', '  ', ';', '\t', '\n', '0', '9', 'X', "X'", "C'", "L'", 'CL80', '3X', 'A(', 'CC', 'SLI', 'ORG', 'EQU', 'DC', 'DS', 'CCW1', 'ORB', 'COPY', 'END', 'MEM(', 'DSTAT', 'TSCH', 'MSCH', 'FAULT', 'VFIO', 'CHPID=', 'SENSE=', 'FCTL=', 'AREA', '€', '\u0000', '\u{1F600}', 'FFFFFFFFFFFFFFFFFFFF', '99999999999999999999999', '((((((((((', '-'.repeat(50)];

export function mutate(text: string, r: () => number): string {
  let s = text;
  const n = 1 + Math.floor(r() * 4);
  for (let i = 0; i < n; i++) {
    const at = Math.floor(r() * (s.length + 1));
    switch (Math.floor(r() * 7)) {
      case 0:
        s = s.slice(0, at) + PIECES[Math.floor(r() * PIECES.length)] + s.slice(at);
        break;
      case 1:
        s = s.slice(0, at) + s.slice(at + 1 + Math.floor(r() * 10));
        break;
      case 2: {
        const lines = s.split('\n');
        const k = Math.floor(r() * lines.length);
        lines.splice(k, 0, lines[Math.floor(r() * lines.length)] ?? '');
        s = lines.join('\n');
        break;
      }
      case 3:
        s = s.slice(0, at);
        break;
      case 4:
        s = s.slice(0, at) + String.fromCharCode(Math.floor(r() * 0x250)) + s.slice(at);
        break;
      case 5: {
        // Swap two operands of one line: the operand validation sees every kind of value everywhere.
        const lines = s.split('\n');
        const k = Math.floor(r() * lines.length);
        const parts = (lines[k] ?? '').split(',');
        if (parts.length > 2) {
          const a = 1 + Math.floor(r() * (parts.length - 1));
          const b = Math.floor(r() * parts.length);
          [parts[a], parts[b]] = [parts[b] ?? '', parts[a] ?? ''];
          lines[k] = parts.join(',');
        }
        s = lines.join('\n');
        break;
      }
      default: {
        const lines = s.split('\n');
        lines.reverse();
        s = lines.join('\n');
      }
    }
  }
  return s;
}

export function randomText(r: () => number): string {
  if (r() < 0.5) {
    const len = Math.floor(r() * 160);
    return String.fromCharCode(...Array.from({ length: len }, () => Math.floor(r() * 256)));
  }
  const alphabet = " \t\n'(),=*+-/;&!.0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcxyz@#$_";
  const len = Math.floor(r() * 120);
  return Array.from({ length: len }, () => alphabet[Math.floor(r() * alphabet.length)]).join('');
}

/** Assembles one input; fails the test (with the input) on a throw or an internal error. */
export function check(text: string, files: Readonly<Record<string, string>> = {}): void {
  let result;
  try {
    result = assemble(text, { file: 'fuzz.ccw', readFile: (p) => files[p] });
  } catch (e) {
    throw new Error(`assemble threw on ${JSON.stringify(text)}: ${String(e)}`);
  }
  if (!result.image || !Array.isArray(result.image.chunks) || !Array.isArray(result.diagnostics)) throw new Error(`no image on ${JSON.stringify(text)}`);
  for (const d of result.diagnostics) {
    if (d.code === 'CCW099') throw new Error(`internal error on ${JSON.stringify(text)}: ${d.message}`);
    if (!(d.line >= 1 && d.endColumn > d.column)) throw new Error(`bad location ${JSON.stringify(d)} on ${JSON.stringify(text)}`);
  }
  expect(result.image).toBeDefined();
}

/** `count` inputs from `seed`: 80 % mutated seeds (with COPY files), 20 % random text. */
export function runProperty(seed: number, count: number): void {
  const r = rng(seed);
  for (let i = 0; i < count; i++) {
    const pick = r();
    if (pick < 0.2) check(randomText(r));
    else if (pick < 0.25) check('         COPY  inc.ccw\n' + mutate(SEEDS[0] ?? '', r), { 'inc.ccw': mutate("X DC X'01'\n         COPY inc2\n", r), 'inc2.ccw': mutate('Y EQU X+1', r) });
    else check(mutate(SEEDS[Math.floor(r() * SEEDS.length)] ?? '', r));
  }
}
