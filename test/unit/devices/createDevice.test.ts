/**
 * `createDevice`: DEVICE statement types and options (LANGUAGE.md "Configuration statements")
 * to device models, with errors as values that say what to write instead.
 */
import { describe, expect, test } from 'vitest';
import { RDC_ECKD, SENSE_24 } from '../../../src/arch/eckd';
import { VOL1_LABEL } from '../../../src/arch/volumeLabel';
import { decodeEbcdic } from '../../../src/asm/ebcdic';
import type { Device } from '../../../src/css/device';
import { createDevice } from '../../../src/devices';
import { runCcws } from '../../helpers/ccwRunner';
import { fromHex } from '../../helpers/hex';

function make(type: string, options: Record<string, string> = {}, devno = 0x0190): Device {
  const made = createDevice({ devno, type, options });
  if ('error' in made) throw new Error(made.error);
  return made.device;
}

const errorOf = (type: string, options: Record<string, string> = {}): string => {
  const made = createDevice({ devno: 0x0190, type, options });
  return 'error' in made ? made.error : 'no error';
};

const rdc = (d: Device) => RDC_ECKD.decode(runCcws(d, [{ cmd: 0x64, count: 64 }]).last.stored);

/** The volume serial in the VOL1 label (DE + LR search R3 + Read Data, as in LANGUAGE.md). */
function volser(d: Device): string {
  const p = runCcws(d, [
    { cmd: 0x63, flags: 0x40, count: 16, data: fromHex('00C00000 00000000 00000000 0000000E'.replace(/ /g, '')) },
    { cmd: 0x47, flags: 0x40, count: 16, data: fromHex('06000001000000000000000003000000') },
    { cmd: 0x06, flags: 0x20, count: 80 },
  ]);
  return decodeEbcdic(VOL1_LABEL.decode(p.last.stored).volser);
}

describe('3390 types', () => {
  test.each([
    ['3390', '3390-3', 3339],
    ['3390-1', '3390-1', 1113],
    ['3390-2', '3390-2', 2226],
    ['3390-3', '3390-3', 3339],
    ['3390-9', '3390-9', 10017],
    ['3390-27', '3390-27', 32760],
    ['3390-54', '3390-54', 65520],
  ])('%s is a %s with a fresh volume of %i cylinders', (type, name, cylinders) => {
    const d = make(type);
    expect(d.typeName).toBe(name);
    expect(d.description).toBe(`${name} on 3990`);
    expect(d.devno).toBe(0x0190);
    expect(rdc(d).cylinders).toBe(cylinders);
  });

  test('3390 with CYLS= takes the model of that size, as Hercules does (a 10-cylinder volume is a 3390-1, as in the oracle)', () => {
    expect(make('3390', { CYLS: '10' }).typeName).toBe('3390-1');
    expect(make('3390', { CYLS: '3340' }).typeName).toBe('3390-3');
    expect(make('3390', { CYLS: '3341' }).typeName).toBe('3390-9');
  });

  test('an explicit model with a smaller CYLS= keeps its model byte and reports the smaller volume', () => {
    const d = make('3390-3', { CYLS: '10' });
    expect(rdc(d)).toMatchObject({ deviceModel: 0x0a, cylinders: 10 });
  });

  test('the type is not case sensitive', () => {
    expect(make(' 3390-9 ').typeName).toBe('3390-9');
  });

  test('VOLSER= names the volume; the default is V and the device number', () => {
    expect(volser(make('3390', { VOLSER: 'TEST01' }))).toBe('TEST01');
    expect(volser(make('3390', { volser: 'sys1' }))).toBe('SYS1  ');
    expect(volser(make('3390', {}, 0x0a7f))).toBe('V0A7F ');
  });

  test('CU=3990, COMPAT=HERCULES, READONLY= and the channel options SCH= and CHPIDS= are accepted', () => {
    expect(make('3390', { CU: '3990', COMPAT: 'hercules', READONLY: 'YES', SCH: '0001', CHPIDS: '(40,41)' }).typeName).toBe('3390-3');
  });

  test('a fresh device has no pending sense: Sense gives the null sense with byte 27 = X\'80\' (reference 5.1)', () => {
    expect(SENSE_24.decode(make('3390').sense())).toMatchObject({ byte0: 0, byte1: 0, compatible24: 1, cylinder: 0, currentHead: 0 });
  });
});

describe('errors say what is wrong and what to write', () => {
  test.each([
    ['3480', {}, 'device type 3480 is not supported yet; this version emulates 3390 DASD (3390-1, 3390-2, 3390-3, 3390-9, 3390-27, 3390-54) and the unit-record devices 1403, 3215, 3505, 3525'],
    ['3390-4', {}, 'device type 3390-4 is not a 3390 model; write one of 3390-1, 3390-2, 3390-3, 3390-9, 3390-27, 3390-54 or 3390'],
    ['3390', { IMAGE: 'vol.3390' }, 'cannot open vol.3390: this session has no file access'],
    ['3390', { PERSIST: 'YES' }, 'PERSIST=YES needs IMAGE=: a fresh volume in memory has no file to save to'],
    ['3390', { CYLS: 'ten' }, 'CYLS=ten is not a number of cylinders (1 or more)'],
    ['3390', { CYLS: '0' }, 'CYLS=0 is not a number of cylinders (1 or more)'],
    ['3390', { CYLS: '70000' }, 'CYLS=70000 is more than a 3390-54 holds (65,523 cylinders); larger (EAV) volumes are not supported yet'],
    ['3390-1', { CYLS: '2000' }, 'a 3390-1 holds at most 1,114 cylinders (1,113 primary + 1 alternate); CYLS=2000 needs a larger model, or write 3390 and let the size choose'],
    ['3390', { VOLSER: 'TOOLONG' }, 'VOLSER=TOOLONG is not a volume serial: 1 to 6 letters, digits or @ # $'],
    ['3390', { VOLSER: 'A-B' }, 'VOLSER=A-B is not a volume serial: 1 to 6 letters, digits or @ # $'],
    ['3390', { CU: '3880' }, 'CU=3880 is not a control unit this 3390 can sit behind; write CU=3990 (the default) or CU=2107'],
    ['3390', { COMPAT: 'QEMU' }, 'COMPAT=QEMU is unknown; the only value is COMPAT=HERCULES'],
    ['3390', { READONLY: 'MAYBE' }, 'READONLY=MAYBE: write YES or NO'],
    ['3390', { VOLSR: 'X' }, '3390 has no option VOLSR=; its options are CYLS=, VOLSER=, CU=, READONLY=, IMAGE=, PERSIST=, COMPAT='],
  ])('%s %j: %s', (type, options, message) => {
    expect(errorOf(type, options)).toBe(message);
  });
});
