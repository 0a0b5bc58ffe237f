/** Sources the language-service tests share. */
import { LANGUAGE_EXAMPLE } from '../../helpers/languageExample';
import type { Position } from '../../../src/lang';

export { LANGUAGE_EXAMPLE };

/** The 0-based position of the nth occurrence of `text` on the first line containing `lineHas`. */
export function at(source: string, lineHas: string, text: string, nth = 0, offset = 1): Position {
  const lines = source.split('\n');
  const line = lines.findIndex((l) => l.includes(lineHas));
  if (line < 0) throw new Error(`no line contains ${lineHas}`);
  let col = -1;
  for (let i = 0; i <= nth; i++) {
    col = (lines[line] ?? '').indexOf(text, col + 1);
    if (col < 0) throw new Error(`"${text}" not found ${nth + 1} times in: ${lines[line]}`);
  }
  return { line, character: col + offset };
}

/** Two devices, each with its own program; the second program loops through a TIC. */
export const TWO_DEVICES = `         DEVICE 0190,3390-3
         DEVICE 0191,3390-3
         COPY  ECKD
ORBA     ORB   CPA=PROGA,FMT=1
ORBB     ORB   CPA=PROGB,FMT=1
PROGA    CCW1  RDDATA,BUF,SLI,80
PROGB    CCW1  SRCHIDEQ,ARG,CC,5
         CCW1  TIC,PROGB,0,0
         CCW1  RDDATA,BUF,0,80
ARG      DC    X'0000000003'
BUF      DS    CL80
         SSCH  0190,ORBA
         WAIT  0190
         SSCH  0191,ORBB
         WAIT  0191
         END`;

/** A program of about `lines` lines: many ORBs, channel programs and data areas. */
export function bigProgram(lines: number): string {
  const out = ['         DEVICE 0190,3390-3', '         COPY  ECKD', '         STORAGE 64M'];
  for (let i = 0; out.length + 10 <= lines - 1; i++) {
    out.push(
      `ORB${i}     ORB   CPA=CH${i},FMT=1,KEY=0`,
      `CH${i}      CCW1  DEFEXT,DX${i},CC,16`,
      `         CCW1  LOCREC,LP${i},CC,16`,
      `         CCW1  RDDATA,LB${i},SLI,80     read the record`,
      `DX${i}      DC    X'00C00000',XL12'00000000000000000000000E'`,
      `LP${i}      DC    X'06000001',X'00000000',X'0000000003',X'000000'`,
      `LB${i}      DS    CL80`,
      `         SSCH  0190,ORB${i}`,
      `         WAIT  0190`,
      `         EXPECT CC=0,DSTAT=CE+DE`,
    );
  }
  while (out.length < lines - 1) out.push('*');
  out.push('         END');
  return out.join('\n');
}
