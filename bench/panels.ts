/**
 * Issue 8: what the panels cost at a stop, measured in the adapter (not through the UI). Target:
 * building everything the panels show ≤ 20% of a step. Two figures, medians over many stops of
 * examples/read-vol1.ccw on PATH vfio (SSCH, its 3 CCWs, status pending, the CPU's next statements):
 *
 * - DAP: a step as the client sees it through the real adapter process (`next`/`stepIn`, the
 *   `stopped` event, then what VS Code asks at every stop: stackTrace, scopes, variables of the
 *   top frame) against the `ccw/panels` request for the same stop, as the extension sends it
 *   (storage page, DASD track, `have`) and as a plain client would (the whole model); and the
 *   step with all panels open (the panels request in flight beside VS Code's) against none.
 * - runtime: the same step in process (no protocol) against buildPanels alone.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { assemble } from '../src/asm';
import { buildPanels } from '../src/debug/panels/panels';
import { PartCache } from '../src/debug/panels/parts';
import { createDevice } from '../src/devices';
import { Machine } from '../src/runtime/machine';
import { Runtime } from '../src/runtime/runtime';
import { DapClient, type Stopped } from './dapClient';
import type { Report } from './report';

const PROGRAM = 'examples/read-vol1.ccw';
/** What the webviews ask for with every stop (a 256-byte storage page, the track VOL1 is on). */
const VIEWS = { storage: { address: 0, length: 256 }, track: { devno: 0x190, cylinder: 0, head: 0 } };

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const us = (ms: number): string => `${(ms * 1000).toFixed(0)} us`;
const pct = (part: number, whole: number): string => `${((part / whole) * 100).toFixed(1)}%`;

interface DapFigures {
  /** Step round trip with no panel request (next → stopped → stackTrace → scopes → variables). */
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

/** What VS Code asks after every stop before it shows it. */
async function inspect(c: DapClient, stop: Stopped): Promise<void> {
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
      const { have, held } = parts.snapshot();
      const t0 = performance.now();
      const answer = await c.body('ccw/panels', { ...VIEWS, have });
      const ms = performance.now() - t0;
      return { ms, decode: () => (parts.decode(answer, held), f.bytes.push(JSON.stringify(answer).length)) };
    };
    const sch = (await c.body<{ threads: { id: number }[] }>('threads', {})).threads[1]?.id ?? 1;
    const plan: [string, number][] = [['stepIn', 1], ['next', sch], ['next', sch], ['next', sch], ['next', sch], ['next', 1], ['next', 1]];
    for (let round = 0; round < rounds; round++) {
      // Round 0 warms the adapter up (its first stops run cold code); it is not counted.
      const count = round > 1;
      const withPanels = round % 2 === 1;
      for (const [command, threadId] of plan) {
        const t0 = performance.now();
        const stopped = c.stopped();
        await c.body(command, { threadId });
        const stop = await stopped;
        if (withPanels) {
          const [, p] = await Promise.all([inspect(c, stop), panels()]);
          if (count) f.stepWithPanels.push(performance.now() - t0);
          p.decode();
          continue;
        }
        await inspect(c, stop);
        const step = performance.now() - t0;
        // The same stop's panels, alone: as the extension asks, then as a plain client.
        const p = await panels();
        p.decode();
        const p0 = performance.now();
        const plain = await c.body('ccw/panels', VIEWS);
        const plainMs = performance.now() - p0;
        const t1 = performance.now();
        await c.body('threads', {});
        if (!count) continue;
        f.threads.push(performance.now() - t1);
        f.step.push(step);
        f.panels.push(p.ms);
        f.plain.push(plainMs);
        f.plainBytes.push(JSON.stringify(plain).length);
      }
      const entry = c.stopped();
      await c.body('restart', {});
      await entry;
    }
  } finally {
    c.close();
  }
  const step = median(f.step);
  report(`DAP step round trip (next/stepIn → stopped → stackTrace, scopes, variables; adapter process): median ${us(step)} over ${f.step.length} stops`);
  report(
    `ccw/panels at the same stop: median ${us(median(f.panels))} as the extension asks (parts it holds named, median ${median(f.bytes)} bytes) = ${pct(median(f.panels), step)} of a step (target ≤ 20%); a plain client (whole model, ${median(f.plainBytes)} bytes) ${us(median(f.plain))} = ${pct(median(f.plain), step)}`,
  );
  report(`for scale: a request with next to no work (threads) ${us(median(f.threads))} round trip`);
  report(`step with all panels open: median ${us(median(f.stepWithPanels))} over ${f.stepWithPanels.length} stops against ${us(step)} with none (+${pct(median(f.stepWithPanels) - step, step)})`);
}

/** The same steps in process: the runtime's stop against buildPanels alone. */
async function runtimeFigures(report: Report, rounds: number): Promise<void> {
  const { image } = assemble(readFileSync(PROGRAM, 'utf8'), { file: 'read-vol1.ccw' });
  const steps: number[] = [];
  const builds: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const m = Machine.create(image, { createDevice });
    if ('errors' in m) throw new Error(m.errors.join('\n'));
    let waiting: (() => void) | null = null;
    const runtime = new Runtime(m, { defer: (fn) => setImmediate(fn), onStop: () => waiting?.() });
    const stop = (go: () => void) => new Promise<void>((r) => ((waiting = r), go()));
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

export async function run(report: Report): Promise<void> {
  await runtimeFigures(() => {}, 10); // warm up
  await runtimeFigures(report, 200);
  await dapFigures(report, 60);
}
