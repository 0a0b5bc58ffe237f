/** The standalone debug adapter: one session on stdio, or a session per connection on 127.0.0.1:PORT. */
import { createServer } from 'node:net';
import { CcwDebugSession, type SessionHost } from '../debug/session';
import { dirname } from 'node:path';
import { nodeDeviceHost } from './nodeDeviceHost';
import { nodeFiles } from './nodeFiles';

const host: SessionHost = { files: nodeFiles, defer: (fn) => setImmediate(fn), deviceHost: (program) => nodeDeviceHost(dirname(program)) };

export function startAdapter(port: number | null): void {
  if (port === null) {
    const session = new CcwDebugSession(host);
    session.setRunAsServer(false);
    session.start(process.stdin, process.stdout);
    return;
  }
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`ccw dap: --port ${port} is not a TCP port number\n`);
    process.exitCode = 3;
    return;
  }
  const server = createServer((socket) => {
    const session = new CcwDebugSession(host);
    session.setRunAsServer(true);
    session.start(socket, socket);
  });
  server.listen(port, '127.0.0.1', () => {
    const address = server.address();
    process.stderr.write(`ccw dap: listening on 127.0.0.1:${typeof address === 'object' && address ? address.port : port}\n`);
  });
}
