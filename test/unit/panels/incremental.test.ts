/**
 * Panels at a stop cost what changed (issue 8): a panel whose inputs did not change is the same
 * object (not built again), a change made in place to the machine's state is seen, and the wire
 * carries only what differs from the panel the client holds. What the client decodes is always
 * the model buildPanels builds.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { Memo, inputs } from '../../../src/debug/panels/memo';
import { buildPanels } from '../../../src/debug/panels/panels';
import { encodeParts, markShared, PartCache } from '../../../src/debug/panels/parts';
import { panelRequest, PANEL_REQUESTS } from '../../../src/debug/panels/requests';
import { Settled } from '../../../src/debug/panels/reuse';
import { CPU_THREAD_ID } from '../../../src/runtime/runtime';
import { steppedRuntime } from '../../helpers/steppedRuntime';

function start() {
  return steppedRuntime(readFileSync('examples/read-vol1.ccw', 'utf8'), 'read-vol1.ccw');
}

/** The model as the client sees it: through JSON, without the part ids. */
const plain = (v: unknown): unknown => JSON.parse(JSON.stringify(v));

describe('memo: a panel is built again only when its inputs changed', () => {
  test('same inputs give the same object; a byte changed in place is a change', () => {
    const memo = new Memo<{ n: number }>();
    const bytes = new Uint8Array([1, 2, 3]);
    let built = 0;
    const get = () => memo.get('p', [bytes, 'fsm'], () => ({ n: ++built }));
    const first = get();
    expect(get()).toBe(first);
    bytes[1] = 9; // the machine writes its buffer in place: the memo kept a copy
    expect(get()).not.toBe(first);
    expect(built).toBe(2);
  });

  test('inputs() flattens plain objects with their keys: a field set in place or a different shape is a change', () => {
    const memo = new Memo<object>();
    const pmcw = { intparm: 0, chpids: new Uint8Array(8) };
    const get = () => memo.get('p', inputs([], pmcw), () => ({}));
    const first = get();
    expect(get()).toBe(first);
    pmcw.chpids[0] = 1;
    const second = get();
    expect(second).not.toBe(first);
    pmcw.intparm = 7;
    expect(get()).not.toBe(second);
    expect(inputs([], { x: 1, y: null })).not.toEqual(inputs([], { x: 1, z: null }));
    expect(inputs([], { r: null })).not.toEqual(inputs([], { r: { a: 1 } }));
  });

  test('a stop that changes nothing gives the very same panels', async () => {
    const t = start();
    await t.step(() => t.runtime.stopOnEntry());
    await t.step(() => t.runtime.stepIn(CPU_THREAD_ID));
    const a = buildPanels(t.runtime, (x) => x);
    const b = buildPanels(t.runtime, (x) => x);
    for (const k of ['regions', 'subchannels', 'dasd', 'programs'] as const) a[k].forEach((p, i) => expect(b[k][i]).toBe(p));
  });

  test('a change the user makes at a stop (a PMCW field set in place) shows at once', async () => {
    const t = start();
    await t.step(() => t.runtime.stopOnEntry());
    const before = buildPanels(t.runtime, (x) => x);
    const sch = t.runtime.machine.io.subchannel(t.runtime.machine.devices[0]!.schno)!;
    sch.pmcw.intparm = 0x12345678;
    const after = buildPanels(t.runtime, (x) => x);
    expect(after.subchannels[0]).not.toBe(before.subchannels[0]);
    const pmcw = after.subchannels[0]!.rows.find((r) => r.name === 'pmcw')!;
    expect(pmcw.children?.find((r) => r.name === 'intparm')?.hex).toBe("X'12345678'");
  });
});

describe('deltas: a changed panel goes as what differs from the one the client holds', () => {
  test('every stop of the example decodes to the model; CCW steps send the changed members only', async () => {
    const t = start();
    await t.step(() => t.runtime.stopOnEntry());
    const cache = new PartCache();
    const ask = () => {
      const { have, held } = cache.snapshot();
      const r = panelRequest(t.runtime, PANEL_REQUESTS.panels, { have, storage: { address: 0, length: 256 }, track: { devno: 0x190, cylinder: 0, head: 0 } }, (x) => x);
      if (!('body' in r)) throw new Error(r.error);
      const wire = JSON.stringify(r.body);
      return { wire, model: cache.decode(JSON.parse(wire), held) };
    };
    ask();
    const sch = t.runtime.threads()[1]!.id;
    const steps = [() => t.runtime.stepIn(CPU_THREAD_ID), () => t.runtime.next(sch), () => t.runtime.next(sch), () => t.runtime.next(sch), () => t.runtime.next(sch), () => t.runtime.next(CPU_THREAD_ID)];
    const wires: string[] = [];
    for (const go of steps) {
      await t.step(go);
      const { wire, model } = ask();
      expect(model).toEqual(plain(buildPanels(t.runtime, (x) => x, { storage: { address: 0, length: 256 }, track: { devno: 0x190, cylinder: 0, head: 0 } })));
      wires.push(wire);
    }
    expect(wires.filter((w) => w.includes('"from"')).length).toBeGreaterThanOrEqual(4);
    // A CCW step moves the current mark: the CCWs that kept theirs are named, the two that changed say only that;
    // the DASD panel sends what moved, not its geometry.
    const ccwStep = wires[1] as string;
    expect(ccwStep).toMatch(/"set":\{"current":false\}/);
    expect(ccwStep).toMatch(/"set":\{"current":true\}/);
    expect(ccwStep).not.toContain('geometry');
    // The host subchannel's SCSW: the rows that changed, by index, down to the nested structure.
    expect(ccwStep).toMatch(/"rows":\{"1":\{"text":"[0-9A-F ]+","children":\{"\$part":"[^"]+","from":"[^"]+","rows":\{"\d+":/);
    expect(ccwStep.length).toBeLessThan(1500);
  });

  test('a delta from a part the client does not hold is an error the client recovers from', () => {
    expect(() => new PartCache().decode({ $part: 'x.2', from: 'x.1', set: { a: 1 } }, new Map())).toThrow(/does not hold/);
  });

  test('a delta keeps the unchanged members and the parts inside them; the replaced object forgets its own predecessor', () => {
    const settled = new Settled<{ inner: object; n: number; gone?: number }>();
    const inner = markShared({ x: 1 });
    const v1 = settled.settle('p', { inner, n: 1, gone: 5 });
    const cache = new PartCache();
    let snap = cache.snapshot();
    cache.decode(JSON.parse(JSON.stringify(encodeParts(v1, new Set(snap.have)))), snap.held);
    const v2 = settled.settle('p', { inner, n: 2 });
    snap = cache.snapshot();
    const wire = encodeParts(v2, new Set(snap.have)) as { from?: string; set?: object; unset?: string[] };
    expect(wire.set).toEqual({ n: 2 });
    expect(wire.unset).toEqual(['gone']);
    const decoded = cache.decode<{ inner: object; n: number }>(JSON.parse(JSON.stringify(wire)), snap.held);
    expect(decoded).toEqual({ inner: { x: 1 }, n: 2 });
    // The inner part is still held (the next answer may name it).
    snap = cache.snapshot();
    expect(snap.have).toHaveLength(2);
    const v3 = settled.settle('p', { inner, n: 3 });
    expect(JSON.stringify(encodeParts(v3, new Set(snap.have)))).toContain('"from"');
    // A client that holds only v1 (not v2) gets v3 whole: v3 came from v2, and v2 no longer links to v1.
    expect(JSON.stringify(encodeParts(v3, new Set()))).not.toContain('"from"');
  });
});
