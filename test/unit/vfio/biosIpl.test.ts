/**
 * QEMU's s390-ccw BIOS DASD IPL (src/driver/biosIpl.ts). Expected values are read from
 * pc-bios/s390-ccw/dasd-ipl.c (make_readipl, check_ipl1, ipl1_fixup, check_ipl2,
 * dynamic_cp_fixup, dasd_ipl), cio.c (cu_type, irb_error, __do_cio's ORB) and cio.h
 * (CCW_CMD_DASD_* codes, CcwSeekData 6 bytes, CcwSearchIdData 5 bytes, struct senseid).
 */
import { describe, expect, test } from 'vitest';
import { CCW0 } from '../../../src/arch';
import { GuestStorage } from '../../../src/css';
import { BiosDasdIpl, type BiosAction } from '../../../src/driver/biosIpl';

const CE_DE = 0x0c;
const CC = 0x40;
const ccw0 = (cmd: number, cda: number, flags: number, count: number) => CCW0.encode({ cmd, cda, flags, count });

function senseIdDone(guest: GuestStorage, bios: BiosDasdIpl, cuType = 0x3990): BiosAction {
  const first = bios.begin();
  expect(first).toMatchObject({ kind: 'start', format: 1 });
  const base = first.kind === 'start' ? first.cpa : 0;
  guest.write(base + 0x100, Uint8Array.of(0xff, cuType >> 8, cuType & 0xff));
  return bios.ended(CE_DE, 0);
}

/** IPL1 as Read IPL stores it: PSW, Read IPL2 into `ipl2` (CC), TIC `ipl2`. */
function readIpl1(guest: GuestStorage, ipl2: number): void {
  guest.write(0, Uint8Array.of(0, 8, 0, 0, 0, 0, 0x20, 0));
  guest.write(8, ccw0(0x06, ipl2, CC, 144));
  guest.write(16, ccw0(0x08, ipl2, 0, 0));
}

describe('s390-ccw BIOS DASD IPL', () => {
  test('Sense ID first; a control unit other than 3990 / 2107 is not the DASD route', () => {
    const guest = new GuestStorage(1 << 24);
    const r = senseIdDone(guest, new BiosDasdIpl(guest), 0x3505);
    expect(r.kind).toBe('panic');
  });

  test('Read IPL: format 0 at 0, count 24, no chaining (make_readipl)', () => {
    const guest = new GuestStorage(1 << 24);
    const r = senseIdDone(guest, new BiosDasdIpl(guest));
    expect(r).toMatchObject({ kind: 'start', cpa: 0, format: 0 });
    expect(guest.read(0, 8)).toEqual(ccw0(0x02, 0, 0, 24));
  });

  test('check_ipl1: a fresh volume (NOP at 8) is not bootable', () => {
    const guest = new GuestStorage(1 << 24);
    const bios = new BiosDasdIpl(guest);
    senseIdDone(guest, bios);
    guest.write(8, ccw0(0x03, 0, 0, 1));
    const r = bios.ended(CE_DE, 0);
    expect(r.kind).toBe('panic');
    expect(r.kind === 'panic' && r.message).toContain('IPL1 data invalid. Is this disk really bootable?');
  });

  test('ipl1_fixup: Seek / Search ID Equal R2 / TIC at 8, IPL1 moved to 32 without chaining, run from 8', () => {
    const guest = new GuestStorage(1 << 24);
    const bios = new BiosDasdIpl(guest);
    senseIdDone(guest, bios);
    readIpl1(guest, 0x2000);
    const r = bios.ended(CE_DE, 0);
    expect(r).toMatchObject({ kind: 'start', cpa: 8, format: 0 });
    expect(guest.read(8, 24)).toEqual(new Uint8Array([...ccw0(0x07, 0x30, CC, 6), ...ccw0(0x31, 0x38, CC, 5), ...ccw0(0x08, 0x10, 0, 0)]));
    expect(guest.read(32, 16)).toEqual(new Uint8Array([...ccw0(0x06, 0x2000, 0, 144), ...ccw0(0x08, 0x2000, 0, 0)]));
    expect(guest.read(0x30, 6)).toEqual(new Uint8Array(6));
    expect(guest.read(0x38, 5)).toEqual(Uint8Array.of(0, 0, 0, 0, 2));
  });

  test('IPL2 split after each Read that chains into a TIC; the inline search TIC is skipped', () => {
    const guest = new GuestStorage(1 << 24);
    const bios = new BiosDasdIpl(guest);
    senseIdDone(guest, bios);
    readIpl1(guest, 0x2000);
    bios.ended(CE_DE, 0);
    guest.write(0x2000, ccw0(0x07, 0x2060, CC, 6));
    guest.write(0x2008, ccw0(0x31, 0x2068, CC, 5));
    guest.write(0x2010, ccw0(0x08, 0x2008, 0, 0));
    guest.write(0x2018, ccw0(0x06, 0x3000, CC, 144));
    guest.write(0x2020, ccw0(0x08, 0x3040, 0, 0));
    const first = bios.ended(CE_DE, 0);
    expect(first).toMatchObject({ kind: 'start', cpa: 0x2000, format: 0 });
    // The Read's command chaining is off in storage, the TIC after it is where the next program starts.
    expect(guest.read(0x201c, 1)).toEqual(Uint8Array.of(0));
    guest.write(0x3040, ccw0(0x06, 0x4000, 0, 80));
    expect(bios.ended(CE_DE, 0)).toMatchObject({ kind: 'start', cpa: 0x3040 });
    const done = bios.ended(CE_DE, 0);
    expect(done.kind).toBe('done');
    // dasd_ipl: pswl->addr |= PSW_MASK_BAMODE before jumping to the IPL PSW.
    expect(guest.read(4, 4)).toEqual(Uint8Array.of(0x80, 0, 0x20, 0));
  });

  test('irb_error: any channel status, or device status other than CE+DE, ends the IPL', () => {
    const guest = new GuestStorage(1 << 24);
    const bios = new BiosDasdIpl(guest);
    senseIdDone(guest, bios);
    expect(bios.ended(CE_DE, 0x40).kind).toBe('panic');
  });
});
