/**
 * Looking at and changing the machine through a real DAP client: scopes decoded from the arch
 * tables with hex/binary/decimal views and memory references, set variable / set expression,
 * evaluate for hovers, console commands and completions, read/write memory, disassembly of
 * guest and translated host programs, value formatting, loaded sources, ccw/snapshot, trace
 * events, and launch validation.
 */
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { READ_VOL1, launch, lineOf, repl, scopeVariables, startClient, subchannelThread, topFrame, until } from './client';

let dc: DebugClient;
beforeEach(async () => {
  dc = await startClient();
});
afterEach(async () => {
  await dc.stop();
});

const LOCREC = lineOf(READ_VOL1, /CCW1\s+LOCREC/);
const RDDATA = lineOf(READ_VOL1, /CCW1\s+RDDATA/);

async function atFirstCcw(): Promise<{ sch: number; frame: DebugProtocol.StackFrame }> {
  await launch(dc, { program: READ_VOL1 });
  await until(dc, () => dc.stepInRequest({ threadId: 1 }));
  const sch = await subchannelThread(dc);
  return { sch, frame: await topFrame(dc, sch) };
}

describe('variables', () => {
  test('scopes; fields from the arch tables with IBM bits, hex/binary/decimal views and memory references', async () => {
    const { frame } = await atFirstCcw();
    expect((await dc.scopesRequest({ frameId: frame.id })).body.scopes.map((s) => s.name)).toEqual(['CCW', 'Subchannel', 'IRB', 'vfio-ccw regions', 'Device', 'Symbols']);
    const ccw = await scopeVariables(dc, frame.id, 'CCW');
    const address = ccw.find((v) => v.name === 'address')!;
    const count = ccw.find((v) => v.name === 'count')!;
    expect(count.value).toBe('16');
    // read-vol1's first CCW: Define Extent with its 16 parameter bytes at DEXTPARM.
    expect(ccw.find((v) => v.name === 'cda')?.value).toMatch(/^X'0*[0-9A-F]+' \(DEXTPARM\)$/);
    expect(count.type).toMatch(/^byte 2 bits 0-15 — /);
    expect(Number(count.memoryReference)).toBe(Number(address.memoryReference) + 2);
    const views = (await dc.variablesRequest({ variablesReference: count.variablesReference })).body.variables;
    expect(views.map((v) => [v.name, v.value])).toEqual([
      ['hex', "X'0010'"],
      ['binary (bits 0-15)', "B'0000000000010000'"],
      ['decimal', '16'],
    ]);
    // Value formatting: hex on request.
    const hexed = await scopeVariables(dc, frame.id, 'CCW', { hex: true });
    expect(hexed.find((v) => v.name === 'count')?.value).toBe('0x10');

    const sub = await scopeVariables(dc, frame.id, 'Subchannel');
    expect(sub.map((v) => v.name)).toEqual(['subchannel', 'PMCW', 'SCSW', 'ORB']);
    const pmcw = (await dc.variablesRequest({ variablesReference: sub[1]!.variablesReference })).body.variables;
    expect(pmcw.find((v) => v.name === 'devno')?.value).toMatch(/0190/);
    const regions = await scopeVariables(dc, frame.id, 'vfio-ccw regions');
    expect(regions.find((v) => v.name === 'FSM state')?.value).toBe('CP_PENDING');
    // Every region the mediated device registered (vfio_ccw_ops.c: io at index 0, then the async
    // command, schib and crw regions), from the bytes it holds: no STSCH, no CRW popped.
    expect(regions.filter((v) => v.name.endsWith(' region')).map((v) => `${v.name}: ${v.value}`)).toEqual([
      'async-cmd region: index 1, 8 bytes',
      'schib region: index 2, 52 bytes',
      'crw region: index 3, 8 bytes',
    ]);
    const crw = regions.find((v) => v.name === 'crw region')!;
    const crwFields = (await dc.variablesRequest({ variablesReference: crw.variablesReference })).body.variables;
    expect(crwFields.map((v) => v.name)).toContain('crw');
    // read-vol1 reads a 3390 with a format-1 program: the vfio path has nothing to explain yet.
    expect(regions.find((v) => v.name === 'vfio path notes')?.value).toMatch(/^\(none/);
    const symbols = await scopeVariables(dc, frame.id, 'Symbols');
    const label = symbols.find((v) => v.name === 'LABEL')!;
    expect(label.memoryReference).toBeDefined();
    expect(label.value).toMatch(/^X'0{32}'… "/);
    expect(label.type).toMatch(/length 80$/);
  });

  test('set variable stores into guest storage and the CCW sees it; non-storage fields refuse', async () => {
    const { frame } = await atFirstCcw();
    const scopes = (await dc.scopesRequest({ frameId: frame.id })).body.scopes;
    const symbols = scopes.find((s) => s.name === 'Symbols')!.variablesReference;
    const set = await dc.setVariableRequest({ variablesReference: symbols, name: 'LABEL', value: "C'HELLO'" });
    expect(set.body.value).toMatch(/^X'C8C5D3D3D6404040/);
    expect(await repl(dc, 'x LABEL 8')).toMatch(/C8C5D3D3 D6404040 +\*HELLO {3}/);
    const irbRef = scopes.find((s) => s.name === 'IRB')!.variablesReference;
    await expect(dc.setVariableRequest({ variablesReference: irbRef, name: '(no IRB)', value: '1' })).rejects.toThrow(/No IRB has been stored yet/);
    await expect(dc.setVariableRequest({ variablesReference: symbols, name: 'LABEL', value: 'nonsense' })).rejects.toThrow(/X'\.\.'/);
  });

  test('evaluate: hovers on symbols, EXPECT fields and checks, with hex formatting', async () => {
    await atFirstCcw();
    const hover = await dc.evaluateRequest({ expression: 'LOCPARM', context: 'hover' });
    // LOCPARM's length attribute is that of its first constant (4 bytes), as in HLASM.
    expect(hover.body.result).toBe(`X'06000001' "...."`);
    expect(hover.body.memoryReference).toBeDefined();
    expect((await dc.evaluateRequest({ expression: 'FSM', context: 'watch' })).body.result).toBe('CP_PENDING');
    expect((await dc.evaluateRequest({ expression: 'CC', context: 'watch' })).body.result).toBe('0');
    expect((await dc.evaluateRequest({ expression: 'CC=1', context: 'watch' })).body.result).toMatch(/^false \(CC is 0/);
    expect((await dc.evaluateRequest({ expression: 'LABEL', context: 'watch', format: { hex: true } })).body.memoryReference).toBeDefined();
    await expect(dc.evaluateRequest({ expression: 'NOSUCH+', context: 'watch' })).rejects.toThrow();
  });
});

describe('debug console', () => {
  test('x, irb, schib, orb, dasd, fsm, iommu, crw, trace, help — and none of them changes the machine', async () => {
    await launch(dc, { program: READ_VOL1 });
    await until(dc, () => dc.continueRequest({ threadId: 1 }));
    const before = JSON.stringify((await dc.customRequest('ccw/snapshot')).body);
    expect(await repl(dc, 'x LABEL 16')).toMatch(/^[0-9A-F]{8} {2}E5D6D3F1 /);
    expect(await repl(dc, 'irb')).toMatch(/^IRB\n {2}scsw/);
    expect(await repl(dc, 'schib 0190')).toMatch(/^SCHIB 0\.0\.0000 \(device 0190\)\n {2}pmcw/);
    expect(await repl(dc, 'orb')).toMatch(/intparm\s+X'00C0FFEE'|C0FFEE/);
    expect(await repl(dc, 'dasd 0190')).toMatch(/^0190 /);
    expect(await repl(dc, 'fsm')).toMatch(/^0190 .*FSM IDLE/);
    expect(await repl(dc, 'iommu')).toMatch(/^pinned pages:/);
    expect(await repl(dc, 'crw')).toMatch(/no STCRW has run yet/);
    expect(await repl(dc, 'schib 0999')).toMatch(/no device 0999 is attached \(0190\)/);
    expect(await repl(dc, 'x ZZZZZZ')).toMatch(/neither a hex address nor a symbol/);
    expect(await repl(dc, 'help')).toMatch(/x ADDR \[LEN\]/);
    expect(JSON.stringify((await dc.customRequest('ccw/snapshot')).body)).toBe(before);
    expect(await repl(dc, 'trace off')).toMatch(/trace off/);
    expect(await repl(dc, 'trace')).toBe('trace is off');
  });

  test('completions: commands, keywords, device numbers and symbols', async () => {
    await launch(dc, { program: READ_VOL1 });
    const c1 = await dc.completionsRequest({ text: 'sc', column: 3 });
    expect(c1.body.targets.map((t) => t.label)).toContain('schib');
    const c2 = await dc.completionsRequest({ text: 'schib ', column: 7 });
    expect(c2.body.targets.map((t) => t.label)).toContain('0190');
    const c3 = await dc.completionsRequest({ text: 'x LA', column: 5 });
    expect(c3.body.targets).toContainEqual({ label: 'LABEL', type: 'variable', start: 2, length: 2 });
    const c4 = await dc.completionsRequest({ text: 'trace o', column: 8 });
    expect(c4.body.targets.map((t) => t.label)).toEqual(['on', 'off']);
  });
});

describe('memory and disassembly', () => {
  test('read and write memory at a symbol; the write is what the channel then reads', async () => {
    await launch(dc, { program: READ_VOL1 });
    const ref = (await dc.evaluateRequest({ expression: 'LABEL', context: 'hover' })).body.memoryReference!;
    const w = await dc.customRequest('writeMemory', { memoryReference: ref, data: Buffer.from([0xc1, 0xc2]).toString('base64') });
    expect((w.body as DebugProtocol.WriteMemoryResponse['body'])?.bytesWritten).toBe(2);
    const r = await dc.customRequest('readMemory', { memoryReference: ref, count: 4 });
    expect(Buffer.from((r.body as { data: string }).data, 'base64').toString('hex')).toBe('c1c20000');
    const out = await dc.customRequest('readMemory', { memoryReference: '0xFFFFFFFF', count: 4 });
    expect((out.body as { unreadableBytes?: number }).unreadableBytes).toBe(4);
    await expect(dc.customRequest('writeMemory', { memoryReference: 'nonsense', data: 'AA==' })).rejects.toThrow(/guest memoryReference/);
  });

  test('disassemble guest storage as CCWs with names, flags and symbols; and the translated host program', async () => {
    const { frame } = await atFirstCcw();
    const ip = frame.instructionPointerReference!;
    const d = await dc.customRequest('disassemble', { memoryReference: ip, instructionCount: 4 });
    const insns = (d.body as DebugProtocol.DisassembleResponse['body'])!.instructions;
    expect(insns[0]).toMatchObject({ symbol: 'CHAIN', instructionBytes: expect.stringMatching(/^63400010/) });
    expect(insns[0]!.instruction).toMatch(/^CCW1 DEFINE EXTENT +X'63',DEXTPARM,CC,16$/);
    expect(insns[1]!.instruction).toMatch(/^CCW1 LOCATE RECORD +X'47',LOCPARM,CC,16$/);
    expect(insns[1]!.line).toBe(LOCREC);
    expect(insns[2]!.instruction).toMatch(/^CCW1 READ DATA +X'06',LABEL,SLI,80$/);
    expect(insns[2]!.line).toBe(RDDATA);
    // The translated program: the CCW scope's host address, disassembled from host memory.
    const ccw = await scopeVariables(dc, frame.id, 'CCW');
    const translated = ccw.find((v) => v.name === 'translated (vfio-ccw)')!;
    const host = /host X'([0-9A-F]+)'/.exec(translated.value)![1]!;
    const h = await dc.customRequest('disassemble', { memoryReference: `host:0x${host}`, instructionCount: 3 });
    const hostInsns = (h.body as DebugProtocol.DisassembleResponse['body'])!.instructions;
    expect(hostInsns[0]!.address).toBe(`host:0x${host.toLowerCase().replace(/^0+/, '')}`);
    expect(hostInsns[0]!.instruction).toMatch(/DEFINE EXTENT .*← guest X'[0-9A-F]{8}' \(CHAIN\)/);
  });

  test('loaded sources list the program and its copybooks', async () => {
    await launch(dc, { program: READ_VOL1 });
    const r = (await dc.customRequest('loadedSources', {})) as DebugProtocol.LoadedSourcesResponse;
    expect(r.body.sources.map((s) => s.path)).toContain(READ_VOL1);
  });
});

describe('snapshot, trace events, launch validation', () => {
  test('ccw/snapshot answers what the panels show at the stop in one answer', async () => {
    await atFirstCcw();
    const s = (await dc.customRequest('ccw/snapshot')).body as {
      path: string;
      threads: { name: string; frames: { line: number | null }[]; scopes: Record<string, { name: string; value: string; children?: unknown[] }[]> }[];
      symbols: { name: string }[];
      regions: { devices: { fsm: string }[] };
      history: { stops: number; limit: number };
    };
    expect(s.path).toBe('vfio');
    expect(s.threads.map((t) => t.name)).toEqual(['CPU', 'subchannel 0.0.0000 · device 0190 3390-3']);
    expect(s.threads[1]!.frames[0]!.line).toBe(lineOf(READ_VOL1, /^CHAIN/));
    expect(s.threads[1]!.scopes['CCW']!.find((v) => v.name === 'cmd')?.value).toBe("X'63' (DEFINE EXTENT)");
    expect(s.regions.devices[0]!.fsm).toBe('CP_PENDING');
    expect(s.symbols.map((x) => x.name)).toContain('LABEL');
    expect(s.history).toMatchObject({ stops: 1, limit: 10000 });
  });

  test('trace lines arrive as batched ccw/trace events when tracing is on, and not when it is off', async () => {
    const batches: { lines: string[]; dropped: number }[] = [];
    dc.on('ccw/trace', (e: DebugProtocol.Event) => batches.push(e.body as { lines: string[]; dropped: number }));
    await launch(dc, { program: READ_VOL1, trace: true });
    await until(dc, () => dc.nextRequest({ threadId: 1 }));
    expect(batches.length).toBeGreaterThan(0);
    expect(batches.flatMap((b) => b.lines).join('\n')).toMatch(/SSCH/);
    await repl(dc, 'trace off');
    const n = batches.length;
    await until(dc, () => dc.continueRequest({ threadId: 1 }));
    expect(batches.length).toBe(n);
  });

  test.each([
    [{ program: READ_VOL1, historyLimit: -1 }, /"historyLimit" must be a whole number from 0/],
    [{ program: READ_VOL1, maxCcws: 'many' }, /"maxCcws" must be a whole number/],
    [{ program: READ_VOL1, storage: '3K' }, /"storage" must be a size like "64M"/],
    [{ program: READ_VOL1, path: 'pci' }, /"path" must be "vfio" or "direct"/],
    [{ program: READ_VOL1, stopOnEntry: 'yes' }, /"stopOnEntry" must be true or false/],
    [{ program: READ_VOL1, devices: [{ devno: '19' }] }, /devices\[0\]\.devno must be four hex digits/],
    [{ program: READ_VOL1, devices: [{ devno: '0191' }] }, /0191 is not in the program; give its "type"/],
    [{ program: READ_VOL1, frobnicate: 1 }, /Unknown launch attribute "frobnicate"/],
    [{ program: 42 }, /no "program"/],
  ])('launch %j is refused with a clear message', async (args, message) => {
    await dc.initializeRequest();
    await expect(dc.launchRequest(args as unknown as DebugProtocol.LaunchRequestArguments)).rejects.toThrow(message);
  });

  test('launch attributes take effect: path, storage and an added device', async () => {
    await launch(dc, { program: READ_VOL1, path: 'direct', storage: '1M', devices: [{ devno: '0191', type: '3390-3' }] });
    const threads = (await dc.threadsRequest()).body.threads.map((t) => t.name);
    expect(threads).toEqual(['CPU', 'subchannel 0.0.0000 · device 0190 3390-3', 'subchannel 0.0.0001 · device 0191 3390-3']);
    const s = (await dc.customRequest('ccw/snapshot')).body as { path: string };
    expect(s.path).toBe('direct');
    expect(await repl(dc, 'x 100000 4')).toMatch(/outside guest storage \(1048576 bytes\)/);
  });
});
