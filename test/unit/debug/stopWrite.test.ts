/**
 * The session in process, its messages read write by write: what a stop sends leaves in one
 * write, and a client that follows the panels gets them in it, right after `stopped`, as the
 * answer a request at that stop would decode to; a change made at the stop (a variable set,
 * storage written) comes back with the panels that show it, in one write too.
 */
import { dirname, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, test } from 'vitest';
import { nodeDeviceHost } from '../../../src/cli/nodeDeviceHost';
import { nodeFiles } from '../../../src/cli/nodeFiles';
import type { MessageStream } from '../../../src/debug/heldWrites';
import { PartCache } from '../../../src/debug/panels/parts';
import { CcwDebugSession } from '../../../src/debug/session';

interface Message {
  readonly type: string;
  readonly event?: string;
  readonly command?: string;
  readonly request_seq?: number;
  readonly success?: boolean;
  readonly message?: string;
  readonly body?: unknown;
}

const VIEWS = { storage: { address: 0, length: 256 }, track: { devno: 0x190, cylinder: 0, head: 0 } };

/** The messages of one write, in order (a write holds whole messages). */
function messagesOf(chunk: string): Message[] {
  const out: Message[] = [];
  let rest = chunk;
  while (rest.length > 0) {
    const m = /^Content-Length: (\d+)\r\n\r\n/.exec(rest);
    if (!m) throw new Error(`not a DAP message: ${rest.slice(0, 40)}`);
    const start = m[0].length;
    // Content-Length counts bytes; the messages here are ASCII.
    out.push(JSON.parse(rest.slice(start, start + Number(m[1]))) as Message);
    rest = rest.slice(start + Number(m[1]));
  }
  return out;
}

function harness() {
  const input = new PassThrough();
  const writes: Message[][] = [];
  let wake: (() => void) | null = null;
  const out: MessageStream = {
    write: (chunk) => {
      writes.push(messagesOf(chunk));
      wake?.();
      return true;
    },
    end: () => {},
    on: () => out,
  };
  const session = new CcwDebugSession({ files: nodeFiles, defer: (fn) => setImmediate(fn), deviceHost: (p) => nodeDeviceHost(dirname(p)) });
  session.setRunAsServer(true);
  session.start(input, out as unknown as NodeJS.WritableStream);
  let seq = 1;
  const all = () => writes.flat();
  const until = async <T>(find: () => T | undefined): Promise<T> => {
    for (;;) {
      const found = find();
      if (found !== undefined) return found;
      await new Promise<void>((r) => (wake = r));
    }
  };
  const request = async (command: string, args: unknown = {}): Promise<Message> => {
    const s = seq++;
    const json = JSON.stringify({ seq: s, type: 'request', command, arguments: args });
    input.write(`Content-Length: ${Buffer.byteLength(json)}\r\n\r\n${json}`);
    const r = await until(() => all().find((m) => m.type === 'response' && m.request_seq === s));
    if (!r.success) throw new Error(`${command}: ${r.message}`);
    return r;
  };
  /** Runs `go` and resolves with the write that carried the `stopped` event it caused. */
  const stop = async (go: () => Promise<unknown>): Promise<Message[]> => {
    const from = writes.length;
    await go();
    return until(() => writes.slice(from).find((w) => w.some((m) => m.event === 'stopped')));
  };
  /** Runs a request and resolves with the write that carried its response. */
  const answered = async (command: string, args: unknown): Promise<Message[]> => {
    const from = writes.length;
    await request(command, args);
    return writes.slice(from).find((w) => w.some((m) => m.type === 'response' && m.command === command)) ?? [];
  };
  /** The messages written from now on, when called. */
  const since = (): (() => Message[]) => {
    const from = writes.length;
    return () => writes.slice(from).flat();
  };
  return { session, request, stop, answered, since, input };
}

let h: ReturnType<typeof harness> | null = null;
afterEach(() => {
  h?.input.end();
  h = null;
});

describe('a stop leaves in one write', () => {
  test('a following client gets stopped and its panels in one write; they decode to the stop\'s model', async () => {
    h = harness();
    const { request, stop } = h;
    await request('initialize', { adapterID: 'ccw', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path' });
    const entry = await stop(async () => {
      await request('launch', { program: resolve('examples/read-vol1.ccw'), stopOnEntry: true, trace: false });
      await request('configurationDone');
    });
    expect(entry.map((m) => m.event)).toEqual(['stopped']);
    const parts = new PartCache();
    const snap = parts.snapshot();
    parts.decode((await request('ccw/panels', { ...VIEWS, base: snap.base, follow: true })).body, snap);
    const threads = (await request('threads')).body as { threads: { id: number }[] };
    const sch = threads.threads[1]!.id;
    for (const [command, threadId] of [['stepIn', 1], ['next', sch], ['next', sch], ['next', sch], ['next', sch], ['next', 1]] as const) {
      const write = await stop(() => request(command, { threadId }));
      expect(write.map((m) => m.event)).toEqual(['stopped', 'ccw/panels']);
      const model = parts.decode(write[1]!.body, parts.snapshot());
      // The plain model at the same stop, asked without base: the same as what the push decoded to.
      expect(model).toEqual((await request('ccw/panels', VIEWS)).body);
    }
    // Following ended: the stop is `stopped` alone.
    const s2 = parts.snapshot();
    parts.decode((await request('ccw/panels', { ...VIEWS, base: s2.base, follow: false })).body, s2);
    const alone = await stop(() => request('next', { threadId: 1 }));
    expect(alone.map((m) => m.event)).toEqual(['stopped']);
  });

  test('a change made at the stop comes back with its panels: a PMCW field set, storage written', async () => {
    h = harness();
    const { request, stop, answered } = h;
    await request('initialize', { adapterID: 'ccw', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path' });
    await stop(async () => {
      await request('launch', { program: resolve('examples/read-vol1.ccw'), stopOnEntry: true, trace: false });
      await request('configurationDone');
    });
    await stop(() => request('stepIn', { threadId: 1 }));
    const parts = new PartCache();
    const snap = parts.snapshot();
    parts.decode((await request('ccw/panels', { ...VIEWS, base: snap.base, follow: true })).body, snap);
    const sch = ((await request('threads')).body as { threads: { id: number }[] }).threads[1]!.id;
    const frame = ((await request('stackTrace', { threadId: sch })).body as { stackFrames: { id: number }[] }).stackFrames[0]!;
    const scopes = ((await request('scopes', { frameId: frame.id })).body as { scopes: { name: string; variablesReference: number }[] }).scopes;
    const subchannel = (await request('variables', { variablesReference: scopes.find((x) => x.name === 'Subchannel')!.variablesReference })).body as { variables: { name: string; variablesReference: number }[] };
    const pmcw = subchannel.variables.find((v) => v.name === 'PMCW')!.variablesReference;

    const set = await answered('setVariable', { variablesReference: pmcw, name: 'intparm', value: "X'12345678'" });
    expect(set.map((m) => m.event ?? m.type)).toEqual(['response', 'invalidated', 'ccw/panels']);
    const model = parts.decode<{ subchannels: { role: string; rows: { name: string; children?: { name: string; hex?: string }[] }[] }[] }>(set[2]!.body, parts.snapshot());
    const guest = model.subchannels.find((x) => x.role === 'guest')!;
    expect(guest.rows.find((r) => r.name === 'pmcw')?.children?.find((r) => r.name === 'intparm')?.hex).toBe("X'12345678'");
    expect(model).toEqual((await request('ccw/panels', VIEWS)).body);

    const written = await answered('writeMemory', { memoryReference: '16', data: Buffer.from([0xc1, 0xc2]).toString('base64') });
    expect(written.map((m) => m.event ?? m.type)).toEqual(['response', 'memory', 'invalidated', 'ccw/panels']);
    const after = parts.decode<{ storage: { rows: { address: number; bytes: number[] }[] } }>(written[3]!.body, parts.snapshot());
    const row = after.storage.rows.find((r) => r.address <= 16 && 16 < r.address + r.bytes.length)!;
    expect(row.bytes.slice(16 - row.address, 18 - row.address)).toEqual([0xc1, 0xc2]);
    expect(after).toEqual((await request('ccw/panels', VIEWS)).body);

    // A refused change changes nothing: an error response alone.
    const refused = h.since();
    await expect(request('setVariable', { variablesReference: pmcw, name: 'devno', value: "X'0191'" })).rejects.toThrow(/read-only/);
    expect(refused().some((m) => m.event === 'ccw/panels')).toBe(false);
  });
});
