import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A listener that counts every inbound request: for the SSRF, jku and x5u cases, it must stay at 0. */
export interface Canary {
  readonly url: string;
  readonly hits: number;
  close(): Promise<void>;
}

export async function startCanary(): Promise<Canary> {
  let hits = 0;
  const server: Server = createServer((_req, res) => {
    hits++;
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"keys":[]}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get hits() {
      return hits;
    },
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}
