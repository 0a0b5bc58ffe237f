/**
 * What a region access can meet besides its own checks: the io_mutex that io and async-region
 * writes take with mutex_trylock (busy: -EAGAIN), and the copy_from_user / copy_to_user of the
 * user's buffer (failing: -EFAULT). A single user program never sees either; `FAULT
 * devno,VFIO,EAGAIN` / `EFAULT` arm them once, as a concurrent or faulty user program would.
 */
import { ERRNO } from '../arch';

export type InjectedRegionFault = 'EAGAIN' | 'EFAULT';

export class RegionLock {
  private eagain = 0;
  private efault = 0;

  inject(fault: InjectedRegionFault): void {
    if (fault === 'EAGAIN') this.eagain++;
    else this.efault++;
  }

  /** mutex_trylock(&private->io_mutex): 0, or -EAGAIN when another holder is simulated. */
  tryLock(): number {
    if (this.eagain === 0) return 0;
    this.eagain--;
    return -ERRNO.EAGAIN;
  }

  /** copy_from_user / copy_to_user: 0, or -EFAULT once armed. */
  copy(): number {
    if (this.efault === 0) return 0;
    this.efault--;
    return -ERRNO.EFAULT;
  }

  get armed(): { eagain: number; efault: number } {
    return { eagain: this.eagain, efault: this.efault };
  }
}

/** The kernel's bounds check of every region access: `pos + count > sizeof(region)` is -EINVAL. */
export function outOfBounds(pos: number, count: number, size: number): boolean {
  return !Number.isInteger(pos) || !Number.isInteger(count) || pos < 0 || count < 0 || pos + count > size;
}
