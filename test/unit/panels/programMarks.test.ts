/**
 * The Channel Program panel compares what it was built from in place at every stop and, when
 * only marks changed (the current CCW moved, the program modified a CCW in storage, the
 * translation ended), makes a successor of the last panel with just those entries made anew. A
 * comparison that missed a change would show a stale mark; so at every stop of each program,
 * on both paths and across a restart, the panel built from the previous stop's must equal the
 * one a fresh module instance builds from scratch, and its marks must be those the machine
 * shows (an oracle computed here from the runtime, not from the panel's code).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test, vi } from 'vitest';
import { hexBytes } from '../../../src/arch';
import { channelPrograms, type ChannelProgramPanel } from '../../../src/debug/panels/channelProgram';
import { predecessorOf } from '../../../src/debug/panels/shared';
import { CPU_THREAD_ID, type Runtime } from '../../../src/runtime/runtime';
import { steppedRuntime } from '../../helpers/steppedRuntime';

type Path = 'vfio' | 'direct';

/** Six NOPs in two segments (a TIC between them), all command-chained but the last. */
const TIC_PROGRAM = [
  '         DEVICE 0190,3390-3',
  'RUN      ORB   CPA=HEAD,FMT=1',
  "HEAD     CCW1  X'03',0,X'60',1",
  "         CCW1  X'03',0,X'60',1",
  "         CCW1  X'08',TAIL,0,0",
  "         CCW1  X'03',0,X'60',1",
  "TAIL     CCW1  X'03',0,X'60',1",
  "         CCW1  X'03',0,X'60',1",
  "         CCW1  X'03',0,X'20',1",
  '         SSCH  0190,RUN',
  '         WAIT  0190',
  '         END',
  '',
].join('\n');

/**
 * TIC_PROGRAM started three times: again after a STORE changed a CCW's count (a translation at
 * the same place that shows otherwise), then with a CCW address outside storage (a translation
 * without segments).
 */
const RESTARTED = TIC_PROGRAM.replace(
  '         END',
  [
    "         STORE HEAD+11,X'05'",
    '         SSCH  0190,RUN',
    '         WAIT  0190',
    'BAD      ORB   CPA=X\'7FFFFFF8\',FMT=1',
    '         SSCH  0190,BAD',
    '         WAIT  0190',
    '         END',
  ].join('\n'),
);

/** read-vol1.ccw with the Read Data reading the volume label over its own channel program. */
const SELF_MODIFYING = readFileSync('examples/read-vol1.ccw', 'utf8').replace('CCW1  RDDATA,LABEL,SLI,80', 'CCW1  RDDATA,CHAIN,SLI,80');

/** The model as the client sees it. */
const plain = (v: unknown): unknown => JSON.parse(JSON.stringify(v));

/** The panels a fresh module instance builds: no memory of any earlier stop. */
async function fromScratch(runtime: Runtime): Promise<ChannelProgramPanel[]> {
  vi.resetModules();
  const fresh = await import('../../../src/debug/panels/channelProgram');
  return fresh.channelPrograms(runtime, (p) => p);
}

/** The marks the machine shows now, for the CCWs the panel lists. */
function oracleMarks(runtime: Runtime, panel: ChannelProgramPanel): { current: boolean; modified: boolean }[] {
  const d = runtime.machine.devices[0]!;
  const current = runtime.currentCcw(d)?.address ?? null;
  const mdev = d.mdev;
  if (!mdev) return panel.ccws.map((c) => ({ current: c.guestAddress === current, modified: false }));
  const segments = mdev.cp ? mdev.cp.segments : mdev.lastSegments;
  const g = runtime.machine.guest;
  return segments.flatMap((s) => s.ccws.map((c) => ({ current: c.guestAddress === current, modified: hexBytes(g.bytes.subarray(c.guestAddress, c.guestAddress + 8), 4) !== hexBytes(c.raw, 4) })));
}

/**
 * Steps `source` from entry CCW by CCW on the subchannel thread to the end, then over the
 * driver's statements, `rounds` times (a restart between), checking the panel at every stop.
 * Returns how many stops moved the current mark and how many saw a CCW modified.
 */
async function stepThrough(source: string, path: Path, rounds = 1): Promise<{ stops: number; moves: number; modified: number }> {
  const t = steppedRuntime(source, 'marks.ccw', path);
  const r = t.runtime;
  const counts = { stops: 0, moves: 0, modified: 0 };
  let last: ChannelProgramPanel | null = null;
  const check = async (): Promise<void> => {
    const panel = channelPrograms(r, (p) => p)[0]!;
    expect(plain(panel)).toEqual(plain((await fromScratch(r))[0]));
    expect(panel.ccws.map((c) => ({ current: c.current, modified: c.modified }))).toEqual(oracleMarks(r, panel));
    // Built again at the same stop: the very same panel.
    expect(channelPrograms(r, (p) => p)[0]).toBe(panel);
    if (last && panel !== last && panel.ccws.length === last.ccws.length && panel.ccws.every((c, i) => c.guestAddress === last?.ccws[i]?.guestAddress && c.guest === last.ccws[i]?.guest)) {
      // Only marks changed: a successor whose unchanged entries are the same objects and whose changed ones succeed the old.
      expect(predecessorOf(panel)).toBe(last);
      panel.ccws.forEach((c, i) => {
        const was = last!.ccws[i]!;
        if (c.current === was.current && c.modified === was.modified) expect(c).toBe(was);
        else expect(predecessorOf(c)).toBe(was);
      });
      if (panel.ccws.some((c, i) => c.current !== last!.ccws[i]!.current)) counts.moves++;
    }
    if (panel.ccws.some((c) => c.modified)) counts.modified++;
    counts.stops++;
    last = panel;
  };
  for (let round = 0; round < rounds; round++) {
    await t.step(() => (round === 0 ? r.stopOnEntry() : r.restart()));
    await check();
    await t.step(() => r.stepIn(CPU_THREAD_ID));
    await check();
    const d = r.machine.devices[0]!;
    const sch = r.threads()[1]!.id;
    for (let i = 0; i < 20 && r.machine.css.engine.programs.has(d.cssSchno); i++) {
      await t.step(() => r.next(sch));
      await check();
    }
    for (let i = 0; i < 2; i++) {
      await t.step(() => r.next(CPU_THREAD_ID));
      await check();
    }
  }
  return counts;
}

describe.each(['vfio', 'direct'] as const)('channel program marks on PATH %s, compared with a fresh build at every stop', (path) => {
  test('the current mark moves CCW by CCW through a program of two segments', async () => {
    const counts = await stepThrough(TIC_PROGRAM, path);
    // Six NOPs and a TIC: the mark moved at most steps (a TIC is taken within the step to its target).
    expect(counts.moves).toBeGreaterThanOrEqual(5);
  });

  test('a program that reads over its own CCWs shows them modified (vfio) or as they are now (direct)', async () => {
    const counts = await stepThrough(SELF_MODIFYING, path);
    if (path === 'vfio') expect(counts.modified).toBeGreaterThan(0);
  });

  test('a restart shows the program anew, round after round', async () => {
    const counts = await stepThrough(TIC_PROGRAM, path, 3);
    expect(counts.stops).toBeGreaterThan(20);
  });
});

describe.each(['vfio', 'direct'] as const)('programs started again on PATH %s', (path) => {
  test('each START shows what storage holds then, compared with a fresh build at every stop', async () => {
    const t = steppedRuntime(RESTARTED, 'marks.ccw', path);
    const r = t.runtime;
    const d = r.machine.devices[0]!;
    const sch = r.threads()[1]!.id;
    const texts = new Set<string>();
    let empty = 0;
    await t.step(() => r.stopOnEntry());
    for (let i = 0; i < 80 && r.machine.driver.current?.op !== 'END'; i++) {
      await t.step(() => (r.machine.css.engine.programs.has(d.cssSchno) ? r.next(sch) : r.next(CPU_THREAD_ID)));
      const panel = channelPrograms(r, (p) => p)[0]!;
      expect(plain(panel)).toEqual(plain((await fromScratch(r))[0]));
      expect(panel.ccws.map((c) => ({ current: c.current, modified: c.modified }))).toEqual(oracleMarks(r, panel));
      texts.add(panel.ccws.map((c) => c.guest).join('|'));
      if (panel.ccws.length === 0 && r.lastStartOf(0x190)) empty++;
    }
    expect(r.machine.driver.current?.op).toBe('END');
    // The program before and after the STORE (and, on PATH vfio, none at the last START).
    expect([...texts].filter((x) => x.includes('count 5 ')).length).toBeGreaterThan(0);
    expect([...texts].filter((x) => x.length > 0 && !x.includes('count 5 ')).length).toBeGreaterThan(0);
    if (path === 'vfio') expect(empty).toBeGreaterThan(0);
  });
});

describe('changes made at a stop show at the next build', () => {
  async function atSecondCcw(path: Path) {
    const t = steppedRuntime(TIC_PROGRAM, 'marks.ccw', path);
    const r = t.runtime;
    await t.step(() => r.stopOnEntry());
    await t.step(() => r.stepIn(CPU_THREAD_ID));
    await t.step(() => r.next(r.threads()[1]!.id));
    return r;
  }

  test('a CCW written in storage and written back flips modified (vfio) and back, the other entries kept', async () => {
    const r = await atSecondCcw('vfio');
    const before = channelPrograms(r, (p) => p)[0]!;
    const at = before.ccws[4]!.guestAddress;
    const g = r.machine.guest.bytes;
    const old = g[at + 3]!;
    g[at + 3] = old ^ 0xff;
    const changed = channelPrograms(r, (p) => p)[0]!;
    expect(changed.ccws.map((c) => c.modified)).toEqual(before.ccws.map((_, i) => i === 4));
    expect(predecessorOf(changed.ccws[4]!)).toBe(before.ccws[4]);
    changed.ccws.forEach((c, i) => i !== 4 && expect(c).toBe(before.ccws[i]));
    expect(plain(changed)).toEqual(plain((await fromScratch(r))[0]));
    g[at + 3] = old;
    const back = channelPrograms(r, (p) => p)[0]!;
    expect(back.ccws.some((c) => c.modified)).toBe(false);
    expect(plain(back)).toEqual(plain(before));
  });

  test('on PATH direct a CCW written in storage is read anew', async () => {
    const r = await atSecondCcw('direct');
    const before = channelPrograms(r, (p) => p)[0]!;
    const at = before.ccws[1]!.guestAddress;
    r.machine.guest.bytes[at + 3] = 0x05; // count 5 instead of 1 (format 1: bytes 2-3)
    const after = channelPrograms(r, (p) => p)[0]!;
    expect(after.ccws[1]!.guest).toMatch(/count 5 /);
    expect(plain(after)).toEqual(plain((await fromScratch(r))[0]));
  });

  test('on PATH direct an ORB written in storage (another CCW address) is followed anew', async () => {
    const r = await atSecondCcw('direct');
    const before = channelPrograms(r, (p) => p)[0]!;
    const start = r.lastStartOf(0x190)!.statement;
    if (start.op !== 'SSCH') throw new Error('the last START is an SSCH');
    const tail = before.ccws[3]!.guestAddress;
    new DataView(r.machine.guest.bytes.buffer, r.machine.guest.bytes.byteOffset).setUint32(start.orb + 8, tail);
    const after = channelPrograms(r, (p) => p)[0]!;
    expect(after.ccws.map((c) => c.guestAddress)).toEqual(before.ccws.slice(3).map((c) => c.guestAddress));
    expect(plain(after)).toEqual(plain((await fromScratch(r))[0]));
  });
});

describe('runtime.currentCcwAddress', () => {
  test('is currentCcw(d)?.address at every stop, on both paths', async () => {
    for (const path of ['vfio', 'direct'] as const) {
      const t = steppedRuntime(TIC_PROGRAM, 'marks.ccw', path);
      const r = t.runtime;
      const d = () => r.machine.devices[0]!;
      const same = () => expect(r.currentCcwAddress(d())).toBe(r.currentCcw(d())?.address ?? null);
      await t.step(() => r.stopOnEntry());
      same();
      await t.step(() => r.stepIn(CPU_THREAD_ID));
      same();
      let seen = 0;
      for (let i = 0; i < 20 && r.machine.css.engine.programs.has(d().cssSchno); i++) {
        await t.step(() => r.next(r.threads()[1]!.id));
        same();
        if (r.currentCcwAddress(d()) !== null) seen++;
      }
      await t.step(() => r.next(CPU_THREAD_ID));
      same();
      expect(seen).toBeGreaterThan(3);
    }
  });
});
