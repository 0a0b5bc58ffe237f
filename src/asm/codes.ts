/**
 * The assembler's diagnostic codes: one stable code per kind of mistake, with its severity
 * and a one-line meaning. Codes never change meaning once released; new kinds get new codes.
 * The message of each diagnostic says what is wrong in that instance and how to fix it.
 */
import type { Severity } from './image';

interface CodeInfo {
  readonly code: string;
  readonly severity: Severity;
  readonly meaning: string;
}

const code = (c: string, severity: Severity, meaning: string): CodeInfo => ({ code: c, severity, meaning });

export const CODES = {
  labelSyntax: code('CCW001', 'error', 'a label is not a valid symbol: letters, digits, @ # $ _, at most 63 characters, first not a digit'),
  labelReserved: code('CCW002', 'error', 'a label is spelled like a predefined CCW flag name (CD CC SLI SKIP PCI IDA S SUSP MIDA)'),
  unknownOp: code('CCW003', 'error', 'the operation is missing or is not a statement of the .ccw language'),
  duplicateSymbol: code('CCW004', 'error', 'a symbol is defined twice'),
  undefinedSymbol: code('CCW005', 'error', 'a symbol is used but never defined'),
  exprSyntax: code('CCW006', 'error', 'an expression or operand is malformed'),
  outOfRange: code('CCW007', 'error', 'a value does not fit the field it lands in'),
  divideByZero: code('CCW008', 'error', 'division by zero in an expression'),
  overflow: code('CCW009', 'error', 'an expression leaves the signed 64-bit range'),
  selfDefTerm: code('CCW010', 'error', 'a self-defining term is malformed (bad digit, too long, unknown type)'),
  unterminated: code('CCW011', 'error', 'a quoted string has no closing quote'),
  missingOperand: code('CCW012', 'error', 'a required operand is missing'),
  extraOperand: code('CCW013', 'error', 'more operands than the statement takes'),
  notYetDefined: code('CCW014', 'error', 'a symbol must be defined earlier in the source where its value is needed at once (ORG, duplication factor, length modifier)'),
  circularEqu: code('CCW015', 'error', 'EQU definitions depend on each other in a circle'),
  dcType: code('CCW016', 'error', 'unknown or unsupported constant type or modifier in DC/DS'),
  dcValue: code('CCW017', 'error', "a constant's nominal value is malformed"),
  unmappableChar: code('CCW018', 'error', 'a character has no code in the EBCDIC code page in force (or in ASCII for CA)'),
  truncated: code('CCW019', 'warning', 'a constant is longer than its explicit length and was truncated as HLASM does'),
  unknownKeyword: code('CCW020', 'error', 'a keyword operand is not one the statement knows, or is not written keyword=value'),
  duplicateKeyword: code('CCW021', 'error', 'a keyword (or two keywords for the same field) is given twice'),
  cpaAlignment: code('CCW022', 'warning', 'the ORB channel-program address is not doubleword aligned (START would end in a program check)'),
  cpaNotCcw: code('CCW023', 'warning', 'the ORB channel-program address is not a CCW statement, or its CCW format differs from the ORB F bit'),
  deviceNumber: code('CCW024', 'error', 'a device number, subchannel number or CHPID is not bare hexadecimal in range'),
  deviceType: code('CCW025', 'error', 'unknown device type'),
  deviceOption: code('CCW026', 'error', 'a DEVICE option is unknown, does not apply to the device type, or has a bad value'),
  deviceDuplicate: code('CCW027', 'error', 'two DEVICE statements use the same device number or subchannel number'),
  unknownDevice: code('CCW028', 'error', 'a driver statement names a device that no DEVICE statement declares'),
  notSupported: code('CCW029', 'error', 'the statement or feature is part of the language but not supported by this version yet'),
  expectField: code('CCW030', 'error', 'unknown EXPECT field, or wrong arguments or relation for it'),
  expectLength: code('CCW031', 'error', 'an EXPECT byte-string value is not as long as the length given'),
  copyNotFound: code('CCW032', 'error', 'a COPY file cannot be read'),
  copyCycle: code('CCW033', 'error', 'COPY files include each other in a cycle (or nest too deeply)'),
  beyondStorage: code('CCW034', 'error', 'a statement places bytes beyond guest storage (STORAGE)'),
  overlap: code('CCW035', 'warning', 'data areas overlap: two statements place bytes at the same addresses'),
  chainEnd: code('CCW036', 'warning', 'a CCW with chain command or chain data set has no CCW after it'),
  labelIgnored: code('CCW037', 'warning', 'a label on a statement that defines no symbol is ignored'),
  afterEnd: code('CCW038', 'warning', 'statements after END are ignored'),
  configValue: code('CCW039', 'error', 'a PATH, STORAGE or CODEPAGE value is invalid'),
  configTwice: code('CCW040', 'error', 'PATH or STORAGE is given more than once'),
  orgRange: code('CCW041', 'error', 'ORG or the location counter leaves the guest address range'),
  orbOperand: code('CCW042', 'warning', 'the ORB operand of SSCH is not an ORB statement or not word aligned'),
  copyTwice: code('CCW043', 'warning', 'a built-in copybook is copied a second time (ignored)'),
  blankInOperands: code('CCW044', 'error', 'a blank after a comma ends the operands: the rest of the line would be a remark'),
  missingLabel: code('CCW045', 'error', 'the statement needs a label (EQU)'),
  keywordConflict: code('CCW046', 'error', 'keyword values contradict each other'),
  ignoredOperand: code('CCW047', 'warning', 'an operand that has no meaning for the statement is ignored'),
  areaAlignment: code('CCW048', 'warning', 'a driver statement stores into an area that is not aligned as the instruction requires (a specification exception at run time)'),
  areaOutside: code('CCW049', 'warning', 'a driver statement stores into an area beyond guest storage (an addressing exception at run time)'),
  ccwFlags: code('CCW050', 'warning', 'a CCW flag has no meaning for the command, or the flags contradict each other'),
  pathIgnored: code('CCW051', 'warning', 'a VFIO statement or VFIO fault in a program that runs with PATH direct, where there is no mediated device'),
  internal: code('CCW099', 'error', 'an internal assembler error: a bug, please report it with the source that caused it'),
} as const satisfies Record<string, CodeInfo>;

export type DiagId = keyof typeof CODES;
