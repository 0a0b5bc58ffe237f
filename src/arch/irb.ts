/**
 * Interruption-response block, 96 bytes (PoO "Interruption-Response Block"; QEMU IRB;
 * vfio-ccw uapi IRB_AREA_SIZE 96). Linux's own struct irb stops after the ECW (64 bytes),
 * so vfio-ccw and QEMU leave the extended-measurement word as zeros.
 */
import { bytes, nested, structure } from './field';
import { ESW } from './esw';
import { SCSW } from './scsw';

const IRB_FIELDS = [
  nested('scsw', SCSW, { offset: 0, doc: 'subchannel-status word' }),
  nested('esw', ESW, { offset: 12, doc: 'extended-status word' }),
  bytes('ecw', { offset: 32, length: 32, doc: 'extended-control word (concurrent sense when ERW S = 1)' }),
  bytes('emw', { offset: 64, length: 32, doc: 'extended-measurement word' }),
] as const;

export const IRB = structure('IRB', 96, IRB_FIELDS);

export type Irb = ReturnType<typeof IRB.decode>;
