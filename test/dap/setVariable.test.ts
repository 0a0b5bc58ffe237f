/**
 * Set variable beyond guest storage, through a real DAP client: the PMCW of the guest's
 * subchannel, the stored status of a status-pending subchannel, an IRB that TSCH stored into
 * storage; refusals (read-only fields, vfio-ccw regions, Device) that say why; the change seen
 * by reading back AND by running on, and kept by stepBack's replay. Also data breakpoints on
 * CPU writes (STORE, TSCH into a watched area).
 */
import { resolve } from 'node:path';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { READ_VOL1, launch, lineOf, repl, scopeVariables, startClient, subchannelThread, topFrame, until } from './client';

const TSCH_AREA = resolve('test/dap/fixtures/tsch-area.ccw');

let dc: DebugClient;
beforeEach(async () => {
  dc = await startClient();
});
afterEach(async () => {
  await dc.stop();
});

/** The variablesReference of a group row (PMCW, SCSW, …) of a scope of the thread's top frame. */
async function group(threadId: number, scope: string, name: string): Promise<number> {
  const frame = await topFrame(dc, threadId);
  const row = (await scopeVariables(dc, frame.id, scope)).find((v) => v.name === name);
  if (!row) throw new Error(`no ${name} in ${scope}`);
  return row.variablesReference;
}

async function valueOf(ref: number, name: string): Promise<string | undefined> {
  return (await dc.variablesRequest({ variablesReference: ref })).body.variables.find((v) => v.name === name)?.value;
}

async function watch(expression: string): Promise<string> {
  return (await dc.evaluateRequest({ expression, context: 'watch' })).body.result;
}

describe('Subchannel scope: PMCW', () => {
  test('INTPARM set on the guest subchannel is the interruption parameter WAIT takes; stepBack keeps it', async () => {
    await launch(dc, { program: READ_VOL1 });
    await until(dc, () => dc.stepInRequest({ threadId: 1 }));
    const sch = await subchannelThread(dc);
    const pmcw = await group(sch, 'Subchannel', 'PMCW');
    const set = await dc.setVariableRequest({ variablesReference: pmcw, name: 'intparm', value: "X'12345678'" });
    expect(set.body.value).toBe("X'12345678'");
    expect(await valueOf(await group(sch, 'Subchannel', 'PMCW'), 'intparm')).toBe("X'12345678'");
    expect(await repl(dc, 'schib 0190')).toMatch(/12345678/);

    const end = await until(dc, () => dc.continueRequest({ threadId: 1 }));
    expect(end.body.description).toBe('END reached');
    expect(await watch("INTPARM=X'12345678'")).toMatch(/^true/);

    // Back to the stop where the change was made: the replay makes it again at that point.
    await until(dc, () => dc.stepBackRequest({ threadId: 1 }));
    expect(await valueOf(await group(sch, 'Subchannel', 'PMCW'), 'intparm')).toBe("X'12345678'");
    await until(dc, () => dc.continueRequest({ threadId: 1 }));
    expect(await watch("INTPARM=X'12345678'")).toMatch(/^true/);
  });

  test('widths are checked through the field table; fields the channel subsystem sets are read-only and say why', async () => {
    await launch(dc, { program: READ_VOL1 });
    const pmcw = await group(1, 'Subchannel', 'PMCW');
    await expect(dc.setVariableRequest({ variablesReference: pmcw, name: 'isc', value: '8' })).rejects.toThrow(/isc: 8 does not fit in 3 bits \(0 to X'7'\)/);
    await expect(dc.setVariableRequest({ variablesReference: pmcw, name: 'lpm', value: 'ALL' })).rejects.toThrow(/write X'\.\.', B'\.\.' or a decimal number/);
    await expect(dc.setVariableRequest({ variablesReference: pmcw, name: 'devno', value: "X'0191'" })).rejects.toThrow(/devno is read-only: the device number is set by the channel subsystem/);
    await expect(dc.setVariableRequest({ variablesReference: pmcw, name: 'pim', value: '0' })).rejects.toThrow(/pim is read-only: the path-installed mask comes from the I\/O configuration/);
    await expect(dc.setVariableRequest({ variablesReference: pmcw, name: 'lpum', value: '0' })).rejects.toThrow(/lpum is read-only/);
    expect((await dc.setVariableRequest({ variablesReference: pmcw, name: 'isc', value: '5' })).body.value).toBe('5');
    expect((await dc.setVariableRequest({ variablesReference: pmcw, name: 'lpm', value: "B'01000000'" })).body.value).toBe("B'01000000'");
    const after = (await dc.variablesRequest({ variablesReference: await group(1, 'Subchannel', 'PMCW') })).body.variables;
    expect(after.find((v) => v.name === 'isc')?.value).toBe('5');
    expect(after.find((v) => v.name === 'devno')?.value).toMatch(/0190/);
  });

  test('E=0 disables the guest subchannel: the SSCH that follows gets cc 3', async () => {
    await launch(dc, { program: READ_VOL1 });
    const pmcw = await group(1, 'Subchannel', 'PMCW');
    expect((await dc.setVariableRequest({ variablesReference: pmcw, name: 'E', value: '0' })).body.value).toBe('0');
    await until(dc, () => dc.nextRequest({ threadId: 1 }));
    expect(await watch('CC')).toBe('3');
  });
});

describe('CCW scope', () => {
  test('the CCW being executed is the fetched copy: a set refuses and says where to change it', async () => {
    await launch(dc, { program: READ_VOL1 });
    await until(dc, () => dc.stepInRequest({ threadId: 1 }));
    const frame = await topFrame(dc, await subchannelThread(dc));
    const ccwRef = (await dc.scopesRequest({ frameId: frame.id })).body.scopes.find((s) => s.name === 'CCW')!.variablesReference;
    await expect(dc.setVariableRequest({ variablesReference: ccwRef, name: 'count', value: '15' })).rejects.toThrow(
      /vfio-ccw copied and translated it .* MEM\(X'[0-9A-F]{8}',8\)/,
    );
    expect(await valueOf(ccwRef, 'count')).toBe('16');
  });
});

describe('Subchannel scope: SCSW', () => {
  test('only while status is pending; DSTAT set to CE+DE+UC is what WAIT stores and EXPECT sees, also after stepBack', async () => {
    await launch(dc, { program: READ_VOL1, path: 'direct' });
    await until(dc, () => dc.stepInRequest({ threadId: 1 }));
    const sch = await subchannelThread(dc);
    await expect(dc.setVariableRequest({ variablesReference: await group(sch, 'Subchannel', 'SCSW'), name: 'dstat', value: 'CE+DE+UC' })).rejects.toThrow(
      /only while subchannel 0\.0\.0000 is status pending/,
    );
    const pending = await until(dc, () => dc.stepOutRequest({ threadId: sch }));
    expect(pending.body.description).toBe('Status pending');
    const scsw = await group(sch, 'Subchannel', 'SCSW');
    await expect(dc.setVariableRequest({ variablesReference: scsw, name: 'stctl', value: '0' })).rejects.toThrow(/stctl is read-only: status control/);
    await expect(dc.setVariableRequest({ variablesReference: scsw, name: 'dstat', value: 'CE+XX' })).rejects.toThrow(/XX is not one of ATTN SM CUE BUSY CE DE UC UX/);
    const set = await dc.setVariableRequest({ variablesReference: scsw, name: 'dstat', value: 'CE+DE+UC' });
    expect(set.body.value).toBe("X'0E' (CE+DE+UC)");
    expect(await valueOf(await group(sch, 'Subchannel', 'SCSW'), 'dstat')).toBe("X'0E' (CE+DE+UC)");

    // Running on: WAIT's TEST SUBCHANNEL stores the changed status.
    await until(dc, () => dc.nextRequest({ threadId: 1 }));
    expect(await watch('DSTAT&=UC')).toMatch(/^true/);
    const irb = await scopeVariables(dc, (await topFrame(dc, 1)).id, 'IRB');
    const irbScsw = irb.find((v) => v.name === 'scsw')!.variablesReference;
    expect(await valueOf(irbScsw, 'dstat')).toBe("X'0E' (CE+DE+UC)");
    // WAIT's IRB is the CPU's, not in storage: nothing real to change there.
    await expect(dc.setVariableRequest({ variablesReference: irbScsw, name: 'dstat', value: 'CE+DE' })).rejects.toThrow(/taken by WAIT/);

    // One more step, then back: the replay to that stop passes the change and makes it again.
    await until(dc, () => dc.nextRequest({ threadId: 1 }));
    await until(dc, () => dc.stepBackRequest({ threadId: 1 }));
    expect(await watch('DSTAT&=UC')).toMatch(/^true/);
    await dc.setExceptionBreakpointsRequest({ filters: ['expectFailed'] });
    const failed = await until(dc, () => dc.continueRequest({ threadId: 1 }));
    expect(failed.body.reason).toBe('exception');
  });
});

describe('IRB scope', () => {
  test('an IRB TSCH stored into storage: the set writes storage and EXPECT sees it', async () => {
    const expectLine = lineOf(TSCH_AREA, /^\s+EXPECT/);
    const stop = await launch(dc, { program: TSCH_AREA, stopOnEntry: false, path: 'direct' }, () =>
      dc.setBreakpointsRequest({ source: { path: TSCH_AREA }, breakpoints: [{ line: expectLine }] }),
    );
    expect(stop.body.reason).toBe('breakpoint');
    const area = Number((await dc.evaluateRequest({ expression: 'IRBAREA', context: 'hover' })).body.memoryReference);
    const irb = await scopeVariables(dc, (await topFrame(dc, 1)).id, 'IRB');
    const scswRow = irb.find((v) => v.name === 'scsw')!;
    expect(Number(scswRow.memoryReference)).toBe(area);
    const set = await dc.setVariableRequest({ variablesReference: scswRow.variablesReference, name: 'dstat', value: "X'0E'" });
    expect(set.body.value).toBe("X'0E' (CE+DE+UC)");
    const mem = (await dc.customRequest('readMemory', { memoryReference: String(area + 8), count: 1 })).body as { data: string };
    expect(Buffer.from(mem.data, 'base64')[0]).toBe(0x0e);
    expect(await watch('DSTAT&=UC')).toMatch(/^true/);
    await expect(dc.setVariableRequest({ variablesReference: scswRow.variablesReference, name: 'fctl', value: '9' })).rejects.toThrow(/fctl: 9 does not fit in 3 bits/);
    const irbRef = (await dc.scopesRequest({ frameId: (await topFrame(dc, 1)).id })).body.scopes.find((s) => s.name === 'IRB')!.variablesReference;
    await expect(dc.setVariableRequest({ variablesReference: irbRef, name: 'emw', value: "X'01'" })).rejects.toThrow(/without the extended-measurement word/);
    await dc.setExceptionBreakpointsRequest({ filters: ['expectFailed'] });
    const failed = await until(dc, () => dc.continueRequest({ threadId: 1 }));
    expect(failed.body.reason).toBe('exception');
  });
});

describe('refusals that say why', () => {
  test('vfio-ccw regions (a pwrite is a request, not a store) and the Device scope', async () => {
    await launch(dc, { program: READ_VOL1 });
    await until(dc, () => dc.stepInRequest({ threadId: 1 }));
    const frame = await topFrame(dc, await subchannelThread(dc));
    const scopes = (await dc.scopesRequest({ frameId: frame.id })).body.scopes;
    const regions = scopes.find((s) => s.name === 'vfio-ccw regions')!.variablesReference;
    await expect(dc.setVariableRequest({ variablesReference: regions, name: 'ret_code', value: '0' })).rejects.toThrow(/pwrite to it is an I\/O request, not a store/);
    const rows = (await dc.variablesRequest({ variablesReference: regions })).body.variables;
    const schib = rows.find((v) => v.name === 'schib region')!;
    const schibRow = (await dc.variablesRequest({ variablesReference: schib.variablesReference })).body.variables[0]!;
    await expect(dc.setVariableRequest({ variablesReference: schib.variablesReference, name: schibRow.name, value: '0' })).rejects.toThrow(/-EINVAL/);
    const device = scopes.find((s) => s.name === 'Device')!.variablesReference;
    const first = (await dc.variablesRequest({ variablesReference: device })).body.variables[1]!;
    await expect(dc.setVariableRequest({ variablesReference: device, name: first.name, value: '0' })).rejects.toThrow(/changes only through the commands it accepts/);
    const orb = await group(await subchannelThread(dc), 'Subchannel', 'ORB');
    await expect(dc.setVariableRequest({ variablesReference: orb, name: 'intparm', value: '1' })).rejects.toThrow(/copy START SUBCHANNEL took/);
    // Nothing was changed: the program still ends as written.
    const end = await until(dc, () => dc.continueRequest({ threadId: 1 }));
    expect(end.body.description).toBe('END reached');
    expect(await watch('DSTAT=CE+DE')).toMatch(/^true/);
  });
});

describe('data breakpoints on CPU writes', () => {
  test('a STORE and a TSCH into watched areas stop on the CPU thread after the statement', async () => {
    await launch(dc, { program: TSCH_AREA });
    const flag = await dc.dataBreakpointInfoRequest({ name: 'FLAG' });
    const irb = await dc.dataBreakpointInfoRequest({ name: 'IRBAREA' });
    const set = await dc.setDataBreakpointsRequest({
      breakpoints: [
        { dataId: flag.body.dataId!, accessType: 'write' },
        { dataId: irb.body.dataId!, accessType: 'write' },
      ],
    });
    const [flagId, irbId] = set.body.breakpoints.map((b) => b.id);
    expect(set.body.breakpoints.every((b) => b.verified)).toBe(true);

    const stored = await until(dc, () => dc.continueRequest({ threadId: 1 }));
    expect(stored.body).toMatchObject({ reason: 'data breakpoint', threadId: 1, hitBreakpointIds: [flagId] });
    expect(stored.body.description).toMatch(/CPU wrote a watched storage range/);
    expect(await repl(dc, 'x FLAG 4')).toMatch(/000000FF/);
    expect((await topFrame(dc, 1)).line).toBe(lineOf(TSCH_AREA, /^\s+SSCH/));

    // The channel's READ DATA stores into LABEL, not a watched area: the next stop is the TSCH.
    const tsch = await until(dc, () => dc.continueRequest({ threadId: 1 }));
    expect(tsch.body).toMatchObject({ reason: 'data breakpoint', threadId: 1, hitBreakpointIds: [irbId] });
    expect((await topFrame(dc, 1)).line).toBe(lineOf(TSCH_AREA, /^\s+EXPECT/));
    expect(await repl(dc, 'x IRBAREA 12')).toMatch(/^[0-9A-F]{8} {2}00804007 /);

    const end = await until(dc, () => dc.continueRequest({ threadId: 1 }));
    expect(end.body.description).toBe('END reached');
  });
});

