/**
 * The VFIO device ioctls as vfio_ccw_ops.c answers them (vfio_ccw_mdev_ioctl), on the argument
 * buffer's bytes: what the kernel copies from the user (a buffer shorter than that is -EFAULT),
 * its checks, and what it copies back.
 */
import {
  ERRNO,
  VFIO_CCW_NUM_IRQS,
  VFIO_DEVICE_FLAGS,
  VFIO_DEVICE_INFO,
  VFIO_IOCTL,
  VFIO_IRQ_INFO,
  VFIO_IRQ_INFO_FLAGS,
  VFIO_IRQ_SET,
  VFIO_IRQ_SET_ACTION_TYPE_MASK,
  VFIO_IRQ_SET_DATA_TYPE_MASK,
  VFIO_IRQ_SET_FLAGS,
  VFIO_REGION_INFO,
  VFIO_REGION_INFO_CAP_TYPE,
  VFIO_REGION_INFO_CAP_TYPE_STRUCT,
  VFIO_REGION_INFO_FLAG,
  VFIO_REGION_TYPE_CCW,
} from '../arch';
import type { EventFdTable } from './eventfd';
import type { IrqName, VfioCcwDevice } from './mdev';

/** EBADF: eventfd_ctx_fdget on a descriptor that is not an eventfd. */
const EBADF = 9;
const IRQ_NAMES: readonly IrqName[] = ['IO', 'CRW', 'REQ'];

/** ioctl(device fd, request, arg): 0 or -errno; `arg` is updated in place as copy_to_user would. */
export function vfioDeviceIoctl(device: VfioCcwDevice, request: number, arg: Uint8Array, fds: EventFdTable): number {
  switch (request) {
    case VFIO_IOCTL.DEVICE_GET_INFO:
      return getInfo(device, arg);
    case VFIO_IOCTL.DEVICE_GET_REGION_INFO:
      return getRegionInfo(device, arg);
    case VFIO_IOCTL.DEVICE_GET_IRQ_INFO:
      return getIrqInfo(arg);
    case VFIO_IOCTL.DEVICE_SET_IRQS:
      return setIrqs(device, arg, fds);
    case VFIO_IOCTL.DEVICE_RESET:
      return device.reset();
    default:
      return -ERRNO.ENOTTY;
  }
}

/** minsz = offsetofend(struct vfio_device_info, num_irqs). */
function getInfo(device: VfioCcwDevice, arg: Uint8Array): number {
  const minsz = VFIO_DEVICE_INFO.offsetOf('num_irqs') + 4;
  if (arg.length < minsz) return -ERRNO.EFAULT;
  if (VFIO_DEVICE_INFO.get(arg, 0, 'argsz') < minsz) return -ERRNO.EINVAL;
  VFIO_DEVICE_INFO.set(arg, 0, 'flags', VFIO_DEVICE_FLAGS.CCW | VFIO_DEVICE_FLAGS.RESET);
  VFIO_DEVICE_INFO.set(arg, 0, 'num_regions', device.regions.count);
  VFIO_DEVICE_INFO.set(arg, 0, 'num_irqs', VFIO_CCW_NUM_IRQS);
  return 0;
}

/** minsz = offsetofend(struct vfio_region_info, offset); the extra regions carry a type capability. */
function getRegionInfo(device: VfioCcwDevice, arg: Uint8Array): number {
  const minsz = VFIO_REGION_INFO.size;
  if (arg.length < minsz) return -ERRNO.EFAULT;
  const argsz = VFIO_REGION_INFO.get(arg, 0, 'argsz');
  if (argsz < minsz) return -ERRNO.EINVAL;
  const region = device.regions.info(VFIO_REGION_INFO.get(arg, 0, 'index'));
  if (!region) return -ERRNO.EINVAL;
  VFIO_REGION_INFO.set(arg, 0, 'offset', region.offset);
  VFIO_REGION_INFO.set(arg, 0, 'size', region.size);
  VFIO_REGION_INFO.set(arg, 0, 'flags', region.flags);
  if (region.subtype === null) return 0;
  // vfio_info_add_capability + the caps handling of the ioctl.
  VFIO_REGION_INFO.set(arg, 0, 'flags', region.flags | VFIO_REGION_INFO_FLAG.CAPS);
  const capSize = VFIO_REGION_INFO_CAP_TYPE_STRUCT.size;
  if (argsz < minsz + capSize) {
    VFIO_REGION_INFO.set(arg, 0, 'argsz', minsz + capSize);
    VFIO_REGION_INFO.set(arg, 0, 'cap_offset', 0);
    return 0;
  }
  if (arg.length < minsz + capSize) return -ERRNO.EFAULT;
  VFIO_REGION_INFO_CAP_TYPE_STRUCT.encodeInto(arg, minsz, {
    header: { id: VFIO_REGION_INFO_CAP_TYPE, version: 1, next: 0 },
    type: VFIO_REGION_TYPE_CCW,
    subtype: region.subtype,
  });
  VFIO_REGION_INFO.set(arg, 0, 'cap_offset', minsz);
  return 0;
}

/** Every IRQ index has one eventfd-signalled interrupt. */
function getIrqInfo(arg: Uint8Array): number {
  const minsz = VFIO_IRQ_INFO.size;
  if (arg.length < minsz) return -ERRNO.EFAULT;
  if (VFIO_IRQ_INFO.get(arg, 0, 'argsz') < minsz || VFIO_IRQ_INFO.get(arg, 0, 'index') >= VFIO_CCW_NUM_IRQS) return -ERRNO.EINVAL;
  VFIO_IRQ_INFO.set(arg, 0, 'count', 1);
  VFIO_IRQ_INFO.set(arg, 0, 'flags', VFIO_IRQ_INFO_FLAGS.EVENTFD);
  return 0;
}

/** vfio_set_irqs_validate_and_prepare (num_irqs 1) + vfio_ccw_mdev_set_irqs. */
function setIrqs(device: VfioCcwDevice, arg: Uint8Array, fds: EventFdTable): number {
  const minsz = VFIO_IRQ_SET.size;
  if (arg.length < minsz) return -ERRNO.EFAULT;
  const hdr = VFIO_IRQ_SET.decode(arg);
  if (
    hdr.argsz < minsz ||
    hdr.index >= VFIO_CCW_NUM_IRQS ||
    hdr.count >= 0xffff_ffff - hdr.start ||
    (hdr.flags & ~(VFIO_IRQ_SET_DATA_TYPE_MASK | VFIO_IRQ_SET_ACTION_TYPE_MASK)) !== 0
  ) {
    return -ERRNO.EINVAL;
  }
  if (hdr.start >= 1 || hdr.start + hdr.count > 1) return -ERRNO.EINVAL;
  const dataType = hdr.flags & VFIO_IRQ_SET_DATA_TYPE_MASK;
  const size = dataType === VFIO_IRQ_SET_FLAGS.DATA_NONE ? 0 : dataType === VFIO_IRQ_SET_FLAGS.DATA_BOOL ? 1 : dataType === VFIO_IRQ_SET_FLAGS.DATA_EVENTFD ? 4 : -1;
  if (size < 0) return -ERRNO.EINVAL;
  if (size > 0 && hdr.argsz - minsz < hdr.count * size) return -ERRNO.EINVAL;
  const dataSize = hdr.count * size;
  if (dataSize > 0 && arg.length < minsz + dataSize) return -ERRNO.EFAULT; // memdup_user
  if ((hdr.flags & VFIO_IRQ_SET_FLAGS.ACTION_TRIGGER) === 0) return -ERRNO.EINVAL;
  const name = IRQ_NAMES[hdr.index] as IrqName;
  const current = device.triggers[name];
  switch (dataType) {
    case VFIO_IRQ_SET_FLAGS.DATA_NONE:
      current?.signal();
      return 0;
    case VFIO_IRQ_SET_FLAGS.DATA_BOOL:
      if (dataSize === 0) return -ERRNO.EFAULT; // get_user from a NULL data pointer
      if ((arg[minsz] as number) !== 0) current?.signal();
      return 0;
    default: {
      if (dataSize === 0) return -ERRNO.EFAULT;
      const fd = new DataView(arg.buffer, arg.byteOffset + minsz, 4).getInt32(0, false);
      if (fd === -1) {
        device.triggers[name] = null;
        return 0;
      }
      if (fd < 0) return -ERRNO.EINVAL;
      const eventfd = fds.get(fd);
      if (!eventfd) return -EBADF;
      device.triggers[name] = eventfd;
      return 0;
    }
  }
}
