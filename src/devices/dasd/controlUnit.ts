/**
 * What a storage control (control unit) contributes to the identification a 3390 presents:
 * Sense ID's control-unit type, model and CIWs, and the control-unit bytes of Read Device
 * Characteristics. Reference eckd-dasd.md 1.4 and 1.5.
 */

export interface CiwSpec {
  /** CIW type: 0 Read Configuration Data, 1 Set Interface Identifier, 2 Read Node Identifier. */
  readonly type: number;
  readonly command: number;
  readonly count: number;
}

export interface ControlUnitProfile {
  /** As users write it (`CU=3990`). */
  readonly name: string;
  readonly type: number;
  readonly model: number;
  /** RDC bytes 6-9: facilities and subsystem facilities. */
  readonly facilities: readonly [number, number, number, number];
  /** RDC byte 42. */
  readonly typeCode: number;
  /** RDC bytes 51 and 53: feature buffer lower and upper limits. */
  readonly featureBufferLow: number;
  readonly featureBufferHigh: number;
  /** RDC byte 54. */
  readonly functions: number;
  /** Whether RDC bytes 60-63 repeat the cylinder count (EAV-capable controllers; Hercules after 3.13). */
  readonly reportsLongCylinderCount: boolean;
  readonly ciws: readonly CiwSpec[];
  /** Number of sense bytes the Sense command transfers. */
  readonly senseLength: number;
  /** Locate Record Extended is accepted (3990-6, 2105, 2107; reference 3.4). Prefix follows RDC byte 6 bit X'02'. */
  readonly locateRecordExtended: boolean;
}

/**
 * The storage control Hercules 3.13 puts in front of a 3390 by default: a 3990 model X'C2'.
 * Every value is the one the oracle returned (cases b_sense_id_rdc and w_rdc_sid_*): Sense ID
 * `FF 3990 C2 3390 mm 00 40FA0100` and RDC bytes 6-9 `D0 00 00 00`, byte 42 X'10', bytes 51-54
 * and 60-63 zero. (Newer Hercules reports D2 in byte 6, claiming Prefix support; this device
 * has no Prefix command, so 3.13's D0 is also the truthful value.)
 */
export const CU_3990_HERCULES: ControlUnitProfile = {
  name: '3990',
  type: 0x3990,
  model: 0xc2,
  facilities: [0xd0, 0x00, 0x00, 0x00],
  typeCode: 0x10,
  featureBufferLow: 0,
  featureBufferHigh: 0,
  functions: 0,
  reportsLongCylinderCount: false,
  ciws: [{ type: 0, command: 0xfa, count: 256 }],
  senseLength: 32,
  locateRecordExtended: false,
};

/**
 * An IBM 2107 (DS8000) as newer Hercules presents it (reference 1.4 and 1.5, Hercules dasdtab
 * `2107`): model X'E8', RDC bytes 6-9 `52 80 10 B7` (Prefix, Read Tracks and Read in LR), type
 * code X'1F', functions X'48', the cylinder count repeated in bytes 60-63, four CIWs (Read
 * Configuration Data, Set Interface Identifier, Read Node Identifier and a type-3 CIW). Hercules
 * 3.13 has no 2107 ("control unit 2107 not found in dasd table"), so these bytes come from the
 * reference only, not from the oracle.
 */
export const CU_2107: ControlUnitProfile = {
  name: '2107',
  type: 0x2107,
  model: 0xe8,
  facilities: [0x52, 0x80, 0x10, 0xb7],
  typeCode: 0x1f,
  featureBufferLow: 0,
  featureBufferHigh: 0,
  functions: 0x48,
  reportsLongCylinderCount: true,
  ciws: [
    { type: 0, command: 0xfa, count: 256 },
    { type: 1, command: 0x27, count: 4 },
    { type: 2, command: 0x3e, count: 0x1a0 },
    { type: 3, command: 0x3e, count: 8 },
  ],
  senseLength: 32,
  locateRecordExtended: true,
};

export const CONTROL_UNITS: readonly ControlUnitProfile[] = [CU_3990_HERCULES, CU_2107];
