/** A DAP client over the real adapter process's stdio (dist/debugAdapter.js): requests, timed, `stopped` events and listeners for others. */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { resolve } from 'node:path';

export interface DapResponse {
  readonly success: boolean;
  readonly message?: string;
  readonly body?: unknown;
}

export interface Stopped {
  readonly threadId: number;
  readonly reason: string;
}

export class DapClient {
  private seq = 1;
  private buffer: Buffer = Buffer.alloc(0);
  private readonly pending = new Map<number, (m: DapResponse) => void>();
  private stopWaiters: ((s: Stopped) => void)[] = [];
  private readonly listeners = new Map<string, (body: unknown) => void>();
  private readonly adapter: ChildProcessByStdio<Writable, Readable, null>;

  /**
   * `timed`: the adapter with a clock inside (bench/timedAdapter.ts, `dist/bench.js --adapter`)
   * instead of dist/debugAdapter.js; the same session, answering `bench/timings` besides.
   */
  constructor(options: { timed?: boolean } = {}) {
    // ADAPTER_ARGS: node options for the adapter process (e.g. `--cpu-prof`), to profile what a figure measures.
    const node = process.env.ADAPTER_ARGS ? process.env.ADAPTER_ARGS.split(' ') : [];
    const entry = options.timed ? [resolve('dist/bench.js'), '--adapter'] : [resolve('dist/debugAdapter.js')];
    this.adapter = spawn(process.execPath, [...node, ...entry], { stdio: ['pipe', 'pipe', 'inherit'] });
    this.adapter.stdout.on('data', (chunk: Buffer) => {
      this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
      for (;;) {
        const header = this.buffer.indexOf('\r\n\r\n');
        if (header < 0) return;
        const length = Number(/Content-Length: (\d+)/.exec(this.buffer.subarray(0, header).toString())?.[1]);
        if (this.buffer.length < header + 4 + length) return;
        const m = JSON.parse(this.buffer.subarray(header + 4, header + 4 + length).toString()) as { type: string; event?: string; request_seq?: number; body?: unknown } & DapResponse;
        this.buffer = this.buffer.subarray(header + 4 + length);
        if (m.type === 'response') this.pending.get(m.request_seq ?? -1)?.(m);
        if (m.type === 'event' && m.event === 'stopped') this.stopWaiters.splice(0).forEach((f) => f(m.body as Stopped));
        if (m.type === 'event' && m.event !== undefined) this.listeners.get(m.event)?.(m.body);
      }
    });
  }

  request(command: string, args: unknown): Promise<DapResponse> {
    const seq = this.seq++;
    const body = JSON.stringify({ seq, type: 'request', command, arguments: args });
    this.adapter.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    return new Promise((done) => this.pending.set(seq, done));
  }

  /** The request's body; throws on an error response. */
  async body<T>(command: string, args: unknown): Promise<T> {
    const r = await this.request(command, args);
    if (!r.success) throw new Error(`${command}: ${r.message}`);
    return r.body as T;
  }

  /** `f` gets the body of every `event` from now on, in the order they arrive (one listener per event). */
  on(event: string, f: (body: unknown) => void): void {
    this.listeners.set(event, f);
  }

  stopped(): Promise<Stopped> {
    return new Promise((done) => this.stopWaiters.push(done));
  }

  async launch(program: string, extra: Record<string, unknown> = {}): Promise<void> {
    await this.body('initialize', { adapterID: 'ccw', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path' });
    const stop = this.stopped();
    await this.body('launch', { program, stopOnEntry: true, ...extra });
    await this.body('configurationDone', {});
    await stop;
  }

  /**
   * Ends the adapter: stdin closed first, so a profiled adapter (`--cpu-prof`) exits on its own
   * and writes its profile; killed if it is still there a little later.
   */
  close(): void {
    this.adapter.stdin.end();
    setTimeout(() => this.adapter.exitCode === null && this.adapter.kill(), 3000).unref();
  }
}
