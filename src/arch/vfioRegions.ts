/**
 * vfio-ccw region layouts (Linux include/uapi/linux/vfio_ccw.h). Region file offset is
 * `index << 10` (VFIO_CCW_OFFSET_SHIFT). All regions are packed and, since vfio-ccw exists only
 * on s390x, big-endian like every other structure in this folder.
 */
import { CRW } from './crw';
import { field, maskNames, nested, structure, valueNames } from './field';
import { IRB } from './irb';
import { ORB_AREA } from './orb';
import { SCHIB } from './schib';
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

/** VFIO_CCW_ASYNC_CMD_HSCH (1 << 0) and VFIO_CCW_ASYNC_CMD_CSCH (1 << 1). */
export const VFIO_CCW_ASYNC_CMD = { HSCH: 1, CSCH: 2 } as const;

/** struct ccw_cmd_region (packed, 8 bytes): the async command region. */
export const CMD_REGION = structure('ccw_cmd_region', 8, [
  field('command', { word: 0, doc: 'VFIO_CCW_ASYNC_CMD_HSCH (1) or _CSCH (2)', names: valueNames(VFIO_CCW_ASYNC_CMD) }),
  field('ret_code', { word: 1, doc: 'result of the last command (0 or -errno)', signed: true, format: 'dec' }),
] as const);

/** struct ccw_schib_region (packed, 52 bytes): the host SCHIB as the last STORE SUBCHANNEL stored it. */
export const SCHIB_REGION = structure('ccw_schib_region', 52, [
  nested('schib_area', SCHIB, { offset: 0, doc: 'host SCHIB (STORE SUBCHANNEL at every read)' }),
] as const);

/** struct ccw_crw_region (packed, 8 bytes): one channel-report word (0: none pending), then a pad word. */
export const CRW_REGION = structure('ccw_crw_region', 8, [
  nested('crw', CRW, { offset: 0, doc: 'the next channel-report word queued for this subchannel, or zeros' }),
  field('pad', { word: 1, doc: 'reserved' }),
] as const);

/** Region flags of struct vfio_region_info (include/uapi/linux/vfio.h). */
export const VFIO_REGION_INFO_FLAG = { READ: 1 << 0, WRITE: 1 << 1, MMAP: 1 << 2, CAPS: 1 << 3 } as const;
export const REGION_FLAG_NAMES = maskNames(VFIO_REGION_INFO_FLAG);
