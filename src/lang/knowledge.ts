/**
 * What the editor says about the words of the language: operations, CCW flags, ORB keywords
 * and copybook commands. Values come from the tables that define them (src/arch, the
 * assembler's copybooks and keyword lists); this file adds only the sentences a person reads.
 */
import { CCW_FLAGS, ORB, type AnyField } from '../arch';
import { BUILTIN_COPYBOOKS, builtinCopybook } from '../asm/copybooks';
import { ORB_KEYWORDS } from '../asm/orbStatement';
import { KNOWN_OPS } from '../asm/statements';
import { PREDEFINED_FLAGS } from '../asm/symbols';

export type OperationClass = 'storage' | 'configuration' | 'driver' | 'listing';

export interface OperationInfo {
  readonly name: string;
  readonly cls: OperationClass;
  readonly syntax: string;
  readonly doc: string;
}

const op = (name: string, cls: OperationClass, syntax: string, doc: string): OperationInfo => ({ name, cls, syntax, doc });

/** LANGUAGE.md's statement tables, one sentence each. */
const OPERATIONS: readonly OperationInfo[] = [
  op('ORG', 'storage', 'ORG expr', "set the location counter (default origin X'1000')"),
  op('EQU', 'storage', 'label EQU expr[,len]', 'define a symbol with a value and an optional length attribute'),
  op('DC', 'storage', "DC [dup]type[Ln]'value',...", 'define constants: C CA X B F H FD A AL1..AL4 AD Y'),
  op('DS', 'storage', 'DS [dup]type[Ln],...', 'reserve storage (DS 0D / DS 0F only align)'),
  op('CCW', 'storage', 'CCW cmd,addr,flags,count', 'a format-0 CCW (24-bit address), doubleword aligned, length 8'),
  op('CCW0', 'storage', 'CCW0 cmd,addr,flags,count', 'a format-0 CCW (24-bit address), doubleword aligned, length 8'),
  op('CCW1', 'storage', 'CCW1 cmd,addr,flags,count', 'a format-1 CCW (31-bit address), doubleword aligned, length 8'),
  op('IDAW1', 'storage', 'IDAW1 addr', 'a format-1 indirect data address word (4 bytes, word aligned)'),
  op('IDAW2', 'storage', 'IDAW2 addr', 'a format-2 indirect data address word (8 bytes, doubleword aligned)'),
  op('MIDAW', 'storage', 'MIDAW flags,count,addr', 'a modified IDAW (16 bytes, quadword aligned)'),
  op('ORB', 'storage', 'label ORB CPA=...,FMT=1,KEY=0,...', 'an operation-request block (32 bytes, word aligned)'),
  op('DEVICE', 'configuration', 'DEVICE devno,type[,key=value...]', 'attach a device (3390-3, 3505, 1403, ...)'),
  op('PATH', 'configuration', 'PATH vfio | PATH direct', 'reach the channel subsystem through the vfio-ccw mediated device (default) or directly'),
  op('CODEPAGE', 'configuration', 'CODEPAGE 037 | 1047', "the EBCDIC code page of C'...' from here on (default 037)"),
  op('STORAGE', 'configuration', 'STORAGE size', 'guest storage size, e.g. STORAGE 64M (default 16M)'),
  op('COPY', 'configuration', 'COPY ECKD | UNITREC | file', 'bring in the command-code EQUs of a device family, or include another .ccw file'),
  op('SSCH', 'driver', 'SSCH devno,orb', 'START SUBCHANNEL with the ORB; sets the condition code'),
  op('WAIT', 'driver', 'WAIT [devno][,timeout]', 'wait for an I/O interruption, then TEST SUBCHANNEL into the IRB'),
  op('TSCH', 'driver', 'TSCH devno[,area]', 'TEST SUBCHANNEL, optionally storing the IRB'),
  op('HSCH', 'driver', 'HSCH devno', 'HALT SUBCHANNEL'),
  op('CSCH', 'driver', 'CSCH devno', 'CLEAR SUBCHANNEL'),
  op('RSCH', 'driver', 'RSCH devno', 'RESUME SUBCHANNEL'),
  op('XSCH', 'driver', 'XSCH devno', 'CANCEL SUBCHANNEL'),
  op('STSCH', 'driver', 'STSCH devno[,area]', 'STORE SUBCHANNEL'),
  op('MSCH', 'driver', 'MSCH devno,field=value...', 'MODIFY SUBCHANNEL: change PMCW fields by their PoO names'),
  op('SSKE', 'driver', 'SSKE addr,key[,FETCH]', "set a 4K frame's storage key (with fetch protection)"),
  op('STORE', 'driver', 'STORE addr,value', 'the CPU stores bytes into guest storage'),
  op('DELAY', 'driver', 'DELAY n', 'let n virtual microseconds pass'),
  op('AWAIT', 'driver', 'AWAIT devno,ACTIVE|SUSPENDED|PENDING', 'let virtual time pass until the subchannel reaches a state'),
  op('TPI', 'driver', 'TPI', 'TEST PENDING INTERRUPTION'),
  op('STCRW', 'driver', 'STCRW [area]', 'STORE CHANNEL REPORT WORD'),
  op('IPL', 'driver', 'IPL devno', 'the initial program load sequence'),
  op('EXPECT', 'driver', 'EXPECT field=value,...', 'assert on the condition code, IRB, vfio return code, sense or storage'),
  op('VFIO', 'driver', 'VFIO devno,op[,...]', 'use the vfio-ccw mediated device directly'),
  op('FAULT', 'driver', 'FAULT target,kind[,...]', 'inject a fault (UNITCHECK, ATTN, BUSY, NOTOPER, ...)'),
  op('END', 'driver', 'END', 'end of the source'),
  op('TITLE', 'listing', "TITLE 'text'", 'listing control: accepted and ignored'),
  op('PRINT', 'listing', 'PRINT options', 'listing control: accepted and ignored'),
  op('SPACE', 'listing', 'SPACE [n]', 'listing control: accepted and ignored'),
  op('EJECT', 'listing', 'EJECT', 'listing control: accepted and ignored'),
];

const OPERATION_BY_NAME = new Map(OPERATIONS.map((o) => [o.name, o]));

/** Every operation the assembler knows, with its sentence (the assembler's list decides what exists). */
export function operations(): OperationInfo[] {
  return KNOWN_OPS.map((name) => OPERATION_BY_NAME.get(name) ?? op(name, 'driver', name, `${name} statement`));
}

export function operationInfo(name: string): OperationInfo | undefined {
  const upper = name.toUpperCase();
  return KNOWN_OPS.includes(upper) ? (OPERATION_BY_NAME.get(upper) ?? op(upper, 'driver', upper, `${upper} statement`)) : undefined;
}

/** Why each CCW flag exists (PoO "Channel-Command Word"). */
const FLAG_MEANING: Readonly<Record<string, string>> = {
  CD: 'chain data: the next CCW continues this data transfer with a new address and count',
  CC: 'chain command: when this command ends normally, fetch the next CCW and start its command',
  SLI: 'suppress incorrect length: a count that does not match the record is not an error',
  SKIP: 'skip: read data is not placed in storage',
  PCI: 'program-controlled interruption when this CCW takes effect',
  IDA: 'indirect data addressing: the data address points at a list of IDAWs',
  S: 'suspend: the channel suspends the program before executing this CCW',
  SUSP: 'suspend (alias of S): the channel suspends the program before executing this CCW',
  MIDA: 'modified indirect data addressing: the data address points at a list of MIDAWs',
};

export interface FlagInfo {
  readonly name: string;
  readonly value: number;
  readonly meaning: string;
}

export function ccwFlags(): FlagInfo[] {
  return Object.entries(PREDEFINED_FLAGS).map(([name, value]) => ({ name, value, meaning: FLAG_MEANING[name] ?? 'CCW flag' }));
}

export function flagInfo(name: string): FlagInfo | undefined {
  const upper = name.toUpperCase();
  const value = Object.hasOwn(PREDEFINED_FLAGS, upper) ? PREDEFINED_FLAGS[upper] : undefined;
  return value === undefined ? undefined : { name: upper, value, meaning: FLAG_MEANING[upper] ?? 'CCW flag' };
}

/** Names of the flags set in a flags byte, in the order of the arch table. */
export function flagNames(flags: number): string[] {
  return Object.entries(CCW_FLAGS.names).filter(([, v]) => (flags & v) === v).map(([n]) => n);
}

/** ORB keyword → the ORB table field it sets (aliases as orbStatement.ts maps them). */
const ORB_ALIAS: Readonly<Record<string, string>> = {
  CPA: 'cpa', INTPARM: 'intparm', KEY: 'key', LPM: 'lpm', FMT: 'F', PFCH: 'P', SUSP: 'S', ISI: 'I',
  IDAW: 'H', IDA2K: 'T', ILS: 'L', MIDA: 'D', TM: 'B', CSSPRI: 'cssPriority', CUPRI: 'cuPriority',
};

export interface OrbKeywordInfo {
  readonly keyword: string;
  readonly field: string;
  readonly doc: string;
  readonly bits: string;
}

function fieldBits(f: AnyField): string {
  if (f.kind !== 'number') return '';
  const [a, b] = f.unit.bits;
  return `${f.unit.kind} ${f.unit.index} ${a === b ? `bit ${a}` : `bits ${a}-${b}`}`;
}

export function orbKeywords(): OrbKeywordInfo[] {
  return ORB_KEYWORDS.map((k) => orbKeyword(k)).filter((k): k is OrbKeywordInfo => k !== undefined);
}

export function orbKeyword(keyword: string): OrbKeywordInfo | undefined {
  const upper = keyword.toUpperCase();
  if (!ORB_KEYWORDS.includes(upper)) return undefined;
  const name = ORB_ALIAS[upper] ?? upper;
  const f = ORB.fields.find((x) => x.name === name);
  if (!f) return undefined;
  const extra = upper === 'IDAW' ? ' (IDAW=1: format-1 IDAWs, IDAW=2: format-2)' : upper === 'LPM' ? " (default X'FF')" : '';
  return { keyword: upper, field: f.name, doc: f.doc + extra, bits: fieldBits(f) };
}

export interface CopybookEntry {
  readonly name: string;
  readonly value: number;
  readonly meaning: string;
  readonly copybook: string;
  /** The copybook's heading above it, e.g. "Locate Record byte 0: ...". */
  readonly section: string;
  /** A command code (as opposed to a Define Extent / Locate Record parameter value). */
  readonly command: boolean;
}

/** The EQUs of the built-in copybooks, read from their own source lines (name EQU X'nn' meaning). */
function readCopybooks(): Map<string, CopybookEntry[]> {
  const out = new Map<string, CopybookEntry[]>();
  for (const book of BUILTIN_COPYBOOKS) {
    let section = '';
    for (const line of builtinCopybook(book) ?? []) {
      if (line.startsWith('*')) {
        section = line.slice(1).trim();
        continue;
      }
      const m = /^(\S+)\s+EQU\s+X'([0-9A-Fa-f]+)'\s*(.*)$/.exec(line);
      if (!m) continue;
      const entry: CopybookEntry = { name: m[1] ?? '', value: parseInt(m[2] ?? '0', 16), meaning: (m[3] ?? '').trim(), copybook: book, section, command: !/parameter|Define Extent|Locate Record/i.test(section) };
      const list = out.get(entry.name) ?? [];
      list.push(entry);
      out.set(entry.name, list);
    }
  }
  return out;
}

let copybookTable: Map<string, CopybookEntry[]> | undefined;

/** Every copybook entry spelled `name` (NOP is in both ECKD and UNITREC). */
export function copybookEntries(name: string): readonly CopybookEntry[] {
  copybookTable ??= readCopybooks();
  return copybookTable.get(name.toUpperCase()) ?? [];
}

export function allCopybookEntries(): CopybookEntry[] {
  copybookTable ??= readCopybooks();
  return [...copybookTable.values()].flat();
}

export { BUILTIN_COPYBOOKS };
