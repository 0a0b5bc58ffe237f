/**
 * Panels at a stop cost what changed (issue 8): a panel whose inputs did not change is the same
 * object (not built again), a change made in place to the machine's state is seen, and the wire
 * carries only what differs from the panel the client holds. What the client decodes is always
 * the model buildPanels builds.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
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

describe('a panel is built again only when its inputs changed', () => {
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

const VIEWS = { storage: { address: 0, length: 256 }, track: { devno: 0x190, cylinder: 0, head: 0 } };

/** A client of the `ccw/panels` request as the extension is one: it names the last answer it decoded. */
function client(t: ReturnType<typeof start>) {
  const cache = new PartCache();
  const ask = (snap = cache.snapshot()) => {
    const r = panelRequest(t.runtime, PANEL_REQUESTS.panels, { base: snap.base, ...VIEWS }, (x) => x);
    if (!('body' in r)) throw new Error(r.error);
    const wire = JSON.stringify(r.body);
    return { wire, model: cache.decode(JSON.parse(wire), snap) };
  };
  return { cache, ask };
}

describe('deltas: a changed panel goes as what differs from the one the client holds', () => {
  test('every stop of the example decodes to the model; CCW steps send the changed members only', async () => {
    const t = start();
    await t.step(() => t.runtime.stopOnEntry());
    const { ask } = client(t);
    ask();
    const sch = t.runtime.threads()[1]!.id;
    const steps = [() => t.runtime.stepIn(CPU_THREAD_ID), () => t.runtime.next(sch), () => t.runtime.next(sch), () => t.runtime.next(sch), () => t.runtime.next(sch), () => t.runtime.next(CPU_THREAD_ID)];
    const wires: string[] = [];
    for (const go of steps) {
      await t.step(go);
      const { wire, model } = ask();
      expect(model).toEqual(plain(buildPanels(t.runtime, (x) => x, VIEWS)));
      wires.push(wire);
    }
    expect(wires.filter((w) => w.includes('"from"')).length).toBeGreaterThanOrEqual(4);
    // A CCW step moves the current mark: the CCWs that kept theirs are named, the two that changed say only that;
    // the DASD panel sends what moved, not its geometry.
    const ccwStep = wires[1] as string;
    expect(ccwStep).toMatch(/"set":\{"current":false\}/);
    expect(ccwStep).toMatch(/"set":\{"current":true\}/);
    expect(ccwStep).not.toContain('geometry');
    // The host subchannel's SCSW: the rows that changed, as index and value pairs, down to the nested structure.
    expect(ccwStep).toMatch(/"rows":\[1,\{"text":"[0-9A-F ]+","children":\{"\$part":"[^"]+","from":"[^"]+","rows":\[\d+,/);
    // The channel program's list: the two entries whose mark moved, by index.
    expect(ccwStep).toMatch(/"at":\[\d+,\{"\$part":"[^"]+","from":"[^"]+","set":\{"current":(false|true)\}\},\d+,/);
    // What did not change is left out: the regions, the IRB history, the storage page and the track.
    for (const k of ['regions', 'irbs', 'storage', 'track']) expect(Object.keys(JSON.parse(ccwStep) as object)).not.toContain(k);
    expect(ccwStep.length).toBeLessThan(1500);
    // A stop that changes nothing the panels show but the clock: the answer is its name, its base and the stop.
    expect(Object.keys(JSON.parse(wires[5] as string) as object).sort()).toEqual(['$answer', '$base', 'stop']);
  });

  test('the new IRB entry of an interruption names the SCSW schema the client was sent before', async () => {
    const t = start();
    await t.step(() => t.runtime.stopOnEntry());
    const { ask } = client(t);
    ask();
    const sch = t.runtime.threads()[1]!.id;
    const wires: string[] = [];
    for (const go of [() => t.runtime.stepIn(CPU_THREAD_ID), () => t.runtime.next(sch), () => t.runtime.next(sch), () => t.runtime.next(sch), () => t.runtime.next(sch)]) {
      await t.step(go);
      const { wire, model } = ask();
      expect(model).toEqual(plain(buildPanels(t.runtime, (x) => x, VIEWS)));
      wires.push(wire);
    }
    // The status-pending stop: one new IRB entry whose SCSW rows are values against a schema named, not repeated.
    const irq = JSON.parse(wires[4] as string) as { irbs: { at: unknown[] } };
    const entry = JSON.stringify(irq.irbs.at[1]);
    expect(entry).toMatch(/"\$rows":\{"\$part":"[^"]+"\}/);
    expect(entry).not.toContain('"doc"');
    expect((wires[4] as string).length).toBeLessThan(3000);
  });

  test('answers that cross (two asked with the same base) each decode against it; an unknown base gets everything', async () => {
    const t = start();
    await t.step(() => t.runtime.stopOnEntry());
    const { cache, ask } = client(t);
    ask();
    await t.step(() => t.runtime.stepIn(CPU_THREAD_ID));
    const snap = cache.snapshot();
    const first = ask(snap);
    const second = ask(snap);
    expect(second.model).toEqual(first.model);
    expect(second.model).toEqual(plain(buildPanels(t.runtime, (x) => x, VIEWS)));
    // Another adapter's answer name, or one this adapter never made: no base, the whole model.
    for (const base of ['zzzz:1', 'nonsense', `${String((JSON.parse(first.wire) as { $answer: string }).$answer.split(':')[0])}:999999999`]) {
      const r = panelRequest(t.runtime, PANEL_REQUESTS.panels, { base, ...VIEWS }, (x) => x) as { body: Record<string, unknown> };
      expect(r.body.$base).toBeUndefined();
      expect(new PartCache().decode(JSON.parse(JSON.stringify(r.body)), new PartCache().snapshot())).toEqual(plain(buildPanels(t.runtime, (x) => x, VIEWS)));
    }
    // A client without `base` gets the plain model.
    const r = panelRequest(t.runtime, PANEL_REQUESTS.panels, VIEWS, (x) => x) as { body: Record<string, unknown> };
    expect(r.body.$answer).toBeUndefined();
    expect(plain(r.body)).toEqual(plain(buildPanels(t.runtime, (x) => x, VIEWS)));
  });

  test('an answer against a model the client does not hold, or a delta from a part it does not hold, is an error it recovers from', () => {
    const empty = new PartCache().snapshot();
    expect(() => new PartCache().decode({ $answer: 'x:3', $base: 'x:2', stop: 1 }, empty)).toThrow(/does not hold/);
    expect(() => new PartCache().decode({ $answer: 'x:2', v: { $part: 'x.2', from: 'x.1', set: { a: 1 } } }, empty)).toThrow(/does not hold/);
    expect(() => new PartCache().decode({ v: 1 }, empty)).toThrow(/\$answer/);
    expect(() => new PartCache().decode({ $answer: 'x:2', v: { $rows: { $part: 'x.9' }, key: 'k', base: 0, values: [] } }, empty)).toThrow(/schema/);
  });

  test('an array delta is index and value pairs; a malformed index list is an error, not a wrong model', () => {
    const cache = new PartCache();
    let snap = cache.snapshot();
    expect(cache.decode<{ v: unknown }>({ $answer: 'x:1', v: { $part: 'x.1', value: ['a', 'b'] } }, snap).v).toEqual(['a', 'b']);
    snap = cache.snapshot();
    expect(cache.decode<{ v: unknown }>({ $answer: 'x:2', $base: 'x:1', v: { $part: 'x.2', from: 'x.1', at: [1, 'B', 2, 'C'] } }, snap).v).toEqual(['a', 'B', 'C']);
    snap = cache.snapshot();
    for (const at of [[0], [-1, 'z'], [0.5, 'z'], ['0', 'z']]) expect(() => cache.decode({ $answer: 'x:3', $base: 'x:2', v: { $part: 'x.3', from: 'x.2', at } }, snap)).toThrow(/index/);
    expect(() => cache.decode({ $answer: 'x:3', $base: 'x:2', v: { $part: 'x.3', from: 'x.2', at: { 0: 'z' } } }, snap)).toThrow(/not a list/);
  });

  test('a delta keeps the unchanged members and the parts inside them; the replaced object forgets its own predecessor', () => {
    const settled = new Settled<{ inner: object; n: number; gone?: number }>();
    const inner = markShared({ x: 1 });
    const v1 = settled.settle('p', { inner, n: 1, gone: 5 });
    const cache = new PartCache();
    let snap = cache.snapshot();
    cache.decode(JSON.parse(JSON.stringify(encodeParts({ p: v1 }, snap.base))), snap);
    const v2 = settled.settle('p', { inner, n: 2 });
    snap = cache.snapshot();
    const wire = encodeParts({ p: v2 }, snap.base) as unknown as { p: { from?: string; set?: object; unset?: string[] } };
    expect(wire.p.set).toEqual({ n: 2 });
    expect(wire.p.unset).toEqual(['gone']);
    const decoded = cache.decode<{ p: { inner: object; n: number } }>(JSON.parse(JSON.stringify(wire)), snap);
    expect(decoded.p).toEqual({ inner: { x: 1 }, n: 2 });
    // The inner part is still held (the next answer may name it).
    snap = cache.snapshot();
    expect([...snap.held.keys()]).toHaveLength(2);
    // A member that is the same is left out; the client keeps its own.
    const same = encodeParts({ p: v2, q: 1 }, snap.base) as Record<string, unknown>;
    expect(Object.keys(same).sort()).toEqual(['$answer', '$base', 'q']);
    expect(cache.decode(JSON.parse(JSON.stringify(same)), snap)).toEqual({ p: { inner: { x: 1 }, n: 2 }, q: 1 });
    snap = cache.snapshot();
    const v3 = settled.settle('p', { inner, n: 3 });
    expect(JSON.stringify(encodeParts({ p: v3 }, snap.base))).toContain('"from"');
    // A client that holds nothing gets v3 whole.
    expect(JSON.stringify(encodeParts({ p: v3 }, null))).not.toContain('"from"');
  });
});
