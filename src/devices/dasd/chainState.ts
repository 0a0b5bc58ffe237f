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
  /** Commands (records) the domain still expects. */
  remaining: number;
}

export interface ChainState {
  /** A Seek, Locate Record (or, later, Seek Cylinder / Read IPL) ran: reads may follow. */
  positioned: boolean;
  /** The Define Extent of this chain, if any. */
  extent: DefinedExtent | null;
  /** The Locate Record domain; null when none is open (or the last one is used up). */
  domain: Domain | null;
  /** The index point was passed once by a single-track operation outside a domain. */
  indexPassed: boolean;
  /** Commands executed in this chain so far. */
  commands: number;
}

export function freshChain(): ChainState {
  return { positioned: false, extent: null, domain: null, indexPassed: false, commands: 0 };
}

/** The open domain, or null when there is none or it has no commands left. */
export function openDomain(chain: ChainState): Domain | null {
  return chain.domain && chain.domain.remaining > 0 ? chain.domain : null;
}
