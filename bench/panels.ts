/**
 * Issue 8: what the panels cost at a stop, measured in the adapter (not through the UI): the
 * time of one CCW step with no panel open against the same step plus building everything the
 * panels show (`ccw/panels`: regions, subchannels, IRB history, DASD, channel program, a
 * 256-byte storage page and a DASD track). Target: panels ≤ 20% of a step.
 */
import { readFileSync } from 'node:fs';
import { assemble } from '../src/asm';
import { buildPanels } from '../src/debug/panels/panels';
import { createDevice } from '../src/devices';
import { Machine } from '../src/runtime/machine';
import { Runtime } from '../src/runtime/runtime';
import type { Report } from './report';

/** The example every user meets first: Define Extent, Locate Record, Read Data on a 3390. */
function program(): string {
  return readFileSync('examples/read-vol1.ccw', 'utf8');
}

async function steps(withPanels: boolean, rounds: number): Promise<{ step: number; panels: number }> {
  const { image } = assemble(program(), { file: 'read-vol1.ccw' });
  const build = () => {
    const m = Machine.create(image, { createDevice });
    if ('errors' in m) throw new Error(m.errors.join('\n'));
    return m;
  };
  let stepMs = 0;
  let panelMs = 0;
  let n = 0;
  for (let round = 0; round < rounds; round++) {
    let waiting: (() => void) | null = null;
    const runtime = new Runtime(build(), { defer: (fn) => setImmediate(fn), onStop: () => waiting?.() });
    const stop = (go: () => void) => new Promise<void>((r) => ((waiting = r), go()));
    await stop(() => runtime.stopOnEntry());
    const sch = runtime.threads()[1]!.id;
    // SSCH (step in), 3 CCWs, status pending, the CPU's next statements: the stops a user steps through.
    const plan: (() => void)[] = [() => runtime.stepIn(1), () => runtime.next(sch), () => runtime.next(sch), () => runtime.next(sch), () => runtime.next(sch), () => runtime.next(1), () => runtime.next(1)];
    for (const go of plan) {
      const t0 = performance.now();
      await stop(go);
      const t1 = performance.now();
      stepMs += t1 - t0;
      if (withPanels) {
        buildPanels(runtime, (p) => p, { storage: { address: 0, length: 256 }, track: { devno: 0x190, cylinder: 0, head: 0 } });
        panelMs += performance.now() - t1;
      }
      n++;
    }
  }
  return { step: stepMs / n, panels: panelMs / n };
}

export async function run(report: Report): Promise<void> {
  await steps(true, 20); // warm up both paths
  const none = await steps(false, 200);
  const all = await steps(true, 200);
  report(`step (adapter, examples/read-vol1.ccw PATH vfio) with no panel: ${(none.step * 1000).toFixed(0)} us per stop`);
  report(
    `step with all panels built at every stop: ${((all.step + all.panels) * 1000).toFixed(0)} us per stop; building the panels ${(all.panels * 1000).toFixed(0)} us = ${((all.panels / none.step) * 100).toFixed(1)}% of a step (target ≤ 20%)`,
  );
}
