import { createServer, type Server } from 'node:http';
import { DEFAULT_FETCH_POLICY, fetchJson, type FetchPolicy } from '../../src/core/fetch/hardened-fetch.js';

/** `ownOrigins` (the parties' publicUrl origins) are fetched where other loopback origins are not. */
let server: Server;
let origin: string;

beforeAll(async () => {
  server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://localhost:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const strict: FetchPolicy = { ...DEFAULT_FETCH_POLICY, addresses: { allowLoopback: false, allowPrivate: false, allowLinkLocal: false }, loopbackOrigin: () => false };

test('a public origin of fedlab\'s own is fetched at a loopback address that the policy refuses for any other origin', async () => {
  await expect(fetchJson(`${origin}/doc`, strict)).rejects.toThrow(/address 127\.0\.0\.1 not allowed/);
  await expect(fetchJson(`${origin}/doc`, { ...strict, ownOrigins: ['http://localhost:1'] })).rejects.toThrow(/not allowed/);
  await expect(fetchJson(`${origin}/doc`, { ...strict, ownOrigins: [origin] })).resolves.toEqual({ ok: true });
});
