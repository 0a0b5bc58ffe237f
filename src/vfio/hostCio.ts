/**
 * What vfio-ccw needs from the host's common I/O layer: the I/O instructions on its one host
 * subchannel, the interruption notifications, and the channel-path / subchannel events the cio
 * layer hands to a subchannel driver (css_driver .chp_event / .sch_event). The channel
 * subsystem (src/css) provides all of these; the methods marked optional arrived later there,
 * and the mediated device answers as the kernel would when the instruction is unavailable.
 */
import type { ConditionCode, EngineListener, InstructionResult, Subchannel } from '../css';
import type { Orb } from '../arch';

export type ChannelPathEventKind = 'offline' | 'online' | 'vary-off' | 'vary-on';

export interface HostCioListener {
  channelPathEvent?(e: { readonly schno: number; readonly chpid: number; readonly event: ChannelPathEventKind }): void;
  subchannelEvent?(e: { readonly schno: number; readonly operational: boolean }): void;
}

export interface HostCio {
  subchannel(schno: number): Subchannel | undefined;
  startSubchannel(schno: number, orb: Orb): InstructionResult;
  testSubchannel(schno: number): { cc: ConditionCode; irb: Uint8Array | null };
  storeSubchannel(schno: number): { cc: ConditionCode; schib: Uint8Array | null };
  haltSubchannel?(schno: number): InstructionResult;
  clearSubchannel?(schno: number): InstructionResult;
  cancelSubchannel?(schno: number): InstructionResult;
  addListener(listener: EngineListener): () => void;
  addHostListener?(listener: HostCioListener): () => void;
}

/** The condition code of an instruction, with a program exception counted as the kernel's -EIO path. */
export function conditionCode(result: InstructionResult | undefined): ConditionCode | 'exception' | 'missing' {
  if (!result) return 'missing';
  return 'cc' in result ? result.cc : 'exception';
}
