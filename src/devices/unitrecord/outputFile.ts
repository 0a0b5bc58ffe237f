/**
 * An OUTPUT= file of the punch, printer or console: the device appends what it produced and
 * the whole file is replaced through DeviceHost.writeAtomic when the device flushes it.
 *
 * When: the devices flush when a command that produced output ends its channel program (as far
 * as the device can tell, see unitRecord.ts `endsChain`), and the CLI flushes every device once
 * more when a run stops for any reason (the end, a failed EXPECT, the --max-ccws limit). So the
 * file is complete whenever the guest could have seen an interruption, and a file is written a
 * bounded number of times per channel program rather than once per line (a rewrite per line
 * would make long listings quadratic). A program stopped in the middle of a chain in the
 * debugger has its lines in the Device scope, and in the file at its next flush.
 */
import type { DeviceHost, HostResult } from '../host';
import { concatBytes } from '../../arch';

export class OutputFile {
  private readonly parts: Uint8Array[] = [];
  private readonly encoder = new TextEncoder();
  private dirty = false;
  /** The last write failure, for the Device scope. */
  error: string | null = null;
  bytes = 0;

  constructor(
    readonly path: string,
    private readonly host: DeviceHost,
  ) {}

  appendText(text: string): void {
    this.append(this.encoder.encode(text));
  }

  append(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    this.parts.push(bytes);
    this.bytes += bytes.length;
    this.dirty = true;
  }

  /** Writes the file if anything changed since the last write. */
  flush(): HostResult<null> {
    if (!this.dirty) return { ok: null };
    const written = this.host.writeAtomic(this.path, this.parts);
    if ('error' in written) {
      this.error = written.error;
      return written;
    }
    this.dirty = false;
    this.error = null;
    return written;
  }

  /** Everything produced so far, as text (the Device scope's tail of the listing). */
  text(): string {
    return new TextDecoder().decode(concatBytes(...this.parts));
  }
}

/** A device that writes a file and can be asked to write it now. */
export interface FlushableDevice {
  flush(): HostResult<null>;
}

export function isFlushable(device: object): device is FlushableDevice {
  return typeof (device as Partial<FlushableDevice>).flush === 'function';
}
