import { createConnection, createServer, type Socket } from 'node:net';

/**
 * A round-robin TCP balancer on a free loopback port (what nginx's `stream` module does): each new
 * connection goes to the next upstream, TLS passes through untouched. Upstreams are set once the
 * replicas listen (their public URL must name the balancer before they start).
 */
export interface TcpBalancer {
  port: number;
  setUpstreams(urls: string[]): void;
  /** Connections handed to each upstream so far, in `setUpstreams` order. */
  connections(): number[];
  close(): Promise<void>;
}

export async function startTcpBalancer(): Promise<TcpBalancer> {
  let upstreams: { host: string; port: number }[] = [];
  let counts: number[] = [];
  let next = 0;
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  };
  const server = createServer((client) => {
    track(client);
    if (upstreams.length === 0) return client.destroy();
    const index = next++ % upstreams.length;
    counts[index]! += 1;
    const upstream = createConnection(upstreams[index]!);
    track(upstream);
    client.pipe(upstream).pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    setUpstreams(urls) {
      upstreams = urls.map((url) => ({ host: new URL(url).hostname, port: Number(new URL(url).port) }));
      counts = urls.map(() => 0);
    },
    connections: () => [...counts],
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
