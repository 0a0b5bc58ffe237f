/**
 * eventfd-like triggers: the user program (the QEMU role) creates them in its descriptor table
 * and hands their numbers to VFIO_DEVICE_SET_IRQS; the mediated device signals them. A signal
 * adds 1 to the counter, a read returns the counter and clears it, as eventfd(2) does.
 */
export class EventFd {
  private counter = 0;
  /** Signals ever received (the debugger's view; reads do not clear it). */
  total = 0;

  constructor(
    readonly fd: number,
    private readonly onSignal: (() => void) | null,
  ) {}

  signal(): void {
    this.counter++;
    this.total++;
    this.onSignal?.();
  }

  /** read(2) on the eventfd: the count since the last read (0 when none: EAGAIN in non-blocking mode). */
  read(): number {
    const n = this.counter;
    this.counter = 0;
    return n;
  }

  get pending(): number {
    return this.counter;
  }
}

/** The user program's descriptor table, as far as eventfds go. */
export class EventFdTable {
  private readonly fds = new Map<number, EventFd>();
  /** Descriptors 0-2 are stdio; QEMU's first eventfds come after a few others. */
  private nextFd = 10;

  create(onSignal: (() => void) | null = null): EventFd {
    const e = new EventFd(this.nextFd++, onSignal);
    this.fds.set(e.fd, e);
    return e;
  }

  get(fd: number): EventFd | undefined {
    return this.fds.get(fd);
  }

  close(fd: number): void {
    this.fds.delete(fd);
  }
}
