/**
 * What a 3990 remembers about the channel program it is running. It starts fresh with the
 * first CCW of every program (chaining 'start'); Define Extent, Locate Record and the
 * positioning commands fill it in (reference eckd-dasd.md 4.1).
 */
import type { DefinedExtent } from './defineExtent';
import type { LocateRecordRequest, Orientation } from './locateRecord';

/** An open Locate Record domain. */
export interface Domain {
  readonly request: LocateRecordRequest;
  readonly operation: number;
  readonly orientation: Orientation;
  /** Commands (records or tracks) the domain still expects. */
  remaining: number;
  /** Commands of the domain executed so far (Read Track: the first one reads the located track). */
  done: number;
}

/**
 * The last search that matched, for the writes that must follow one outside a domain
 * (reference 4.3): an equal Search ID over all five bytes, an equal Search Key over the whole
 * key, an equal Search Home Address, or a Write R0 / Write CKD (after which Write CKD may go on).
 */
export type SearchHit = 'id' | 'key' | 'home address' | 'format' | null;

export interface ChainState {
  /** A Seek, Seek Cylinder, Recalibrate, Locate Record or Read IPL ran: reads may follow. */
  positioned: boolean;
  /** The Define Extent of this chain, if any. */
  extent: DefinedExtent | null;
  /** A Set File Mask of this chain (a Define Extent and a Set File Mask exclude each other). */
  setFileMask: number | null;
  /** The Locate Record domain; null when none is open (or the last one is used up). */
  domain: Domain | null;
  /** The index point was passed once by a single-track operation outside a domain. */
  indexPassed: boolean;
  searchHit: SearchHit;
  /** Read IPL ran (Define Extent, Release and Locate Record rules look at it). */
  readIpl: boolean;
  /** The previous command forbids any command chained after it (Sense/Set Path Group ID). */
  lastInChain: string | null;
  /** Commands executed in this chain so far. */
  commands: number;
  /** The command code of the previous command of this chain (null for the first). */
  previous: number | null;
}

export function freshChain(): ChainState {
  return {
    positioned: false,
    extent: null,
    setFileMask: null,
    domain: null,
    indexPassed: false,
    searchHit: null,
    readIpl: false,
    lastInChain: null,
    commands: 0,
    previous: null,
  };
}

/** The open domain, or null when there is none or it has no commands left. */
export function openDomain(chain: ChainState): Domain | null {
  return chain.domain && chain.domain.remaining > 0 ? chain.domain : null;
}

/** The file mask in force: Define Extent's, Set File Mask's, or X'00' (reference 3.2). */
export function fileMaskOf(chain: ChainState): number {
  return chain.extent?.fileMask ?? chain.setFileMask ?? 0;
}

/** File mask bits 0-1: 0 inhibit Write HA/R0, 1 inhibit all writes, 2 update writes only, 3 all. */
export const writeControlOf = (chain: ChainState): number => (fileMaskOf(chain) >> 6) & 3;
/** File mask bits 3-4: 0 all seeks, 1 Seek Cylinder/Head, 2 Seek Head only, 3 no seeks or multitrack. */
export const seekControlOf = (chain: ChainState): number => (fileMaskOf(chain) >> 3) & 3;
