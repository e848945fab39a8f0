import { request as httpsRequest } from 'node:https';
import { gzipSync } from 'node:zlib';
import { CLIENT_ID, federatedForm, startTestEntra, TENANT_ID, type TestEntra } from './helpers/test-entra.js';

/**
 * `POST` to the token endpoints is served before Express routes anything (src/entra/http/token-lane.ts).
 * These pin that it matches exactly what the Express routes matched, and that everything else still
 * reaches its own route.
 */
let lab: TestEntra;
beforeAll(async () => {
  lab = await startTestEntra();
});
afterAll(() => lab.close());

const issued = (response: { status: number; body: any }) => {
  expect(response.status).toBe(200);
  expect(response.body.token_type).toBe('Bearer');
};

test('any case and an optional trailing slash, as Express matched them', async () => {
  issued(await lab.token(federatedForm(await lab.issuer.mint()), { path: `/${TENANT_ID}/OAUTH2/V2.0/Token` }));
  issued(await lab.token(federatedForm(await lab.issuer.mint()), { path: `/${TENANT_ID}/oauth2/v2.0/token/` }));
  issued(await lab.token(federatedForm(await lab.issuer.mint()), { path: `/${TENANT_ID}/oauth2/v2.0/token?client-request-id=a1b2c3d4-0000-4000-8000-00000000c0de` }));
});

test('a percent-encoded tenant is decoded, as a route parameter is', async () => {
  issued(await lab.token(federatedForm(await lab.issuer.mint()), { path: `/${TENANT_ID.replace('8c', '%38c')}/oauth2/v2.0/token` }));
});

test('the token answer is one JSON document with Entra headers and the security headers', async () => {
  const response = await lab.token(federatedForm(await lab.issuer.mint()));
  issued(response);
  expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
  expect(response.headers.get('cache-control')).toBe('no-store, no-cache');
  expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  expect(response.headers.get('x-frame-options')).toBe('DENY');
  expect(response.headers.get('x-ms-request-id')).toMatch(/^[0-9a-f-]{36}$/);
});

test('compressed forms are read as before (body-parser inflates gzip)', async () => {
  const body = gzipSync(new URLSearchParams(federatedForm(await lab.issuer.mint())).toString());
  const response = await lab.fetch(`${lab.authorityHost}/${TENANT_ID}/oauth2/v2.0/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-encoding': 'gzip' }, body });
  expect(response.status).toBe(200);
});

test('other methods on the token path still reach their route (AADSTS900561, CORS preflight)', async () => {
  const get = await lab.fetch(`${lab.authorityHost}/${TENANT_ID}/oauth2/token`);
  expect(get.status).toBe(400);
  expect((await get.json()).error_codes).toEqual([900561]);
  const preflight = await lab.fetch(`${lab.authorityHost}/${TENANT_ID}/oauth2/v2.0/token`, { method: 'OPTIONS' });
  expect(preflight.status).toBe(204);
});

test('POST paths shaped like a token path under Graph or runtime control stay theirs', async () => {
  const form = { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `client_id=${CLIENT_ID}` };
  const graph = await lab.fetch(`${lab.authorityHost}/v1.0/oauth2/token`, form);
  expect(graph.status).toBe(401);
  expect((await graph.json()).error.code).toBe('InvalidAuthenticationToken');
  const formToControl = await lab.fetch(`${lab.authorityHost}/_fedlab/oauth2/token`, form);
  expect(formToControl.status).toBe(403);
  expect((await formToControl.json()).error_codes).toBeUndefined();
  const control = await lab.fetch(`${lab.authorityHost}/_fedlab/oauth2/token`, { ...form, headers: { 'content-type': 'application/json' }, body: '{}' });
  expect(control.status).toBe(404);
  expect((await control.json()).error_codes).toBeUndefined();
});

test('a path that only looks like a token path is a JSON 404', async () => {
  const response = await lab.fetch(`${lab.authorityHost}/${TENANT_ID}/extra/oauth2/v2.0/token`, { method: 'POST' });
  expect(response.status).toBe(404);
  expect((await response.json()).error).toBe('not_found');
});

test('an absolute-form request target reaches the token endpoint, as Express routed it', async () => {
  const body = new URLSearchParams(federatedForm(await lab.issuer.mint())).toString();
  const url = new URL(lab.authorityHost);
  const status = await new Promise<number>((resolve, reject) => {
    const req = httpsRequest(
      { host: url.hostname, port: url.port, method: 'POST', path: `${lab.authorityHost}/${TENANT_ID}/oauth2/v2.0/token`, ca: lab.ca, headers: { 'content-type': 'application/x-www-form-urlencoded' } },
      (res) => {
        res.resume();
        resolve(res.statusCode!);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
  expect(status).toBe(200);
});

test('a failure inside the lane is a logged 500 in Entra format, and the listener keeps serving', async () => {
  const faults = lab.entra.faults as { consume: (...args: unknown[]) => unknown };
  const consume = faults.consume;
  faults.consume = () => {
    throw new Error('a bug in a gate');
  };
  try {
    const response = await lab.token(federatedForm(await lab.issuer.mint()));
    expect(response.status).toBe(500);
    expect(response.body).toMatchObject({ error: 'server_error', error_codes: [] });
  } finally {
    faults.consume = consume;
  }
  issued(await lab.token(federatedForm(await lab.issuer.mint())));
});
