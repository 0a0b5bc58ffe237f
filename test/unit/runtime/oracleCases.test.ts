/**
 * Whole programs, from `.ccw` text through the assembler, the driver, the vfio-ccw path (or the
 * direct path), the channel subsystem and the 3390, checked against what Hercules 3.13 stored
 * for the same channel programs (../shared/oracle/results). The IRB bytes are the oracle's.
 */
import { describe, expect, test } from 'vitest';
import { toHex } from '../../helpers/hex';
import { runProgram } from '../../helpers/runProgram';

const PATHS = ['vfio', 'direct'] as const;

/** The driver part shared by the cases: one ORB per program, as the oracle builds them. */
const orb = (label: string, cpa: string) => `${label.padEnd(8)} ORB   CPA=${cpa},FMT=1,KEY=0,LPM=X'80',INTPARM=X'11223344'`;

describe.each(PATHS)('oracle cases on PATH %s', (path) => {
  test('a_read_data_r1: DE + LR + Read Data of R1 ends CE DE, count 0, CCW address 1018', () => {
    const r = runProgram(
      [
        '         DEVICE 0190,3390,CYLS=10,VOLSER=TEST01',
        "         ORG   X'1000'",
        "CHAIN    CCW1  X'63',DEXT,X'40',16",
        "         CCW1  X'47',LOC,X'40',16",
        "         CCW1  X'06',X'3000',0,24",
        "         ORG   X'2000'",
        "DEXT     DC    X'00C0000000000000000000000000000E'",
        "         ORG   X'2010'",
        "LOC      DC    X'06000001000000000000000001000000'",
        "         ORG   X'3000'",
        "         DC    32X'AA'",
        "         ORG   X'4000'",
        orb('RUN', 'CHAIN'),
        '         SSCH  0190,RUN',
        '         WAIT  0190',
        '         END',
      ].join('\n'),
      path,
    );
    // results/a_read_data_r1.json steps[2].results[0].irb.raw (Hercules stores 64 bytes)
    expect(toHex(r.irbs[0]!.subarray(0, 64))).toBe('00804007000010180C00000000800000' + '00'.repeat(48));
    // results/a_read_data_r1.json memory[0]: the IPL1 record's data, then the untouched AA bytes
    expect(toHex(r.memory(0x3000, 32)!)).toBe('000600000000000F03000000000000010000000000000000AAAAAAAAAAAAAAAA');
  });

  test('b_sense_id_rdc: Sense ID residual 244; RDC 64 bytes for a 10-cylinder 3390 on a 3990', () => {
    const r = runProgram(
      [
        '         DEVICE 0190,3390,CYLS=10,VOLSER=TEST01',
        "         ORG   X'1000'",
        "SID      CCW1  X'E4',X'3000',X'20',256",
        "         ORG   X'1100'",
        "RDC      CCW1  X'64',X'3100',0,64",
        "         ORG   X'3000'",
        "         DC    64X'AA'",
        "         ORG   X'4000'",
        orb('ORB1', 'SID'),
        orb('ORB2', 'RDC'),
        '         SSCH  0190,ORB1',
        '         WAIT  0190',
        '         SSCH  0190,ORB2',
        '         WAIT  0190',
        '         END',
      ].join('\n'),
      path,
    );
    expect(toHex(r.irbs[0]!.subarray(0, 16))).toBe('00804007000010080C0000F400800000');
    expect(toHex(r.irbs[1]!.subarray(0, 16))).toBe('00804007000011080C00000000800000');
    expect(toHex(r.memory(0x3000, 16)!)).toBe('FF3990C23390020040FA0100AAAAAAAA');
    expect(toHex(r.memory(0x3100, 64)!)).toBe(
      '3990C2339002D00000002026000A000FE000E5A2059402221309067400000000000000000000000026261002DFEE0001067708000000000000FF000000000000',
    );
  });

  test('c_invalid_cmd_then_sense: X\'FF\' is a command reject (sense 80…01), X\'01\' without DE is msg 2', () => {
    const r = runProgram(
      [
        '         DEVICE 0190,3390,CYLS=10,VOLSER=TEST01',
        "         ORG   X'1000'",
        "BAD      CCW1  X'FF',X'3000',0,16",
        "         ORG   X'1100'",
        "SNS1     CCW1  X'04',X'3100',0,32",
        "         ORG   X'1200'",
        "WRT      CCW1  X'01',X'3000',0,5",
        "         ORG   X'1300'",
        "SNS2     CCW1  X'04',X'3200',0,32",
        "         ORG   X'4000'",
        orb('O1', 'BAD'),
        orb('O2', 'SNS1'),
        orb('O3', 'WRT'),
        orb('O4', 'SNS2'),
        '         SSCH  0190,O1',
        '         WAIT  0190',
        '         SSCH  0190,O2',
        '         WAIT  0190',
        '         SSCH  0190,O3',
        '         WAIT  0190',
        '         SSCH  0190,O4',
        '         WAIT  0190',
        '         END',
      ].join('\n'),
      path,
    );
    // Hercules 3.13 adds incorrect length (X'40') to both rejections; a command rejected in the
    // initiation sequence is not incorrect length (PoO "Incorrect Length"), so ours show 00.
    expect(r.irbs.map((irb) => toHex(irb!.subarray(0, 12)))).toEqual([
      '00804017000010080E000010',
      '00804007000011080C000000',
      '00804017000012080E000005',
      '00804007000013080C000000',
    ]);
    expect(toHex(r.memory(0x3100, 32)!)).toBe('8000000000000001000000000000000000000000000000000000008000000000');
    expect(toHex(r.memory(0x3200, 32)!)).toBe('8000000000000002000000000000000000000000000000000000008000000000');
  });
});

describe('the vfio-ccw path shows what the guest would see', () => {
  test('the SCSW CCW address in the IRB is the guest address, translated back from host memory', () => {
    const r = runProgram(
      [
        '         DEVICE 0190,3390,CYLS=10',
        "         ORG   X'5000'",
        "CHAIN    CCW1  X'03',0,X'60',1",
        "         CCW1  X'08',NEXT,0,0",
        "         ORG   X'6000'",
        "NEXT     CCW1  X'03',0,X'20',1",
        "         ORG   X'4000'",
        orb('RUN', 'CHAIN'),
        '         SSCH  0190,RUN',
        '         WAIT  0190',
        '         EXPECT CC=0,CPA=X\'6008\',DSTAT=CE+DE,FSM=IDLE,RET=124',
        '         END',
      ].join('\n'),
      'vfio',
    );
    expect(r.machine.driver.failed).toBe(0);
    expect(r.machine.driver.passed).toBe(5);
  });
});
