/**
 * The channel's own modelled times (device times come from the devices). Roughly the order of
 * a FICON channel: microseconds to start, a fraction of a microsecond per CCW fetch. They only
 * need to be plausible and fixed, so that traces are deterministic and concurrent subchannels
 * interleave in a believable order.
 */
import { NS_PER_US } from './scheduler';

/** From START SUBCHANNEL to the first CCW fetch (path selection, connection). */
export const START_LATENCY_NS = 2 * NS_PER_US;
/** Fetching and decoding one CCW (and any TICs before it). */
export const CCW_FETCH_NS = 250;
/** From device end to the subchannel being status pending. */
export const STATUS_LATENCY_NS = 500;
/** From RESUME SUBCHANNEL to the refetch of the suspended CCW. */
export const RESUME_LATENCY_NS = 1 * NS_PER_US;
