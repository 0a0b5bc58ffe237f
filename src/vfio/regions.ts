/**
 * The device file's regions as vfio_ccw_ops.c, vfio_ccw_async.c and vfio_ccw_chp.c serve them:
 * the io region at index 0 always, the async command, SCHIB and CRW regions at indexes 1-3
 * while the device is open. Every access is checked as the kernel checks it, in the kernel's
 * order: region index, `pos + count` against the region size, the io_mutex (trylock for the
 * writes that start something), then the user copy.
 */
import { CMD_REGION, CRW_REGION, ERRNO, IO_REGION, IO_REGION_SIZE, SCHIB_REGION, VFIO_CCW_OFFSET_SHIFT, VFIO_REGION_INFO_FLAG, VFIO_REGION_SUBTYPE_CCW, type Structure } from '../arch';
import { outOfBounds, type RegionLock } from './regionLock';

/** What the device does when a region is accessed (the FSM events and the host side). */
export interface RegionAccessHandlers {
  /** IO_REQ; returns ret_code. */
  ioRegionWritten(): number;
  /** ASYNC_REQ; returns the command region's ret_code. */
  asyncRegionWritten(): number;
  /** cio_update_schib into the region; 0 or -ENODEV. */
  schibRegionRead(): number;
  /** Takes the next CRW into the region. */
  crwRegionRead(): void;
  /** Zeroes the region's CRW and re-signals while CRWs remain. */
  crwRegionReadDone(): void;
}

export type RegionName = 'io' | 'async-cmd' | 'schib' | 'crw';

export interface RegionInfo {
  readonly index: number;
  readonly name: RegionName;
  readonly offset: number;
  readonly size: number;
  readonly flags: number;
  /** VFIO_REGION_TYPE_CCW subtype, null for the io region (found by its fixed index). */
  readonly subtype: number | null;
  readonly layout: Structure<unknown>;
}

const EXTRA: readonly Omit<RegionInfo, 'offset'>[] = [
  { index: 1, name: 'async-cmd', size: CMD_REGION.size, flags: VFIO_REGION_INFO_FLAG.READ | VFIO_REGION_INFO_FLAG.WRITE, subtype: VFIO_REGION_SUBTYPE_CCW.ASYNC_CMD, layout: CMD_REGION as Structure<unknown> },
  { index: 2, name: 'schib', size: SCHIB_REGION.size, flags: VFIO_REGION_INFO_FLAG.READ, subtype: VFIO_REGION_SUBTYPE_CCW.SCHIB, layout: SCHIB_REGION as Structure<unknown> },
  { index: 3, name: 'crw', size: CRW_REGION.size, flags: VFIO_REGION_INFO_FLAG.READ, subtype: VFIO_REGION_SUBTYPE_CCW.CRW, layout: CRW_REGION as Structure<unknown> },
];

const IO_INFO: RegionInfo = {
  index: 0,
  name: 'io',
  offset: 0,
  size: IO_REGION_SIZE,
  flags: VFIO_REGION_INFO_FLAG.READ | VFIO_REGION_INFO_FLAG.WRITE,
  subtype: null,
  layout: IO_REGION as Structure<unknown>,
};

const REGION_SPAN = 1 << VFIO_CCW_OFFSET_SHIFT;

export class DeviceRegions {
  readonly io = new Uint8Array(IO_REGION.size);
  readonly cmd = new Uint8Array(CMD_REGION.size);
  readonly schib = new Uint8Array(SCHIB_REGION.size);
  readonly crw = new Uint8Array(CRW_REGION.size);
  /** Whether the async, SCHIB and CRW regions are registered (between open and close). */
  private extra = false;

  constructor(
    private readonly handlers: RegionAccessHandlers,
    private readonly lock: RegionLock,
  ) {}

  registerExtra(): void {
    this.extra = true;
  }

  unregisterExtra(): void {
    this.extra = false;
  }

  /** VFIO_CCW_NUM_REGIONS + private->num_regions. */
  get count(): number {
    return this.extra ? 1 + EXTRA.length : 1;
  }

  info(index: number): RegionInfo | null {
    if (!Number.isInteger(index) || index < 0 || index >= this.count) return null;
    if (index === 0) return IO_INFO;
    const e = EXTRA[index - 1] as Omit<RegionInfo, 'offset'>;
    return { ...e, offset: index * REGION_SPAN };
  }

  all(): RegionInfo[] {
    return Array.from({ length: this.count }, (_, i) => this.info(i) as RegionInfo);
  }

  bytesOf(name: RegionName): Uint8Array {
    return name === 'io' ? this.io : name === 'async-cmd' ? this.cmd : name === 'schib' ? this.schib : this.crw;
  }

  /** pwrite(fd, data, offset): bytes written, or -errno. */
  write(offset: number, data: Uint8Array): number {
    const at = locate(offset);
    const region = at ? this.info(at.index) : null;
    if (!at || !region) return -ERRNO.EINVAL;
    if (region.name === 'schib' || region.name === 'crw') return -ERRNO.EINVAL; // read-only regions
    if (outOfBounds(at.pos, data.length, region.size)) return -ERRNO.EINVAL;
    const locked = this.lock.tryLock();
    if (locked !== 0) return locked;
    const copied = this.lock.copy();
    if (copied !== 0) return copied;
    const target = this.bytesOf(region.name);
    target.set(data, at.pos);
    const ret = region.name === 'io' ? this.handlers.ioRegionWritten() : this.handlers.asyncRegionWritten();
    return ret !== 0 ? ret : data.length;
  }

  /** pread(fd, length, offset): the bytes, or -errno. */
  read(offset: number, length: number): Uint8Array | number {
    const at = locate(offset);
    const region = at ? this.info(at.index) : null;
    if (!at || !region) return -ERRNO.EINVAL;
    if (outOfBounds(at.pos, length, region.size)) return -ERRNO.EINVAL;
    if (region.name === 'schib') {
      const updated = this.handlers.schibRegionRead();
      if (updated !== 0) return updated;
    }
    if (region.name === 'crw') {
      this.handlers.crwRegionRead();
      const copied = this.lock.copy();
      const bytes = this.crw.slice(at.pos, at.pos + length);
      this.handlers.crwRegionReadDone();
      return copied !== 0 ? copied : bytes;
    }
    const copied = this.lock.copy();
    if (copied !== 0) return copied;
    return this.bytesOf(region.name).slice(at.pos, at.pos + length);
  }
}

/** VFIO_CCW_OFFSET_TO_INDEX and the position inside the region; null for offsets no file has. */
function locate(offset: number): { index: number; pos: number } | null {
  if (!Number.isSafeInteger(offset) || offset < 0) return null;
  return { index: Math.floor(offset / REGION_SPAN), pos: offset % REGION_SPAN };
}
