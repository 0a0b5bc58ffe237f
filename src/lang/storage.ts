/**
 * Guest storage as the assembled image leaves it, read back for hovers: the bytes at an
 * address, the symbol that names it, and which device each CCW will be executed by.
 */
import { CF, ORB, commandClass, decodeCcw, hex, type Ccw } from '../arch';
import type { DeviceSpec, Image, ImageSymbol, StorageChunk } from '../asm/image';

/** `len` bytes at `address` (guest storage starts zeroed); `covered` says whether any statement placed them. */
export function readStorage(image: Image, address: number, len: number): { bytes: Uint8Array; covered: boolean } {
  const bytes = new Uint8Array(Math.max(0, len));
  let covered = false;
  for (const c of image.chunks) {
    const from = Math.max(address, c.address);
    const to = Math.min(address + len, c.address + c.bytes.length);
    if (from >= to) continue;
    covered = true;
    bytes.set(c.bytes.subarray(from - c.address, to - c.address), from - address);
  }
  return { bytes, covered };
}

/** `LABEL` or `LABEL+12` for an address inside a labelled statement; undefined when none names it. */
export function symbolFor(image: Image, address: number, symbols: readonly ImageSymbol[] = image.symbols): string | undefined {
  const exact = symbols.find((s) => s.kind === 'label' && s.value === address) ?? symbols.find((s) => s.value === address && s.kind === 'equ' && s.length > 1);
  if (exact) return exact.name;
  let best: StorageChunk | undefined;
  for (const c of image.chunks) {
    if (c.label && c.address <= address && address < c.address + c.bytes.length && (!best || c.address > best.address)) best = c;
  }
  return best?.label ? `${best.label}+${address - best.address}` : undefined;
}

export interface CcwTarget {
  readonly device: DeviceSpec;
  /** How the CCW is reached: `SSCH 0190,READ` (line), or `only device` when no SSCH reaches it. */
  readonly via: string;
}

const MAX_WALK = 4096;

/**
 * For each CCW address, the device whose SSCH runs it: from each SSCH's ORB, follow the chain
 * as the channel would (next CCW while CC or CD is set, TIC to its address, and the CCW after
 * next when status modifier skips one), so a CCW is attributed to the device its program
 * really starts on.
 */
export function ccwTargets(image: Image): ReadonlyMap<number, CcwTarget> {
  let known = targetCache.get(image);
  if (!known) {
    known = walkPrograms(image);
    targetCache.set(image, known);
  }
  return known;
}

/** Images are immutable, so their walk is kept for as long as the image lives. */
const targetCache = new WeakMap<Image, ReadonlyMap<number, CcwTarget>>();

function walkPrograms(image: Image): Map<number, CcwTarget> {
  const ccwAt = new Map<number, StorageChunk>();
  const orbAt = new Map<number, StorageChunk>();
  for (const c of image.chunks) {
    if (c.kind === 'ccw0' || c.kind === 'ccw1') ccwAt.set(c.address, c);
    else if (c.kind === 'orb') orbAt.set(c.address, c);
  }
  const out = new Map<number, CcwTarget>();
  for (const s of image.statements) {
    if (s.op !== 'SSCH') continue;
    const device = image.devices.find((d) => d.devno === s.devno);
    const orb = orbAt.get(s.orb);
    if (!device || !orb) continue;
    const format1 = ORB.get(orb.bytes, 0, 'F') === 1;
    const via = `SSCH ${hex(s.devno, 4)} at line ${s.loc.line}`;
    // A worklist, because status modifier (a search that matches) makes the channel skip the
    // next CCW: with command chaining, the CCW 16 bytes on is reachable too (the TIC loop).
    const work = [ORB.get(orb.bytes, 0, 'cpa')];
    const seen = new Set<number>();
    while (work.length > 0 && seen.size < MAX_WALK) {
      const address = work.shift() as number;
      const chunk = ccwAt.get(address);
      if (!chunk || seen.has(address)) continue;
      seen.add(address);
      if (!out.has(address)) out.set(address, { device, via });
      const ccw: Ccw = decodeCcw(chunk.bytes, 0, format1);
      if (commandClass(ccw.cmd, format1) === 'tic') work.push(ccw.cda);
      else if ((ccw.flags & CF.CD) !== 0) work.push(address + 8);
      else if ((ccw.flags & CF.CC) !== 0) work.push(address + 8, address + 16);
    }
  }
  return out;
}
