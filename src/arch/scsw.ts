/**
 * Subchannel-status word, command mode (PoO "Subchannel-Status Word"; Linux asm/scsw.h
 * struct cmd_scsw; QEMU ioinst.h). 12 bytes.
 */
import { field, flag, structure, type Decoded } from './field';
import { ACTIVITY_CONTROL, DEVICE_STATUS, FUNCTION_CONTROL, STATUS_CONTROL, SUBCHANNEL_STATUS } from './status';

const SCSW_FIELDS = [
  field('key', { word: 0, bits: [0, 3], doc: 'subchannel key (from the ORB)' }),
  flag('S', { word: 0, bit: 4, doc: 'suspend control (from the ORB)' }),
  flag('L', { word: 0, bit: 5, doc: 'ESW format (1 = format-0 ESW, subchannel logout stored)' }),
  field('cc', { word: 0, bits: [6, 7], doc: 'deferred condition code', format: 'dec' }),
  flag('F', { word: 0, bit: 8, doc: 'CCW format (from the ORB)' }),
  flag('P', { word: 0, bit: 9, doc: 'prefetch (from the ORB)' }),
  flag('I', { word: 0, bit: 10, doc: 'initial-status-interruption control (from the ORB)' }),
  flag('A', { word: 0, bit: 11, doc: 'address-limit-checking control (from the ORB)' }),
  flag('U', { word: 0, bit: 12, doc: 'suppress-suspended-interruption control (from the ORB)' }),
  flag('Z', { word: 0, bit: 13, doc: 'zero condition code (initial-status interruption)' }),
  flag('E', { word: 0, bit: 14, doc: 'extended control: the ECW holds information' }),
  flag('N', { word: 0, bit: 15, doc: 'path not operational' }),
  flag('Q', { word: 0, bit: 16, doc: 'reserved in command mode' }),
  field('fctl', { word: 0, bits: [17, 19], doc: 'function control', names: FUNCTION_CONTROL }),
  field('actl', { word: 0, bits: [20, 26], doc: 'activity control', names: ACTIVITY_CONTROL }),
  field('stctl', { word: 0, bits: [27, 31], doc: 'status control', names: STATUS_CONTROL }),
  field('cpa', { word: 1, doc: 'CCW address (normally the last CCW executed + 8)', format: 'address' }),
  field('dstat', { word: 2, bits: [0, 7], doc: 'device status', names: DEVICE_STATUS }),
  field('cstat', { word: 2, bits: [8, 15], doc: 'subchannel status', names: SUBCHANNEL_STATUS }),
  field('count', { word: 2, bits: [16, 31], doc: 'residual count', format: 'dec' }),
] as const;

export const SCSW = structure('SCSW', 12, SCSW_FIELDS);

export type Scsw = Decoded<typeof SCSW_FIELDS>;
