/**
 * A stop at which nothing a panel shows changed costs a few comparisons (the DASD's live state
 * against what its panel was built from, the regions' bytes against a copy, the IRB list against
 * the trace's interruptions, the storage page and the track against copies): each test changes
 * one thing a panel shows, the way the machine does (in place where the machine does it so), and
 * expects the next build to show it; and what did not change to stay the same object.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test, vi } from 'vitest';
import { fieldRows, leaves, type FieldRow } from '../../../src/debug/panels/fieldRows';
import { buildPanels, type PanelsModel, type PanelsRequest } from '../../../src/debug/panels/panels';
import { recorderOf } from '../../../src/debug/panels/recorder';
import type { TrackView } from '../../../src/debug/panels/dasd';
import { Dasd3390 } from '../../../src/devices';
import type { DefinedExtent } from '../../../src/devices/dasd/defineExtent';
import type { LocateRecordRequest } from '../../../src/devices/dasd/locateRecord';
import type { RegionName } from '../../../src/vfio/regions';
import { CPU_THREAD_ID } from '../../../src/runtime/runtime';
import { readVol1AtFirstCcw, steppedRuntime } from '../../helpers/steppedRuntime';

const SOURCE = readFileSync('examples/read-vol1.ccw', 'utf8');

function start(path: 'vfio' | 'direct' = 'vfio') {
  return steppedRuntime(SOURCE, 'read-vol1.ccw', path);
}

/** At the first CCW of the example (the DASD has a Define Extent to run). */
async function atFirstCcw() {
  const t = await readVol1AtFirstCcw();
  const m = t.runtime.machine;
  const d = m.devices[0]!;
  const build = (request: PanelsRequest = {}): PanelsModel => buildPanels(t.runtime, (x) => x, request);
  return { t, m, d, dev: d.device as Dasd3390, mdev: d.mdev!, build };
}

const row = (rows: readonly FieldRow[], name: string): FieldRow | undefined => leaves(rows).find((r) => r.name === name);

describe('DASD: an unchanged device is its panel; every member the panel shows is compared', () => {
  test('a stop that changes nothing gives the same panel without computing the sense', async () => {
    const { dev, build } = await atFirstCcw();
    const before = build().dasd[0]!;
    const sense = vi.spyOn(dev, 'sense');
    expect(build().dasd[0]).toBe(before);
    expect(sense).not.toHaveBeenCalled();
  });

  const extentOf = (begin: { cylinder: number; head: number }, end: { cylinder: number; head: number }): DefinedExtent => ({
    parameters: new Uint8Array(16),
    fileMask: 0x40,
    writeControl: 1,
    seekControl: 0,
    globalAttributes: 0xc0,
    blockSize: 0,
    extent: { begin, end, first: begin.cylinder * 15 + begin.head, last: end.cylinder * 15 + end.head },
  });

  const changes: readonly { readonly what: string; readonly change: (dev: Dasd3390) => void; readonly shows: (p: PanelsModel['dasd'][number], dev: Dasd3390) => void }[] = [
    {
      what: 'a sense held for a unit check',
      change: (dev) => {
        const sense = new Uint8Array(32);
        sense[0] = 0x80;
        sense[7] = 0x0b;
        Reflect.set(dev, 'pendingSense', sense);
        Reflect.set(dev, 'pendingProblem', 'command reject');
      },
      shows: (p) => {
        expect(p.senseHex.startsWith('80000000')).toBe(true);
        expect(p.senseProblem).toBe('command reject');
      },
    },
    {
      what: 'the cylinder (and the null sense that names it)',
      change: (dev) => {
        dev.cursor.cylinder = 3;
      },
      shows: (p) => {
        expect(p.position).toEqual({ cylinder: 3, head: 0 });
        expect(row(p.sense, 'cylinder')?.dec).toBe('3');
      },
    },
    {
      what: 'the head',
      change: (dev) => {
        dev.cursor.head = 9;
      },
      shows: (p) => {
        expect(p.position.head).toBe(9);
        expect(row(p.sense, 'currentHead')?.dec).toBe('9');
      },
    },
    {
      what: 'the orientation',
      change: (dev) => {
        dev.cursor.position = { kind: 'home address' };
      },
      shows: (p) => expect(p.orientation).toBe('home address'),
    },
    {
      what: 'the record oriented on (its track loaded when shown, as the snapshot does)',
      change: (dev) => {
        dev.cursor.seek({ cylinder: 0, head: 0 });
        dev.cursor.position = { kind: 'count', record: 3 };
      },
      shows: (p, dev) => {
        expect(p.record).toMatchObject({ r: 3, kl: 4, dl: 80 });
        expect(p.tracksRead).toBe(dev.cursor.tracksRead);
      },
    },
    {
      what: 'the extent',
      change: (dev) => {
        dev.chain.extent = extentOf({ cylinder: 0, head: 1 }, { cylinder: 0, head: 4 });
      },
      shows: (p) => expect(p.extent).toEqual({ begin: 'cylinder 0 head 1', end: 'cylinder 0 head 4', defined: true }),
    },
    {
      what: 'the file mask (Set File Mask)',
      change: (dev) => {
        dev.chain.setFileMask = 0xc0;
      },
      shows: (p) => expect(leaves(p.fileMask).some((r) => r.dec !== '0')).toBe(true),
    },
    {
      what: 'a Locate Record domain',
      change: (dev) => {
        const request = { count: 2, transferLength: 80 } as LocateRecordRequest;
        dev.chain.domain = { request, operation: 6, orientation: 'count', remaining: 2, done: 0 };
      },
      shows: (p) => expect(p.locateRecord).toBe("operation X'06', orientation count, 2 of 2 records left, transfer length 80"),
    },
    {
      what: 'the last command',
      change: (dev) => {
        Reflect.set(dev, 'last', { code: 0x86, name: 'READ DATA', status: 0x0c, timeUs: 10, problem: null });
      },
      shows: (p) => expect(p.lastCommand).toBe("READ DATA (X'86')"),
    },
    {
      what: 'the tracks read',
      change: (dev) => {
        dev.cursor.tracksRead += 2;
      },
      shows: (p, dev) => expect(p.tracksRead).toBe(dev.cursor.tracksRead),
    },
    {
      what: 'the tracks written',
      change: (dev) => {
        dev.cursor.tracksWritten += 1;
      },
      shows: (p) => expect(p.tracksWritten).toBe(1),
    },
  ];

  for (const c of changes) {
    test(`${c.what} shows at the next build; the members it does not touch stay`, async () => {
      const { dev, build } = await atFirstCcw();
      const before = build().dasd[0]!;
      expect(build().dasd[0]).toBe(before);
      c.change(dev);
      const after = build().dasd[0]!;
      expect(after).not.toBe(before);
      c.shows(after, dev);
      expect(after.geometry).toBe(before.geometry);
      // Shown once, it is the panel until the next change.
      expect(build().dasd[0]).toBe(after);
    });
  }

  test('another sense with the same problem, the same sense with another problem, another domain with the same count: each shows', async () => {
    const { dev, build } = await atFirstCcw();
    const held = (byte0: number): Uint8Array => {
      const sense = new Uint8Array(32);
      sense[0] = byte0;
      return sense;
    };
    const sense = held(0x80);
    Reflect.set(dev, 'pendingSense', sense);
    Reflect.set(dev, 'pendingProblem', 'command reject');
    expect(build().dasd[0]!.senseHex.startsWith('80')).toBe(true);
    Reflect.set(dev, 'pendingSense', held(0x40));
    expect(build().dasd[0]!.senseHex.startsWith('40')).toBe(true);
    Reflect.set(dev, 'pendingProblem', 'intervention required');
    expect(build().dasd[0]!.senseProblem).toBe('intervention required');
    const request = { count: 2, transferLength: 80 } as LocateRecordRequest;
    dev.chain.domain = { request, operation: 6, orientation: 'count', remaining: 2, done: 0 };
    expect(build().dasd[0]!.locateRecord).toContain("operation X'06'");
    dev.chain.domain = { request, operation: 0x16, orientation: 'count', remaining: 2, done: 0 };
    expect(build().dasd[0]!.locateRecord).toContain("operation X'16'");
  });

  test('a track touched with nothing else changed shows', async () => {
    const { t, build } = await atFirstCcw();
    const before = build().dasd[0]!;
    const recorder = recorderOf(t.runtime);
    // What the recorder's CCW listener records when a CCW loads a track.
    Reflect.apply(Reflect.get(recorder, 'touch') as (x: unknown) => void, recorder, [{ devno: 0x190, cylinder: 0, head: 2, kind: 'read', time: t.runtime.machine.scheduler.now }]);
    const after = build().dasd[0]!;
    expect(after).not.toBe(before);
    expect(after.touched).toEqual([...before.touched, { cylinder: 0, head: 2, kind: 'read' }]);
  });

  test('on a record whose parsed track was dropped, the track is loaded again and its read counted (as the snapshot does)', async () => {
    const { dev, build } = await atFirstCcw();
    dev.cursor.seek({ cylinder: 0, head: 0 });
    dev.cursor.position = { kind: 'count', record: 3 };
    const before = build().dasd[0]!;
    expect(before.record?.r).toBe(3);
    dev.cursor.forget();
    const after = build().dasd[0]!;
    expect(after.tracksRead).toBe(before.tracksRead + 1);
    expect(dev.cursor.tracksRead).toBe(after.tracksRead);
    expect(after.record).toBe(before.record);
    expect(build().dasd[0]).toBe(after);
  });

  test('a domain counted down in place shows', async () => {
    const { dev, build } = await atFirstCcw();
    const request = { count: 3, transferLength: 80 } as LocateRecordRequest;
    dev.chain.domain = { request, operation: 6, orientation: 'count', remaining: 3, done: 0 };
    expect(build().dasd[0]!.locateRecord).toContain('3 of 3 records left');
    dev.chain.domain.remaining--;
    expect(build().dasd[0]!.locateRecord).toContain('2 of 3 records left');
    dev.chain.domain.remaining = 0;
    expect(build().dasd[0]!.locateRecord).toBeNull();
  });

  test('back to what it showed: the members are equal again (the same rows for the same sense)', async () => {
    const { dev, build } = await atFirstCcw();
    const before = build().dasd[0]!;
    dev.cursor.head = 5;
    expect(build().dasd[0]!.position.head).toBe(5);
    dev.cursor.head = 0;
    const back = build().dasd[0]!;
    expect(back.position).toEqual(before.position);
    expect(back.senseHex).toBe(before.senseHex);
  });

  test('the tracks the session touched show; the recorder answers with the same list until it changes', async () => {
    const t = start();
    await t.step(() => t.runtime.stopOnEntry());
    const first = buildPanels(t.runtime, (x) => x).dasd[0]!;
    expect(first.touched).toEqual([]);
    await t.step(() => t.runtime.continue());
    const now = t.runtime.machine.scheduler.now;
    const after = buildPanels(t.runtime, (x) => x).dasd[0]!;
    expect(after.touched).toContainEqual({ cylinder: 0, head: 0, kind: 'read' });
    const recorder = recorderOf(t.runtime);
    const list = recorder.tracksOf(0x190, now);
    expect(recorder.tracksOf(0x190, now)).toBe(list);
    const time = list[0]!.time;
    // Before the touch (a step back): not shown; after it again: shown.
    expect(recorder.tracksOf(0x190, time - 1)).toEqual([]);
    expect(recorder.tracksOf(0x190, time)).toEqual(list);
    expect(recorder.tracksOf(0x191, now)).toEqual([]);
  });

  test('a track written by the device shows in the touched tracks and the counts', async () => {
    const { dev, build } = await atFirstCcw();
    const before = build().dasd[0]!;
    const image = dev.store.readTrack(0, 1);
    if ('error' in image) throw new Error(image.error);
    dev.cursor.seek({ cylinder: 0, head: 1 });
    expect(dev.cursor.write(image.image)).toBeNull();
    const after = build().dasd[0]!;
    expect(after).not.toBe(before);
    expect(after.tracksWritten).toBe(before.tracksWritten + 1);
    expect(after.position).toEqual({ cylinder: 0, head: 1 });
  });
});

describe('regions: compared with a copy of their bytes; a region that did not change keeps its panel', () => {
  const NAMES: readonly RegionName[] = ['io', 'async-cmd', 'schib', 'crw'];

  for (const name of NAMES) {
    test(`a byte of the ${name} region changed in place shows (first, unaligned, last bytes)`, async () => {
      const { t, mdev, build } = await atFirstCcw();
      // The extra regions are registered while the device is open (QEMU opened it at the SSCH).
      expect(mdev.regions.count).toBe(4);
      const bytes = mdev.regions.bytesOf(name);
      for (const at of new Set([0, 1, 5 % bytes.length, bytes.length - 1])) {
        const before = build().regions[0]!;
        expect(build().regions[0]).toBe(before);
        bytes[at] = (bytes[at]! + 0x11) & 0xff;
        const after = build().regions[0]!;
        expect(after).not.toBe(before);
        const region = after.regions.find((r) => r.name === name)!;
        const info = mdev.regions.all().find((r) => r.name === name)!;
        expect(leaves(region.rows).map((r) => r.hex)).toEqual(leaves(fieldRows(info.layout, bytes, `check/${name}`)).map((r) => r.hex));
        for (const other of after.regions) if (other.name !== name) expect(other).toBe(before.regions.find((r) => r.name === other.name));
      }
      expect(t.runtime.machine.devices[0]!.mdev).toBe(mdev);
    });
  }

  test('the FSM state and the CRWs queued are shown', async () => {
    const { mdev, build } = await atFirstCcw();
    const before = build().regions[0]!;
    mdev.crws.add(0x3, 0x4, 0x190);
    const queued = build().regions[0]!;
    expect(queued).not.toBe(before);
    expect(queued.crwsQueued).toBe(1);
    expect(queued.regions).toEqual(before.regions);
    Reflect.set(mdev, 'state', 'NOT_OPER');
    const state = build().regions[0]!;
    expect(state.fsm).toBe('NOT_OPER');
    expect(build().regions[0]).toBe(state);
  });

  test('regions unregistered (the device closed) and registered again show; so does another description', async () => {
    const { dev, mdev, build } = await atFirstCcw();
    const before = build().regions[0]!;
    expect(before.regions).toHaveLength(4);
    mdev.regions.unregisterExtra();
    const closed = build().regions[0]!;
    expect(closed.regions.map((r) => r.name)).toEqual(['io']);
    expect(closed.regions[0]).toBe(before.regions[0]);
    mdev.regions.registerExtra();
    const open = build().regions[0]!;
    expect(open.regions).toEqual(before.regions);
    Reflect.set(dev, 'description', '3390-3 on a test control unit');
    expect(build().regions[0]!.description).toBe('3390-3 on a test control unit');
  });

  test('the same bytes after a restart are the same panel; PATH direct has none', async () => {
    const t = start();
    await t.step(() => t.runtime.stopOnEntry());
    const before = buildPanels(t.runtime, (x) => x).regions[0]!;
    await t.step(() => t.runtime.restart());
    expect(t.runtime.machine.devices[0]!.mdev!.regions.io).not.toBe(undefined);
    expect(buildPanels(t.runtime, (x) => x).regions[0]).toBe(before);
    const io = t.runtime.machine.devices[0]!.mdev!.regions.io;
    io[3] = io[3]! ^ 0xff;
    expect(buildPanels(t.runtime, (x) => x).regions[0]).not.toBe(before);
    const d = start('direct');
    await d.step(() => d.runtime.stopOnEntry());
    const direct = buildPanels(d.runtime, (x) => x).regions[0]!;
    expect(direct).toMatchObject({ fsm: null, regions: [], crwsQueued: 0 });
    expect(buildPanels(d.runtime, (x) => x).regions[0]).toBe(direct);
  });
});

describe('IRB history: the list given last when no interruption came since', () => {
  test('the same list at stops without an interruption; a new one adds its entry', async () => {
    const t = start();
    await t.step(() => t.runtime.stopOnEntry());
    buildPanels(t.runtime, (x) => x);
    await t.step(() => t.runtime.next(CPU_THREAD_ID)); // SSCH
    const none = buildPanels(t.runtime, (x) => x).irbs;
    expect(none).toHaveLength(0);
    await t.step(() => t.runtime.next(CPU_THREAD_ID)); // WAIT: the interruption
    const one = buildPanels(t.runtime, (x) => x).irbs;
    expect(one).toHaveLength(1);
    expect(buildPanels(t.runtime, (x) => x).irbs).toBe(one);
    await t.step(() => t.runtime.next(CPU_THREAD_ID));
    expect(buildPanels(t.runtime, (x) => x).irbs).toBe(one);
  });

  test('an intparm read from the ORB (not recorded) follows the ORB in storage', async () => {
    const t = start();
    await t.step(() => t.runtime.stopOnEntry());
    // No panel was built before the interruption: its intparm was not recorded.
    await t.step(() => t.runtime.continue());
    const first = buildPanels(t.runtime, (x) => x).irbs;
    expect(first[0]).toMatchObject({ intparm: "X'00C0FFEE'", intparmSource: 'orb' });
    const orb = t.image.symbols.find((s) => s.name === 'READ')!.value;
    t.runtime.machine.guest.bytes.set([0x12, 0x34, 0x56, 0x78], orb);
    expect(buildPanels(t.runtime, (x) => x).irbs[0]).toMatchObject({ intparm: "X'12345678'", intparmSource: 'orb' });
  });
});

describe('storage page and track view: compared with copies', () => {
  test('the first and the last byte of the page, wherever the page is', async () => {
    const { t, build } = await atFirstCcw();
    const g = t.runtime.machine.guest.bytes;
    for (const address of [0x2000, 0x2007, 0x2010]) {
      const page = () => build({ storage: { address, length: 64 } }).storage!;
      const before = page();
      expect(page()).toBe(before);
      g[before.address] = (g[before.address]! + 1) & 0xff;
      const first = page();
      expect(first).not.toBe(before);
      expect(first.rows[0]!.bytes[0]).toBe(g[before.address]);
      g[before.address + before.length - 1] = g[before.address + before.length - 1]! ^ 0xff;
      const last = page();
      expect(last).not.toBe(first);
      expect(last.rows[last.rows.length - 1]!.bytes[15]).toBe(g[before.address + before.length - 1]);
      expect(last.rows[1]).toBe(first.rows[1]);
    }
  });

  test('after a restart the same bytes are the same page and the same track view', async () => {
    const t = start();
    await t.step(() => t.runtime.stopOnEntry());
    const request = { storage: { address: 0, length: 256 }, track: { devno: 0x190, cylinder: 0, head: 0 } };
    const before = buildPanels(t.runtime, (x) => x, request);
    await t.step(() => t.runtime.restart());
    const after = buildPanels(t.runtime, (x) => x, request);
    expect(after.storage).toBe(before.storage);
    expect(after.track).toBe(before.track);
  });

  const records = (v: TrackView | null) => {
    if (!v || 'error' in v) throw new Error('no track');
    return v.records;
  };

  test('a track never written (built anew at each read) keeps its view; a track written shows the new image', async () => {
    const { dev, build } = await atFirstCcw();
    const track = { devno: 0x190, cylinder: 0, head: 0 };
    const view = build({ track }).track;
    expect(build({ track }).track).toBe(view);
    const other = { devno: 0x190, cylinder: 2, head: 3 };
    const blank = build({ track: other }).track;
    expect(build({ track: other }).track).toBe(blank);
    expect(build({ track }).track).toBe(view);
    const read = dev.store.readTrack(0, 0);
    if ('error' in read) throw new Error(read.error);
    const r3 = records(view).find((r) => r.r === 3)!;
    const image = read.image.slice();
    // The data of record 3 begins with the label's "VOL1": make it "XOL1".
    const label = new Uint8Array([0xe5, 0xd6, 0xd3, 0xf1]);
    let found = -1;
    for (let i = 0; i + 4 <= image.length && found < 0; i++) if (label.every((b, j) => image[i + j] === b)) found = i;
    expect(found).toBeGreaterThan(0);
    image[found] = 0xe7;
    expect(dev.store.writeTrack(0, 0, image)).toEqual({ ok: true });
    const written = build({ track }).track;
    expect(written).not.toBe(view);
    expect(records(written).find((r) => r.r === 3)!.keyText === 'XOL1' || records(written).find((r) => r.r === 3)!.dataText.startsWith('XOL1')).toBe(true);
    expect(r3.keyText).toBe('VOL1');
  });
});
