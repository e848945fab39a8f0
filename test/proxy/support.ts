import { execFile } from 'node:child_process';
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

export const TENANT = '8c1f6a52-3c0e-4f2e-9d51-6f0b1d2a7e10';
export const CLIENT = '4b7e2c1a-9f3d-4e8b-a6c5-2d1f0e9b8a71';

/** Run a program with only `fedlab env` and production settings (no fedlab URL) in its environment. */
export function runWithFedlabEnv(fedlab: Fedlab, command: string, args: string[], extra: Record<string, string> = {}): Promise<string> {
  const env = {
    PATH: process.env.PATH!,
    HOME: process.env.HOME ?? '/tmp',
    ...fedlab.env!,
    AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    AWS_REGION: 'us-east-1',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    AZURE_TENANT_ID: TENANT,
    AZURE_CLIENT_ID: CLIENT,
    ...extra,
  };
  return new Promise((resolve, reject) => {
    execFile(command, args, { env, timeout: 60_000 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`${error.message}\n${stderr}`));
      resolve(stdout);
    });
  });
}
