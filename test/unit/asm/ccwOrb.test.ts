/**
 * CCW, CCW0, CCW1, IDAW and ORB statements. Byte layouts from reference/vfio-ccw-css.md 1.1
 * (CCW formats), 1.2 (IDAW), 1.3 (ORB: key word 1 bits 0-3, S 4, C 5, M 6, Y 7, F 8, P 9,
 * I 10, A 11, U 12, B 13, H 14, T 15, LPM 16-23, L 24, D 25, X 31).
 */
import { describe, expect, test } from 'vitest';
import { asm, chunk, codes, hexOf, where } from '../../helpers/asm';
import { toHex } from '../../helpers/hex';

describe('CCW statements', () => {
  test('CCW1 cmd,addr,flags,count → cmd, flags, count, 31-bit address (vfio-ccw-css.md 1.1)', () => {
    const r = asm(["C        CCW1  X'06',X'7FFFFFFF',CC+SLI,80"]);
    expect(hexOf(r, 'C')).toBe('066000507FFFFFFF');
  });

  test('CCW0 and CCW (format 0) → cmd, 24-bit address, flags, reserved, count (asm/cio.h struct ccw0)', () => {
    const r = asm(["A        CCW0  X'06',X'003000',SLI,24", "B        CCW   X'06',X'FFFFFF',0,X'FFFF'"]);
    expect(hexOf(r, 'A')).toBe('0600300020000018');
    expect(hexOf(r, 'B')).toBe('06FFFFFF0000FFFF');
  });

  test('CCWs are doubleword aligned (zeros before) and have length attribute 8', () => {
    const r = asm(["A        DC    X'01'", 'C        CCW1  3,0,0,1', 'L        EQU   L\'C']);
    expect(chunk(r, 'C').address).toBe(0x1008);
    expect(r.image.symbols.find((s) => s.name === 'L')?.value).toBe(8);
  });

  test("CCW1 address X'80000000' does not fit in 31 bits (CCW007, message names the value)", () => {
    const r = asm(["         CCW1  3,X'80000000',0,1"]);
    expect(r.diagnostics.map(where)).toEqual(['CCW007@1:18-29']);
    expect(r.diagnostics[0]?.message).toBe("CCW1 address X'80000000' does not fit in 31 bits (0 to X'7FFFFFFF')");
  });

  test('CCW0 address above 24 bits, count above 16 bits, command above 8 bits are CCW007', () => {
    const r = asm(["         CCW0  3,X'1000000',0,1", '         CCW1  3,0,0,65536', '         CCW1  256,0,0,1', '         CCW1  3,0,256,1']);
    expect(codes(r)).toEqual(['CCW007', 'CCW007', 'CCW007', 'CCW007']);
  });

  test('all four operands are required (CCW012), a fifth is CCW013', () => {
    expect(asm(['         CCW1  3,0,0']).diagnostics.map(where)).toEqual(['CCW012@1:21-22']);
    expect(asm(['         CCW1  3,0,0,1,5']).diagnostics.map(where)).toEqual(['CCW013@1:24-25']);
  });

  test('flags by name or number: CD CC SLI SKIP PCI IDA S SUSP MIDA (LANGUAGE.md values)', () => {
    const r = asm(['A        CCW1  3,0,CD,1', 'B        CCW1  3,0,SKIP+PCI+IDA+S+MIDA,1', 'C        CCW1  3,0,SUSP,1', "D        CCW1  3,0,X'60',1"]);
    expect([hexOf(r, 'A'), hexOf(r, 'B'), hexOf(r, 'C'), hexOf(r, 'D')].map((h) => h.slice(2, 4))).toEqual(['80', '1F', '02', '60']);
  });

  test('a chain whose last CCW still has CC set warns CCW036; a TIC or a following CCW does not', () => {
    const r = asm(['A        CCW1  3,0,CC,1', 'B        CCW1  3,0,CC,1', "T        CCW1  8,A,0,0"]);
    expect(r.diagnostics).toEqual([]);
    const w = asm(['A        CCW1  3,0,CC,1', '         CCW1  3,0,CC+SLI,1']);
    expect(w.diagnostics.map((d) => [d.code, d.severity, d.line])).toEqual([['CCW036', 'warning', 2]]);
  });

  test('IDAW1 is a 4-byte word-aligned 31-bit address; IDAW2 an 8-byte doubleword-aligned one (vfio-ccw-css.md 1.2)', () => {
    const r = asm(["X        DC    X'01'", "A        IDAW1 X'12345678'", "B        IDAW2 X'123456789A'"]);
    expect(chunk(r, 'A')).toMatchObject({ address: 0x1004, kind: 'idaw1' });
    expect(hexOf(r, 'A')).toBe('12345678');
    expect(chunk(r, 'B')).toMatchObject({ address: 0x1008, kind: 'idaw2' });
    expect(hexOf(r, 'B')).toBe('000000123456789A');
  });
});

describe('ORB statement', () => {
  const orb = (ops: string) => {
    const r = asm([`O        ORB   ${ops}`, '         DS    0D', 'C        CCW1  3,0,0,1', 'C0       CCW0  3,0,0,1']);
    return { bytes: r.image.chunks.find((c) => c.label === 'O')?.bytes ?? new Uint8Array(), r };
  };

  test('32 bytes, word aligned, LPM defaults to X\'FF\'', () => {
    const r = asm(["X        DC    X'01'", 'O        ORB   CPA=C,F=1', 'C        CCW1  3,0,0,1']);
    expect(chunk(r, 'O').address).toBe(0x1004);
    expect(toHex(chunk(r, 'O').bytes)).toBe('00000000' + '0080FF00' + '00001028' + '00'.repeat(20));
  });

  test('KEY is word 1 bits 0-3; INTPARM word 0; LPM bits 16-23', () => {
    const { bytes } = orb("CPA=C,FMT=1,KEY=6,INTPARM=X'11223344',LPM=X'80'");
    expect(toHex(bytes.subarray(0, 12))).toBe('11223344' + '6080' + '8000' + '00001020');
  });

  test('every flag by its PoO letter lands on its bit (vfio-ccw-css.md 1.3)', () => {
    const bit = (letter: string) => {
      const { bytes, r } = orb(`CPA=C0,${letter}=1,LPM=0`);
      expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      return toHex(bytes.subarray(4, 8));
    };
    expect(bit('S')).toBe('08000000');
    expect(bit('C')).toBe('04000000');
    expect(bit('M')).toBe('02000000');
    expect(bit('Y')).toBe('01000000');
    expect(bit('P')).toBe('00400000');
    expect(bit('I')).toBe('00200000');
    expect(bit('A')).toBe('00100000');
    expect(bit('U')).toBe('00080000');
    expect(bit('B')).toBe('00040000');
    expect(bit('H')).toBe('00020000');
    expect(bit('T')).toBe('00010000');
    expect(bit('L')).toBe('00000080');
    expect(bit('D')).toBe('00000040');
    expect(bit('X')).toBe('00000001');
  });

  test('aliases: FMT=F PFCH=P SUSP=S ISI=I IDA2K=T ILS=L MIDA=D TM=B; IDAW=2 sets H, IDAW=1 clears it', () => {
    const w1 = (ops: string) => toHex(orb(`CPA=C,${ops},LPM=0`).bytes.subarray(4, 8));
    expect(w1('FMT=1')).toBe('00800000');
    expect(w1('PFCH=1')).toBe('00400000');
    expect(w1('SUSP=1')).toBe('08000000');
    expect(w1('ISI=1')).toBe('00200000');
    expect(w1('IDA2K=1')).toBe('00010000');
    expect(w1('ILS=1')).toBe('00000080');
    expect(w1('MIDA=1')).toBe('00000040');
    expect(w1('TM=1')).toBe('00040000');
    expect(w1('IDAW=2')).toBe('00020000');
    expect(w1('IDAW=1')).toBe('00000000');
  });

  test('values are checked: a flag is 0 or 1, KEY 0-15, CPA 31 bits (CCW007)', () => {
    expect(codes(orb('CPA=C,F=2').r)).toEqual(['CCW007']);
    expect(codes(orb('CPA=C,F=1,KEY=16').r)).toEqual(['CCW007']);
    expect(codes(orb("CPA=X'80000000'").r)).toEqual(['CCW007']);
    expect(codes(orb('CPA=C,F=1,IDAW=3').r)).toEqual(['CCW007']);
  });

  test('unknown keyword CCW020 names the valid ones; a keyword twice (or F and FMT) is CCW021', () => {
    const r = orb('CPA=C0,FORMAT=1');
    expect(r.r.diagnostics.map(where)).toEqual(['CCW020@1:23-29']);
    expect(r.r.diagnostics[0]?.message).toContain('INTPARM');
    expect(orb('CPA=C,F=1,FMT=1').r.diagnostics.map(where)).toEqual(['CCW021@1:26-29']);
  });

  test('CPA not doubleword aligned warns CCW022; not a CCW warns CCW023; format mismatch warns CCW023', () => {
    expect(orb('CPA=C+4,F=1').r.diagnostics.map((d) => [d.code, d.severity])).toEqual([['CCW022', 'warning']]);
    expect(codes(orb('CPA=C+16,F=1').r)).toEqual(['CCW023']);
    expect(orb('CPA=C0,F=1').r.diagnostics[0]?.message).toContain('CCW0');
    expect(codes(orb('CPA=C').r)).toEqual(['CCW023']); // F=0 but CCW1
  });

  test('CSSPRI/CUPRI are ORB word 3 and need X=1 (CCW046)', () => {
    expect(toHex(orb('CPA=C,F=1,X=1,CSSPRI=5,CUPRI=7').bytes.subarray(12, 16))).toBe('05000700');
    expect(codes(orb('CPA=C,F=1,CSSPRI=5').r)).toEqual(['CCW046']);
  });

  test('an ORB without CPA= is CCW012', () => {
    expect(codes(orb('F=1').r)).toEqual(['CCW012']);
  });
});

describe('flags that mean nothing for the command (CCW050, PoO "Channel-Command Word")', () => {
  test('a TIC ignores its flags (format 1: command X\'08\'; format 0: low four bits 1000)', () => {
    expect(asm(['T        CCW1  8,T,CC,0']).diagnostics.map(where)).toEqual(['CCW050@1:20-22']);
    expect(asm(["T        CCW0  X'F8',T,SLI,0"]).diagnostics.map(where)).toEqual(['CCW050@1:24-27']);
    expect(asm(['T        CCW1  8,T,0,0']).diagnostics).toEqual([]);
  });

  test('CD with CC: chain data takes precedence', () => {
    const r = asm(['A        CCW1  2,0,CD+CC,1', '         CCW1  2,0,0,1']);
    expect(codes(r)).toEqual(['CCW050']);
  });

  test('SKIP on a write (low bits 01) or control (11) command; not on read, read backward or sense', () => {
    expect(codes(asm(['         CCW1  1,0,SKIP,1']))).toEqual(['CCW050']);
    expect(codes(asm(['         CCW1  3,0,SKIP,1']))).toEqual(['CCW050']);
    expect(codes(asm(['         CCW1  2,0,SKIP,1', "         CCW1  X'0C',0,SKIP,1", '         CCW1  4,0,SKIP,1', "         CCW1  X'E4',0,SKIP,1"]))).toEqual([]);
  });

  test('IDA with MIDA is a program check', () => {
    expect(codes(asm(['         CCW1  2,0,IDA+MIDA,1']))).toEqual(['CCW050']);
  });
});

describe('MIDAW flags,count,addr (PoO "Modified Indirect Data Addressing": bits 40-47 flags, 48-63 count, 64-127 address)', () => {
  test('16 bytes, quadword aligned, with the MIDAW flag names LAST X\'80\' SKIP X\'40\' DTI X\'20\'', () => {
    const r = asm(["X        DC    X'01'", "M        MIDAW LAST+DTI,4096,X'123456789A'", 'N        MIDAW SKIP,1,0', "L        EQU   L'M"]);
    expect(chunk(r, 'M')).toMatchObject({ address: 0x1010, kind: 'midaw' });
    expect(hexOf(r, 'M')).toBe('0000000000A01000000000123456789A');
    expect(hexOf(r, 'N')).toBe('00000000004000010000000000000000');
    expect(r.image.symbols.find((s) => s.name === 'L')?.value).toBe(16);
  });

  test('count above 16 bits and flags above 8 bits are CCW007', () => {
    expect(codes(asm(['         MIDAW 0,65536,0', '         MIDAW 256,1,0']))).toEqual(['CCW007', 'CCW007']);
  });
});
