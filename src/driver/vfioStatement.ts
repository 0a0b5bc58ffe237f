/**
 * `VFIO devno,op[,...]`: the mediated device used directly, as a user-space program other than
 * QEMU may use it (QEMU filters some requests before they reach the kernel). The result is what
 * EXPECT RET checks: 0 for an accepted write (ret_code 0), the byte count of a read, or -errno.
 */
import { CMD_REGION, CRW_REGION, FC, IO_REGION, IO_REGION_SIZE, ORB_AREA, SCHIB_REGION, SCSW, VFIO_CCW_OFFSET_SHIFT, VFIO_CCW_REGION_INDEX, errnoText, hex } from '../arch';
import type { VfioOperation } from '../asm/image';
import type { GuestStorage } from '../css';
import type { VfioCcwDevice } from '../vfio';

export interface VfioStatementResult {
  readonly ret: number;
  readonly message: string | null;
}

const READ_PLACES = {
  IO: { index: VFIO_CCW_REGION_INDEX.CONFIG, size: IO_REGION_SIZE },
  SCHIB: { index: VFIO_CCW_REGION_INDEX.SCHIB, size: SCHIB_REGION.size },
  CRW: { index: VFIO_CCW_REGION_INDEX.CRW, size: CRW_REGION.size },
} as const;

export function runVfioOperation(mdev: VfioCcwDevice, op: VfioOperation, guest: GuestStorage): VfioStatementResult {
  switch (op.op) {
    case 'WRITEIO': {
      const orb = guest.read(op.orb, ORB_AREA.size);
      if (!orb) return { ret: 0, message: `VFIO WRITEIO: the ORB at X'${hex(op.orb, 1)}' is outside storage; nothing was written` };
      const region = new Uint8Array(IO_REGION_SIZE);
      region.set(orb, IO_REGION.offsetOf('orb_area'));
      SCSW.set(region, IO_REGION.offsetOf('scsw_area'), 'fctl', FC[op.fctl]);
      return written(mdev.write(0, region), region.length);
    }
    case 'CMD': {
      const region = CMD_REGION.encode({ command: op.command >>> 0, ret_code: 0 });
      return written(mdev.write(VFIO_CCW_REGION_INDEX.ASYNC_CMD << VFIO_CCW_OFFSET_SHIFT, region), region.length);
    }
    case 'READ': {
      const place = READ_PLACES[op.region];
      const read = mdev.read(place.index << VFIO_CCW_OFFSET_SHIFT, place.size);
      if (typeof read === 'number') return { ret: read, message: null };
      if (op.area !== null && !guest.write(op.area, read)) {
        return { ret: read.length, message: `VFIO READ: X'${hex(op.area, 1)}' (${read.length} bytes) is outside storage; the bytes were not stored` };
      }
      return { ret: read.length, message: null };
    }
    case 'RESET':
      return { ret: mdev.reset(), message: null };
    case 'CLOSE':
      return { ret: mdev.close(), message: null };
    case 'OPEN':
      return { ret: mdev.open(), message: null };
  }
}

/** pwrite's result as RET shows it: 0 when the whole region was accepted. */
function written(result: number, length: number): VfioStatementResult {
  if (result === length) return { ret: 0, message: null };
  return { ret: result, message: result < 0 ? `the region write returned ${errnoText(result)}` : null };
}
