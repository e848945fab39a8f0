import request from 'supertest';
import { startConsoleLab, TENANT, VAULT, WORKLOAD_APP, WORKLOAD_ROLE, type ConsoleLab } from './support.js';

let lab: ConsoleLab;
beforeAll(async () => {
  lab = await startConsoleLab();
});
afterAll(() => lab.close());

const mint = (body: object) => request(lab.url).post('/api/aws/token').send(body);
const exchange = (body: object) => request(lab.url).post('/api/entra/exchange').send(body);

async function awsToken(principalArn = WORKLOAD_ROLE, audience = 'api://AzureADTokenExchange', algorithm = 'RS256'): Promise<string> {
  const res = await mint({ principalArn, audience, algorithm });
  expect(res.body.ok).toBe(true);
  return res.body.token;
}

test('the overview lists principals, tenants and the vault without any secret', async () => {
  const res = await request(lab.url).get('/api/overview').expect(200);
  expect(res.body.accounts[0].principals.map((p: { arn: string }) => p.arn)).toContain(WORKLOAD_ROLE);
  expect(res.body.tenants[0].id).toBe(TENANT);
  expect(res.body.vault.secrets).toContain('demo-secret');
  expect(res.text).not.toContain('wJalrXUtnFEMI');
  expect(res.text).not.toMatch(/secretAccessKey|sessionToken"/);
});

test('minting signs with SigV4 as the SDK does: STS answers a token whose claims are annotated', async () => {
  const res = await mint({ principalArn: WORKLOAD_ROLE, audience: 'api://AzureADTokenExchange', algorithm: 'ES384' }).expect(200);
  expect(res.body).toMatchObject({ ok: true, request: { action: 'GetWebIdentityToken', region: 'us-east-1', accessKeyId: 'AKIAIOSFODNN7EXAMPLE' } });
  expect(res.body.decoded.kind).toBe('aws');
  expect(res.body.decoded.header).toMatchObject({ alg: 'ES384' });
  const sub = res.body.decoded.explained.find((c: { name: string }) => c.name === 'sub');
  expect(sub).toMatchObject({ value: WORKLOAD_ROLE });
  expect(sub.note).toMatch(/ARN/);
  const region = res.body.decoded.explained.find((c: { name: string }) => c.name === 'https://sts.amazonaws.com/ source_region');
  expect(region.value).toBe('us-east-1');
  expect(res.headers['cache-control']).toMatch(/no-store/);
});

test('the session principal signs with its session token too', async () => {
  const res = await mint({ principalArn: 'arn:aws:iam::111122223333:role/fedlab-session', audience: 'api://AzureADTokenExchange', algorithm: 'RS256' }).expect(200);
  expect(res.body.ok).toBe(true);
  expect(res.body.decoded.claims.sub).toBe('arn:aws:iam::111122223333:role/fedlab-session');
});

test("STS's own refusal is shown with its AWS error code (principal policy forbids the audience)", async () => {
  const res = await mint({ principalArn: 'arn:aws:iam::111122223333:role/fedlab-restricted', audience: 'api://not-allowed', algorithm: 'RS256' }).expect(200);
  expect(res.body.ok).toBe(false);
  expect(res.body.status).toBeGreaterThanOrEqual(400);
  expect(res.body.error.code).toMatch(/AccessDenied|ValidationError/);
});

test('an unknown principal or a bad algorithm is a 4xx in the console error format', async () => {
  const unknown = await mint({ principalArn: 'arn:aws:iam::111122223333:role/nobody', audience: 'a', algorithm: 'RS256' }).expect(404);
  expect(unknown.body.error.code).toBe('unknown_principal');
  const bad = await mint({ principalArn: WORKLOAD_ROLE, audience: 'a', algorithm: 'HS256' }).expect(400);
  expect(bad.body.error).toMatchObject({ code: 'invalid_input' });
  expect(bad.body.error.message).toMatch(/^algorithm/);
});

test.each(['client_credentials', 'token-exchange'])('the %s grant exchanges the AWS token; every check passed; the token reads the secret', async (grant) => {
  const assertion = await awsToken();
  const res = await exchange({ tenantId: TENANT, clientId: WORKLOAD_APP, resource: VAULT, grant, assertion }).expect(200);
  expect(res.body.ok).toBe(true);
  expect(res.body.trace.outcome).toBe('accepted');
  expect(res.body.trace.trace.length).toBeGreaterThan(5);
  expect(res.body.trace.trace.every((r: { outcome: string }) => r.outcome === 'passed')).toBe(true);
  expect(res.body.decoded.kind).toBe('entra');
  expect(res.body.decoded.claims.tid).toBe(TENANT);
  expect(JSON.stringify(res.body.request)).not.toContain(assertion);

  const read = await request(lab.url).post('/api/vault/read').send({ accessToken: res.body.accessToken, name: 'demo-secret' }).expect(200);
  expect(read.body).toMatchObject({ ok: true, name: 'demo-secret', value: 'hello from Azure, fetched with no long-lived secret' });
});

test('a rejected exchange names the failed check, the AADSTS code and the whole trace', async () => {
  const assertion = await awsToken(WORKLOAD_ROLE, 'api://wrong-audience');
  const res = await exchange({ tenantId: TENANT, clientId: WORKLOAD_APP, resource: VAULT, grant: 'client_credentials', assertion }).expect(200);
  expect(res.body.ok).toBe(false);
  // Entra answers a federated-credential mismatch as invalid_client (401).
  expect(res.body.status).toBe(401);
  expect(res.body.error.error).toBe('invalid_client');
  expect(res.body.failedCheck).toBe('federated-credential');
  expect(res.body.error.code).toBe(700212);
  expect(res.body.error.description).toMatch(/^AADSTS700212/);
  const failed = res.body.trace.trace.find((r: { outcome: string }) => r.outcome === 'failed');
  expect(failed).toMatchObject({ check: 'federated-credential', code: '700212' });
  expect(res.body.trace.trace.at(-1).outcome).toBe('not-run');
});

test('Key Vault refuses a token that is not for it, in its own words', async () => {
  const res = await request(lab.url).post('/api/vault/read').send({ accessToken: 'not-a-token', name: 'demo-secret' }).expect(200);
  expect(res.body.ok).toBe(false);
  expect(res.body.status).toBe(401);
  expect(res.body.challenge).toMatch(/^Bearer authorization=/);
});

test('the decoder verifies AWS and Entra tokens against their issuers and rejects forged ones', async () => {
  const aws = await awsToken();
  const decodedAws = await request(lab.url).post('/api/decode').send({ token: aws }).expect(200);
  expect(decodedAws.body.verification).toMatchObject({ verified: true, issuedBy: { party: 'aws', accountId: '111122223333' } });
  expect(decodedAws.body.times.map((t: { name: string }) => t.name)).toEqual(expect.arrayContaining(['iat', 'exp']));
  expect(decodedAws.body.expired).toBe(false);

  const exchanged = await exchange({ tenantId: TENANT, clientId: WORKLOAD_APP, resource: VAULT, grant: 'client_credentials', assertion: aws });
  const decodedEntra = await request(lab.url).post('/api/decode').send({ token: exchanged.body.accessToken }).expect(200);
  expect(decodedEntra.body.verification).toMatchObject({ verified: true, issuedBy: { party: 'entra', tenantId: TENANT } });

  const [header, payload, signature] = aws.split('.');
  const flipped = signature!.startsWith('A') ? 'B' + signature!.slice(1) : 'A' + signature!.slice(1);
  const forged = await request(lab.url).post('/api/decode').send({ token: `${header}.${payload}.${flipped}` }).expect(200);
  expect(forged.body.verification.verified).toBe(false);
  expect(forged.body.verification.steps.at(-1)).toMatchObject({ step: 'signature', ok: false });

  const garbage = await request(lab.url).post('/api/decode').send({ token: 'not.a.jwt' }).expect(400);
  expect(garbage.body.error.message).toMatch(/cannot be decoded/);
});

test("the console's own calls are marked in the events they cause; a workload's own SDK call is not", async () => {
  const { GetWebIdentityTokenCommand, STSClient } = await import('@aws-sdk/client-sts');
  const seen: { type: string; principal?: unknown; audiences?: unknown; origin?: unknown }[] = [];
  const unsubscribe = lab.fedlab.events.subscribe((event) => seen.push(event));
  const sts = new STSClient({ endpoint: lab.fedlab.urls.aws.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' }, maxAttempts: 1 });
  try {
    await awsToken(WORKLOAD_ROLE, 'api://console-origin');
    await sts.send(new GetWebIdentityTokenCommand({ Audience: ['api://sdk-origin'], SigningAlgorithm: 'RS256' }));
  } finally {
    unsubscribe();
    sts.destroy();
  }
  const minted = seen.filter((e) => e.type === 'token-minted');
  expect(minted.find((e) => JSON.stringify(e.audiences) === '["api://console-origin"]')).toMatchObject({ origin: 'console' });
  expect(minted.find((e) => JSON.stringify(e.audiences) === '["api://sdk-origin"]')).not.toHaveProperty('origin');
});
