/**
 * The channel commands of a 3390 behind a 3990 (reference eckd-dasd.md 3.1; IBM SA22-1025 chapter
 * 4 names), with what each needs before it may run. Names are shown by the debugger for every
 * command, implemented or not; the device rejects an unimplemented one only after the
 * sequence checks a real control unit makes first, so that e.g. Write Special CKD without a
 * preceding search gets "invalid command sequence" as Hercules gives it (oracle
 * c_invalid_cmd_then_sense).
 */

/**
 * What must precede a command in its chain (outside a Locate Record domain):
 * - `none`: nothing;
 * - `positioned`: a Seek, Seek Cylinder, Locate Record or Read IPL earlier in the chain;
 * - `search`: an equal search on the record (writes outside a domain);
 * - `domain`: the command is only valid inside a Locate Record domain.
 */
export type Precondition = 'none' | 'positioned' | 'search' | 'domain';

export interface CommandInfo {
  readonly code: number;
  readonly name: string;
  readonly precondition: Precondition;
  /** Rejected (format 0 message 2) inside a Locate Record domain whatever the operation. */
  readonly notInDomain: boolean;
  /** Multitrack: bit 0 of the code selects the next track at the end of a track. */
  readonly multitrack: boolean;
}

const table = new Map<number, CommandInfo>();

function define(code: number, name: string, precondition: Precondition, notInDomain = false): void {
  table.set(code, { code, name, precondition, notInDomain, multitrack: false });
}

/** A command with a multitrack variant (code | X'80'), named `NAME (MT)`. */
function defineMt(code: number, name: string, precondition: Precondition, notInDomain = false): void {
  define(code, name, precondition, notInDomain);
  table.set(code | 0x80, { code: code | 0x80, name: `${name} (MT)`, precondition, notInDomain, multitrack: true });
}

// Addressing and control
define(0x03, 'NO OPERATION', 'none', true);
define(0x07, 'SEEK', 'none', true);
define(0x0b, 'SEEK CYLINDER', 'none', true);
define(0x1b, 'SEEK HEAD', 'positioned', true); // on a 3990 (oracle x_seek_cyl_head)
define(0x13, 'RECALIBRATE', 'none', true);
define(0x17, 'RESTORE', 'none', true);
define(0x1f, 'SET FILE MASK', 'none', true);
define(0x22, 'READ SECTOR', 'none', true); // Hercules 3.13 needs no positioning (oracle x_sector)
define(0x23, 'SET SECTOR', 'positioned', true);
define(0x0f, 'SPACE COUNT', 'none', true);
define(0x63, 'DEFINE EXTENT', 'none', true);
define(0x47, 'LOCATE RECORD', 'none', true);
define(0x4b, 'LOCATE RECORD EXTENDED', 'none', true);
define(0xe7, 'PREFIX', 'none', true);
// Searches
defineMt(0x31, 'SEARCH ID EQUAL', 'positioned', true);
defineMt(0x51, 'SEARCH ID HIGH', 'positioned', true);
defineMt(0x71, 'SEARCH ID EQUAL OR HIGH', 'positioned', true);
defineMt(0x29, 'SEARCH KEY EQUAL', 'positioned', true);
defineMt(0x49, 'SEARCH KEY HIGH', 'positioned', true);
defineMt(0x69, 'SEARCH KEY EQUAL OR HIGH', 'positioned', true);
defineMt(0x39, 'SEARCH HOME ADDRESS EQUAL', 'positioned', true);
// Reads
define(0x02, 'READ IPL', 'none', true);
defineMt(0x06, 'READ DATA', 'positioned');
defineMt(0x0e, 'READ KEY AND DATA', 'positioned');
defineMt(0x12, 'READ COUNT', 'positioned');
defineMt(0x16, 'READ RECORD ZERO', 'positioned');
defineMt(0x1a, 'READ HOME ADDRESS', 'positioned');
defineMt(0x1e, 'READ COUNT KEY AND DATA', 'positioned');
define(0x0a, 'READ SPECIAL HOME ADDRESS', 'positioned');
define(0x5e, 'READ MULTIPLE COUNT KEY AND DATA', 'positioned', true);
define(0xde, 'READ TRACK', 'domain');
define(0xa6, 'READ TRACK DATA', 'domain');
define(0xb6, 'READ TRACK DATA', 'domain'); // second code Linux uses for it (reference 3.1)
// Writes
define(0x05, 'WRITE DATA', 'search');
define(0x0d, 'WRITE KEY AND DATA', 'search');
define(0x1d, 'WRITE COUNT KEY AND DATA', 'search');
define(0x9d, 'WRITE COUNT KEY AND DATA NEXT TRACK', 'domain');
define(0x15, 'WRITE RECORD ZERO', 'search');
define(0x19, 'WRITE HOME ADDRESS', 'positioned');
define(0x09, 'WRITE SPECIAL HOME ADDRESS', 'positioned');
define(0x11, 'ERASE', 'search');
define(0x01, 'WRITE SPECIAL COUNT KEY AND DATA', 'search');
define(0x85, 'WRITE UPDATE DATA', 'domain');
define(0x8d, 'WRITE UPDATE KEY AND DATA', 'domain');
define(0x95, 'WRITE FULL TRACK', 'domain');
define(0xa5, 'WRITE TRACK DATA', 'domain');
define(0xb5, 'WRITE TRACK DATA', 'domain'); // second code Linux uses for it (reference 3.1)
// Sense, identification and subsystem commands
define(0x04, 'SENSE', 'none', true);
define(0xe4, 'SENSE ID', 'none', true);
define(0x64, 'READ DEVICE CHARACTERISTICS', 'none', true);
define(0xfa, 'READ CONFIGURATION DATA', 'none', true);
define(0x34, 'SENSE PATH GROUP ID', 'none', true);
define(0xaf, 'SET PATH GROUP ID', 'none', true);
define(0x54, 'SENSE SUBSYSTEM STATUS', 'none', true);
define(0x27, 'PERFORM SUBSYSTEM FUNCTION', 'none', true);
define(0x3e, 'READ SUBSYSTEM DATA', 'none', true);
define(0x4e, 'READ MESSAGE ID', 'none', true);
define(0x44, 'RESET ALLEGIANCE', 'none', true);
define(0x5b, 'SUSPEND MULTIPATH RECONNECTION', 'none', true);
define(0x87, 'SET SUBSYSTEM MODE', 'none', true);
define(0xa4, 'READ AND RESET BUFFERED LOG', 'none', true);
define(0xb4, 'DEVICE RESERVE', 'none', true);
define(0x94, 'DEVICE RELEASE', 'none', true);
define(0x14, 'UNCONDITIONAL RESERVE', 'none', true);
define(0xf3, 'DIAGNOSTIC CONTROL', 'none', true);
define(0xf7, 'DEFINE SUBSYSTEM OPERATION', 'none', true);

export function commandInfo(code: number): CommandInfo | null {
  return table.get(code & 0xff) ?? null;
}

/** Every command code of the set, ascending. */
export function commandCodes(): number[] {
  return [...table.keys()].sort((a, b) => a - b);
}

/** Commands a Locate Record operation code lets into its domain (reference 3.3, SA22-1025 4-14ff). */
const READS = [0x06, 0x86, 0x0e, 0x8e, 0x12, 0x92, 0x1e, 0x9e, 0x16, 0x96, 0x1a, 0x9a, 0x0a];
const DOMAIN_COMMANDS = new Map<number, ReadonlySet<number>>([
  [0x01, new Set([0x85, 0x8d, 0x05, 0x0d, 0x12, 0x92])],
  [0x03, new Set([0x1d, 0x9d, 0x15, 0x19])],
  [0x06, new Set(READS)],
  [0x0b, new Set([0x05, 0x1d, 0x0d, 0x11])],
  [0x0c, new Set([0xde])],
  // Read (16): any read but Read Multiple CKD, Read Track and Read IPL (SA22-1025 p. 4-23).
  // Hercules 3.13 also accepts single-track Read Data here (oracle w_lr_op16).
  [0x16, new Set(READS)],
]);

/** Whether `code` may run inside a domain of Locate Record operation `operation`. */
export function allowedInDomain(operation: number, code: number): boolean {
  return DOMAIN_COMMANDS.get(operation)?.has(code) ?? false;
}
