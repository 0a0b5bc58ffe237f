/**
 * Assembler throughput: lines per second on a generated 100,000-line program that uses every
 * kind of statement a test bench has (CCWs, constants, EQUs, ORBs, driver statements and
 * expectations), after three warm-up runs, without the listing. Target (issue 3): 1,000,000 lines/s.
 */
import { best, type Report } from './report';
import { assemble, hasErrors } from '../src/asm';
import { fastAssemble } from '../src/asm/fast/fastAssemble';

/** One block of 20 lines; `i` makes every label unique. */
function block(i: number): string[] {
  return [
    `* block ${i}: a read of one record, as a test bench writes it`,
    `O${i}      ORB   CPA=C${i},FMT=1,KEY=0,LPM=X'80',INTPARM=${i}`,
    `C${i}      CCW1  DEFEXT,D${i},CC,16`,
    `         CCW1  LOCREC,L${i},CC,16`,
    `         CCW1  RDDATA,B${i},SLI+CC,L'B${i}`,
    `         CCW1  TIC,C${i}+32,0,0`,
    `         CCW1  NOP,0,SLI,1`,
    `D${i}      DC    X'00C00000',XL12'0000000000000000000E'`,
    `L${i}      DC    X'06000001',A(0),AL4(0),X'0000',Y(${i % 65536})`,
    `B${i}      DS    CL80`,
    `N${i}      EQU   B${i}+L'B${i}-1,4`,
    `         DC    3F'-1',H'7',C'HELLO ${i % 1000}',CL8'A'`,
    `         DS    0D`,
    `         SSCH  0190,O${i}`,
    `         WAIT  0190,1000000`,
    `         EXPECT CC=0,DSTAT=CE+DE,SCHSTAT=0,COUNT=0`,
    `         EXPECT MEM(B${i},4)=C'VOL1'`,
    `         TSCH  0190`,
    `         DELAY 10 ; let the channel settle`,
    `         MSCH  0190,ISC=3,LPM=X'80'`,
  ];
}

export function generateProgram(lines: number): string {
  const out = ['         DEVICE 0190,3390-3', '         STORAGE 64M', '         COPY  ECKD'];
  for (let i = 0; out.length < lines - 1; i++) out.push(...block(i));
  out.length = Math.min(out.length, lines - 1);
  out.push('         END');
  return out.join('\n');
}

export async function run(report: Report): Promise<void> {
  const lines = 100_000;
  const text = generateProgram(lines);
  const once = () => {
    const t0 = performance.now();
    const r = assemble(text, { file: 'bench.ccw' });
    const ms = performance.now() - t0;
    return { ms, r };
  };
  // Three warm-up runs: V8 settles its optimised code and its allocation decisions (which
  // result objects to allocate straight in the old generation) over the first few runs of a
  // 100,000-line program, so the runs right after a single one measure that settling too.
  const warm = once();
  once();
  once();
  if (hasErrors(warm.r)) {
    const first = warm.r.diagnostics.find((d) => d.severity === 'error');
    throw new Error(`the generated program has errors: ${first?.line}: ${first?.code} ${first?.message}`);
  }
  // Whether assemble() took the fast path (src/asm/fast) or fell back to the general assembler.
  const fast = fastAssemble(text, 'bench.ccw') !== null;
  const b = best(5, once);
  const rate = Math.round(lines / (b.ms / 1000));
  report(`assemble ${lines.toLocaleString('en-US')} lines (${b.r.image.chunks.length.toLocaleString('en-US')} chunks, ${b.r.image.statements.length.toLocaleString('en-US')} driver statements) in ${b.ms.toFixed(1)} ms = ${rate.toLocaleString('en-US')} lines/s (best of 5 after 3 warm-up runs, no listing; target 1,000,000; ${fast ? 'fast path' : 'general assembler: the fast path gave up'})`);
}
