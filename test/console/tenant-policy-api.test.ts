import request from 'supertest';
import { startConsoleLab, TENANT, VAULT, WORKLOAD_APP, WORKLOAD_ROLE, type ConsoleLab } from './support.js';

/** The console's relay to Entra's `/_fedlab/tenant-policy/<tenant>` (over HTTPS, as every party is reached). */
let lab: ConsoleLab;
beforeAll(async () => {
  lab = await startConsoleLab();
});
afterAll(() => lab.close());

const api = () => request(lab.url);
const POLICY = `/api/entra/tenants/${TENANT}/policy`;

async function exchange() {
  const minted = await api().post('/api/aws/token').send({ principalArn: WORKLOAD_ROLE, audience: 'api://AzureADTokenExchange', algorithm: 'RS256' }).expect(200);
  return (await api().post('/api/entra/exchange').send({ tenantId: TENANT, clientId: WORKLOAD_APP, resource: VAULT, grant: 'client_credentials', assertion: minted.body.token }).expect(200)).body;
}

test('GET shows the active policy; PUT replaces it and the next exchange is refused with its code; DELETE restores the configured one', async () => {
  const configured = (await api().get(POLICY).expect(200)).body;
  expect(configured).toMatchObject({ workloadIdentityFederation: 'enabled', blockedIssuers: [], disabledServicePrincipals: [], conditionalAccessPolicies: [] });
  expect(await exchange()).toMatchObject({ ok: true });

  const disabled = await api().put(POLICY).send({ ...configured, workloadIdentityFederation: 'disabled' }).expect(200);
  expect(disabled.body.workloadIdentityFederation).toBe('disabled');
  expect((await api().get(POLICY).expect(200)).body.workloadIdentityFederation).toBe('disabled');
  expect(await exchange()).toMatchObject({ ok: false, failedCheck: 'federation-policy', error: { code: 700223 } });

  await api().put(POLICY).send({ conditionalAccessPolicies: [{ displayName: 'Block the workload', servicePrincipals: [WORKLOAD_APP] }] }).expect(200);
  expect(await exchange()).toMatchObject({ ok: false, failedCheck: 'conditional-access', error: { code: 53003 } });

  await api().delete(POLICY).expect(204);
  expect((await api().get(POLICY).expect(200)).body).toEqual(configured);
  expect(await exchange()).toMatchObject({ ok: true });
});

test("bad input: Entra's own 400 naming the key, the console's 400 for a body that is no document, Entra's 404 for an unknown tenant", async () => {
  const bad = await api().put(POLICY).send({ workloadIdentityFederation: 'off' }).expect(400);
  expect(bad.body.error).toMatchObject({ code: 'InvalidTenantPolicy', message: expect.stringContaining('workloadIdentityFederation') });
  const notObject = await api().put(POLICY).send([1, 2]).expect(400);
  expect(notObject.body.error.message).toContain('tenantPolicy document');
  const unknown = await api().get('/api/entra/tenants/00000000-0000-4000-8000-000000000000/policy').expect(404);
  expect(unknown.body.error).toMatchObject({ code: 'TenantNotFound' });
});
