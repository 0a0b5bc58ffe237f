/**
 * vfio-ccw's per-device CRW list (vfio_ccw_drv.c vfio_ccw_queue_crw, vfio_ccw_chp.c
 * vfio_ccw_crw_region_read): channel-path events append a CRW, the CRW eventfd is signalled
 * while the list is not empty, and each read of the CRW region takes the first one off.
 */
import { CRW } from '../arch';

export interface QueuedCrw {
  readonly rsc: number;
  readonly erc: number;
  readonly rsid: number;
  /** The 4 bytes as the region returns them. */
  readonly bytes: Uint8Array;
}

export class CrwQueue {
  private readonly list: QueuedCrw[] = [];

  /** vfio_ccw_queue_crw: no S, R, C or A bit is ever set. */
  add(rsc: QueuedCrw['rsc'], erc: QueuedCrw['erc'], rsid: number): QueuedCrw {
    const crw: QueuedCrw = { rsc, erc, rsid: rsid & 0xffff, bytes: CRW.encode({ rsc, erc, rsid: rsid & 0xffff }) };
    this.list.push(crw);
    return crw;
  }

  take(): QueuedCrw | undefined {
    return this.list.shift();
  }

  get length(): number {
    return this.list.length;
  }

  snapshot(): readonly QueuedCrw[] {
    return this.list.map((c) => ({ ...c, bytes: c.bytes.slice() }));
  }
}
