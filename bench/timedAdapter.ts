/**
 * The standalone adapter (src/cli/adapter.ts on stdio) with a clock inside it, for figures taken
 * in the adapter rather than through the protocol: how long each request's handler ran (request
 * parsed to response written, synchronous handlers) and how long the execution slices ran that a
 * step defers (the runtime runs a step in `defer`red slices after answering `next`, and sends
 * `stopped` from the last one), and how long the panels pushed at a stop took (the `ccw/panels`
 * event a following client gets: reported as a request named `ccw/panels event`, and left out
 * of the slice it ran in). `node dist/bench.js --adapter` runs it; a client drains what was
 * measured since the last drain with the `bench/timings` request, whose own handling is not
 * counted. Only the bench starts it: the product's adapter has no such request.
 *
 * Each is measured twice: wall-clock, and the process's CPU time (process.cpuUsage, user +
 * system). They differ by the time the adapter was not running: on a loaded 2-core machine a
 * write to the pipe wakes the client, which may take the core until it has parsed (and, for the
 * panels, decoded) the answer; that is the client's work, not the adapter's.
 */
import { dirname } from 'node:path';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { nodeDeviceHost } from '../src/cli/nodeDeviceHost';
import { nodeFiles } from '../src/cli/nodeFiles';
import { CcwDebugSession, type SessionHost } from '../src/debug/session';

export const TIMINGS_REQUEST = 'bench/timings';
/** What the pushes are listed as among the requests. */
export const PUSH_TIMING = 'ccw/panels event';

/** What the adapter spent since the last drain: per request (in arrival order) and in deferred slices. */
export interface AdapterTimings {
  /** Wall-clock and CPU milliseconds. */
  readonly requests: readonly { readonly command: string; readonly ms: number; readonly cpu: number }[];
  readonly slices: { readonly ms: number; readonly cpu: number };
}

/** Milliseconds of CPU the process used so far. */
const cpuNow = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

class Clock {
  requests: { command: string; ms: number; cpu: number }[] = [];
  slices = { ms: 0, cpu: 0 };
  /** Pushes timed during the slice now running: taken out of its time. */
  pushed = { ms: 0, cpu: 0 };

  /** Runs `f`, returns its wall-clock and CPU milliseconds. */
  static time(f: () => void): { ms: number; cpu: number } {
    const t0 = performance.now();
    const c0 = cpuNow();
    f();
    return { ms: performance.now() - t0, cpu: cpuNow() - c0 };
  }

  drain(): AdapterTimings {
    const t = { requests: this.requests, slices: this.slices };
    this.requests = [];
    this.slices = { ms: 0, cpu: 0 };
    return t;
  }
}

class TimedSession extends CcwDebugSession {
  constructor(
    host: SessionHost,
    private readonly clock: Clock,
  ) {
    super(host);
  }

  protected override dispatchRequest(request: DebugProtocol.Request): void {
    if (request.command === TIMINGS_REQUEST) {
      const response: DebugProtocol.Response = { seq: 0, type: 'response', request_seq: request.seq, command: request.command, success: true, body: this.clock.drain() };
      this.sendResponse(response);
      return;
    }
    this.clock.requests.push({ command: request.command, ...Clock.time(() => super.dispatchRequest(request)) });
  }

  protected override pushPanels(): boolean {
    let sent = false;
    const t = Clock.time(() => (sent = super.pushPanels()));
    if (!sent) return false;
    this.clock.requests.push({ command: PUSH_TIMING, ...t });
    this.clock.pushed.ms += t.ms;
    this.clock.pushed.cpu += t.cpu;
    return true;
  }
}

export function startTimedAdapter(): void {
  const clock = new Clock();
  const host: SessionHost = {
    files: nodeFiles,
    defer: (fn) =>
      setImmediate(() => {
        clock.pushed = { ms: 0, cpu: 0 };
        const t = Clock.time(fn);
        clock.slices.ms += t.ms - clock.pushed.ms;
        clock.slices.cpu += t.cpu - clock.pushed.cpu;
      }),
    deviceHost: (program) => nodeDeviceHost(dirname(program)),
  };
  const session = new TimedSession(host, clock);
  session.setRunAsServer(false);
  session.start(process.stdin, process.stdout);
}
