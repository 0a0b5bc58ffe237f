/**
 * Checks over the whole image, for likely mistakes that only show once everything is placed:
 * overlapping data areas, a CCW chain that ends with CC or CD still set, an ORB whose CPA is
 * not a CCW (or is one of the other format), SSCH of something that is not an ORB.
 */
import { CCW0, CCW1, CF } from '../arch';
import { DiagnosticSink } from './diagnostics';
import type { Report, Span } from './diagnostics';
import { hexText } from './evaluate';
import type { StorageChunk } from './image';
import type { AssembledOrb } from './orbStatement';
import type { Statement } from './statements';

export interface OrbRecord {
  readonly stmt: Statement;
  readonly orb: AssembledOrb;
}

/** An ORB operand: of SSCH (which needs it word aligned) or of VFIO WRITEIO (copied into orb_area). */
export interface SschRecord {
  readonly orb: number;
  readonly span: Span;
  readonly report: Report;
  readonly aligned: boolean;
}

const range = (c: StorageChunk): string => `${hexText(c.address)}-${hexText(c.address + c.bytes.length - 1)}`;

/**
 * Two chunks overlap: a warning, unless both are DS areas (redefining reserved storage with
 * ORG, as HLASM programs do, changes no byte).
 */
function checkOverlaps(chunks: readonly StorageChunk[], sourceOrder: () => ReadonlyMap<StorageChunk, number>, sink: DiagnosticSink): void {
  let order: ReadonlyMap<StorageChunk, number> | undefined;
  let widestAny: StorageChunk | undefined;
  let widestContent: StorageChunk | undefined;
  // Their ends, kept as numbers (-1: none yet): a typed array's length is not a free read.
  let anyEnd = -1;
  let contentEnd = -1;
  // Indexed loops over the chunks: these run once per assembly, often before the optimiser
  // has made for-of free, and there is one chunk per storage statement.
  for (let i = 0; i < chunks.length; i++) {
    const c = chunks[i] as StorageChunk;
    const other = c.reserved ? widestContent : widestAny;
    if (other && c.address < (c.reserved ? contentEnd : anyEnd)) {
      // Said at the statement that comes later in the source: that is the one that moved in.
      order ??= sourceOrder();
      const [later, earlier] = (order.get(c) ?? 0) >= (order.get(other) ?? 0) ? [c, other] : [other, c];
      sink.add('overlap', later.loc, `data areas overlap: ${range(later)} here and ${range(earlier)} placed at ${earlier.loc.file}:${earlier.loc.line}; move one with ORG or make the area smaller`);
    }
    const end = c.address + c.bytes.length;
    if (!widestAny || end > anyEnd) {
      widestAny = c;
      anyEnd = end;
    }
    if (!c.reserved && (!widestContent || end > contentEnd)) {
      widestContent = c;
      contentEnd = end;
    }
  }
}

function isCcw(c: StorageChunk | undefined): c is StorageChunk & { readonly kind: 'ccw0' | 'ccw1' } {
  return c !== undefined && (c.kind === 'ccw0' || c.kind === 'ccw1');
}

function checkChains(chunks: readonly StorageChunk[], byAddress: ByAddress, sink: DiagnosticSink): void {
  for (let i = 0; i < chunks.length; i++) {
    const c = chunks[i] as StorageChunk;
    if (!isCcw(c)) continue;
    // Two fields by the table, not a whole decode: there is one CCW chunk per CCW statement.
    const table = c.kind === 'ccw1' ? CCW1 : CCW0;
    const cmd = table.get(c.bytes, 0, 'cmd');
    const flags = table.get(c.bytes, 0, 'flags');
    const tic = c.kind === 'ccw1' ? cmd === 0x08 : (cmd & 0x0f) === 0x08;
    const chaining = flags & (CF.CC | CF.CD);
    if (tic || chaining === 0) continue;
    const next = c.address + 8;
    if (isCcw(byAddress.after(i, next))) continue;
    const names = [chaining & CF.CD ? 'CD' : '', chaining & CF.CC ? 'CC' : ''].filter(Boolean).join('+');
    sink.add('chainEnd', c.loc, `this CCW has ${names} set but no CCW statement follows at ${hexText(next)}; the channel would fetch whatever is there. Remove ${names} from the last CCW or add the next CCW`);
  }
}

function checkOrbs(orbs: readonly OrbRecord[], byAddress: ByAddress): void {
  for (let i = 0; i < orbs.length; i++) {
    const { stmt, orb } = orbs[i] as OrbRecord;
    if (orb.cpa === undefined || !orb.cpaSpan) continue;
    const report = stmt.src.report;
    if (orb.cpa % 8 !== 0) {
      report('cpaAlignment', orb.cpaSpan, `CPA ${hexText(orb.cpa)} is not on a doubleword boundary; START would end with a program check. Point CPA at a CCW statement (CCWs are doubleword aligned)`);
      continue;
    }
    const target = byAddress.get(orb.cpa);
    if (!isCcw(target)) {
      report('cpaNotCcw', orb.cpaSpan, `CPA ${hexText(orb.cpa)} is not the address of a CCW statement; write CPA=label of the first CCW`);
      continue;
    }
    const wantF = target.kind === 'ccw1';
    if (orb.formatKnown && wantF !== orb.format1) {
      report(
        'cpaNotCcw',
        orb.cpaSpan,
        orb.format1
          ? `the ORB has F=1 (format-1 CCWs) but CPA points to a ${target.kind.toUpperCase()} statement; use CCW1 or FMT=0`
          : `the ORB has F=0 (format-0 CCWs) but CPA points to a ${target.kind.toUpperCase()} statement; add FMT=1 or use CCW0`,
      );
    }
  }
}

function checkSschs(sschs: readonly SschRecord[], byAddress: ByAddress): void {
  for (let i = 0; i < sschs.length; i++) {
    const s = sschs[i] as SschRecord;
    if (s.aligned && s.orb % 4 !== 0) {
      s.report('orbOperand', s.span, `the ORB address ${hexText(s.orb)} is not word aligned; START SUBCHANNEL would be a specification exception`);
    } else if (byAddress.get(s.orb)?.kind !== 'orb') {
      s.report('orbOperand', s.span, `${hexText(s.orb)} is not the address of an ORB statement; name the ORB's label`);
    }
  }
}

/**
 * What the checks see at one address: the last CCW or ORB chunk placed there, else the first
 * chunk there. Read from the chunks sorted by address (those at one address are adjacent) by
 * binary search rather than a Map of every chunk: an image has one chunk per storage statement,
 * and only CCW successors, CPAs and SSCH operands are looked up.
 */
export class ByAddress {
  constructor(private readonly chunks: readonly StorageChunk[]) {}

  get(address: number): StorageChunk | undefined {
    const chunks = this.chunks;
    let lo = 0;
    let hi = chunks.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((chunks[mid] as StorageChunk).address < address) lo = mid + 1;
      else hi = mid;
    }
    return this.at(lo, address);
  }

  /**
   * `get(address)` for an address above that of chunk `i`: usually the next chunk is the one
   * there (a CCW's successor), found without a search.
   */
  after(i: number, address: number): StorageChunk | undefined {
    const next = this.chunks[i + 1];
    if (next === undefined || next.address > address) return undefined;
    return next.address === address ? this.at(i + 1, address) : this.get(address);
  }

  /** What the checks see at `address`, the first chunk at or above it being chunk `lo`. */
  private at(lo: number, address: number): StorageChunk | undefined {
    const chunks = this.chunks;
    const first = chunks[lo];
    if (first === undefined || first.address !== address) return undefined;
    let found: StorageChunk = first;
    for (let i = lo; i < chunks.length; i++) {
      const c = chunks[i] as StorageChunk;
      if (c.address !== address) break;
      if (isCcw(c) || c.kind === 'orb') found = c;
    }
    return found;
  }
}

/** `chunks` sorted by address; `order` gives each chunk's place in the source (called only when needed). */
export function checkImage(
  chunks: readonly StorageChunk[],
  order: () => ReadonlyMap<StorageChunk, number>,
  orbs: readonly OrbRecord[],
  sschs: readonly SschRecord[],
  sink: DiagnosticSink,
): void {
  const byAddress = new ByAddress(chunks);
  checkOverlaps(chunks, order, sink);
  checkChains(chunks, byAddress, sink);
  checkOrbs(orbs, byAddress);
  checkSschs(sschs, byAddress);
}
