/**
 * `IPL devno,BIOS`: the channel programs QEMU's s390-ccw BIOS runs to IPL a DASD
 * (pc-bios/s390-ccw/main.c, cio.c, dasd-ipl.c). vfio-ccw prefetches whole channel programs, so
 * the architected IPL — a Read IPL CCW chaining into the CCWs it has just read — cannot work
 * through it; the BIOS instead runs several programs, each complete before it is started:
 *
 *   1. Sense ID (cu_type): the control-unit type decides that this is a DASD IPL (3990 / 2107).
 *   2. Read IPL at 0, format 0, count 24, no chaining (make_readipl / run_readipl).
 *   3. IPL1 checked (a Read CCW at 8 and a TIC at 16), its two CCWs moved to 32 with chaining
 *      off, and a Seek / Search ID Equal (record 2) / TIC built in front of them at 8
 *      (ipl1_fixup); run from 8: IPL2 is read where IPL1's Read says.
 *   4. IPL2 run from the TIC's address, split after each Read (X'06' / X'86') that chains into a
 *      TIC: the Read's chaining is turned off, and the next program starts at the TIC's target
 *      (dynamic_cp_fixup / run_dynamic_ccw_program), so CCWs a Read brings in are fetched only
 *      after they arrived.
 *
 * Every program uses do_cio's ORB: format as given, P = 1, H (64-bit IDAWs) = 1, LPM X'FF'.
 * This class only decides what the BIOS does next; the driver issues the I/O instructions.
 */
import { CCW0, CF, hex, readCcw0, writeCcw1 } from '../arch';
import type { GuestStorage } from '../css';

export type BiosAction =
  | { readonly kind: 'start'; readonly cpa: number; readonly format: 0 | 1; readonly what: string }
  | { readonly kind: 'done'; readonly message: string }
  | { readonly kind: 'panic'; readonly message: string };

const CMD_READ_IPL = 0x02;
const CMD_DASD_READ = 0x06;
const CMD_DASD_READ_MT = 0x86;
const CMD_DASD_SEEK = 0x07;
const CMD_DASD_SEARCH_ID_EQ = 0x31;
const CMD_TIC = 0x08;
const CMD_SENSE_ID = 0xe4;
/** cio.h struct senseid: 8 bytes then 62 four-byte CIWs. */
const SENSE_ID_SIZE = 8 + 62 * 4;
/** CcwSeekData (reserved, cyl, head) and CcwSearchIdData (cyl, head, record). */
const SEEK_DATA_SIZE = 6;
const SEARCH_ID_DATA_SIZE = 5;
/** Control-unit types for which main.c takes the DASD IPL route. */
const DASD_CU_TYPES = [0x3990, 0x2107];
/** PSW_MASK_BAMODE applied to PSWLegacy.addr (the 32-bit mask |= EAMODE truncates to nothing). */
const PSW_ADDR_BAMODE = 0x80;
/** Bound on the CCWs dynamic_cp_fixup walks (the BIOS has none; this guards against a runaway walk). */
const FIXUP_WALK_LIMIT = 65536;

type Phase = 'senseid' | 'readipl' | 'ipl1' | 'ipl2';

export class BiosDasdIpl {
  private phase: Phase = 'senseid';
  private ipl2Address = 0;
  private next: number | null = null;
  /** One line per program the BIOS ran, for the statement's record. */
  readonly steps: string[] = [];
  /** Where the BIOS keeps its own data: the top 2 MiB below min(storage, 2G), 64K aligned (hw/s390x/ipl.c fwbase). */
  private readonly biosBase: number;

  constructor(private readonly guest: GuestStorage) {
    this.biosBase = Math.max(0, (Math.min(guest.size, 0x8000_0000) - 0x20_0000) & ~0xffff);
  }

  /** cu_type: a format-1 Sense ID CCW (SLI) in the BIOS's own storage. */
  begin(): BiosAction {
    const ccw = new Uint8Array(8);
    writeCcw1(ccw, 0, { cmd: CMD_SENSE_ID, flags: CF.SLI, count: SENSE_ID_SIZE, cda: this.biosBase + 0x100 });
    this.guest.write(this.biosBase + 0x100, new Uint8Array(SENSE_ID_SIZE));
    this.guest.write(this.biosBase, ccw);
    return this.start(this.biosBase, 1, `Sense ID at X'${hex(this.biosBase, 1)}'`);
  }

  /** The program ended with this status (do_cio's irb_error: any channel status, or device status other than CE+DE alone). */
  ended(dstat: number, cstat: number): BiosAction {
    if (cstat !== 0 || dstat !== 0x0c) {
      return this.panic(`cio device error in ${this.phase}: device status X'${hex(dstat, 2)}', channel status X'${hex(cstat, 2)}'`);
    }
    switch (this.phase) {
      case 'senseid': {
        const id = this.guest.read(this.biosBase + 0x100, 3);
        const cuType = id ? ((id[1] as number) << 8) | (id[2] as number) : 0;
        if (!DASD_CU_TYPES.includes(cuType)) return this.panic(`control-unit type ${hex(cuType, 4)} is not a DASD (3990 or 2107): the BIOS takes its DASD IPL route only for those`);
        this.steps[this.steps.length - 1] += `: control unit ${hex(cuType, 4)}`;
        return this.readIpl();
      }
      case 'readipl':
        return this.ipl1();
      case 'ipl1':
        return this.ipl2Start();
      case 'ipl2':
        if (this.next === null) return this.done();
        return this.ipl2Chain(this.next);
    }
  }

  /** The ssch or tsch the BIOS issued failed with a condition code (do_cio gives up). */
  failed(cc: number, what: 'ssch' | 'tsch'): Extract<BiosAction, { kind: 'panic' }> {
    return this.panic(`${what} failed with cc=${cc}`);
  }

  private readIpl(): BiosAction {
    this.phase = 'readipl';
    this.guest.write(0, CCW0.encode({ cmd: CMD_READ_IPL, cda: 0, flags: 0, count: 24 }));
    return this.start(0, 0, 'Read IPL at 0 (count 24, no chaining)');
  }

  private ipl1(): BiosAction {
    const read = this.ccw(8);
    const tic = this.ccw(16);
    this.ipl2Address = tic.cda;
    if (read.cmd !== CMD_DASD_READ || tic.cmd !== CMD_TIC) return this.panic('dasd-ipl: IPL1 data invalid. Is this disk really bootable?');
    // ipl1_fixup: IPL1's Read and TIC move to 32 and 40, the Read without chaining.
    const moved = this.guest.read(8, 16) ?? new Uint8Array(16);
    moved[4] = (moved[4] as number) & ~CF.CC;
    this.guest.write(32, moved);
    this.guest.write(8, CCW0.encode({ cmd: CMD_DASD_SEEK, cda: 0x30, flags: CF.CC, count: SEEK_DATA_SIZE }));
    this.guest.write(16, CCW0.encode({ cmd: CMD_DASD_SEARCH_ID_EQ, cda: 0x38, flags: CF.CC, count: SEARCH_ID_DATA_SIZE }));
    this.guest.write(24, CCW0.encode({ cmd: CMD_TIC, cda: 16, flags: 0, count: 0 }));
    this.guest.write(0x30, new Uint8Array(SEEK_DATA_SIZE));
    this.guest.write(0x38, Uint8Array.of(0, 0, 0, 0, 2));
    this.phase = 'ipl1';
    return this.start(8, 0, `IPL1 chain at 8: Seek 0/0, Search ID Equal record 2, TIC, Read into X'${hex(read.cda, 1)}'`);
  }

  private ipl2Start(): BiosAction {
    if (this.ipl2Address === 0) return this.panic('IPL2 address invalid. Is this disk really bootable?');
    if (this.ccw(this.ipl2Address).cmd === 0) return this.panic('IPL2 ccw data invalid. Is this disk really bootable?');
    this.phase = 'ipl2';
    return this.ipl2Chain(this.ipl2Address);
  }

  /** dynamic_cp_fixup, then start the chain at `cpa`. */
  private ipl2Chain(cpa: number): BiosAction {
    this.next = null;
    let at = cpa;
    for (let walked = 0; walked < FIXUP_WALK_LIMIT; walked++) {
      const c = this.ccw(at);
      // An inline TIC back to the CCW before it (a search loop) is skipped, chained or not.
      if (c.cmd === CMD_TIC && c.cda === at - 8) {
        at += 8;
        continue;
      }
      if ((c.flags & CF.CC) === 0) break;
      const following = this.ccw(at + 8);
      if ((c.cmd === CMD_DASD_READ || c.cmd === CMD_DASD_READ_MT) && following.cmd === CMD_TIC) {
        this.next = following.cda;
        const flags = this.guest.read(at + 4, 1);
        if (flags) this.guest.write(at + 4, Uint8Array.of((flags[0] as number) & ~CF.CC));
        break;
      }
      at += 8;
    }
    const split = this.next === null ? '' : `, split at the Read at X'${hex(at, 1)}' (the TIC after it goes to X'${hex(this.next, 1)}')`;
    return this.start(cpa, 0, `IPL2 chain at X'${hex(cpa, 1)}'${split}`);
  }

  /** The BIOS jumps to the IPL PSW: in its 32-bit address word the addressing-mode bit is set. */
  private done(): BiosAction {
    const psw = this.guest.read(4, 1);
    if (psw) this.guest.write(4, Uint8Array.of((psw[0] as number) | PSW_ADDR_BAMODE));
    return { kind: 'done', message: `s390-ccw BIOS DASD IPL: ${this.steps.join('; ')}` };
  }

  private start(cpa: number, format: 0 | 1, what: string): BiosAction {
    this.steps.push(what);
    return { kind: 'start', cpa, format, what };
  }

  private panic(message: string): Extract<BiosAction, { kind: 'panic' }> {
    return { kind: 'panic', message: `s390-ccw BIOS: ${message} (after: ${this.steps.join('; ')})` };
  }

  private ccw(address: number) {
    const bytes = this.guest.read(address, 8);
    return bytes ? readCcw0(bytes, 0) : { cmd: 0, flags: 0, count: 0, cda: 0 };
  }
}
