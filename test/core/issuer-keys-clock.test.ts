import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';
import { createIssuerKeys } from '../../src/core/jwt/issuer-keys.js';

let server: Server;
let issuer: string;
let fetches = 0;

beforeAll(async () => {
  const { publicKey } = await generateKeyPair('ES256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256' };
  server = createServer((req, res) => {
    fetches += 1;
    res.setHeader('content-type', 'application/json');
    if (req.url === '/.well-known/openid-configuration') res.end(JSON.stringify({ issuer, jwks_uri: `${issuer}/jwks` }));
    else res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

test('moving the clock back does not freeze the key cache until the clock catches up', async () => {
  let now = 10_000_000;
  const keys = createIssuerKeys({ nowMs: () => now, cacheMaxAgeMs: 60_000, cooldownMs: 30_000 });
  await keys.resolve(issuer, { alg: 'ES256', kid: 'k1' });
  expect(fetches).toBe(2);

  now += 10_000; // within the cache age: no fetch
  await keys.resolve(issuer, { alg: 'ES256', kid: 'k1' });
  expect(fetches).toBe(2);

  now -= 3_600_000; // an hour back: the cached set counts as old, and the cooldown is over
  await keys.resolve(issuer, { alg: 'ES256', kid: 'k1' });
  expect(fetches).toBe(4);
});
