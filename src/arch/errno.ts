/**
 * Linux errno values as vfio-ccw returns them in `ret_code` and from pread/pwrite (Linux
 * include/uapi/asm-generic/errno-base.h and errno.h; s390 uses the generic numbers).
 */
export const ERRNO = {
  EPERM: 1,
  EIO: 5,
  EAGAIN: 11,
  ENOMEM: 12,
  EACCES: 13,
  EFAULT: 14,
  EBUSY: 16,
  ENODEV: 19,
  EINVAL: 22,
  ENOTTY: 25,
  ENOSPC: 28,
  ENOSYS: 38,
  EOPNOTSUPP: 95,
} as const;

export type ErrnoName = keyof typeof ERRNO;

/** `-EBUSY` for -16, the number itself when it has no name, `0` for success. */
export function errnoText(value: number): string {
  if (value >= 0) return String(value);
  for (const [name, n] of Object.entries(ERRNO)) if (n === -value) return `-${name}`;
  return String(value);
}
