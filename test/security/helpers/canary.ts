import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A listener that counts every inbound request: for the SSRF, jku and x5u cases, it must stay at 0. */
export interface Canary {
  readonly url: string;
  readonly port: number;
  readonly hits: number;
  /** `METHOD path` of every request received, in order. */
  readonly requests: readonly string[];
  /** Whether the same port also listens on `::1` (false where the host has no IPv6 loopback). */
  readonly ipv6: boolean;
  /** Forgets the requests seen so far. */
  reset(): void;
  close(): Promise<void>;
}

function listenOn(server: Server, port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, host, () => resolve(true));
  });
}

/** `ipv6`: also listen on `[::1]` at the same port, so `[::1]` and `localhost` forms would be seen too. */
export async function startCanary(options: { ipv6?: boolean } = {}): Promise<Canary> {
  const requests: string[] = [];
  const handler = (req: { method?: string; url?: string }, res: import('node:http').ServerResponse) => {
    requests.push(`${req.method} ${req.url}`);
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"keys":[]}');
  };
  const servers: Server[] = [createServer(handler)];
  await listenOn(servers[0]!, 0, '127.0.0.1');
  const port = (servers[0]!.address() as AddressInfo).port;
  let ipv6 = false;
  if (options.ipv6) {
    const six = createServer(handler);
    ipv6 = await listenOn(six, port, '::1');
    if (ipv6) servers.push(six);
  }
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    ipv6,
    requests,
    reset: () => void requests.splice(0),
    get hits() {
      return requests.length;
    },
    close: () =>
      Promise.all(
        servers.map(
          (server) =>
            new Promise<void>((done) => {
              server.close(() => done());
              server.closeAllConnections();
            }),
        ),
      ).then(() => undefined),
  };
}
