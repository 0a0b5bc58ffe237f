/**
 * Where and why the vfio path differs from PATH direct, as one typed, ordered list per mediated
 * device: the kernel's side (a prefetched CCW that changed before the program ended, a format-0
 * program converted to format 1, a count-0 CCW the conversion made valid) and QEMU's side (XSCH
 * and MSCH answered without the host, RSCH sent as a new START, a refused request turned into
 * a unit exception, …). The debugger shows the list; the driver prints the entries a statement
 * produced in that statement's record, so `ccw run --trace` shows them too.
 */

/** Which program decided the difference: the kernel's vfio-ccw driver or QEMU. */
export type PathNoteSource = 'kernel' | 'qemu';

export type PathNoteTopic =
  /** A guest CCW changed in guest storage after vfio-ccw prefetched it; the host ran the old copy. */
  | 'prefetch-divergence'
  /** A format-0 program was converted to format 1 (the guest's IRB shows SCSW F = 1). */
  | 'format-0'
  /** A count-0 CCW whose architected handling differs once converted (format 0 program-checks it). */
  | 'count-0'
  /** XSCH handled by QEMU alone. */
  | 'xsch'
  /** MSCH handled by QEMU alone. */
  | 'msch'
  /** RSCH forwarded as a new START of the same ORB (and refused while the host is suspended). */
  | 'rsch'
  /** HSCH / CSCH emulated by QEMU (no async region). */
  | 'emulated'
  /** The kernel refused a request; QEMU turned it into cc 0 and a unit exception. */
  | 'refused'
  /** QEMU could not read the SCHIB region and stored its own SCHIB. */
  | 'stsch'
  /** The host asked for the device back; QEMU unplugged it. */
  | 'unplug'
  /** An IPL over the vfio path and why its outcome differs from PATH direct. */
  | 'ipl';

export interface PathNote {
  /** Increasing per device, so a reader can ask for the notes since the last one it saw. */
  readonly seq: number;
  /** Virtual time (ns) of the observation. */
  readonly time: number;
  readonly source: PathNoteSource;
  readonly topic: PathNoteTopic;
  /** Guest address of the CCW concerned (the channel program's address when no single CCW is), or null. */
  readonly guestAddress: number | null;
  readonly message: string;
}

/** Newest notes kept per device; older ones drop off (the sequence numbers keep counting). */
const PATH_NOTES_KEPT = 200;

export class PathNoteLog {
  private readonly list: PathNote[] = [];
  private next = 1;

  add(time: number, source: PathNoteSource, topic: PathNoteTopic, guestAddress: number | null, message: string): PathNote {
    const note: PathNote = { seq: this.next++, time, source, topic, guestAddress, message };
    this.list.push(note);
    if (this.list.length > PATH_NOTES_KEPT) this.list.shift();
    return note;
  }

  /** The sequence number of the newest note (0 before the first). */
  get last(): number {
    return this.next - 1;
  }

  /** Notes newer than `seq`, oldest first. */
  since(seq: number): readonly PathNote[] {
    return this.list.filter((n) => n.seq > seq);
  }

  all(): readonly PathNote[] {
    return [...this.list];
  }
}
