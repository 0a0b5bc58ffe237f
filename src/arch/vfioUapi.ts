/**
 * The VFIO device ioctl structures vfio-ccw answers (Linux include/uapi/linux/vfio.h), as field
 * tables. These are native-endian in the kernel; vfio-ccw runs only on s390x, so big-endian.
 */
import { field, maskNames, nested, structure, valueNames } from './field';

/** VFIO_TYPE ';' and VFIO_BASE 100: every device ioctl is _IO(VFIO_TYPE, VFIO_BASE + n). */
export const VFIO_TYPE = 0x3b;
export const VFIO_BASE = 100;
const io = (nr: number): number => (VFIO_TYPE << 8) | (VFIO_BASE + nr);
export const VFIO_IOCTL = {
  DEVICE_GET_INFO: io(7),
  DEVICE_GET_REGION_INFO: io(8),
  DEVICE_GET_IRQ_INFO: io(9),
  DEVICE_SET_IRQS: io(10),
  DEVICE_RESET: io(11),
} as const;

export const VFIO_DEVICE_FLAGS = { RESET: 1 << 0, PCI: 1 << 1, PLATFORM: 1 << 2, AMBA: 1 << 3, CCW: 1 << 4, AP: 1 << 5, FSL_MC: 1 << 6, CAPS: 1 << 7 } as const;
export const VFIO_IRQ_INFO_FLAGS = { EVENTFD: 1 << 0, MASKABLE: 1 << 1, AUTOMASKED: 1 << 2, NORESIZE: 1 << 3 } as const;
export const VFIO_IRQ_SET_FLAGS = {
  DATA_NONE: 1 << 0,
  DATA_BOOL: 1 << 1,
  DATA_EVENTFD: 1 << 2,
  ACTION_MASK: 1 << 3,
  ACTION_UNMASK: 1 << 4,
  ACTION_TRIGGER: 1 << 5,
} as const;
export const VFIO_IRQ_SET_DATA_TYPE_MASK = 0x7;
export const VFIO_IRQ_SET_ACTION_TYPE_MASK = 0x38;

/** VFIO_REGION_INFO_CAP_TYPE and the CCW region type/subtypes. */
export const VFIO_REGION_INFO_CAP_TYPE = 2;
export const VFIO_REGION_TYPE_CCW = 2;
export const VFIO_REGION_SUBTYPE_CCW = { ASYNC_CMD: 1, SCHIB: 2, CRW: 3 } as const;

/** Region indexes: the io region is fixed (VFIO_CCW_CONFIG_REGION_INDEX); the rest follow registration order at open. */
export const VFIO_CCW_REGION_INDEX = { CONFIG: 0, ASYNC_CMD: 1, SCHIB: 2, CRW: 3 } as const;
/** IRQ indexes (VFIO_CCW_IO_IRQ_INDEX, _CRW_, _REQ_). */
export const VFIO_CCW_IRQ_INDEX = { IO: 0, CRW: 1, REQ: 2 } as const;
export const VFIO_CCW_NUM_IRQS = 3;

/** struct vfio_device_info (24 bytes; cap_offset and pad since Linux 5.19). */
export const VFIO_DEVICE_INFO = structure('vfio_device_info', 24, [
  field('argsz', { word: 0, doc: 'size of the argument buffer', format: 'dec' }),
  field('flags', { word: 1, doc: 'VFIO_DEVICE_FLAGS_*', names: maskNames(VFIO_DEVICE_FLAGS) }),
  field('num_regions', { word: 2, doc: 'max region index + 1', format: 'dec' }),
  field('num_irqs', { word: 3, doc: 'max IRQ index + 1', format: 'dec' }),
  field('cap_offset', { word: 4, doc: 'offset of the first capability (0: none)' }),
  field('pad', { word: 5, doc: 'reserved' }),
] as const);

/** struct vfio_region_info (32 bytes). */
export const VFIO_REGION_INFO = structure('vfio_region_info', 32, [
  field('argsz', { word: 0, doc: 'size of the argument buffer (raised when capabilities do not fit)', format: 'dec' }),
  field('flags', { word: 1, doc: 'VFIO_REGION_INFO_FLAG_*', names: maskNames({ READ: 1, WRITE: 2, MMAP: 4, CAPS: 8 }) }),
  field('index', { word: 2, doc: 'region index', format: 'dec' }),
  field('cap_offset', { word: 3, doc: 'offset of the first capability (0: none or did not fit)' }),
  field('size', { byte: 16, bits: [0, 63], doc: 'region size in bytes', format: 'dec' }),
  field('offset', { byte: 24, bits: [0, 63], doc: 'region offset in the device file' }),
] as const);

/** struct vfio_info_cap_header (8 bytes). */
export const VFIO_INFO_CAP_HEADER = structure('vfio_info_cap_header', 8, [
  field('id', { byte: 0, bits: [0, 15], doc: 'capability id' }),
  field('version', { byte: 2, bits: [0, 15], doc: 'capability version' }),
  field('next', { word: 1, doc: 'offset of the next capability (0: last)' }),
] as const);

/** struct vfio_region_info_cap_type (16 bytes). */
export const VFIO_REGION_INFO_CAP_TYPE_STRUCT = structure('vfio_region_info_cap_type', 16, [
  nested('header', VFIO_INFO_CAP_HEADER, { offset: 0, doc: 'id VFIO_REGION_INFO_CAP_TYPE, version 1' }),
  field('type', { word: 2, doc: 'region type (2: VFIO_REGION_TYPE_CCW)', names: valueNames({ CCW: 2 }) }),
  field('subtype', { word: 3, doc: 'region subtype', names: valueNames(VFIO_REGION_SUBTYPE_CCW) }),
] as const);

/** struct vfio_irq_info (16 bytes). */
export const VFIO_IRQ_INFO = structure('vfio_irq_info', 16, [
  field('argsz', { word: 0, doc: 'size of the argument buffer', format: 'dec' }),
  field('flags', { word: 1, doc: 'VFIO_IRQ_INFO_*', names: maskNames(VFIO_IRQ_INFO_FLAGS) }),
  field('index', { word: 2, doc: 'IRQ index', format: 'dec' }),
  field('count', { word: 3, doc: 'number of IRQs of this index', format: 'dec' }),
] as const);

/** struct vfio_irq_set (20 bytes, then `data[]`: nothing, one byte per bool, one s32 fd per eventfd). */
export const VFIO_IRQ_SET = structure('vfio_irq_set', 20, [
  field('argsz', { word: 0, doc: 'size of the argument buffer with data', format: 'dec' }),
  field('flags', { word: 1, doc: 'one VFIO_IRQ_SET_DATA_* and one VFIO_IRQ_SET_ACTION_*', names: maskNames(VFIO_IRQ_SET_FLAGS) }),
  field('index', { word: 2, doc: 'IRQ index', format: 'dec' }),
  field('start', { word: 3, doc: 'first IRQ of the index', format: 'dec' }),
  field('count', { word: 4, doc: 'number of IRQs', format: 'dec' }),
] as const);
