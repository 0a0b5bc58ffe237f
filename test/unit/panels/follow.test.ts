/**
 * Following the panels (follow.ts): after a `ccw/panels` request with `follow: true`, each stop's
 * answer is pushed, made against the last answer sent; a client that decodes pushes and answers
 * in the order they come holds the model of every stop. And the client side's guard against a
 * reply that a push overtook (PartCache.overtaken).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { PanelsFollow } from '../../../src/debug/panels/follow';
import { buildPanels } from '../../../src/debug/panels/panels';
import { PartCache } from '../../../src/debug/panels/parts';
import { panelRequest, PANEL_REQUESTS } from '../../../src/debug/panels/requests';
import type { Runtime } from '../../../src/runtime/runtime';
import { CPU_THREAD_ID } from '../../../src/runtime/runtime';
import { steppedRuntime } from '../../helpers/steppedRuntime';

const VIEWS = { storage: { address: 0, length: 256 }, track: { devno: 0x190, cylinder: 0, head: 0 } };
/** What the client receives: a model or an answer through JSON. */
const plain = (v: unknown): unknown => JSON.parse(JSON.stringify(v));

function start() {
  const t = steppedRuntime(readFileSync('examples/read-vol1.ccw', 'utf8'), 'read-vol1.ccw');
  const follow = new PanelsFollow();
  const cache = new PartCache();
  const request = (args: Record<string, unknown>) => {
    const r = panelRequest(t.runtime, PANEL_REQUESTS.panels, args, (x) => x, follow);
    if (!('body' in r)) throw new Error(r.error);
    return plain(r.body);
  };
  /** A request as the extension sends it; its answer decoded. */
  const ask = (extra: Record<string, unknown> = {}) => {
    const snap = cache.snapshot();
    return cache.decode(request({ ...VIEWS, base: snap.base, ...extra }), snap);
  };
  /** This stop's push, as the session sends it; null when none. */
  const push = () => {
    const body = follow.atStop(t.runtime, (x) => x);
    return body === null ? null : plain(body);
  };
  return { t, follow, cache, request, ask, push };
}

describe('pushes after a request that follows', () => {
  test('each stop of the example is pushed, and decodes to the model of that stop', async () => {
    const { t, follow, cache, ask, push } = start();
    await t.step(() => t.runtime.stopOnEntry());
    expect(push()).toBeNull();
    ask({ follow: true });
    expect(follow.following).toBe(true);
    const sch = t.runtime.threads()[1]!.id;
    const steps = [() => t.runtime.stepIn(CPU_THREAD_ID), () => t.runtime.next(sch), () => t.runtime.next(sch), () => t.runtime.next(sch), () => t.runtime.next(sch), () => t.runtime.next(CPU_THREAD_ID)];
    const sizes: number[] = [];
    for (const go of steps) {
      await t.step(go);
      const body = push();
      expect(body).not.toBeNull();
      // Made against the answer before it: the one this client holds.
      expect((body as { $base?: string }).$base).toBe(cache.snapshot().base);
      expect(cache.decode(body, cache.snapshot())).toEqual(plain(buildPanels(t.runtime, (x) => x, VIEWS)));
      sizes.push(JSON.stringify(body).length);
    }
    // What differs, not the whole model (about 60 KB).
    expect(Math.max(...sizes)).toBeLessThan(JSON.stringify(buildPanels(t.runtime, (x) => x, VIEWS)).length / 10);
  });

  test('a request between two stops (a webview moved) moves the views; the next push is made against its answer', async () => {
    const { t, cache, ask, push } = start();
    await t.step(() => t.runtime.stopOnEntry());
    ask({ follow: true });
    await t.step(() => t.runtime.stepIn(CPU_THREAD_ID));
    cache.decode(push(), cache.snapshot());
    const moved = { storage: { address: 0x100, length: 64 }, track: VIEWS.track };
    const atRequest = ask({ ...moved, follow: true }) as { storage: { address: number } };
    expect(atRequest.storage.address).toBe(0x100);
    await t.step(() => t.runtime.next(t.runtime.threads()[1]!.id));
    const body = push() as { $base: string };
    expect(body.$base).toBe(cache.snapshot().base);
    expect(cache.decode(body, cache.snapshot())).toEqual(plain(buildPanels(t.runtime, (x) => x, moved)));
  });

  test('a request without follow leaves following as it is; follow: false ends it', async () => {
    const { t, follow, ask, push, cache } = start();
    await t.step(() => t.runtime.stopOnEntry());
    ask({ follow: true });
    ask();
    expect(follow.following).toBe(true);
    await t.step(() => t.runtime.stepIn(CPU_THREAD_ID));
    cache.decode(push(), cache.snapshot());
    ask({ follow: false });
    expect(follow.following).toBe(false);
    await t.step(() => t.runtime.next(CPU_THREAD_ID));
    expect(push()).toBeNull();
  });

  test('a plain request (no base) with follow: false ends following too; follow must be a boolean and needs base', async () => {
    const { t, follow, request, ask } = start();
    await t.step(() => t.runtime.stopOnEntry());
    ask({ follow: true });
    const whole = request({ ...VIEWS, follow: false }) as Record<string, unknown>;
    expect(whole.$answer).toBeUndefined();
    expect(whole.subchannels).toBeDefined();
    expect(follow.following).toBe(false);
    const refused = (args: Record<string, unknown>) => panelRequest(t.runtime, PANEL_REQUESTS.panels, args, (x) => x, follow);
    expect(refused({ ...VIEWS, follow: true })).toEqual({ error: expect.stringMatching(/follow needs base/) });
    expect(refused({ base: null, follow: 'yes' })).toEqual({ error: expect.stringMatching(/follow is true or false/) });
    expect(follow.following).toBe(false);
  });

  test('a stop whose panels cannot be built pushes an error; the next push is a whole answer', async () => {
    const { t, follow, cache, ask } = start();
    await t.step(() => t.runtime.stopOnEntry());
    ask({ follow: true });
    const broken = new Proxy(t.runtime, {
      get(target, key, receiver) {
        if (key === 'machine') throw new Error('no machine here');
        return Reflect.get(target, key, receiver) as unknown;
      },
    }) as Runtime;
    expect(follow.atStop(broken, (x) => x)).toEqual({ error: expect.stringMatching(/could not be built.*no machine here/) });
    // The client asks again (with a request, as the controller does after a push it cannot decode).
    expect(() => cache.decode({ error: 'x' }, cache.snapshot())).toThrow(/not a parts answer/);
    await t.step(() => t.runtime.stepIn(CPU_THREAD_ID));
    const body = follow.atStop(t.runtime, (x) => x) as { $base?: string };
    expect(body.$base).toBeUndefined();
    cache.clear();
    expect(cache.decode(plain(body), cache.snapshot())).toEqual(plain(buildPanels(t.runtime, (x) => x, VIEWS)));
  });
});

describe('a reply that a push overtook', () => {
  test('is older than what the client decoded and is recognised; a later one, or another adapter\'s, is not', async () => {
    const { t, cache, request, ask, push } = start();
    await t.step(() => t.runtime.stopOnEntry());
    ask({ follow: true });
    // A request sent at one stop, answered before the next stop's push, whose reply arrives after the push.
    const snap = cache.snapshot();
    const late = request({ ...VIEWS, base: snap.base });
    await t.step(() => t.runtime.stepIn(CPU_THREAD_ID));
    const pushed = push() as { $answer: string };
    expect(cache.overtaken(pushed)).toBe(false);
    expect(cache.overtaken(late)).toBe(false);
    cache.decode(late, snap);
    cache.decode(pushed, cache.snapshot());
    expect(cache.overtaken(late)).toBe(true);
    expect(cache.overtaken(pushed)).toBe(true);
    const [adapter, n] = [pushed.$answer.slice(0, pushed.$answer.lastIndexOf(':')), Number(pushed.$answer.slice(pushed.$answer.lastIndexOf(':') + 1))];
    expect(cache.overtaken({ $answer: `${adapter}:${n + 1}` })).toBe(false);
    expect(cache.overtaken({ $answer: `other:${n - 1}` })).toBe(false);
    expect(cache.overtaken({ $answer: 'nonsense' })).toBe(false);
    expect(cache.overtaken(null)).toBe(false);
    cache.clear();
    expect(cache.overtaken(late)).toBe(false);
  });
});
