/**
 * Issue 8: what the panels cost at a stop, measured in the adapter (not through the UI). Target:
 * building everything the panels show ≤ 20% of a step. Medians over many stops of
 * examples/read-vol1.ccw on PATH vfio (SSCH, its 3 CCWs, status pending, the CPU's next statements):
 *
 * - DAP: a step as the client sees it through the real adapter process (`next`/`stepIn`, the
 *   `stopped` event, then what VS Code asks at every stop: threads, stackTrace, scopes, variables
 *   of the top frame) against the `ccw/panels` request for the same stop, as the extension sends
 *   it (storage page, DASD track, `base`: the last answer it decoded) and as a plain client would
 *   (the whole model); and the step with all panels open (the panels request in flight beside
 *   VS Code's) against none.
 * - adapter-side: the same, timed inside the adapter process (bench/timedAdapter.ts): the
 *   handler of `ccw/panels` against the handlers and execution slices of the step, wall clock and
 *   CPU time.
 * - runtime: the same step in process (no protocol) against buildPanels alone.
 * - scale: CCW steps through a long translated program, the answer's size and cost in process.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { assemble, type Image } from '../src/asm';
import { buildPanels } from '../src/debug/panels/panels';
import { encodeParts, PartCache } from '../src/debug/panels/parts';
import { createDevice } from '../src/devices';
import { Machine } from '../src/runtime/machine';
import { Runtime } from '../src/runtime/runtime';
import { DapClient, type Stopped } from './dapClient';
import type { Report } from './report';
import { TIMINGS_REQUEST, type AdapterTimings } from './timedAdapter';

const PROGRAM = 'examples/read-vol1.ccw';
/** What the webviews ask for with every stop (a 256-byte storage page, the track VOL1 is on). */
const VIEWS = { storage: { address: 0, length: 256 }, track: { devno: 0x190, cylinder: 0, head: 0 } };

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const us = (ms: number): string => `${(ms * 1000).toFixed(0)} us`;
const pct = (part: number, whole: number): string => `${((part / whole) * 100).toFixed(1)}%`;

interface DapFigures {
  /** Step round trip with no panel request (next → stopped → threads → stackTrace → scopes → variables). */
  step: number[];
  /** `ccw/panels` alone at the same stop, after the step: as the extension asks (parts) and as a plain client. */
  panels: number[];
  plain: number[];
  /** The step with the panels request sent on `stopped` beside VS Code's requests, until both are answered. */
  stepWithPanels: number[];
  bytes: number[];
  plainBytes: number[];
  /** A request with next to no work (`threads`): what any round trip costs. */
  threads: number[];
}

/**
 * What VS Code asks after every stop before it shows it: the threads (its debug session fetches
 * them on every `stopped` event), the stopped thread's stack (20 frames: this adapter does not
 * declare delayed stack loading), the top frame's scopes and the variables of those not expensive.
 */
async function inspect(c: DapClient, stop: Stopped): Promise<void> {
  await c.body('threads', {});
  const { stackFrames } = await c.body<{ stackFrames: { id: number }[] }>('stackTrace', { threadId: stop.threadId, startFrame: 0, levels: 20 });
  const top = stackFrames[0];
  if (!top) return;
  const { scopes } = await c.body<{ scopes: { variablesReference: number; expensive: boolean }[] }>('scopes', { frameId: top.id });
  await Promise.all(scopes.filter((s) => !s.expensive).map((s) => c.body('variables', { variablesReference: s.variablesReference })));
}

/**
 * One adapter process, one session: the example stepped through `rounds` times (a `restart`
 * between), every other round with the panels open, so the machine's load falls on both alike.
 */
async function dapFigures(report: Report, rounds: number): Promise<void> {
  const f: DapFigures = { step: [], panels: [], plain: [], stepWithPanels: [], bytes: [], plainBytes: [], threads: [] };
  const c = new DapClient();
  try {
    await c.launch(resolve(PROGRAM), { trace: false });
    const parts = new PartCache();
    // Timed to the answer; decoding is the extension host's work, after it.
    const panels = async (): Promise<{ ms: number; decode: () => void }> => {
      const snap = parts.snapshot();
      const t0 = performance.now();
      const answer = await c.body('ccw/panels', { ...VIEWS, base: snap.base });
      const ms = performance.now() - t0;
      return { ms, decode: () => (parts.decode(answer, snap), f.bytes.push(JSON.stringify(answer).length)) };
    };
    const sch = (await c.body<{ threads: { id: number }[] }>('threads', {})).threads[1]?.id ?? 1;
    const plan: [string, number][] = [['stepIn', 1], ['next', sch], ['next', sch], ['next', sch], ['next', sch], ['next', 1], ['next', 1]];
    for (let round = 0; round < rounds; round++) {
      // The first rounds warm the adapter up (its first stops run cold code); they are not counted.
      const count = round > 2;
      // Rounds take turns: the step and then the panels alone; the panels open (in flight beside
      // VS Code's requests); the plain client's whole model in rounds of its own, so its 60 KB
      // of garbage does not land on the figures of the others (no extension asks for it).
      const mode = (['alone', 'open', 'plain'] as const)[round % 3];
      for (const [command, threadId] of plan) {
        const t0 = performance.now();
        const stopped = c.stopped();
        await c.body(command, { threadId });
        const stop = await stopped;
        if (mode === 'open') {
          const [, p] = await Promise.all([inspect(c, stop), panels()]);
          if (count) f.stepWithPanels.push(performance.now() - t0);
          p.decode();
          continue;
        }
        await inspect(c, stop);
        const step = performance.now() - t0;
        if (mode === 'plain') {
          const p0 = performance.now();
          const plain = await c.body('ccw/panels', VIEWS);
          if (!count) continue;
          f.plain.push(performance.now() - p0);
          f.plainBytes.push(JSON.stringify(plain).length);
          continue;
        }
        // The same stop's panels, alone, as the extension asks.
        const p = await panels();
        p.decode();
        const t1 = performance.now();
        await c.body('threads', {});
        if (!count) continue;
        f.threads.push(performance.now() - t1);
        f.step.push(step);
        f.panels.push(p.ms);
      }
      const entry = c.stopped();
      await c.body('restart', {});
      await entry;
    }
  } finally {
    c.close();
  }
  const step = median(f.step);
  report(`DAP step round trip (next/stepIn → stopped → threads, stackTrace, scopes, variables; adapter process): median ${us(step)} over ${f.step.length} stops`);
  report(
    `ccw/panels at the same stop: median ${us(median(f.panels))} as the extension asks (what differs from the answer it holds, median ${median(f.bytes)} bytes) = ${pct(median(f.panels), step)} of a step (target ≤ 20%); a plain client (whole model, ${median(f.plainBytes)} bytes) ${us(median(f.plain))} = ${pct(median(f.plain), step)}`,
  );
  report(`for scale: a request with next to no work (threads) ${us(median(f.threads))} round trip`);
  report(`step with all panels open: median ${us(median(f.stepWithPanels))} over ${f.stepWithPanels.length} stops against ${us(step)} with none (+${pct(median(f.stepWithPanels) - step, step)})`);
}

/** What the adapter spent at one stop on `commands` (and the execution slices), wall-clock and CPU, from its own clock (bench/timedAdapter.ts). */
function spent(t: AdapterTimings, commands: readonly string[], slices: boolean): { ms: number; cpu: number } {
  const mine = t.requests.filter((r) => commands.includes(r.command));
  const sum = (k: 'ms' | 'cpu') => mine.reduce((a, r) => a + r[k], slices ? t.slices[k] : 0);
  return { ms: sum('ms'), cpu: sum('cpu') };
}

/**
 * The issue's wording, measured inside the adapter process: the handler time of the `ccw/panels`
 * request at a stop (request parsed to response written) against the adapter's work for the step
 * itself (the `next`/`stepIn` handler, the execution slices it defers up to the `stopped` event,
 * and the threads, stackTrace, scopes and variables handlers). No protocol latency on either side;
 * wall clock and CPU time (which leaves out the time the client took the core: timedAdapter.ts).
 */
async function adapterFigures(report: Report, rounds: number): Promise<void> {
  const steps: { ms: number; cpu: number }[] = [];
  const panels: { ms: number; cpu: number }[] = [];
  const plain: { ms: number; cpu: number }[] = [];
  const c = new DapClient({ timed: true });
  try {
    await c.launch(resolve(PROGRAM), { trace: false });
    const parts = new PartCache();
    const sch = (await c.body<{ threads: { id: number }[] }>('threads', {})).threads[1]?.id ?? 1;
    const plan: [string, number][] = [['stepIn', 1], ['next', sch], ['next', sch], ['next', sch], ['next', sch], ['next', 1], ['next', 1]];
    const drain = () => c.body<AdapterTimings>(TIMINGS_REQUEST, {});
    for (let round = 0; round < rounds; round++) {
      const count = round > 1;
      // The plain client's whole model in rounds of its own (as in dapFigures).
      const plainRound = round % 2 === 1;
      for (const [command, threadId] of plan) {
        await drain();
        const stopped = c.stopped();
        await c.body(command, { threadId });
        await inspect(c, await stopped);
        const step = spent(await drain(), [command, 'threads', 'stackTrace', 'scopes', 'variables'], true);
        if (plainRound) {
          await c.body('ccw/panels', VIEWS);
          const q = spent(await drain(), ['ccw/panels'], false);
          if (count) plain.push(q);
          continue;
        }
        const snap = parts.snapshot();
        parts.decode(await c.body('ccw/panels', { ...VIEWS, base: snap.base }), snap);
        const p = spent(await drain(), ['ccw/panels'], false);
        if (!count) continue;
        steps.push(step);
        panels.push(p);
      }
      const entry = c.stopped();
      await c.body('restart', {});
      await entry;
    }
  } finally {
    c.close();
  }
  for (const k of ['ms', 'cpu'] as const) {
    const step = median(steps.map((s) => s[k]));
    const p = median(panels.map((s) => s[k]));
    const q = median(plain.map((s) => s[k]));
    report(
      `adapter-side ${k === 'ms' ? 'wall clock' : 'CPU time'} (its own clock, no protocol latency, over ${steps.length} stops): step ${us(step)} (next/stepIn handler + execution slices to stopped + threads, stackTrace, scopes, variables handlers); ccw/panels handler ${us(p)} as the extension asks = ${pct(p, step)} of a step (target ≤ 20%); plain client ${us(q)} = ${pct(q, step)}`,
    );
  }
}

/** A runtime on `image` in this process, and `stop(go)`: runs `go` and waits for the stop it causes. */
function inProcess(image: Image): { runtime: Runtime; stop: (go: () => void) => Promise<void> } {
  const m = Machine.create(image, { createDevice });
  if ('errors' in m) throw new Error(m.errors.join('\n'));
  let waiting: (() => void) | null = null;
  const runtime = new Runtime(m, { defer: (fn) => setImmediate(fn), onStop: () => waiting?.() });
  const stop = (go: () => void) => new Promise<void>((r) => ((waiting = r), go()));
  return { runtime, stop };
}

/** The same steps in process: the runtime's stop against buildPanels alone. */
async function runtimeFigures(report: Report, rounds: number): Promise<void> {
  const { image } = assemble(readFileSync(PROGRAM, 'utf8'), { file: 'read-vol1.ccw' });
  const steps: number[] = [];
  const builds: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const { runtime, stop } = inProcess(image);
    await stop(() => runtime.stopOnEntry());
    buildPanels(runtime, (p) => p, VIEWS);
    const sch = runtime.threads()[1]!.id;
    const plan: (() => void)[] = [() => runtime.stepIn(1), () => runtime.next(sch), () => runtime.next(sch), () => runtime.next(sch), () => runtime.next(sch), () => runtime.next(1), () => runtime.next(1)];
    for (const go of plan) {
      const t0 = performance.now();
      await stop(go);
      const t1 = performance.now();
      buildPanels(runtime, (p) => p, VIEWS);
      builds.push(performance.now() - t1);
      steps.push(t1 - t0);
    }
  }
  report(`runtime only (in process, no protocol): step median ${us(median(steps))}, buildPanels median ${us(median(builds))} = ${pct(median(builds), median(steps))} of a step, over ${steps.length} stops`);
}

/** A chain of `n` NOPs (data chaining off, command chaining on) on PATH vfio: a long translated program. */
function nopChain(n: number): string {
  const lines = ['         DEVICE 0190,3390-3', 'RUN      ORB   CPA=C0,FMT=1'];
  for (let i = 0; i < n; i++) lines.push(`${`C${i}`.padEnd(9)}CCW1  X'03',0,X'60',1`);
  lines.push("         CCW1  X'03',0,X'20',1", '         SSCH  0190,RUN', '         WAIT  0190', '         END');
  return `${lines.join('\n')}\n`;
}

/**
 * What a stop costs as the program grows: CCW steps through a 250-CCW chain, in process, the
 * answer as the extension asks (parts it holds named) built, encoded and serialized.
 */
async function scaleFigures(report: Report): Promise<void> {
  // vfio-ccw translates at most 255 CCWs of a chain without a TIC.
  const n = 250;
  const { image } = assemble(nopChain(n), { file: 'chain.ccw' });
  const { runtime, stop } = inProcess(image);
  await stop(() => runtime.stopOnEntry());
  await stop(() => runtime.stepIn(1));
  const sch = runtime.threads()[1]!.id;
  const parts = new PartCache();
  const ask = (): { ms: number; bytes: number } => {
    const snap = parts.snapshot();
    const t0 = performance.now();
    const wire = JSON.stringify(encodeParts(buildPanels(runtime, (p) => p, VIEWS), snap.base));
    const ms = performance.now() - t0;
    parts.decode(JSON.parse(wire), snap);
    return { ms, bytes: wire.length };
  };
  ask();
  const times: number[] = [];
  const bytes: number[] = [];
  for (let i = 0; i < 200; i++) {
    await stop(() => runtime.next(sch));
    const a = ask();
    times.push(a.ms);
    bytes.push(a.bytes);
  }
  report(`a ${n.toLocaleString('en')}-CCW chain (in process): per CCW step, the answer as the extension asks is ${median(bytes)} bytes, built, encoded and serialized in ${us(median(times))} (median of ${times.length} steps)`);
}

export async function run(report: Report): Promise<void> {
  await runtimeFigures(() => {}, 10); // warm up
  await runtimeFigures(report, 200);
  await scaleFigures(report);
  await dapFigures(report, 90);
  await adapterFigures(report, 60);
}
