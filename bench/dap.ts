/** Time from a DAP launch to the first stop, with the real adapter process. */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import type { Report } from './report';

/** Launches the real adapter process and times initialize → launch → first `stopped` event. */
async function dapLaunchToFirstStop(program: string): Promise<number> {
  const adapter = spawn(process.execPath, [resolve('dist/debugAdapter.js')], { stdio: ['pipe', 'pipe', 'inherit'] });
  let seq = 1;
  const send = (command: string, args: unknown) => {
    const body = JSON.stringify({ seq: seq++, type: 'request', command, arguments: args });
    adapter.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  };
  const t0 = performance.now();
  const stopped = new Promise<number>((done, fail) => {
    let buffer = Buffer.alloc(0);
    adapter.stdout.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        const header = buffer.indexOf('\r\n\r\n');
        if (header < 0) return;
        const length = Number(/Content-Length: (\d+)/.exec(buffer.subarray(0, header).toString())?.[1]);
        if (buffer.length < header + 4 + length) return;
        const message = JSON.parse(buffer.subarray(header + 4, header + 4 + length).toString()) as { type: string; event?: string; command?: string; success?: boolean; message?: string };
        buffer = buffer.subarray(header + 4 + length);
        if (message.type === 'event' && message.event === 'initialized') send('configurationDone', {});
        if (message.type === 'response' && message.success === false) fail(new Error(`${message.command}: ${message.message}`));
        if (message.type === 'event' && message.event === 'stopped') done(performance.now() - t0);
      }
    });
  });
  send('initialize', { adapterID: 'ccw', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path' });
  send('launch', { program, stopOnEntry: true });
  try {
    return await stopped;
  } finally {
    adapter.kill();
  }
}

export async function run(report: Report): Promise<void> {
  const dap: number[] = [];
  for (let i = 0; i < 5; i++) dap.push(await dapLaunchToFirstStop(resolve('examples/read-vol1.ccw')));
  dap.sort((a, b) => a - b);
  report(`DAP launch to first stop (examples/read-vol1.ccw, adapter process): median ${(dap[2] ?? 0).toFixed(1)} ms, best ${(dap[0] ?? 0).toFixed(1)} ms of 5`);
}
