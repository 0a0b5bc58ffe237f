/**
 * Issue 8: what the panels cost at a stop, measured in the adapter (not through the UI). Target:
 * building everything the panels show ≤ 20% of a step. Medians over many stops of
 * examples/read-vol1.ccw on PATH vfio (SSCH, its 3 CCWs, status pending, the CPU's next statements):
 *
 * - DAP: a step as the client sees it through the real adapter process (`next`/`stepIn`, the
 *   `stopped` event, then what VS Code asks at every stop: threads, stackTrace, scopes, variables
 *   of the top frame) with all panels open (the extension follows them: the adapter pushes each
 *   stop's answer with `stopped`, follow.ts) against none; and a `ccw/panels` request at the same
 *   stop, as the extension sends one when a webview moves (storage page, DASD track, `base`: the
 *   last answer it decoded) and as a plain client would (the whole model).
 * - adapter-side: the same, timed inside the adapter process (bench/timedAdapter.ts): the push
 *   (and, in rounds of their own, the request's handler) against the handlers and execution
 *   slices of the step, wall clock and CPU time.
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
import { PUSH_TIMING, TIMINGS_REQUEST, type AdapterTimings } from './timedAdapter';

const PROGRAM = 'examples/read-vol1.ccw';
/** What the webviews ask for with every stop (a 256-byte storage page, the track VOL1 is on). */
const VIEWS = { storage: { address: 0, length: 256 }, track: { devno: 0x190, cylinder: 0, head: 0 } };

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const us = (ms: number): string => `${(ms * 1000).toFixed(0)} us`;
const pct = (part: number, whole: number): string => `${((part / whole) * 100).toFixed(1)}%`;

interface DapFigures {
  /** Step round trip with no panels (next → stopped → threads → stackTrace → scopes → variables). */
  step: number[];
  /** The same in the rounds that ask for the panels with a request after each step. */
  alone: number[];
  /** `ccw/panels` alone at the same stop, after the step: as the extension asks (parts) and as a plain client. */
  panels: number[];
  plain: number[];
  /** The step with the panels open: the extension follows them (pushed with each stop, decoded on arrival). */
  stepWithPanels: number[];
  bytes: number[];
  plainBytes: number[];
  /** The pushes' sizes in the rounds with the panels open. */
  pushBytes: number[];
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
 * What a round of `rounds` measures: the first two thirds take turns between `modes`, so the
 * machine's load falls on each alike; the plain client's rounds come last, so the 60 KB of
 * garbage each of its answers leaves does not land on the others' figures (no extension asks for
 * it). The first rounds of each part warm the adapter up (cold code); they are not counted.
 */
function roundOf<M extends string>(round: number, rounds: number, modes: readonly M[]): { mode: M | 'plain'; count: boolean } {
  const shared = Math.floor((rounds * 2) / 3);
  if (round >= shared) return { mode: 'plain', count: round > shared };
  return { mode: modes[round % modes.length] as M, count: round >= 2 * modes.length };
}

/**
 * A client following the panels (follow.ts): it decodes every push in the order they came, as
 * the extension does. VS Code asks for the stack from another process than the extension host
 * that decodes them: so the pushes wait here until the step was timed, as they would not hold
 * its requests back there. `follow(on)` starts or ends following with a request (not timed).
 */
class Follower {
  private readonly parts = new PartCache();
  /** Bytes of each push decoded (its user empties it). */
  bytes: number[] = [];
  private readonly pushes: unknown[] = [];

  constructor(private readonly c: DapClient) {
    c.on('ccw/panels', (body) => this.pushes.push(body));
  }

  /** Decodes the pushes that came (throws if one does not decode: the figures would be of a broken client). */
  decodePushes(): void {
    for (const body of this.pushes.splice(0)) {
      this.bytes.push(JSON.stringify(body).length);
      this.parts.decode(body, this.parts.snapshot());
    }
  }

  async follow(on: boolean): Promise<void> {
    this.decodePushes();
    const snap = this.parts.snapshot();
    this.parts.decode(await this.c.body('ccw/panels', { ...VIEWS, base: snap.base, follow: on }), snap);
  }

  /** A request at this stop as a client that does not follow asks (what the extension asks when a webview moves). */
  async ask(): Promise<{ ms: number; decode: () => number }> {
    this.decodePushes();
    const snap = this.parts.snapshot();
    const t0 = performance.now();
    const answer = await this.c.body('ccw/panels', { ...VIEWS, base: snap.base });
    const ms = performance.now() - t0;
    return { ms, decode: () => (this.parts.decode(answer, snap), JSON.stringify(answer).length) };
  }
}

/**
 * One adapter process, one session: the example stepped through `rounds` times (a `restart`
 * between), the rounds taking turns between no panels, the panels open and a request alone, so
 * the machine's load falls on each alike.
 */
async function dapFigures(report: Report, rounds: number): Promise<void> {
  const f: DapFigures = { step: [], alone: [], panels: [], plain: [], stepWithPanels: [], bytes: [], plainBytes: [], pushBytes: [], threads: [] };
  const c = new DapClient();
  try {
    await c.launch(resolve(PROGRAM), { trace: false });
    const client = new Follower(c);
    const sch = (await c.body<{ threads: { id: number }[] }>('threads', {})).threads[1]?.id ?? 1;
    const plan: [string, number][] = [['stepIn', 1], ['next', sch], ['next', sch], ['next', sch], ['next', sch], ['next', 1], ['next', 1]];
    for (let round = 0; round < rounds; round++) {
      // The step alone (no panels); the panels open (the extension follows them: pushed with each
      // stop, decoded on arrival); the step and then a panels request alone. Then the plain client's.
      const { mode, count } = roundOf(round, rounds, ['none', 'open', 'alone'] as const);
      await client.follow(mode === 'open');
      client.bytes = [];
      for (const [command, threadId] of plan) {
        const t0 = performance.now();
        const stopped = c.stopped();
        await c.body(command, { threadId });
        await inspect(c, await stopped);
        const step = performance.now() - t0;
        if (mode === 'none') {
          if (count) f.step.push(step);
          continue;
        }
        if (mode === 'open') {
          client.decodePushes();
          if (count) f.stepWithPanels.push(step);
          continue;
        }
        if (mode === 'plain') {
          const p0 = performance.now();
          const plain = await c.body('ccw/panels', VIEWS);
          if (!count) continue;
          f.plain.push(performance.now() - p0);
          f.plainBytes.push(JSON.stringify(plain).length);
          continue;
        }
        // The same stop's panels, alone, as a request.
        const p = await client.ask();
        const bytes = p.decode();
        const t1 = performance.now();
        await c.body('threads', {});
        if (!count) continue;
        f.threads.push(performance.now() - t1);
        f.alone.push(step);
        f.panels.push(p.ms);
        f.bytes.push(bytes);
      }
      if (mode === 'open' && count) f.pushBytes.push(...client.bytes);
      const entry = c.stopped();
      await c.body('restart', {});
      await entry;
    }
  } finally {
    c.close();
  }
  const step = median(f.step);
  report(`DAP step round trip (next/stepIn → stopped → threads, stackTrace, scopes, variables; adapter process; no panels): median ${us(step)} over ${f.step.length} stops`);
  report(`step with all panels open (the extension follows them: pushed with each stop, median ${median(f.pushBytes)} bytes): median ${us(median(f.stepWithPanels))} over ${f.stepWithPanels.length} stops against ${us(step)} with none (+${pct(median(f.stepWithPanels) - step, step)})`);
  report(
    `a ccw/panels request after the step (a webview that moved, a client that does not follow): median ${us(median(f.panels))} (what differs from the answer it holds, median ${median(f.bytes)} bytes) = ${pct(median(f.panels), median(f.alone))} of the step of those rounds (${us(median(f.alone))}); a plain client (whole model, ${median(f.plainBytes)} bytes) ${us(median(f.plain))} = ${pct(median(f.plain), step)}`,
  );
  report(`for scale: a request with next to no work (threads) ${us(median(f.threads))} round trip`);
}

/** What the adapter spent at one stop on `commands` (and the execution slices), wall-clock and CPU, from its own clock (bench/timedAdapter.ts). */
function spent(t: AdapterTimings, commands: readonly string[], slices: boolean): { ms: number; cpu: number } {
  const mine = t.requests.filter((r) => commands.includes(r.command));
  const sum = (k: 'ms' | 'cpu') => mine.reduce((a, r) => a + r[k], slices ? t.slices[k] : 0);
  return { ms: sum('ms'), cpu: sum('cpu') };
}

/**
 * The issue's wording, measured inside the adapter process: what the panels cost the adapter at
 * a stop against its work for the step itself (the `next`/`stepIn` handler, the execution slices
 * it defers up to the `stopped` event, and the threads, stackTrace, scopes and variables
 * handlers). The extension follows the panels: they are built, encoded and written with the
 * stop (the push, timed on its own and left out of the slice it runs in). Rounds take turns
 * between the push, no panels at all, and a `ccw/panels` request after the step (a client that
 * does not follow; its handler timed from request parsed to response written); a plain client's
 * request last. The push runs inside the step, between `stopped` and VS Code's requests: the
 * same stop with and without it (a push round and the no-panels round after it) says what it
 * adds to the whole, its own time and whatever it makes the rest of the step slower by. No
 * protocol latency on either side; wall clock and CPU time (which leaves out the time the
 * client took the core: timedAdapter.ts).
 */
async function adapterFigures(report: Report, rounds: number): Promise<void> {
  type Spent = { ms: number; cpu: number };
  const MODES = ['push', 'none', 'request'] as const;
  const by = { push: { steps: [] as Spent[], panels: [] as Spent[] }, none: { steps: [] as Spent[], panels: [] as Spent[] }, request: { steps: [] as Spent[], panels: [] as Spent[] }, plain: { steps: [] as Spent[], panels: [] as Spent[] } };
  // The same stop of the plan in a push round and the no-panels round after it: [step + push, step].
  const pairs = new Map<string, { push?: Spent; none?: Spent }>();
  const c = new DapClient({ timed: true });
  try {
    await c.launch(resolve(PROGRAM), { trace: false });
    const client = new Follower(c);
    const sch = (await c.body<{ threads: { id: number }[] }>('threads', {})).threads[1]?.id ?? 1;
    const plan: [string, number][] = [['stepIn', 1], ['next', sch], ['next', sch], ['next', sch], ['next', sch], ['next', 1], ['next', 1]];
    const drain = () => c.body<AdapterTimings>(TIMINGS_REQUEST, {});
    for (let round = 0; round < rounds; round++) {
      const { mode, count } = roundOf(round, rounds, MODES);
      await client.follow(mode === 'push');
      for (const [i, [command, threadId]] of plan.entries()) {
        await drain();
        const stopped = c.stopped();
        await c.body(command, { threadId });
        await inspect(c, await stopped);
        const t = await drain();
        const step = spent(t, [command, 'threads', 'stackTrace', 'scopes', 'variables'], true);
        let p: Spent = { ms: 0, cpu: 0 };
        if (mode === 'push') {
          client.decodePushes();
          p = spent(t, [PUSH_TIMING], false);
        } else if (mode !== 'none') {
          if (mode === 'plain') await c.body('ccw/panels', VIEWS);
          else (await client.ask()).decode();
          p = spent(await drain(), ['ccw/panels'], false);
        }
        if (!count) continue;
        by[mode].steps.push(step);
        by[mode].panels.push(p);
        if (mode !== 'push' && mode !== 'none') continue;
        const key = `${Math.floor(round / MODES.length)}/${i}`;
        const pair = pairs.get(key) ?? {};
        pair[mode] = mode === 'push' ? { ms: step.ms + p.ms, cpu: step.cpu + p.cpu } : step;
        pairs.set(key, pair);
      }
      const entry = c.stopped();
      await c.body('restart', {});
      await entry;
    }
  } finally {
    c.close();
  }
  for (const k of ['ms', 'cpu'] as const) {
    const fig = (m: keyof typeof by) => ({ step: median(by[m].steps.map((s) => s[k])), p: median(by[m].panels.map((s) => s[k])) });
    const push = fig('push');
    const none = fig('none');
    const request = fig('request');
    const plain = fig('plain');
    const paired = [...pairs.values()].flatMap((x) => (x.push && x.none ? [x.push[k] - x.none[k]] : []));
    const added = median(paired);
    report(
      `adapter-side ${k === 'ms' ? 'wall clock' : 'CPU time'} (its own clock, no protocol latency, over ${by.push.steps.length} stops each): step ${us(push.step)} (next/stepIn handler + execution slices to stopped + threads, stackTrace, scopes, variables handlers); the panels pushed with it as the extension follows them ${us(push.p)} = ${pct(push.p, push.step)} of a step (target ≤ 20%); the same stop with the push against without any panels (step ${us(none.step)}): +${us(added)} = ${pct(added, none.step)} (median of ${paired.length} pairs); asked with a request after the step instead ${us(request.p)} = ${pct(request.p, request.step)} of its step (${us(request.step)}); a plain client's request ${us(plain.p)} = ${pct(plain.p, plain.step)}`,
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
  await adapterFigures(report, 90);
}
