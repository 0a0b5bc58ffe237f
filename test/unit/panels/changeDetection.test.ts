/**
 * Panels see every change the machine makes in place (issue 8). A stop compares what a panel was
 * built from with the machine's state as it is now (the SCHIB's PMCW and SCSW members, the DASD
 * snapshot, the translated program and guest storage) instead of building the panel again; a
 * comparison that missed a member would show stale data. So each test changes the state the way
 * the machine does, in place, and expects the panel to show it; and at every stop of the example
 * the panels equal those a fresh session builds from scratch.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { SCHIB, SCSW, hexBytes, type FieldDescription } from '../../../src/arch';
import { fieldRows, type FieldRow } from '../../../src/debug/panels/fieldRows';
import { buildPanels } from '../../../src/debug/panels/panels';
import { Dasd3390 } from '../../../src/devices';
import { CPU_THREAD_ID, Runtime } from '../../../src/runtime/runtime';
import { readVol1AtFirstCcw, steppedRuntime } from '../../helpers/steppedRuntime';

const VIEWS = { storage: { address: 0x1000, length: 256 }, track: { devno: 0x190, cylinder: 0, head: 0 } };

function start() {
  return steppedRuntime(readFileSync('examples/read-vol1.ccw', 'utf8'), 'read-vol1.ccw');
}

/** The model as a client sees it (through JSON). */
const plain = (v: unknown): unknown => JSON.parse(JSON.stringify(v));

/** At the first CCW of the example: the host subchannel has a program running, the DASD a Define Extent to run. */
async function atFirstCcw() {
  const t = await readVol1AtFirstCcw();
  const m = t.runtime.machine;
  const d = m.devices[0]!;
  return { t, m, d, host: m.css.subchannel(d.cssSchno)!, guest: m.io.subchannel(d.schno)! };
}

const child = (rows: readonly FieldRow[], ...path: string[]): FieldRow | undefined => {
  let r: FieldRow | undefined;
  let list: readonly FieldRow[] | undefined = rows;
  for (const name of path) {
    r = list?.find((x) => x.name === name);
    list = r?.children;
  }
  return r;
};

describe('subchannels: the SCHIB is compared member by member, not encoded, at a stop', () => {
  test('a SCSW field set in place (the channel subsystem stores status so) shows at the next build', async () => {
    const { t, host } = await atFirstCcw();
    const before = buildPanels(t.runtime, (x) => x).subchannels.find((p) => p.role === 'host')!;
    expect(buildPanels(t.runtime, (x) => x).subchannels.find((p) => p.role === 'host')).toBe(before);
    host.scsw.count = 0x1234;
    const after = buildPanels(t.runtime, (x) => x).subchannels.find((p) => p.role === 'host')!;
    expect(after).not.toBe(before);
    expect(child(after.rows, 'scsw', 'count')?.dec).toBe(String(0x1234));
    host.scsw.stctl = 0x07;
    const again = buildPanels(t.runtime, (x) => x).subchannels.find((p) => p.role === 'host')!;
    expect(again.state).toMatch(/status PRIM\+SEC\+PEND/);
  });

  test('a CHPID byte set in place (a byte member of the PMCW) changes the paths and the rows', async () => {
    const { t, guest } = await atFirstCcw();
    const before = buildPanels(t.runtime, (x) => x).subchannels.find((p) => p.role === 'guest')!;
    guest.pmcw.chpids[0] = 0x42;
    const after = buildPanels(t.runtime, (x) => x).subchannels.find((p) => p.role === 'guest')!;
    expect(after).not.toBe(before);
    expect(after.paths[0]?.chpid).toBe('42');
    expect(child(after.rows, 'pmcw', 'chpids')?.bytes).toMatch(/^42/);
  });

  test('the measurement-block address, the pending interruption and the paths online are inputs too', async () => {
    const { t, host, guest } = await atFirstCcw();
    const panels = () => buildPanels(t.runtime, (x) => x).subchannels;
    guest.mba = 0x2000;
    expect(child(panels().find((p) => p.role === 'guest')!.rows, 'mba')?.hex).toMatch(/2000'$/);
    guest.interruptionPending = !guest.interruptionPending;
    expect(panels().find((p) => p.role === 'guest')!.state.includes('interruption pending')).toBe(guest.interruptionPending);
    const online = panels().find((p) => p.role === 'host')!.paths[0]!.online;
    host.pathsOnline ^= 0x80;
    expect(panels().find((p) => p.role === 'host')!.paths[0]!.online).toBe(!online);
  });
});

describe('DASD: the snapshot is compared, members that did not change are kept', () => {
  test('every stop of the example shows what the device holds (compared with a fresh session built from scratch)', async () => {
    const a = start();
    const b = start();
    await a.step(() => a.runtime.stopOnEntry());
    buildPanels(a.runtime, (x) => x, VIEWS);
    const sch = a.runtime.threads()[1]!.id;
    const steps = (r: Runtime) => [() => r.stepIn(CPU_THREAD_ID), () => r.next(sch), () => r.next(sch), () => r.next(sch), () => r.next(sch), () => r.next(CPU_THREAD_ID), () => r.next(CPU_THREAD_ID)];
    const planA = steps(a.runtime);
    const planB = steps(b.runtime);
    await b.step(() => b.runtime.stopOnEntry());
    for (let i = 0; i < planA.length; i++) {
      await a.step(planA[i]!);
      await b.step(planB[i]!);
      // a: built at every stop (each from the one before); b: built for the first time here, on a machine it never saw.
      const incremental = buildPanels(a.runtime, (x) => x, VIEWS);
      const d = b.runtime.machine.devices[0]!.device as Dasd3390;
      const s = d.snapshot();
      const fresh = buildPanels(b.runtime, (x) => x, VIEWS);
      expect(plain(incremental)).toEqual(plain(fresh));
      const p = incremental.dasd[0]!;
      expect(p.position).toEqual(s.position);
      expect(p.orientation).toBe(s.orientation);
      expect(p.senseHex).toBe(hexBytes(s.sense, 4));
      expect(p.tracksRead).toBe(s.tracksRead);
      expect(p.lastCommand?.startsWith(s.lastCommand?.name ?? 'none') ?? s.lastCommand === null).toBe(true);
    }
  });

  test('a change of the device state in place (the access mechanism moved) shows at the next build', async () => {
    const { t, d } = await atFirstCcw();
    const dev = d.device as Dasd3390;
    const before = buildPanels(t.runtime, (x) => x).dasd[0]!;
    expect(buildPanels(t.runtime, (x) => x).dasd[0]).toBe(before);
    dev.cursor.head = 7;
    const after = buildPanels(t.runtime, (x) => x).dasd[0]!;
    expect(after).not.toBe(before);
    expect(after.position).toEqual({ cylinder: dev.cursor.cylinder, head: 7 });
    // The sense a 3390 holds names the head it is on (its byte 31).
    expect(after.sense.find((r) => r.name === 'currentHead')?.dec).toBe('7');
    // What did not change is the same object (a part the client holds).
    expect(after.geometry).toBe(before.geometry);
    expect(after.fileMask).toBe(before.fileMask);
  });
});

describe('channel program and storage: compared in place', () => {
  test('a CCW the program modified in guest storage is marked at the next build', async () => {
    const { t, d } = await atFirstCcw();
    const before = buildPanels(t.runtime, (x) => x).programs[0]!;
    expect(before.ccws.some((c) => c.modified)).toBe(false);
    const at = before.ccws[1]!.guestAddress;
    t.runtime.machine.guest.bytes[at + 7] = (t.runtime.machine.guest.bytes[at + 7]! + 1) & 0xff;
    const after = buildPanels(t.runtime, (x) => x).programs[0]!;
    expect(after.ccws[1]?.modified).toBe(true);
    expect(after.ccws[0]).toBe(before.ccws[0]);
    expect(d.mdev).toBeDefined();
  });

  test('a byte written in the storage page (aligned or not) shows at the next build', async () => {
    const { t } = await atFirstCcw();
    const page = () => buildPanels(t.runtime, (x) => x, { storage: { address: 0x3000, length: 256 } }).storage!;
    const before = page();
    expect(page()).toBe(before);
    t.runtime.machine.guest.bytes[0x3000 + 37] = 0xc1;
    const after = page();
    expect(after).not.toBe(before);
    expect(after.rows[2]?.bytes[5]).toBe(0xc1);
  });
});

describe('field rows: a changed structure rebuilds the rows of the fields that changed', () => {
  /** The rows the table's own describe() gives (what fieldRows built from scratch before). */
  const expected = (ds: readonly FieldDescription[]): unknown => ds.map((d) => ({ name: d.name, text: d.text, offset: d.byteOffset, ...(d.children ? { children: expected(d.children) } : {}) }));
  const actual = (rows: readonly FieldRow[], base = 0): unknown =>
    rows.map((r) => ({ name: r.name, text: r.text, offset: r.offset - base, ...(r.children ? { children: actual(r.children, base) } : {}) }));

  test('after any sequence of byte changes the rows are the table describe()s, and unchanged rows are the same objects', () => {
    let seed = 8;
    const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed);
    const bytes = new Uint8Array(SCHIB.size);
    let last = fieldRows(SCHIB, bytes, 'test/schib');
    for (let i = 0; i < 200; i++) {
      // Mostly the SCSW (as a CCW step does), sometimes anywhere.
      const at = random() % 3 === 0 ? random() % SCHIB.size : SCHIB.offsetOf('scsw') + (random() % SCSW.size);
      bytes[at] = random() & 0xff;
      const rows = fieldRows(SCHIB, bytes, 'test/schib');
      expect(actual(rows)).toEqual(expected(SCHIB.describe(bytes)));
      if (at < SCHIB.offsetOf('scsw')) expect(rows.find((r) => r.name === 'scsw')).toBe(last.find((r) => r.name === 'scsw'));
      else if (at < SCHIB.offsetOf('scsw') + SCSW.size) expect(rows.find((r) => r.name === 'pmcw')).toBe(last.find((r) => r.name === 'pmcw'));
      last = rows;
    }
  });
});
