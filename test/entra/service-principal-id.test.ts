import { decodeJwt } from 'jose';
import { entraConfigSchema } from '../../src/entra/config.js';
import { startFedlab } from '../../src/start-fedlab.js';
import type { FedlabConfigInput } from '../../src/config.js';
import { defaultConfigObject, withFreePorts } from '../helpers/temp-config.js';

/** `servicePrincipalId` is optional: absent, a GUID derived from appId, the same at every start. */
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TENANT = '8c1f6a52-3c0e-4f2e-9d51-6f0b1d2a7e10';
const app = (appId: string, servicePrincipalId?: string) => ({ appId, displayName: 'app', ...(servicePrincipalId ? { servicePrincipalId } : {}) });
const parse = (...applications: object[]) => entraConfigSchema.parse({ tenants: [{ id: TENANT, applications }] }).tenants[0]!.applications;

test('an application without servicePrincipalId gets a stable GUID derived from its appId (any case)', () => {
  const [first] = parse(app('4b7e2c1a-9f3d-4e8b-a6c5-2d1f0e9b8a71'));
  const [again] = parse(app('4B7E2C1A-9F3D-4E8B-A6C5-2D1F0E9B8A71'));
  const [other] = parse(app('7e3f2a1b-8c4d-4e5f-9a6b-5c4d3e2f1a04'));
  expect(first!.servicePrincipalId).toMatch(GUID);
  expect(again!.servicePrincipalId).toBe(first!.servicePrincipalId);
  expect(other!.servicePrincipalId).not.toBe(first!.servicePrincipalId);
});

test('a configured servicePrincipalId is kept, and duplicates are still refused with their key path', () => {
  expect(parse(app('4b7e2c1a-9f3d-4e8b-a6c5-2d1f0e9b8a71', '0f6a3e2d-5c4b-4a39-8e7f-6d5c4b3a2910'))[0]!.servicePrincipalId).toBe('0f6a3e2d-5c4b-4a39-8e7f-6d5c4b3a2910');
  const result = entraConfigSchema.safeParse({
    tenants: [{ id: TENANT, applications: [app('4b7e2c1a-9f3d-4e8b-a6c5-2d1f0e9b8a71', '0f6a3e2d-5c4b-4a39-8e7f-6d5c4b3a2910'), app('7e3f2a1b-8c4d-4e5f-9a6b-5c4d3e2f1a04', '0f6a3e2d-5c4b-4a39-8e7f-6d5c4b3a2910')] }],
  });
  expect(result.success).toBe(false);
  expect(result.error!.issues[0]).toMatchObject({ path: ['tenants', 0, 'applications', 1, 'servicePrincipalId'] });
});

test('the exchanged token of an application configured without servicePrincipalId carries the derived id as oid and sub, at every start', async () => {
  const config = withFreePorts(defaultConfigObject());
  for (const application of config.entra.tenants[0].applications) delete application.servicePrincipalId;
  const expected = parse(app(config.entra.tenants[0].applications[0].appId))[0]!.servicePrincipalId;
  for (let start = 0; start < 2; start++) {
    const fedlab = await startFedlab({ config: config as FedlabConfigInput, ports: 'auto' });
    try {
      const { token } = await fedlab.assertionCredential().getToken('https://vault.azure.net/.default');
      expect(decodeJwt(token)).toMatchObject({ oid: expected, sub: expected });
    } finally {
      await fedlab.close();
    }
  }
}, 60_000);
