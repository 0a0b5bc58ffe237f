/**
 * Names of status bits, shared by the SCSW table, EXPECT, the trace and the debugger.
 * Spellings are the ones LANGUAGE.md gives for EXPECT; values are the PoO bit positions
 * expressed as masks within the field they belong to.
 */
import { maskNames } from './field';

/** SCSW byte 8: device status (PoO "Device Status"). */
export const DEVICE_STATUS = maskNames({
  ATTN: 0x80, // attention
  SM: 0x40, // status modifier
  CUE: 0x20, // control-unit end
  BUSY: 0x10,
  CE: 0x08, // channel end
  DE: 0x04, // device end
  UC: 0x02, // unit check
  UX: 0x01, // unit exception
});

/** SCSW byte 9: subchannel status (PoO "Subchannel Status"). */
export const SUBCHANNEL_STATUS = maskNames({
  PCI: 0x80, // program-controlled interruption
  IL: 0x40, // incorrect length
  PGMCHK: 0x20, // program check
  PROTCHK: 0x10, // protection check
  CDC: 0x08, // channel-data check
  CCC: 0x04, // channel-control check
  ICC: 0x02, // interface-control check
  CHAINCHK: 0x01, // chaining check
});

/** SCSW bits 17-19: function control. */
export const FUNCTION_CONTROL = maskNames({ START: 0x4, HALT: 0x2, CLEAR: 0x1 });

/** SCSW bits 20-26: activity control. */
export const ACTIVITY_CONTROL = maskNames({
  RESPEND: 0x40, // resume pending
  STARTPEND: 0x20,
  HALTPEND: 0x10,
  CLEARPEND: 0x08,
  SCHACT: 0x04, // subchannel active
  DEVACT: 0x02, // device active
  SUSP: 0x01, // suspended
});

/** SCSW bits 27-31: status control. */
export const STATUS_CONTROL = maskNames({
  ALERT: 0x10,
  INTER: 0x08, // intermediate
  PRIM: 0x04, // primary
  SEC: 0x02, // secondary
  PEND: 0x01, // status pending
});

/** CCW flags byte (same values in format 0 and format 1). */
export const CCW_FLAGS = maskNames({
  CD: 0x80, // chain data
  CC: 0x40, // chain command
  SLI: 0x20, // suppress incorrect length
  SKIP: 0x10,
  PCI: 0x08,
  IDA: 0x04,
  S: 0x02, // suspend
  MIDA: 0x01,
});

// Plain numeric constants for hot paths (same values as the tables above).
export const DS = DEVICE_STATUS.names as Readonly<Record<'ATTN' | 'SM' | 'CUE' | 'BUSY' | 'CE' | 'DE' | 'UC' | 'UX', number>>;
export const SCS = SUBCHANNEL_STATUS.names as Readonly<
  Record<'PCI' | 'IL' | 'PGMCHK' | 'PROTCHK' | 'CDC' | 'CCC' | 'ICC' | 'CHAINCHK', number>
>;
export const FC = FUNCTION_CONTROL.names as Readonly<Record<'START' | 'HALT' | 'CLEAR', number>>;
export const AC = ACTIVITY_CONTROL.names as Readonly<
  Record<'RESPEND' | 'STARTPEND' | 'HALTPEND' | 'CLEARPEND' | 'SCHACT' | 'DEVACT' | 'SUSP', number>
>;
export const SC = STATUS_CONTROL.names as Readonly<Record<'ALERT' | 'INTER' | 'PRIM' | 'SEC' | 'PEND', number>>;
export const CF = CCW_FLAGS.names as Readonly<Record<'CD' | 'CC' | 'SLI' | 'SKIP' | 'PCI' | 'IDA' | 'S' | 'MIDA', number>>;
