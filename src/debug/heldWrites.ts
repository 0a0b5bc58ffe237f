/**
 * The standalone adapter's output stream, able to hold messages back and write them as one: a
 * stop sends `stopped`, maybe the trace's last batch and the regions, and the panels a following
 * client gets (panels/follow.ts); a change made at a stop sends its response, events and panels.
 * One write is one system call and one wake-up of the client; on a pipe each costs more than
 * building a small message. Joined here rather than by the stream's cork(): an uncorked stream
 * writes its chunks with writev, which costs about as much again as the write it saves.
 */

/** What the protocol server uses of its output stream (`@vscode/debugadapter`'s ProtocolServer: it writes messages, listens for errors, ends it). */
export interface MessageStream {
  write(chunk: string, encoding?: BufferEncoding): boolean;
  end(): void;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

export class HeldWrites implements MessageStream {
  /** Messages held back; null when writes go straight through. */
  private held: string[] | null = null;

  constructor(private readonly out: MessageStream) {}

  write(chunk: string, encoding?: BufferEncoding): boolean {
    if (this.held !== null) {
      this.held.push(chunk);
      return true;
    }
    return this.out.write(chunk, encoding);
  }

  end(): void {
    this.release();
    this.out.end();
  }

  on(event: 'error', listener: (error: Error) => void): this {
    this.out.on(event, listener);
    return this;
  }

  /** Holds what is written until release() (nested holds end at the outer release: the first hold owns it). */
  hold(): boolean {
    if (this.held !== null) return false;
    this.held = [];
    return true;
  }

  /** Writes what was held, in order, as one chunk. */
  release(): void {
    const h = this.held;
    this.held = null;
    if (h === null || h.length === 0) return;
    this.out.write(h.length === 1 ? (h[0] as string) : h.join(''), 'utf8');
  }
}
