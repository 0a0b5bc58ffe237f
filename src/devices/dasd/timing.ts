/**
 * Modelled command durations of a 3390 behind a 3990 (virtual microseconds). The model is
 * simple and deterministic; it only has to be plausible and the same every run:
 *
 * - every command costs a fixed control-unit overhead (COMMAND_OVERHEAD_US);
 * - bytes move at the rate the media passes the head: one revolution (4,260 rpm → 14,085 µs)
 *   carries the 58,786 capacity-formula bytes of a track (≈ 4.17 bytes/µs, the 3390's
 *   4.2 MB/s), for data transfer and for records passed over alike;
 * - a seek over d cylinders takes 1.5 ms + 260 µs·√d (≈ 9.8 ms for a third of a 3390-3, 16.5 ms
 *   full stroke), 0 on the same cylinder; head switching is free;
 * - finding a record after a seek or a Locate Record costs the average rotational latency, half
 *   a revolution (sector numbers are accepted but do not shorten it);
 * - reading the next record costs the time its cells take to pass the head; crossing the index
 *   (wrapping, or a multitrack step to the next track) adds the home address and R0.
 */
import { DEVICE_3390, recordCells } from './geometry';

export const COMMAND_OVERHEAD_US = 25;
export const REVOLUTION_US = 14_085;
export const AVERAGE_LATENCY_US = Math.round(REVOLUTION_US / 2);

/** Time for `bytes` formula bytes to pass the head (or cross the channel). */
export function transferUs(bytes: number): number {
  return Math.ceil((bytes * REVOLUTION_US) / DEVICE_3390.trackLength);
}

export function seekUs(fromCylinder: number, toCylinder: number): number {
  const d = Math.abs(toCylinder - fromCylinder);
  return d === 0 ? 0 : Math.round(1_500 + 260 * Math.sqrt(d));
}

/** Time for one record (count, key and data areas with their gaps) to pass the head. */
export function recordPassUs(kl: number, dl: number): number {
  return transferUs(recordCells(kl, dl) * DEVICE_3390.factors[0]);
}

/** Time from the index point to the first user record: the home address and R0. */
export const INDEX_TO_R1_US = transferUs(DEVICE_3390.haR0Overhead);
