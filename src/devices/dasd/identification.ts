/**
 * The identification responses of a 3390: Sense ID (X'E4') and Read Device Characteristics
 * (X'64'), built through their field tables from the model, the volume size and the control
 * unit profile.
 */
import { GENERAL_NEQ, NODE_ELEMENT_DESCRIPTOR, RDC_ECKD } from '../../arch/eckd';
import { labelEbcdic } from './labelText';
import { CIW, SENSE_ID_HEADER } from '../../arch/senseId';
import type { ControlUnitProfile } from './controlUnit';
import { DEVICE_3390, HEADS_PER_CYLINDER, type Dasd3390Model } from './geometry';

/** Sense ID: 8 identification bytes and one 4-byte CIW per profile entry. */
export function buildSenseId(cu: ControlUnitProfile, model: Dasd3390Model): Uint8Array {
  const out = new Uint8Array(8 + 4 * cu.ciws.length);
  SENSE_ID_HEADER.encodeInto(out, 0, {
    reserved: 0xff,
    cuType: cu.type,
    cuModel: cu.model,
    deviceType: DEVICE_3390.deviceType,
    deviceModel: model.modelByte,
    unused: 0,
  });
  cu.ciws.forEach((c, i) => CIW.encodeInto(out, 8 + 4 * i, { et: 0b01, reserved: 0, ciwType: c.type, command: c.command, count: c.count }));
  return out;
}

/**
 * Read Device Characteristics, 64 bytes (reference 1.5). A volume larger than the model's
 * primary cylinders reports its extra cylinders as alternates, as Hercules does: bytes 12-13
 * give the primary count, bytes 28-29 the first alternate cylinder and bytes 30-31 the
 * alternate tracks (oracle w_rdc_sid_1113: 1,114 cylinders → 0459, 0459 000F).
 */
export function buildDeviceCharacteristics(cu: ControlUnitProfile, model: Dasd3390Model, cylinders: number): Uint8Array {
  const primary = Math.min(cylinders, model.primaryCylinders);
  const alternates = cylinders - primary;
  const [f1, f2, f3, f4, f5] = DEVICE_3390.factors;
  return RDC_ECKD.encode({
    cuType: cu.type,
    cuModel: cu.model,
    deviceType: DEVICE_3390.deviceType,
    deviceModel: model.modelByte,
    facilities: cu.facilities[0],
    facilities2: cu.facilities[1],
    facilities3: cu.facilities[2],
    subsystemFacilities: cu.facilities[3],
    deviceClass: 0x20,
    unitType: model.unitTypeCode,
    cylinders: primary,
    tracksPerCylinder: HEADS_PER_CYLINDER,
    sectors: DEVICE_3390.sectorsPerTrack,
    trackLength: DEVICE_3390.trackLength,
    haR0Overhead: DEVICE_3390.haR0Overhead,
    formula: DEVICE_3390.formula,
    f1,
    f2,
    f3,
    f4,
    f5,
    firstAlternate: alternates > 0 ? primary : 0,
    alternateTracks: alternates * HEADS_PER_CYLINDER,
    mdrId: model.unitTypeCode,
    obrId: model.unitTypeCode,
    cuTypeCode: cu.typeCode,
    readTrackSetLength: 0x02,
    maxR0DataLength: DEVICE_3390.maxR0DataLength,
    trackSetSize: 1,
    f6: DEVICE_3390.f6,
    rpsFactor: DEVICE_3390.rpsFactor,
    featureBufferLow: cu.featureBufferLow,
    featureBufferHigh: cu.featureBufferHigh,
    cuFunctions: cu.functions,
    // Hercules pretends to be an array (X'FF') so that ICKDSF leaves alternate tracks alone; the
    // oracle shows it, and guests tested against Hercules expect it (reference 8, item 9).
    realDeviceTypeCode: 0xff,
    longCylinders: cu.reportsLongCylinderCount ? primary : 0,
  });
}

/**
 * Read Configuration Data, 256 bytes (reference 1.6): the device, string, storage-director and
 * subsystem node element descriptors, zeros, and the general NEQ at byte 224. The layout and
 * every byte are Hercules 3.13's (oracle x_ident), including its invented manufacturer "HRC",
 * plant "ZZ" and sequence number 000000000001; the subsystem ID is the device number with its
 * low five bits off (32 devices per subsystem), the unit address its low byte.
 */
export function buildConfigurationData(cu: ControlUnitProfile, model: Dasd3390Model, devno: number): Uint8Array {
  const out = new Uint8Array(256);
  const serial = labelEbcdic('000000000001');
  const common = { manufacturer: labelEbcdic('HRC'), plant: labelEbcdic('ZZ'), serial };
  const deviceType = labelEbcdic(`  ${DEVICE_3390.deviceType.toString(16)}`);
  const deviceModel = labelEbcdic(model.modelByte.toString(16).toUpperCase().padStart(3, '0'));
  const cuType = labelEbcdic(`  ${cu.type.toString(16)}`);
  NODE_ELEMENT_DESCRIPTOR.encodeInto(out, 0, { flags: 0xc4, descriptor: 1, deviceClass: 1, reserved: 0, type: deviceType, model: deviceModel, ...common, tag: devno });
  NODE_ELEMENT_DESCRIPTOR.encodeInto(out, 32, { flags: 0xc4, descriptor: 0, deviceClass: 0, reserved: 0, type: deviceType, model: deviceModel, ...common, tag: 0 });
  NODE_ELEMENT_DESCRIPTOR.encodeInto(out, 64, { flags: 0xd4, descriptor: 2, deviceClass: 0, reserved: 0, type: cuType, model: labelEbcdic(cu.model.toString(16).toUpperCase().padStart(3, '0')), ...common, tag: (devno >> 8) & 0xff });
  NODE_ELEMENT_DESCRIPTOR.encodeInto(out, 96, { flags: 0xf0, descriptor: 0, deviceClass: 0, reserved: 1, type: cuType, model: labelEbcdic('   '), ...common, tag: 0 });
  const unit = devno & 0xff;
  GENERAL_NEQ.encodeInto(out, 224, {
    flags: 0x80, reserved1: 0, interfaceId: 4, reserved4: 0, timeout: 0x1e, reserved7: 0, subsystemId: devno & 0xffe0,
    pathCluster: 0x80, unitAddress: unit, physicalDeviceId: unit, physicalDeviceAddress: unit, byte14: 4, byte15: 0, byte16: 0,
    interfaceType: 0x80, byte18: 0x80, logicalDeviceAddress: unit, reserved20: new Uint8Array(12),
  });
  return out;
}
