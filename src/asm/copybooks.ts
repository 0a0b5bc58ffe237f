/**
 * Built-in copybooks: `COPY ECKD` and `COPY UNITREC` (LANGUAGE.md "Storage statements").
 * They are ordinary `.ccw` EQU lines, assembled like any copied file; their diagnostics are
 * shown at the COPY statement, because the user cannot open them.
 *
 * Sources: command codes from LANGUAGE.md's list and ../shared/reference/eckd-dasd.md
 * (3.1 command table, 3.2 Define Extent, 3.3 Locate Record, 7.1-7.4 unit-record devices).
 */
import { hex } from '../arch';

type Equ = readonly [name: string, value: number, meaning: string];

/** LANGUAGE.md's ECKD command list, in its order. */
const ECKD_COMMANDS: readonly Equ[] = [
  ['TIC', 0x08, 'transfer in channel'],
  ['NOP', 0x03, 'no operation'],
  ['SENSE', 0x04, 'sense (32 bytes)'],
  ['SENSEID', 0xe4, 'sense ID'],
  ['RDC', 0x64, 'read device characteristics (64 bytes)'],
  ['RCD', 0xfa, 'read configuration data (256 bytes)'],
  ['DEFEXT', 0x63, 'define extent (16 bytes of parameters)'],
  ['LOCREC', 0x47, 'locate record (16 bytes of parameters)'],
  ['LOCRECX', 0x4b, 'locate record extended'],
  ['PREFIX', 0xe7, 'prefix'],
  ['RDDATA', 0x06, 'read data'],
  ['RDKD', 0x0e, 'read key and data'],
  ['RDCNT', 0x12, 'read count'],
  ['RDCKD', 0x1e, 'read count, key and data'],
  ['RDMCKD', 0x5e, 'read multiple count, key and data'],
  ['RDTRK', 0xde, 'read track'],
  ['RDHA', 0x1a, 'read home address'],
  ['RDR0', 0x16, 'read record zero'],
  ['RDIPL', 0x02, 'read IPL'],
  ['WRDATA', 0x05, 'write data'],
  ['WRKD', 0x0d, 'write key and data'],
  ['WRCKD', 0x1d, 'write count, key and data'],
  ['WRUPD', 0x85, 'write update data'],
  ['WRUPKD', 0x8d, 'write update key and data'],
  ['WRCKDNT', 0x9d, 'write count, key and data next track'],
  ['WRR0', 0x15, 'write record zero'],
  ['WRHA', 0x19, 'write home address'],
  ['ERASE', 0x11, 'erase'],
  ['SRCHIDEQ', 0x31, 'search ID equal'],
  ['SRCHIDHI', 0x51, 'search ID high'],
  ['SRCHIDEH', 0x71, 'search ID equal or high'],
  ['SRCHKEQ', 0x29, 'search key equal'],
  ['SRCHKHI', 0x49, 'search key high'],
  ['SRCHKEH', 0x69, 'search key equal or high'],
  ['SRCHHA', 0x39, 'search home address equal'],
  ['SEEK', 0x07, 'seek (6 bytes BBCCHH)'],
  ['SEEKCYL', 0x0b, 'seek cylinder'],
  ['SEEKHD', 0x1b, 'seek head'],
  ['RECAL', 0x13, 'recalibrate'],
  ['SETFM', 0x1f, 'set file mask'],
  ['SETSECT', 0x23, 'set sector'],
  ['RDSECT', 0x22, 'read sector'],
  ['SPACECNT', 0x0f, 'space count'],
  ['RESERVE', 0xb4, 'device reserve'],
  ['RELEASE', 0x94, 'device release'],
  ['SNSPGID', 0x34, 'sense path group ID'],
  ['SETPGID', 0xaf, 'set path group ID'],
];

/**
 * Commands that have a multitrack variant (command code + X'80', name + M): the reads and
 * searches of eckd-dasd.md 3.1's "MT" column.
 */
const MULTITRACK = ['RDDATA', 'RDKD', 'RDCNT', 'RDCKD', 'RDHA', 'RDR0', 'SRCHIDEQ', 'SRCHIDHI', 'SRCHIDEH', 'SRCHKEQ', 'SRCHKHI', 'SRCHKEH', 'SRCHHA'];

/**
 * Define Extent and Locate Record parameter bytes (eckd-dasd.md 3.2, 3.3). Multi-bit fields
 * have one name per value, already shifted into place, so they combine with `+`:
 * `DC AL1(FMWRINH+FMSKALL),AL1(GAECKD+GACBYP)`.
 */
const ECKD_PARAMETERS: readonly (Equ | string)[] = [
  'Define Extent byte 0 (and Set File Mask): file mask',
  ['FMWRFMT', 0x00, 'bits 0-1 00: inhibit Write HA and Write R0 only'],
  ['FMWRINH', 0x40, 'bits 0-1 01: inhibit all writes'],
  ['FMWRUPD', 0x80, 'bits 0-1 10: allow update writes only'],
  ['FMWRALL', 0xc0, 'bits 0-1 11: allow all writes'],
  ['FMSKALL', 0x00, 'bits 3-4 00: allow all seeks'],
  ['FMSKCYL', 0x08, 'bits 3-4 01: allow Seek Cylinder and Seek Head, not Seek'],
  ['FMSKHD', 0x10, 'bits 3-4 10: allow Seek Head only'],
  ['FMSKINH', 0x18, 'bits 3-4 11: inhibit all seeks and multitrack'],
  ['FMAUNORM', 0x00, 'bits 5-6 00: normal authorization'],
  ['FMAUDSF', 0x02, 'bits 5-6 01: device-support authorization'],
  ['FMAUDIAG', 0x04, 'bits 5-6 10: diagnostic authorization'],
  ['FMAUDSFN', 0x06, 'bits 5-6 11: device support without correction or retry'],
  ['FMPCIFM', 0x01, 'bit 7: PCI fetch mode'],
  'Define Extent byte 1: global attributes',
  ['GAECKD', 0xc0, 'bits 0-1 11: ECKD architecture mode (required; Hercules rejects 00)'],
  ['GACKDCNV', 0x20, 'bit 2: CKD-conversion mode'],
  ['GACNORM', 0x00, 'bits 3-5 000: normal cache replacement'],
  ['GACBYP', 0x04, 'bits 3-5 001: bypass cache'],
  ['GACINH', 0x08, 'bits 3-5 010: inhibit cache loading'],
  ['GACSEQ', 0x0c, 'bits 3-5 011: sequential access'],
  ['GACPRST', 0x10, 'bits 3-5 100: sequential prestage'],
  ['GACREC', 0x14, 'bits 3-5 101: record access'],
  ['GACFW', 0x02, 'bit 6: use cache fast write'],
  ['GAINHDFW', 0x01, 'bit 7: inhibit DASD fast write'],
  'Define Extent byte 7: extended global attributes',
  ['GXRDF', 0x40, 'regular data format'],
  ['GXTSV', 0x08, 'time stamp valid'],
  ['GXFMTR0', 0x04, 'the subsystem may format R0'],
  ['GXEXTP', 0x02, 'extended parameters present'],
  'Locate Record byte 0: orientation (bits 0-1) + operation code (bits 2-7)',
  ['LRORCNT', 0x00, 'orient on count'],
  ['LRORHA', 0x40, 'orient on home address'],
  ['LRORDATA', 0x80, 'orient on data'],
  ['LRORIDX', 0xc0, 'orient on index'],
  ['LROPORNT', 0x00, 'orient (positioning only; count must be 0)'],
  ['LROPWRD', 0x01, 'write data'],
  ['LROPFMTW', 0x03, 'format write'],
  ['LROPRDD', 0x06, 'read data'],
  ['LROPWTRK', 0x0b, 'write track'],
  ['LROPRTRK', 0x0c, 'read tracks'],
  ['LROPRD', 0x16, 'read (multitrack reads)'],
  ['LROPEXT', 0x3f, 'extended operation (Locate Record Extended byte 17)'],
  'Locate Record byte 1: auxiliary',
  ['LRAUXTLF', 0x80, 'bytes 14-15 hold a valid transfer-length factor'],
  ['LRAUXRCS', 0x01, 'a Read Count CCW is suffixed to the domain'],
];

/** Unit-record devices (eckd-dasd.md 7.1 reader, 7.2 printer, 7.4 console; punch as its write). */
const UNITREC: readonly (Equ | string)[] = [
  'All unit-record devices',
  ['NOP', 0x03, 'no operation'],
  ['SENSE', 0x04, 'sense'],
  ['SENSEID', 0xe4, 'sense ID'],
  'Card reader (3505, 2540R)',
  ['RDCARD', 0x02, 'read a card and feed'],
  ['FEED', 0x23, 'feed a card without reading'],
  'Card punch (3525, 2540P)',
  ['PUNCH', 0x01, 'punch a card and feed'],
  'Printer (1403, 3211): write, then move the paper',
  ['PRTNSP', 0x01, 'write without spacing'],
  ['PRTSP1', 0x09, 'write and space 1 line'],
  ['PRTSP2', 0x11, 'write and space 2 lines'],
  ['PRTSP3', 0x19, 'write and space 3 lines'],
  ...Array.from({ length: 12 }, (_, i): Equ => [`PRTSK${i + 1}`, 0x89 + 8 * i, `write and skip to channel ${i + 1}`]),
  'Printer: immediate carriage control (no data)',
  ['SPACE1', 0x0b, 'space 1 line'],
  ['SPACE2', 0x13, 'space 2 lines'],
  ['SPACE3', 0x1b, 'space 3 lines'],
  ...Array.from({ length: 12 }, (_, i): Equ => [`SKIP${i + 1}`, 0x8b + 8 * i, `skip to channel ${i + 1}`]),
  'Console (3215, 1052)',
  ['WRCON', 0x01, 'write, no carrier return'],
  ['WRCONCR', 0x09, 'write with automatic carrier return'],
  ['RDCON', 0x0a, 'read inquiry (a line of operator input)'],
  ['ALARM', 0x0b, 'sound the audible alarm'],
];


function render(items: readonly (Equ | string)[]): string[] {
  return items.map((it) => (typeof it === 'string' ? `* ${it}` : `${it[0].padEnd(8)} EQU   X'${hex(it[1], 2)}'   ${it[2]}`));
}

const ECKD_LINES: readonly string[] = [
  '* ECKD DASD (3390 on a 3990-class control unit): command codes',
  ...render(ECKD_COMMANDS),
  '* Multitrack variants: command code + X80, name + M',
  ...render(
    MULTITRACK.map((name): Equ => {
      const base = ECKD_COMMANDS.find((c) => c[0] === name);
      return [`${name}M`, (base?.[1] ?? 0) + 0x80, `multitrack ${base?.[2] ?? name}`];
    }),
  ),
  ...render(ECKD_PARAMETERS),
];

const UNITREC_LINES: readonly string[] = render(UNITREC);

/** Source lines of a built-in copybook (name upper case), or undefined when there is none. */
export function builtinCopybook(name: string): readonly string[] | undefined {
  switch (name) {
    case 'ECKD':
      return ECKD_LINES;
    case 'UNITREC':
      return UNITREC_LINES;
    default:
      return undefined;
  }
}

export const BUILTIN_COPYBOOKS: readonly string[] = ['ECKD', 'UNITREC'];
