import { get } from 'node:http';
import request from 'supertest';
import { startConsoleLab, TENANT, VAULT, WORKLOAD_APP, WORKLOAD_ROLE, type ConsoleLab } from './support.js';

const ACCOUNT = '111122223333';
const RESTRICTED_ROLE = 'arn:aws:iam::111122223333:role/fedlab-restricted';

let lab: ConsoleLab;
beforeAll(async () => {
  lab = await startConsoleLab();
});
afterAll(() => lab.close());

const api = () => request(lab.url);

async function runFlow(principalArn = WORKLOAD_ROLE) {
  const minted = await api().post('/api/aws/token').send({ principalArn, audience: 'api://AzureADTokenExchange', algorithm: 'RS256' }).expect(200);
  if (!minted.body.ok) return { minted: minted.body, exchanged: undefined };
  const exchanged = await api().post('/api/entra/exchange').send({ tenantId: TENANT, clientId: WORKLOAD_APP, resource: VAULT, grant: 'client_credentials', assertion: minted.body.token }).expect(200);
  return { minted: minted.body, exchanged: exchanged.body };
}

/** An accepted exchange; otherwise the failure says which check and why. */
function expectAccepted(exchanged: { ok: boolean; status?: number; failedCheck?: string; error?: unknown } | undefined): void {
  expect(exchanged && { ok: exchanged.ok, status: exchanged.status, failedCheck: exchanged.failedCheck, error: exchanged.error }).toEqual({ ok: true, status: 200, failedCheck: undefined, error: undefined });
}

describe('AWS through IAM and the issuer', () => {
  test('disabling outbound federation through IAM stops minting; enabling restores it', async () => {
    await api().put(`/api/aws/accounts/${ACCOUNT}/federation`).send({ enabled: false }).expect(200, { accountId: ACCOUNT, enabled: false, action: 'DisableOutboundWebIdentityFederation', changed: true });
    try {
      expect((await api().get(`/api/aws/accounts/${ACCOUNT}/federation`).expect(200)).body).toMatchObject({ enabled: false });
      const { minted } = await runFlow();
      expect(minted).toMatchObject({ ok: false, error: { code: 'OutboundWebIdentityFederationDisabledException' } });
    } finally {
      await api().put(`/api/aws/accounts/${ACCOUNT}/federation`).send({ enabled: true }).expect(200);
    }
    expect((await api().get(`/api/aws/accounts/${ACCOUNT}/federation`).expect(200)).body).toMatchObject({ enabled: true, issuer: lab.fedlab.urls.aws.issuers[ACCOUNT] });
    expectAccepted((await runFlow()).exchanged);
  });

  test('issuers show their discovery, JWKS and key generations; a rotation adds one', async () => {
    const before = await api().get('/api/aws/issuers').expect(200);
    const issuer = before.body.value.find((i: { accountId: string }) => i.accountId === ACCOUNT);
    expect(issuer).toMatchObject({ discoveryStatus: 200, jwksStatus: 200, issuer: lab.fedlab.urls.aws.issuers[ACCOUNT] });
    const newest = Math.max(...issuer.keys.map((k: { generation: number }) => k.generation));
    const rotated = await api().post(`/api/aws/accounts/${ACCOUNT}/rotate-keys`).send({}).expect(200);
    expect(rotated.body.kids).toEqual(expect.arrayContaining([`RSA_${newest + 1}`]));
    const after = await api().get('/api/aws/issuers').expect(200);
    const kids = after.body.value.find((i: { accountId: string }) => i.accountId === ACCOUNT).keys.map((k: { kid: string }) => k.kid);
    expect(kids).toEqual(expect.arrayContaining([`RSA_${newest}`, `RSA_${newest + 1}`]));
    expectAccepted((await runFlow()).exchanged);
  });
});

describe('federated credentials through the Graph-shaped API', () => {
  const fics = `/api/graph/${TENANT}/applications/${WORKLOAD_APP}/fics`;

  test('create lets another role in, PATCH changes it, DELETE takes it away again', async () => {
    expect((await runFlow(RESTRICTED_ROLE)).exchanged).toMatchObject({ ok: false, failedCheck: 'federated-credential' });
    const created = await api()
      .post(fics)
      .send({ name: 'console-restricted', issuer: lab.fedlab.urls.aws.issuers[ACCOUNT], subject: RESTRICTED_ROLE, audiences: ['api://AzureADTokenExchange'] })
      .expect(201);
    expect(created.body).toMatchObject({ name: 'console-restricted', subject: RESTRICTED_ROLE });
    expect((await api().get(fics).expect(200)).body.value.map((f: { name: string }) => f.name)).toContain('console-restricted');
    expectAccepted((await runFlow(RESTRICTED_ROLE)).exchanged);

    await api().patch(`${fics}/console-restricted`).send({ audiences: ['api://somewhere-else'] }).expect(204);
    const patched = (await runFlow(RESTRICTED_ROLE)).exchanged;
    expect(patched).toMatchObject({ ok: false, failedCheck: 'federated-credential', error: { code: 700212 } });

    await api().delete(`${fics}/console-restricted`).expect(204);
    expect((await api().get(fics).expect(200)).body.value.map((f: { name: string }) => f.name)).not.toContain('console-restricted');
  });

  test("Graph's validation errors come back in Graph's own error format", async () => {
    const res = await api().post(fics).send({ name: 'x', issuer: lab.fedlab.urls.aws.issuers[ACCOUNT], subject: 'a', audiences: ['api://AzureADTokenExchange'] }).expect(400);
    expect(res.body.error).toMatchObject({ code: expect.any(String), message: expect.any(String) });
    expect(res.body.error.innerError).toBeDefined();
  });

  test('an application id that is no GUID is refused before Graph is called', async () => {
    const res = await api().get(`/api/graph/${TENANT}/applications/not-a-guid/fics`).expect(400);
    expect(res.body.error.code).toBe('invalid_input');
  });
});

describe('faults and clocks through /_fedlab', () => {
  afterEach(async () => {
    await api().delete('/api/faults').expect(204);
    for (const party of ['aws', 'entra', 'vault']) await api().put(`/api/clock/${party}`).send({ offsetSeconds: 0 }).expect(200);
  });

  test('a throttling fault answers 429 with Retry-After before any check; clearing it restores the flow', async () => {
    const fault = await api().post('/api/faults/entra').send({ target: 'token', kind: 'throttle', retryAfterSeconds: 5 }).expect(201);
    expect((await api().get('/api/faults').expect(200)).body.value.map((f: { id: string }) => f.id)).toContain(fault.body.id);
    const throttled = (await runFlow()).exchanged;
    expect(throttled).toMatchObject({ ok: false, status: 429, retryAfter: '5', trace: null });
    await api().delete(`/api/faults/entra/${fault.body.id}`).expect(204);
    expect((await api().get('/api/faults').expect(200)).body.value).toEqual([]);
    expectAccepted((await runFlow()).exchanged);
  });

  test("an issuer whose discovery answers 500 makes the next exchange fail at issuer-metadata (AADSTS50166)", async () => {
    await api().post('/api/faults/aws').send({ target: 'discovery', accountId: ACCOUNT, kind: 'status', status: 500 }).expect(201);
    const failed = (await runFlow()).exchanged;
    expect(failed).toMatchObject({ ok: false, failedCheck: 'issuer-metadata', error: { code: 50166 } });
    expect(failed.trace.trace.find((r: { outcome: string }) => r.outcome === 'failed').check).toBe('issuer-metadata');
  });

  test("Entra's clock an hour ahead makes a fresh AWS token expired (time-window, AADSTS700024)", async () => {
    const set = await api().put('/api/clock/entra').send({ offsetSeconds: 3600 }).expect(200);
    expect(set.body.offsetSeconds).toBe(3600);
    const clocks = await api().get('/api/clock').expect(200);
    expect(clocks.body.value.find((c: { party: string }) => c.party === 'entra').offsetSeconds).toBe(3600);
    expect((await runFlow()).exchanged).toMatchObject({ ok: false, failedCheck: 'time-window', error: { code: 700024 } });
  });

  // What Break it tells about the clocks is what the parties then do, hop by hop.
  test.each([
    [{ entra: 3600 }, ['assertion-at-entra', 'access-token-at-vault']],
    [{ entra: -400 }, ['assertion-at-entra']],
    [{ entra: 200 }, []],
    [{ aws: 1000, entra: 1000, vault: 1000 }, ['sts-signature']],
    [{ vault: 4000 }, ['access-token-at-vault']],
    [{ vault: -400 }, []],
    [{ vault: -700 }, ['access-token-at-vault']],
  ])('clock offsets %j: GET /api/clock predicts the refused hops %j, and the flow is refused at the first', async (offsets, hops) => {
    for (const [party, offsetSeconds] of Object.entries(offsets)) await api().put(`/api/clock/${party}`).send({ offsetSeconds }).expect(200);
    const clocks = await api().get('/api/clock').expect(200);
    const predicted = clocks.body.effects.filter((e: { refused: boolean }) => e.refused);
    expect(predicted.map((e: { hop: string }) => e.hop)).toEqual(hops);
    const first = predicted[0] as { hop: string; check: string; code: string } | undefined;

    const { minted, exchanged } = await runFlow();
    if (first?.hop === 'sts-signature') {
      expect(minted).toMatchObject({ ok: false, error: { code: first.code } });
      return;
    }
    if (first?.hop === 'assertion-at-entra') {
      expect(exchanged).toMatchObject({ ok: false, failedCheck: first.check, error: { code: Number(first.code.replace('AADSTS', '')) } });
      return;
    }
    expectAccepted(exchanged);
    const read = await api().post('/api/vault/read').send({ accessToken: (exchanged as unknown as { accessToken: string }).accessToken, name: 'demo-secret' }).expect(200);
    if (first) expect(read.body).toMatchObject({ ok: false, status: 401, error: { message: expect.stringContaining(first.code) } });
    else expect(read.body).toMatchObject({ ok: true });
  });

  test("a party's refusal of a bad FaultSpec is passed on; an unknown party is a 404", async () => {
    const bad = await api().post('/api/faults/entra').send({ target: 'token', kind: 'explode' }).expect(400);
    expect(bad.body.error).toMatchObject({ code: expect.any(String), message: expect.stringMatching(/kind/) });
    const unknown = await api().post('/api/faults/gcp').send({}).expect(404);
    expect(unknown.body.error.code).toBe('unknown_party');
  });
});

test('the event stream replays and then pushes new events as Server-Sent Events', async () => {
  const received: string[] = [];
  let flow: Promise<unknown> = Promise.resolve();
  const done = new Promise<void>((resolve, reject) => {
    const req = get(`${lab.url}/api/events?replay=0`, (res) => {
      expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        received.push(chunk);
        if (received.join('').includes('"type":"token-minted"')) {
          req.destroy();
          resolve();
        }
      });
      // The stream is open: make something happen.
      flow = runFlow();
    });
    req.on('error', (error) => ((error as NodeJS.ErrnoException).code === 'ECONNRESET' ? resolve() : reject(error)));
  });
  await done;
  await flow;
  const text = received.join('');
  expect(text).toMatch(/event: fedlab\nid: [0-9a-f-]+\ndata: \{/);
});
