import { fileURLToPath } from 'node:url';
import { createEventBus, type EventBus } from '../../src/core/events.js';
import { createStateStore } from '../../src/core/state-dir.js';
import type { Attendee } from '../../src/labs/attendee.js';
import { createLabsService, type LabsService } from '../../src/labs/labs-service.js';
import { loadLabFile } from '../../src/labs/load-lab.js';

// Exercise 10 (production configuration): each goal ticks for the action the page asks for, and
// not for three near misses an attendee could plausibly make.
const ME: Attendee = {
  id: 'default',
  accountId: '111122223333',
  region: 'us-east-1',
  principals: [{ arn: 'arn:aws:iam::111122223333:role/lab-workload', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' }],
  tenantId: '8c1f6a52-3c0e-4f2e-9d51-6f0b1d2a7e10',
  clientId: '4b7e2c1a-9f3d-4e8b-a6c5-2d1f0e9b8a71',
  servicePrincipalId: '0f6a3e2d-5c4b-4a39-8e7f-6d5c4b3a2910',
};
const P = ME.principals[0]!.arn;
const REAL_ISSUER = 'https://6c32eabe-a1ba-4afc-8583-01f8abde61b2.tokens.sts.global.api.aws';
const LISTENER_ISSUER = 'http://127.0.0.1:4580/6c32eabe-a1ba-4afc-8583-01f8abde61b2';
const course = loadLabFile(fileURLToPath(new URL('../../labs/federation-101.lab.yaml', import.meta.url)));

let events: EventBus;
let labs: LabsService;
beforeEach(() => {
  events = createEventBus();
  labs = createLabsService({ labs: [course], attendees: [ME], events, store: createStateStore(), ca: '', urls: { awsEndpoint: 'http://127.0.0.1:1', issuers: { [ME.accountId]: REAL_ISSUER }, vaults: {}, listeners: [] } });
});
afterEach(() => labs.close());

const done = async (goal: string) => (await labs.status()).labs[0]!.exercises.find((e) => e.id === 'production-configuration')!.goals.find((g) => g.id === goal)!.done;

test('reinvent-mint: the verbatim command through sts.us-east-1.amazonaws.com with the real issuer; not through the listener, not another audience, not another principal', async () => {
  const mint = (fields: Record<string, unknown>) =>
    events.publish({ party: 'aws', type: 'token-minted', accountId: ME.accountId, principal: P, audiences: ['api:AzureADTokenExchange'], alg: 'RS256', jti: 'j', issuer: REAL_ISSUER, host: 'sts.us-east-1.amazonaws.com', ...fields });
  mint({ host: '127.0.0.1:4580', issuer: LISTENER_ISSUER }); // --endpoint-url to fedlab's listener
  mint({ audiences: ['api://AzureADTokenExchange'] }); // the usual audience, not the command's
  mint({ principal: 'arn:aws:iam::111122223333:role/lab-restricted' }); // another role's keys
  expect(await done('reinvent-mint')).toBe(false);
  mint({});
  expect(await done('reinvent-mint')).toBe(true);
});

test("real-credential: a credential naming the real issuer on the attendee's app; not the listener form, not a trailing slash, not another application", async () => {
  const created = (credential: Record<string, unknown>, appId = ME.clientId) =>
    events.publish({ party: 'entra', type: 'fic-created', tenant: ME.tenantId, appId, credential: { id: 'c', name: 'aws-production', issuer: REAL_ISSUER, subject: P, audiences: ['api://AzureADTokenExchange'], ...credential } });
  created({ issuer: LISTENER_ISSUER }); // the credential of exercise 4
  created({ issuer: `${REAL_ISSUER}/` }); // Entra compares exactly: this one never matches
  created({}, '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c61'); // on the Graph admin application
  expect(await done('real-credential')).toBe(false);
  created({});
  expect(await done('real-credential')).toBe(true);
});

test('real-issuer-exchange: accepted with the real issuer for the vault; not the listener issuer, not another resource, not a refusal', async () => {
  const exchange = (type: string, fields: Record<string, unknown>) =>
    events.publish({ party: 'entra', type, tenant: ME.tenantId, clientId: ME.clientId, resource: 'https://vault.azure.net', assertion: { iss: REAL_ISSUER, sub: P, aud: 'api://AzureADTokenExchange', jti: 'j', verified: true }, ...fields });
  exchange('exchange-accepted', { assertion: { iss: LISTENER_ISSUER, sub: P, jti: 'j' } });
  exchange('exchange-accepted', { resource: 'https://graph.microsoft.com' });
  exchange('exchange-rejected', { code: 700211, failedCheck: 'federated-credential' });
  expect(await done('real-issuer-exchange')).toBe(false);
  exchange('exchange-accepted', {});
  expect(await done('real-issuer-exchange')).toBe(true);
});

test("production-secret: lab-secret read from <vault>.vault.azure.net by the attendee; not at the listener URL, not another secret, not another caller", async () => {
  const read = (fields: Record<string, unknown>) =>
    events.publish({ party: 'vault', type: 'secret-read', name: 'lab-secret', version: 'v1', oid: ME.servicePrincipalId, appid: ME.clientId, vaultUrl: 'https://fedlab-lab-vault.vault.azure.net', ...fields });
  read({ vaultUrl: 'https://127.0.0.1:4582' }); // exercise 5's way, with disableChallengeResourceVerification
  read({ name: 'demo-secret' });
  read({ oid: '3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e72', appid: '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c61' });
  expect(await done('production-secret')).toBe(false);
  read({});
  expect(await done('production-secret')).toBe(true);
});
