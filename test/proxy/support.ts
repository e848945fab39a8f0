import { connect, type Socket } from 'node:net';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startFedlab, type Fedlab } from 'fedlab';
import { loadFedlabConfig } from '../../src/config.js';

/** The embedded configuration with the proxy section added (the default one has none). */
export function startProxiedFedlab(patch: (config: ReturnType<typeof loadFedlabConfig>) => void = () => {}): Promise<Fedlab> {
  const config = loadFedlabConfig();
  patch(config);
  return startFedlab({ ports: 'auto', config: { ...config, proxy: {} } as never });
}

/** Send raw bytes to the proxy and collect what comes back until it closes (or `until` matches). */
export function rawExchange(port: number, bytes: string | Buffer, until: RegExp = /\r\n\r\n[\s\S]*\}$/): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket: Socket = connect(port, '127.0.0.1', () => socket.write(bytes));
    let text = '';
    const done = () => {
      socket.destroy();
      resolve(text);
    };
    socket.on('data', (chunk) => {
      text += chunk.toString('latin1');
      if (until.test(text)) done();
    });
    socket.on('end', done);
    socket.on('error', reject);
    socket.setTimeout(5000, done);
  });
}

/** A loopback server that records every request it gets: the proxy must never send it one. */
export async function startCanary(): Promise<{ port: number; hits: string[]; close(): Promise<void> }> {
  const hits: string[] = [];
  const server: Server = createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    res.end('canary');
  });
  server.on('connection', () => hits.push('connection'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    hits,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
