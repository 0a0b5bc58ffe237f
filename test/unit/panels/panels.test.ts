/**
 * The panels' view-models against a real run of examples/read-vol1.ccw (PATH vfio) and the
 * values the PoO figures and the field tables give: the stop's regions, subchannels, IRB
 * history, DASD state, channel program and storage; building them has no side effect; the
 * destructive region reads happen only as the explicit action.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { SCSW } from '../../../src/arch';
import { leaves, fieldRows, formats, type FieldRow } from '../../../src/debug/panels/fieldRows';
import { buildPanels } from '../../../src/debug/panels/panels';
import { panelRequest, PANEL_REQUESTS } from '../../../src/debug/panels/requests';
import { CPU_THREAD_ID } from '../../../src/runtime/runtime';
import { steppedRuntime } from '../../helpers/steppedRuntime';

const SOURCE = readFileSync('examples/read-vol1.ccw', 'utf8');
const lines = SOURCE.split('\n');
const lineOf = (re: RegExp): number => lines.findIndex((l) => re.test(l)) + 1;

function start(path: 'vfio' | 'direct' = 'vfio') {
  return steppedRuntime(SOURCE, 'read-vol1.ccw', path);
}

const find = (rows: readonly FieldRow[], ...path: string[]): FieldRow => {
  let r: FieldRow | undefined;
  let list = rows;
  for (const name of path) {
    r = list.find((x) => x.name === name);
    if (!r) throw new Error(`no row ${path.join('/')}`);
    list = r.children ?? [];
  }
  return r as FieldRow;
};

describe('field rows from the tables (IBM bit numbering, named values)', () => {
  test('a value three ways: binary starts with IBM bit 0 on the left, in nibbles', () => {
    expect(formats(0x0c, 8)).toEqual({ hex: "X'0C'", bin: "B'0000 1100'", dec: '12' });
    expect(formats(0x4, 3)).toEqual({ hex: "X'4'", bin: "B'100'", dec: '4' });
  });

  test('SCSW word 2 X\'0C000050\': device status CE+DE in bits 0-7, residual count 80 (PoO "Subchannel-Status Word")', () => {
    const bytes = new Uint8Array(12);
    bytes.set([0x0c, 0x00, 0x00, 0x50], 8);
    const rows = fieldRows(SCSW, bytes, 'scsw');
    const dstat = find(rows, 'dstat');
    expect(dstat).toMatchObject({ bits: 'word 2 bits 0-7', offset: 8, hex: "X'0C'", bin: "B'0000 1100'", key: 'scsw/dstat' });
    expect(dstat.text).toContain('CE+DE');
    expect(find(rows, 'count')).toMatchObject({ dec: '80', bits: 'word 2 bits 16-31' });
    expect(find(rows, 'fctl').bits).toBe('word 0 bits 17-19');
  });
});

describe('panels at the stops of examples/read-vol1.ccw', () => {
  test('each stop: current CCW, translation side by side, regions; building reads nothing', async () => {
    const t = start();
    await t.step(() => t.runtime.stopOnEntry());
    let p = buildPanels(t.runtime, (x) => x);
    expect(p.path).toBe('vfio');
    expect(p.irbs).toEqual([]);
    expect(p.regions[0]).toMatchObject({ devno: '0190' });
    expect(p.regions[0]?.regions.map((r) => r.name)).toEqual(['io', 'async-cmd', 'schib', 'crw']);

    const sch = t.runtime.threads()[1]!.id;
    await t.step(() => t.runtime.stepIn(CPU_THREAD_ID));
    p = buildPanels(t.runtime, (x) => x);
    const program = p.programs[0]!;
    expect(program.path).toBe('vfio');
    expect(program.ccws).toHaveLength(3);
    expect(program.ccws.filter((c) => c.current).map((c) => c.source?.line)).toEqual([lineOf(/DEFEXT,DEXTPARM/)]);
    // Every guest CCW has its host copy; the Read Data moves data, so it got an IDAL (vfio_ccw_cp.c).
    expect(program.ccws.every((c) => c.host !== null)).toBe(true);
    expect(program.ccws[2]?.host?.idal).toMatch(/^IDAL /);
    expect(program.ccws[2]?.guest).toMatch(/^READ DATA X'06'  flags SLI  count 80/);
    // The io region holds the ORB QEMU wrote: intparm from the ORB statement (INTPARM=X'00C0FFEE').
    const io = p.regions[0]!.regions[0]!;
    expect(find(io.rows, 'orb_area', 'intparm').hex).toBe("X'00C0FFEE'");

    // Building the panels is side-effect free: the schib and crw regions and the CRW queue are untouched.
    const mdev = t.runtime.machine.devices[0]!.mdev!;
    const before = [mdev.regions.bytesOf('schib').slice(), mdev.regions.bytesOf('crw').slice(), mdev.crws.snapshot().length, mdev.state];
    buildPanels(t.runtime, (x) => x);
    expect([mdev.regions.bytesOf('schib').slice(), mdev.regions.bytesOf('crw').slice(), mdev.crws.snapshot().length, mdev.state]).toEqual(before);

    await t.step(() => t.runtime.next(sch));
    p = buildPanels(t.runtime, (x) => x);
    expect(p.programs[0]!.ccws.filter((c) => c.current).map((c) => c.source?.line)).toEqual([lineOf(/LOCREC,LOCPARM/)]);
    expect(p.dasd[0]!.extent).toMatchObject({ begin: 'cylinder 0 head 0', end: 'cylinder 0 head 14', defined: true });
    // File mask X'00' (DEXTPARM byte 0): writes allowed except HA and R0 … as the table names it.
    expect(p.dasd[0]!.fileMask.map((r) => r.name)).toEqual(['writeControl', 'maskReserved', 'seekControl', 'authorization', 'pciFetch']);
  });

  test('after the run: IRB history, subchannels, DASD touch picture and records, storage with symbols', async () => {
    const t = start();
    await t.step(() => t.runtime.stopOnEntry());
    buildPanels(t.runtime, (x) => x); // the extension's first request: the recorder listens from here on
    await t.step(() => t.runtime.continue());
    const p = buildPanels(t.runtime, (x) => x, { storage: { address: t.image.symbols.find((s) => s.name === 'LABEL')!.value, length: 80 }, track: { devno: 0x190, cylinder: 0, head: 0 } });

    expect(p.irbs).toHaveLength(1);
    const irb = p.irbs[0]!;
    expect(irb).toMatchObject({ seq: 1, devno: '0190', intparm: "X'00C0FFEE'", intparmSource: 'recorded', sense: null });
    expect(find(irb.scsw, 'dstat').text).toContain('CE+DE');
    expect(find(irb.scsw, 'stctl').text).toBe("X'07' (PRIM+SEC+PEND)");
    // The SCSW's CCW address is the last CCW + 8: revealing it goes to the Read Data line.
    expect(irb.ccwSource?.line).toBe(lineOf(/RDDATA,LABEL/));

    const guest = p.subchannels.find((s) => s.role === 'guest')!;
    expect(guest).toMatchObject({ devno: '0190', fsm: 'IDLE' });
    expect(find(guest.rows, 'pmcw', 'devno').hex).toBe("X'0190'");
    expect(guest.paths[0]).toMatchObject({ index: 0, chpid: '01', installed: true, available: true });
    expect(p.subchannels.some((s) => s.role === 'host')).toBe(true);

    const dasd = p.dasd[0]!;
    expect(dasd.position).toEqual({ cylinder: 0, head: 0 });
    expect(dasd.touched).toContainEqual({ cylinder: 0, head: 0, kind: 'read' });
    expect(dasd.geometry.heads).toBe(15);
    const track = p.track!;
    if ('error' in track) throw new Error(track.error);
    const r3 = track.records.find((r) => r.r === 3)!;
    expect(r3).toMatchObject({ kl: 4, dl: 80 });
    expect(r3.keyText).toBe('VOL1');
    expect(r3.dataText.startsWith('VOL1')).toBe(true);
    expect(find(r3.countRows, 'r').dec).toBe('3');

    const storage = p.storage!;
    expect(storage.rows[0]!.symbols.map((s) => s.name)).toContain('LABEL');
    const label = storage.rows.map((r) => r.text).join('');
    expect(label.slice(storage.rows[0]!.symbols.find((s) => s.name === 'LABEL')!.offset).startsWith('VOL1')).toBe(true);
  });

  test('step back: the IRB history is the history of the machine as it stands', async () => {
    const t = start();
    await t.step(() => t.runtime.stopOnEntry());
    buildPanels(t.runtime, (x) => x);
    await t.step(() => t.runtime.next(CPU_THREAD_ID)); // SSCH
    await t.step(() => t.runtime.next(CPU_THREAD_ID)); // WAIT: the interruption
    expect(buildPanels(t.runtime, (x) => x).irbs).toHaveLength(1);
    await t.step(() => t.runtime.stepBack());
    expect(buildPanels(t.runtime, (x) => x).irbs).toHaveLength(0);
    await t.step(() => t.runtime.next(CPU_THREAD_ID));
    const again = buildPanels(t.runtime, (x) => x);
    expect(again.irbs).toHaveLength(1);
    // Recorded on the first machine, kept on the rebuilt one (same statement, same virtual time).
    expect(again.irbs[0]).toMatchObject({ intparm: "X'00C0FFEE'", intparmSource: 'recorded' });
  });

  test('destructive reads are explicit requests: STSCH into the schib region, CRW pop', async () => {
    const t = start();
    await t.step(() => t.runtime.stopOnEntry());
    const mdev = t.runtime.machine.devices[0]!.mdev!;
    const crwBefore = mdev.regions.bytesOf('crw').slice();
    const stsch = panelRequest(t.runtime, PANEL_REQUESTS.readRegion, { devno: 0x190, region: 'schib' }, (x) => x);
    if (!('body' in stsch)) throw new Error(stsch.error);
    const rows = (stsch.body as { rows: FieldRow[] }).rows;
    // The host SCHIB as STORE SUBCHANNEL stores it: the device number is valid and 0190.
    expect(find(rows, 'schib_area', 'pmcw', 'devno').hex).toBe("X'0190'");
    expect(find(rows, 'schib_area', 'pmcw', 'V').dec).toBe('1');
    expect(leaves(buildPanels(t.runtime, (x) => x).regions[0]!.regions.find((r) => r.name === 'schib')!.rows).find((r) => r.name === 'devno')?.hex).toBe("X'0190'");
    const crw = panelRequest(t.runtime, PANEL_REQUESTS.readRegion, { devno: 0x190, region: 'crw' }, (x) => x);
    if (!('body' in crw)) throw new Error(crw.error);
    // No CRW queued: the region reads as zeros (vfio_ccw_crw_region_read).
    expect(find((crw.body as { rows: FieldRow[] }).rows, 'crw', 'rsc').dec).toBe('0');
    expect(mdev.regions.bytesOf('crw')).toEqual(crwBefore);
    expect(panelRequest(t.runtime, PANEL_REQUESTS.readRegion, { devno: 0x190, region: 'io' }, (x) => x)).toHaveProperty('error');
  });

  test('PATH direct: no mediated device; the program is read from the ORB in storage', async () => {
    const t = start('direct');
    await t.step(() => t.runtime.stopOnEntry());
    await t.step(() => t.runtime.stepIn(CPU_THREAD_ID));
    const p = buildPanels(t.runtime, (x) => x);
    expect(p.regions[0]).toMatchObject({ fsm: null, regions: [] });
    expect(p.programs[0]!.ccws.map((c) => c.source?.line)).toEqual([lineOf(/DEFEXT,DEXTPARM/), lineOf(/LOCREC,LOCPARM/), lineOf(/RDDATA,LABEL/)]);
    expect(p.programs[0]!.ccws.map((c) => c.host)).toEqual([null, null, null]);
    expect(p.programs[0]!.ccws[0]!.current).toBe(true);
  });
});

describe('changed-value highlight (until the next stop)', () => {
  test('a field whose bits differ from the previous stop is marked with the value it had; its parents too', async () => {
    const { changedRows, valuesOf } = await import('../../../src/debug/panels/changes');
    const before = new Uint8Array(12);
    const after = new Uint8Array(12);
    after[8] = 0x0c; // dstat CE+DE
    const prev = valuesOf([{ key: 'irb', name: 'irb', doc: '', bits: '', offset: 0, length: 12, text: '', children: fieldRows(SCSW, before, 'irb') }]);
    const changed = changedRows(prev, [{ key: 'irb', name: 'irb', doc: '', bits: '', offset: 0, length: 12, text: '', children: fieldRows(SCSW, after, 'irb') }]);
    expect([...changed.entries()]).toEqual([
      ['irb/dstat', "X'00'"],
      ['irb', ''],
    ]);
  });
});

describe('parts: what the client holds is named, not sent again', () => {
  test('the decoded answer is the model; a second stop names the parts that did not change', async () => {
    const { encodeParts, PartCache } = await import('../../../src/debug/panels/parts');
    const t = start();
    await t.step(() => t.runtime.stopOnEntry());
    const cache = new PartCache();
    const ask = () => {
      const snap = cache.snapshot();
      const r = panelRequest(t.runtime, PANEL_REQUESTS.panels, { base: snap.base }, (x) => x);
      if (!('body' in r)) throw new Error(r.error);
      const wire = JSON.stringify(r.body);
      return { wire, model: cache.decode(JSON.parse(wire), snap) };
    };
    const first = ask();
    expect(first.model).toEqual(JSON.parse(JSON.stringify(buildPanels(t.runtime, (x) => x))));
    await t.step(() => t.runtime.stepIn(CPU_THREAD_ID));
    const second = ask();
    expect(second.model).toEqual(JSON.parse(JSON.stringify(buildPanels(t.runtime, (x) => x))));
    // Asked again at the same stop, nothing changed: the answer is a fraction of the model.
    const again = ask();
    expect(again.model).toEqual(second.model);
    expect(again.wire.length).toBeLessThan(second.wire.length / 4);
    expect(first.wire.length).toBeGreaterThan(0);
    // A client that holds nothing gets every part with its value (a part met again in the same answer is named);
    // one that asks without `base` gets the plain model.
    const whole = JSON.stringify(encodeParts(buildPanels(t.runtime, (x) => x), null));
    expect(whole).not.toContain('"from"');
    expect(whole).not.toContain('"$base"');
    const fresh = new PartCache();
    expect(fresh.decode(JSON.parse(whole), fresh.snapshot())).toEqual(JSON.parse(JSON.stringify(buildPanels(t.runtime, (x) => x))));
    const plain = panelRequest(t.runtime, PANEL_REQUESTS.panels, {}, (x) => x);
    expect(JSON.stringify('body' in plain ? plain.body : null)).not.toContain('$part');
  });

  test('a part the client does not hold is an error the client can recover from (it asks again with base null)', async () => {
    const { PartCache } = await import('../../../src/debug/panels/parts');
    const cache = new PartCache();
    expect(() => cache.decode({ $answer: 'x:1', rows: { $part: 'x.1' } }, cache.snapshot())).toThrow(/does not hold/);
  });
});
