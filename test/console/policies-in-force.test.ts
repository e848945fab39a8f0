import request from 'supertest';
import { startConsoleLab, WORKLOAD_ROLE, type ConsoleLab } from './support.js';

/** The console's policy view: the layers in force for a principal and the layer that denied its last refusal. */

const RESTRICTED_ROLE = 'arn:aws:iam::111122223333:role/fedlab-restricted';
const ORG_ADMIN = 'arn:aws:iam::123456789012:user/fedlab-org-admin';

let lab: ConsoleLab;
beforeAll(async () => {
  lab = await startConsoleLab();
});
afterAll(() => lab.close());

const api = () => request(lab.url);
const layer = (body: { layers: { layer: string }[] }, name: string) => body.layers.find((l) => l.layer === name) as Record<string, any>;

test('a member principal: the SCP levels root → OU → account, its inline policy, no boundary; the identity layer named after a refusal', async () => {
  const before = (await api().get('/api/aws/policies').query({ principal: RESTRICTED_ROLE }).expect(200)).body;
  expect(before).toMatchObject({ accountId: '111122223333', principal: RESTRICTED_ROLE, lastRefusal: null });
  expect(before.layers.map((l: { layer: string }) => l.layer)).toEqual(['service control policy', 'resource control policy', 'identity-based policy', 'permissions boundary']);
  const scps = layer(before, 'service control policy');
  expect(scps.applies).toBe(true);
  expect(scps.levels.map((l: { target: string }) => l.target)).toEqual(['r-ab12', 'ou-ab12-11111111', '111122223333']);
  expect(scps.levels[1].policies.map((p: { name: string }) => p.name)).toEqual(['FullAWSAccess', 'CapTokenLifetime']);
  expect(layer(before, 'resource control policy')).toMatchObject({ applies: false, reason: 'the policy type is not enabled' });
  expect(layer(before, 'identity-based policy').policies).toEqual([expect.objectContaining({ name: 'MintForEntraOnly', kind: 'inline', document: expect.objectContaining({ Version: '2012-10-17' }) })]);
  expect(layer(before, 'permissions boundary')).toMatchObject({ applies: false, reason: 'no permissions boundary is set' });

  const minted = await api().post('/api/aws/token').send({ principalArn: RESTRICTED_ROLE, audience: 'api://not-allowed', algorithm: 'RS256' }).expect(200);
  expect(minted.body.ok).toBe(false);
  const after = (await api().get('/api/aws/policies').query({ principal: RESTRICTED_ROLE }).expect(200)).body;
  expect(after.lastRefusal).toMatchObject({ type: 'sts-rejected', deniedAction: 'sts:GetWebIdentityToken', deniedBy: 'identity-based policy', denial: 'implicit', failedCheck: 'identity-policy' });
});

test('the default policy is listed as attached; the management account is outside SCPs; unknown principals are refused', async () => {
  const workload = (await api().get('/api/aws/policies').query({ principal: WORKLOAD_ROLE }).expect(200)).body;
  expect(layer(workload, 'identity-based policy').policies).toEqual([expect.objectContaining({ name: 'FedlabDefaultOutboundFederation', kind: 'managed', arn: 'arn:aws:iam::aws:policy/FedlabDefaultOutboundFederation' })]);
  const admin = (await api().get('/api/aws/policies').query({ principal: ORG_ADMIN }).expect(200)).body;
  expect(layer(admin, 'service control policy')).toMatchObject({ applies: false, reason: 'SCPs and RCPs do not apply to the management account' });
  await api().get('/api/aws/policies').query({ principal: 'arn:aws:iam::111122223333:role/nobody' }).expect(404);
  await api().get('/api/aws/policies').expect(400);
});
