/**
 * The content of cylinder 0 head 0 on a volume fresh from Hercules 3.13's `dasdinit` (the
 * version the oracle runs; oracle case v_fresh_volume dumps it):
 *
 *   R0  key length 0, data 8 zero bytes
 *   R1  key "IPL1", data 24 bytes: PSW 00060000 0000000F (disabled wait), CCW 03000000 00000001
 *       (NOP), 8 zero bytes
 *   R2  key "IPL2", data 144 zero bytes
 *   R3  key "VOL1", data the 80-byte volume label
 *
 * The label as 3.13 writes it differs from newer Hercules (reference 2.2 describes those): the
 * security byte is a blank (X'40', not X'C0') and the owner field holds "HERCULES" at bytes
 * 41-48 (not "** HERCULES **" at 37-50). The oracle's bytes win.
 */
import { IPL1_RECORD, VOL1_LABEL } from '../../arch/volumeLabel';
import { buildTrack, standardR0 } from './ckdTrack';
import { labelEbcdic } from './labelText';

/** The VOL1 label of a fresh volume. */
export function freshVol1Label(volser: string): Uint8Array {
  const label = new Uint8Array(VOL1_LABEL.size).fill(0x40);
  VOL1_LABEL.encodeInto(label, 0, {
    labelId: labelEbcdic('VOL'),
    labelNumber: labelEbcdic('1'),
    volser: labelEbcdic(volser, 6),
    security: 0x40,
    // The VTOC pointer names cylinder 0 head 1 record 1, though dasdinit writes no VTOC there.
    vtocCc: 0,
    vtocHh: 1,
    vtocR: 1,
    reserved1: labelEbcdic('', 25),
    owner: labelEbcdic('HERCULES', 14),
    reserved2: labelEbcdic('', 25),
  });
  return label;
}

/** IPL1 data: a disabled-wait PSW and a NOP, so an IPL of an empty volume stops in a wait state. */
export function freshIpl1Data(): Uint8Array {
  return IPL1_RECORD.encode({
    psw: Uint8Array.of(0x00, 0x06, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0f),
    ccw1: { cmd: 0x03, cda: 0, flags: 0, reserved: 0, count: 1 },
    ccw2: { cmd: 0, cda: 0, flags: 0, reserved: 0, count: 0 },
  });
}

/** The whole image of track 0/0. */
export function freshTrackZero(volser: string): Uint8Array {
  return buildTrack(0, 0, [
    standardR0(),
    { r: 1, key: labelEbcdic('IPL1'), data: freshIpl1Data() },
    { r: 2, key: labelEbcdic('IPL2'), data: new Uint8Array(144) },
    { r: 3, key: labelEbcdic('VOL1'), data: freshVol1Label(volser) },
  ]);
}
