/**
 * vfio-ccw region layouts (Linux include/uapi/linux/vfio_ccw.h). Region file offset is
 * `index << 10` (VFIO_CCW_OFFSET_SHIFT).
 */
import { field, nested, structure } from './field';
import { IRB } from './irb';
import { ORB_AREA } from './orb';
import { SCSW } from './scsw';

/** struct ccw_io_region (packed, 124 bytes). */
export const IO_REGION = structure('ccw_io_region', 124, [
  nested('orb_area', ORB_AREA, { offset: 0, doc: 'ORB words 0-2 written by user space' }),
  nested('scsw_area', SCSW, { offset: 12, doc: 'SCSW written by user space (function control)' }),
  nested('irb_area', IRB, { offset: 24, doc: 'IRB of the last interruption' }),
  field('ret_code', { byte: 120, bits: [0, 31], doc: 'result of the last request (0 or -errno)', signed: true, format: 'dec' }),
] as const);

export const IO_REGION_SIZE = 124;
export const VFIO_CCW_OFFSET_SHIFT = 10;
