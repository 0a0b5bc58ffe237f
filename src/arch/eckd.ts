/**
 * ECKD DASD structures as the channel sees them (3990 storage control with 3390 devices):
 * count field, home address, Define Extent and Locate Record parameters, the 32-byte sense in
 * its 24-byte-compatible format, and the 64-byte Read Device Characteristics response.
 *
 * Sources: ../shared/reference/eckd-dasd.md sections 1.5, 2.1, 3.2, 3.3 and 5.2 (Linux
 * dasd_eckd.h layouts reconciled with Hercules), IBM SA22-1025 table 4-7 (Locate Record
 * parameters), and the bytes Hercules 3.13 returned in the oracle runs.
 *
 * Cylinder/head addresses are declared as their raw CC and HH halfwords: on volumes with more
 * than 65,520 cylinders (EAV) HH carries cylinder bits too (see `decodeCchh`).
 */
import { bytes, field, flag, maskNames, structure, valueNames } from './field';

// ---------------------------------------------------------------------------------------------
// Addresses

/** A track address. `cylinder` may exceed 16 bits only on EAV volumes. */
export interface TrackAddress {
  readonly cylinder: number;
  readonly head: number;
}

/**
 * CC and HH halfwords to cylinder and head. The low 4 bits of HH are the head; the high 12 bits
 * are cylinder bits 16-27 (zero on non-EAV volumes). Reference 1.1, Linux set_ch_t.
 */
export function decodeCchh(cc: number, hh: number): TrackAddress {
  return { cylinder: cc + (hh >>> 4) * 0x10000, head: hh & 0x0f };
}

/** Inverse of `decodeCchh`. */
export function encodeCchh(address: TrackAddress): { cc: number; hh: number } {
  return { cc: address.cylinder & 0xffff, hh: ((Math.floor(address.cylinder / 0x10000) & 0xfff) << 4) | (address.head & 0x0f) };
}

// ---------------------------------------------------------------------------------------------
// Track format (reference 2.1)

/** Count area of a record: CCHHR, key length, data length. */
export const COUNT_FIELD = structure('count field', 8, [
  field('cc', { byte: 0, bits: [0, 15], doc: 'cylinder (low 16 bits)', format: 'dec' }),
  field('hh', { byte: 2, bits: [0, 15], doc: 'head (low 4 bits; EAV: cylinder bits 16-27 above them)' }),
  field('r', { byte: 4, doc: 'record number', format: 'dec' }),
  field('kl', { byte: 5, doc: 'key length', format: 'dec' }),
  field('dl', { byte: 6, bits: [0, 15], doc: 'data length', format: 'dec' }),
] as const);

/** Seek, Seek Cylinder and Seek Head parameters: BBCCHH (reference 3.6). */
export const SEEK_ADDRESS = structure('seek address', 6, [
  field('bb', { byte: 0, bits: [0, 15], doc: 'bin number (must be 0)' }),
  field('cc', { byte: 2, bits: [0, 15], doc: 'cylinder', format: 'dec' }),
  field('hh', { byte: 4, bits: [0, 15], doc: 'head', format: 'dec' }),
] as const);

/** Home address as Read Home Address returns it: flag byte and the track's CCHH. */
export const HOME_ADDRESS = structure('home address', 5, [
  field('flag', { byte: 0, doc: 'track condition: 0 = good primary track' }),
  field('cc', { byte: 1, bits: [0, 15], doc: 'cylinder', format: 'dec' }),
  field('hh', { byte: 3, bits: [0, 15], doc: 'head', format: 'dec' }),
] as const);

// ---------------------------------------------------------------------------------------------
// Define Extent (reference 3.2)

export const FILE_MASK_WRITE = valueNames({
  'INHIBIT WRITE HA/R0': 0, // format writes such as Write CKD are allowed
  'INHIBIT ALL WRITES': 1,
  'UPDATE WRITES ONLY': 2,
  'ALLOW ALL WRITES': 3,
});

export const FILE_MASK_SEEK = valueNames({
  'ALLOW ALL SEEKS': 0,
  'SEEK CYLINDER/HEAD ONLY': 1,
  'SEEK HEAD ONLY': 2,
  'INHIBIT SEEKS AND MT': 3,
});

export const FILE_MASK_AUTHORIZATION = valueNames({
  NORMAL: 0,
  'DEVICE SUPPORT': 1,
  DIAGNOSTIC: 2,
  'DEVICE SUPPORT, NO RETRY': 3,
});

export const CACHE_MODE = valueNames({
  NORMAL: 0,
  'BYPASS CACHE': 1,
  'INHIBIT CACHE LOADING': 2,
  SEQUENTIAL: 3,
  'SEQUENTIAL PRESTAGE': 4,
  'RECORD ACCESS': 5,
});

export const DEFINE_EXTENT = structure('Define Extent parameters', 16, [
  field('writeControl', { byte: 0, bits: [0, 1], doc: 'file mask: which writes are permitted', names: FILE_MASK_WRITE }),
  flag('maskReserved', { byte: 0, bit: 2, doc: 'file mask: reserved, must be zero' }),
  field('seekControl', { byte: 0, bits: [3, 4], doc: 'file mask: which seeks and multitrack operations are permitted', names: FILE_MASK_SEEK }),
  field('authorization', { byte: 0, bits: [5, 6], doc: 'file mask: access authorization', names: FILE_MASK_AUTHORIZATION }),
  flag('pciFetch', { byte: 0, bit: 7, doc: 'file mask: PCI fetch mode' }),
  field('architecture', { byte: 1, bits: [0, 1], doc: 'global attributes: architecture mode (must be 11, ECKD)', format: 'bin' }),
  flag('ckdConversion', { byte: 1, bit: 2, doc: 'global attributes: CKD conversion mode' }),
  field('cacheMode', { byte: 1, bits: [3, 5], doc: 'global attributes: cache mode', names: CACHE_MODE }),
  flag('cacheFastWrite', { byte: 1, bit: 6, doc: 'global attributes: use cache fast write' }),
  flag('inhibitDasdFastWrite', { byte: 1, bit: 7, doc: 'global attributes: inhibit DASD fast write' }),
  field('blockSize', { byte: 2, bits: [0, 15], doc: 'block size (0 = the largest record)', format: 'dec' }),
  field('fastWriteId', { byte: 4, bits: [0, 15], doc: 'fast write identifier (must be zero)' }),
  field('attributesAdditional', { byte: 6, doc: 'global attributes, additional (must be zero)' }),
  field('attributesExtended', {
    byte: 7,
    doc: 'global attributes, extended',
    names: maskNames({ 'REGULAR DATA FORMAT': 0x40, 'TIME STAMP VALID': 0x08, 'FORMAT R0 PERMITTED': 0x04, 'EXTENDED PARAMETERS': 0x02 }),
  }),
  field('beginCc', { byte: 8, bits: [0, 15], doc: 'beginning of extent: cylinder', format: 'dec' }),
  field('beginHh', { byte: 10, bits: [0, 15], doc: 'beginning of extent: head', format: 'dec' }),
  field('endCc', { byte: 12, bits: [0, 15], doc: 'end of extent: cylinder', format: 'dec' }),
  field('endHh', { byte: 14, bits: [0, 15], doc: 'end of extent: head', format: 'dec' }),
] as const);

export type DefineExtentParameters = ReturnType<typeof DEFINE_EXTENT.decode>;

// ---------------------------------------------------------------------------------------------
// Locate Record (reference 3.3, IBM SA22-1025 tables 4-7 and 4-8)

export const LR_ORIENTATION = valueNames({ COUNT: 0, 'HOME ADDRESS': 1, DATA: 2, INDEX: 3 });

export const LR_OPERATION = valueNames({
  ORIENT: 0x00,
  'WRITE DATA': 0x01,
  'FORMAT WRITE': 0x03,
  'READ DATA': 0x06,
  'WRITE TRACK': 0x0b,
  'READ TRACKS': 0x0c,
  READ: 0x16,
  EXTENDED: 0x3f,
});

/** Bytes 3-15, the same in Locate Record and Locate Record Extended: count, seek and search addresses, sector, transfer length factor. */
const LR_DOMAIN_FIELDS = [
  field('count', { byte: 3, doc: 'records (or tracks) in the domain', format: 'dec' }),
  field('seekCc', { byte: 4, bits: [0, 15], doc: 'seek address: cylinder', format: 'dec' }),
  field('seekHh', { byte: 6, bits: [0, 15], doc: 'seek address: head', format: 'dec' }),
  field('searchCc', { byte: 8, bits: [0, 15], doc: 'search argument: cylinder', format: 'dec' }),
  field('searchHh', { byte: 10, bits: [0, 15], doc: 'search argument: head', format: 'dec' }),
  field('searchR', { byte: 12, doc: 'search argument: record', format: 'dec' }),
  field('sector', { byte: 13, doc: 'sector (0-223, or 255 = none)', format: 'dec' }),
  field('transferLengthFactor', { byte: 14, bits: [0, 15], doc: 'transfer length factor', format: 'dec' }),
] as const;

export const LOCATE_RECORD = structure('Locate Record parameters', 16, [
  field('orientation', { byte: 0, bits: [0, 1], doc: 'orientation after the search', names: LR_ORIENTATION }),
  field('operation', { byte: 0, bits: [2, 7], doc: 'operation code of the domain', names: LR_OPERATION }),
  flag('tlfValid', { byte: 1, bit: 0, doc: 'auxiliary: bytes 14-15 hold a transfer length factor' }),
  field('auxReserved', { byte: 1, bits: [1, 6], doc: 'auxiliary: reserved, must be zero' }),
  flag('readCountSuffix', { byte: 1, bit: 7, doc: 'auxiliary: a Read Count ends the domain' }),
  field('reserved', { byte: 2, doc: 'must be zero' }),
  ...LR_DOMAIN_FIELDS,
] as const);

export type LocateRecordParameters = ReturnType<typeof LOCATE_RECORD.decode>;

// ---------------------------------------------------------------------------------------------
// Sense (reference 5.2, Linux asm/cio.h SNS0_*/SNS1_*/SNS2_*)

export const SENSE_BYTE0 = maskNames({
  'COMMAND REJECT': 0x80,
  'INTERVENTION REQUIRED': 0x40,
  'BUS OUT CHECK': 0x20,
  'EQUIPMENT CHECK': 0x10,
  'DATA CHECK': 0x08,
  OVERRUN: 0x04,
  'INCOMPLETE DOMAIN': 0x01,
});

export const SENSE_BYTE1 = maskNames({
  'PERMANENT ERROR': 0x80,
  'INVALID TRACK FORMAT': 0x40,
  'END OF CYLINDER': 0x20,
  'MESSAGE TO OPERATOR': 0x10,
  'NO RECORD FOUND': 0x08,
  'FILE PROTECTED': 0x04,
  'WRITE INHIBITED': 0x02,
  'IMPRECISE ENDING': 0x01,
});

export const SENSE_BYTE2 = maskNames({
  'REQUEST INHIBIT WRITE': 0x80,
  CORRECTABLE: 0x40,
  'FIRST LOGGED ERROR': 0x20,
  'ENVIRONMENTAL DATA PRESENT': 0x10,
  'IMPRECISE ENDING': 0x04,
});

/** Format 0 messages (program or system checks), reference 5.3. */
export const SENSE_FORMAT0_MESSAGE = valueNames({
  'NO MESSAGE': 0x0,
  'INVALID COMMAND': 0x1,
  'INVALID COMMAND SEQUENCE': 0x2,
  'CCW COUNT LESS THAN REQUIRED': 0x3,
  'INVALID PARAMETER': 0x4,
  'DIAGNOSTIC COMMAND NOT PERMITTED': 0x5,
  'STATUS NOT AS REQUIRED': 0xf,
});

/** The 32 sense bytes of a 3990 in the 24-byte-compatible format (byte 27 bit 0 = 1). */
export const SENSE_24 = structure('sense (24-byte compatible)', 32, [
  field('byte0', { byte: 0, doc: 'unit check conditions', names: SENSE_BYTE0 }),
  field('byte1', { byte: 1, doc: 'conditions', names: SENSE_BYTE1 }),
  field('byte2', { byte: 2, doc: 'conditions', names: SENSE_BYTE2 }),
  field('residualCount', { byte: 3, doc: 'Locate Record count remaining (valid with imprecise ending)', format: 'dec' }),
  field('deviceAddress', { byte: 4, doc: 'physical device address' }),
  field('cylinderLow', { byte: 5, doc: 'cylinder, low-order byte (X\'FF\' beyond 4,095 cylinders)' }),
  field('cylinderHigh', { byte: 6, bits: [0, 3], doc: 'cylinder bits 4-7 of the high byte (X\'F\' beyond 4,095 cylinders)' }),
  field('head', { byte: 6, bits: [4, 7], doc: 'head (X\'F\' beyond 4,095 cylinders)' }),
  field('format', { byte: 7, bits: [0, 3], doc: 'sense format', format: 'dec' }),
  field('message', { byte: 7, bits: [4, 7], doc: 'message number within the format', names: SENSE_FORMAT0_MESSAGE }),
  bytes('formatDependent', { offset: 8, length: 16, doc: 'format-dependent information' }),
  field('byte24', { byte: 24, doc: 'reserved in the 24-byte-compatible format' }),
  field('programAction', { byte: 25, doc: 'program action code (native 32-byte format only)' }),
  field('configuration', { byte: 26, doc: 'configuration information' }),
  flag('compatible24', { byte: 27, bit: 0, doc: '24-byte-compatible sense' }),
  field('byte27Other', { byte: 27, bits: [1, 7], doc: 'bit 2 track information valid, bit 3 enhanced (EAV) addressing' }),
  field('cylinderExtended', { byte: 28, doc: 'cylinder bits (EAV)' }),
  field('cylinder', { byte: 29, bits: [0, 15], doc: 'current cylinder', format: 'dec' }),
  field('headHigh', { byte: 31, bits: [0, 3], doc: 'cylinder bits (EAV)' }),
  field('currentHead', { byte: 31, bits: [4, 7], doc: 'current head', format: 'dec' }),
] as const);

export type SenseBytes = ReturnType<typeof SENSE_24.decode>;

// ---------------------------------------------------------------------------------------------
// Read Device Characteristics (reference 1.5; Linux struct dasd_eckd_characteristics)

export const RDC_ECKD = structure('device characteristics', 64, [
  field('cuType', { byte: 0, bits: [0, 15], doc: 'storage control type' }),
  field('cuModel', { byte: 2, doc: 'storage control model (bits 0-1 = 11: ECKD and Locate Record supported)' }),
  field('deviceType', { byte: 3, bits: [0, 15], doc: 'device type' }),
  field('deviceModel', { byte: 5, doc: 'device model' }),
  field('facilities', {
    byte: 6,
    doc: 'facilities',
    names: maskNames({ 'MULTIPLE BURST ECC': 0x80, 'READ TRACKS IN LR': 0x40, 'READ IN LR': 0x10, 'SET SYSTEM CHARACTERISTICS': 0x08, 'SSC RECEIVED': 0x04, PREFIX: 0x02, 'VM MINIDISK': 0x01 }),
  }),
  field('facilities2', { byte: 7, doc: 'facilities (level)' }),
  field('facilities3', { byte: 8, doc: 'facilities: X\'80\' defective-track write, X\'40\' XRC, X\'20\' PPRC, X\'10\' striping' }),
  field('subsystemFacilities', {
    byte: 9,
    doc: 'subsystem facilities',
    names: maskNames({ 'CACHE FAST WRITE': 0x80, 'LOCK FACILITY': 0x40, 'RECORD CACHE': 0x20, 'TRACK CACHE': 0x10, 'DUAL COPY': 0x08, 'DASD FAST WRITE': 0x04, 'RESET ALLEGIANCE': 0x02, '24-BYTE SENSE': 0x01 }),
  }),
  field('deviceClass', { byte: 10, doc: 'device class (X\'20\' = DASD)' }),
  field('unitType', { byte: 11, doc: 'unit type code' }),
  field('cylinders', { byte: 12, bits: [0, 15], doc: 'primary cylinders (X\'FFFE\': see bytes 60-63)', format: 'dec' }),
  field('tracksPerCylinder', { byte: 14, bits: [0, 15], doc: 'tracks per cylinder', format: 'dec' }),
  field('sectors', { byte: 16, doc: 'sectors per track', format: 'dec' }),
  field('trackLength', { byte: 17, bits: [0, 23], doc: 'track length in capacity-formula bytes', format: 'dec' }),
  field('haR0Overhead', { byte: 20, bits: [0, 15], doc: 'home address and record zero overhead', format: 'dec' }),
  field('formula', { byte: 22, doc: 'track capacity formula', format: 'dec' }),
  field('f1', { byte: 23, doc: 'capacity factor f1', format: 'dec' }),
  field('f2', { byte: 24, doc: 'capacity factor f2', format: 'dec' }),
  field('f3', { byte: 25, doc: 'capacity factor f3', format: 'dec' }),
  field('f4', { byte: 26, doc: 'capacity factor f4', format: 'dec' }),
  field('f5', { byte: 27, doc: 'capacity factor f5', format: 'dec' }),
  field('firstAlternate', { byte: 28, bits: [0, 15], doc: 'first alternate (cylinder)', format: 'dec' }),
  field('alternateTracks', { byte: 30, bits: [0, 15], doc: 'number of alternate tracks', format: 'dec' }),
  field('firstDiagnostic', { byte: 32, bits: [0, 15], doc: 'first diagnostic track', format: 'dec' }),
  field('diagnosticTracks', { byte: 34, bits: [0, 15], doc: 'number of diagnostic tracks', format: 'dec' }),
  field('firstDeviceSupport', { byte: 36, bits: [0, 15], doc: 'first device-support track', format: 'dec' }),
  field('deviceSupportTracks', { byte: 38, bits: [0, 15], doc: 'number of device-support tracks', format: 'dec' }),
  field('mdrId', { byte: 40, doc: 'MDR record identifier' }),
  field('obrId', { byte: 41, doc: 'OBR record identifier' }),
  field('cuTypeCode', { byte: 42, doc: 'control unit type code' }),
  field('readTrackSetLength', { byte: 43, doc: 'largest extended-parameter length for Read Trackset', format: 'dec' }),
  field('maxR0DataLength', { byte: 44, bits: [0, 15], doc: 'largest record-zero data length', format: 'dec' }),
  field('reserved46', { byte: 46, doc: 'reserved' }),
  field('trackSetSize', { byte: 47, doc: 'track set size', format: 'dec' }),
  field('f6', { byte: 48, doc: 'capacity factor f6', format: 'dec' }),
  field('rpsFactor', { byte: 49, bits: [0, 15], doc: 'rotational position sensing factors' }),
  field('featureBufferLow', { byte: 51, doc: 'feature buffer lower limit' }),
  field('reserved52', { byte: 52, doc: 'reserved' }),
  field('featureBufferHigh', { byte: 53, doc: 'feature buffer upper limit' }),
  field('cuFunctions', { byte: 54, doc: 'control unit functions' }),
  field('reserved55', { byte: 55, doc: 'reserved' }),
  field('realCuTypeCode', { byte: 56, doc: 'real control unit type code' }),
  field('realDeviceTypeCode', { byte: 57, doc: 'real device type code' }),
  field('reserved58', { byte: 58, bits: [0, 15], doc: 'reserved' }),
  field('longCylinders', { byte: 60, bits: [0, 31], doc: 'number of cylinders (when bytes 12-13 are X\'FFFE\')', format: 'dec' }),
] as const);

export type DeviceCharacteristics = ReturnType<typeof RDC_ECKD.decode>;

// ---------------------------------------------------------------------------------------------
// Locate Record Extended (reference 3.4; Linux struct LRE_eckd_data). Bytes 0-15 are those of
// Locate Record, except for the auxiliary byte's extra bits.

export const LRE_EXTENDED_OPERATION = valueNames({ 'WRITE ANY': 0x09, 'READ ANY': 0x0a, 'READ TRACKSET': 0x0e });

export const LOCATE_RECORD_EXTENDED = structure('Locate Record Extended parameters', 20, [
  field('orientation', { byte: 0, bits: [0, 1], doc: 'orientation after the search', names: LR_ORIENTATION }),
  field('operation', { byte: 0, bits: [2, 7], doc: 'operation code (X\'3F\': see byte 17)', names: LR_OPERATION }),
  flag('tlfValid', { byte: 1, bit: 0, doc: 'auxiliary: bytes 14-15 hold a transfer length factor' }),
  field('auxReserved', { byte: 1, bits: [1, 6], doc: 'auxiliary: length scope, imbedded CCW, check bytes, imbedded count (not supported: must be zero)' }),
  flag('readCountSuffix', { byte: 1, bit: 7, doc: 'auxiliary: a Read Count ends the domain' }),
  field('imbeddedCcw', { byte: 2, doc: 'imbedded CCW (must be zero)' }),
  ...LR_DOMAIN_FIELDS,
  field('imbeddedCount', { byte: 16, doc: 'imbedded count (must be zero)', format: 'dec' }),
  field('extendedOperation', { byte: 17, doc: 'extended operation code (with operation X\'3F\')', names: LRE_EXTENDED_OPERATION }),
  field('extendedLength', { byte: 18, bits: [0, 15], doc: 'length of the extended parameters after byte 19', format: 'dec' }),
] as const);

// ---------------------------------------------------------------------------------------------
// Prefix (reference 3.5; Linux struct PFX_eckd_data): a header, then Define Extent parameters
// (bytes 12-43, of which the first 16 are the Define Extent table above) and Locate Record
// Extended parameters (bytes 44-63).

export const PREFIX_FORMAT = valueNames({ 'DEFINE EXTENT': 0, 'DEFINE EXTENT + LOCATE RECORD EXTENDED': 1, 'DEFINE EXTENT + PERFORM SUBSYSTEM FUNCTION': 2 });

export const PREFIX = structure('Prefix parameters', 64, [
  field('format', { byte: 0, doc: 'format', names: PREFIX_FORMAT }),
  field('validity', { byte: 1, doc: 'validity', names: maskNames({ 'DEFINE EXTENT VALID': 0x80, 'TIME STAMP VALID': 0x40, 'VERIFY BASE': 0x20, HYPERPAV: 0x10 }) }),
  field('baseAddress', { byte: 2, doc: 'base device unit address' }),
  field('auxiliary', { byte: 3, doc: 'auxiliary', names: maskNames({ 'SUSPEND MULTIPATH RECONNECTION': 0x80, 'PARAMETERS VALIDATED': 0x08 }) }),
  field('baseLss', { byte: 4, doc: 'base logical subsystem' }),
  bytes('reserved', { offset: 5, length: 7, doc: 'reserved' }),
  bytes('defineExtent', { offset: 12, length: 32, doc: 'Define Extent parameters' }),
  bytes('locateRecordExtended', { offset: 44, length: 20, doc: 'Locate Record Extended parameters' }),
] as const);

// ---------------------------------------------------------------------------------------------
// Read Configuration Data (reference 1.6; Linux struct dasd_ned / dasd_gneq): four 32-byte node
// element descriptors, zeros, and a general node-element qualifier at byte 224.

export const NODE_ELEMENT_DESCRIPTOR = structure('node element descriptor', 32, [
  field('flags', { byte: 0, doc: 'bits 0-1 identifier (3 = NED), serial valid, substitute serial, record NED' }),
  field('descriptor', { byte: 1, doc: 'descriptor type: 1 device, 2 string, 0 other' }),
  field('deviceClass', { byte: 2, doc: 'class: 1 DASD' }),
  field('reserved', { byte: 3, doc: 'reserved / unit' }),
  bytes('type', { offset: 4, length: 6, doc: 'type number (EBCDIC)' }),
  bytes('model', { offset: 10, length: 3, doc: 'model (EBCDIC)' }),
  bytes('manufacturer', { offset: 13, length: 3, doc: 'manufacturer (EBCDIC)' }),
  bytes('plant', { offset: 16, length: 2, doc: 'plant of manufacture (EBCDIC)' }),
  bytes('serial', { offset: 18, length: 12, doc: 'sequence number (EBCDIC)' }),
  field('tag', { byte: 30, bits: [0, 15], doc: 'tag (device number, interface)' }),
] as const);

export const GENERAL_NEQ = structure('general node-element qualifier', 32, [
  field('flags', { byte: 0, doc: 'bits 0-1 identifier (2 = general NEQ)' }),
  field('reserved1', { byte: 1, doc: 'reserved' }),
  field('interfaceId', { byte: 2, bits: [0, 15], doc: 'interface identifier' }),
  field('reserved4', { byte: 4, bits: [0, 15], doc: 'reserved' }),
  field('timeout', { byte: 6, doc: 'primary missing-interrupt interval' }),
  field('reserved7', { byte: 7, doc: 'reserved' }),
  field('subsystemId', { byte: 8, bits: [0, 15], doc: 'subsystem identifier' }),
  field('pathCluster', { byte: 10, doc: 'path / cluster' }),
  field('unitAddress', { byte: 11, doc: 'unit address' }),
  field('physicalDeviceId', { byte: 12, doc: 'physical device identifier' }),
  field('physicalDeviceAddress', { byte: 13, doc: 'physical device address' }),
  field('byte14', { byte: 14, doc: 'reserved (Hercules 3.13: X\'04\')' }),
  field('byte15', { byte: 15, doc: 'reserved' }),
  field('byte16', { byte: 16, doc: 'reserved' }),
  field('interfaceType', { byte: 17, doc: 'X\'80\' parallel interface' }),
  field('byte18', { byte: 18, doc: 'X\'80\'' }),
  field('logicalDeviceAddress', { byte: 19, doc: 'logical device address' }),
  bytes('reserved20', { offset: 20, length: 12, doc: 'reserved' }),
] as const);

// ---------------------------------------------------------------------------------------------
// Path groups (reference 1.7): Set Path Group ID parameters and the Sense Path Group ID answer.

export const PATH_GROUP = structure('path group', 12, [
  field('function', { byte: 0, doc: 'SPID: bit 0 multipath mode, bits 1-2 function (00 establish, 01 disband, 10 resign); SNID: path state' }),
  bytes('pgid', { offset: 1, length: 11, doc: 'path group identifier' }),
] as const);
