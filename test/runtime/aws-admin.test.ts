import { GetWebIdentityTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { decodeJwt } from 'jose';
import type { Fedlab } from '../../src/start-fedlab.js';
import { ACCOUNT, control, eventsOf, startRuntimeLab } from './support.js';

let fedlab: Fedlab;
let aws: ReturnType<typeof control>;
beforeAll(async () => {
  fedlab = await startRuntimeLab();
  aws = control(fedlab, 'aws');
});
afterAll(async () => {
  await fedlab?.close();
});

const NEW_ROLE = {
  arn: 'arn:aws:iam::111122223333:role/added-at-runtime',
  accessKeyId: 'AKIAFEDLABRUNTIME001',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEADDED',
  tags: { team: 'runtime' },
};

const sts = (accessKeyId: string, secretAccessKey: string) => new STSClient({ endpoint: fedlab.urls.aws.endpoint, region: 'us-east-1', credentials: { accessKeyId, secretAccessKey }, maxAttempts: 1 });
const mint = (client: STSClient) => client.send(new GetWebIdentityTokenCommand({ Audience: ['api://AzureADTokenExchange'], SigningAlgorithm: 'RS256' }));

test('GET /_fedlab/accounts lists accounts, switch, issuer, principals without secrets, and key generations', async () => {
  const { status, body } = await aws('GET', '/accounts');
  expect(status).toBe(200);
  expect(body.value.map((a: { id: string }) => a.id)).toEqual(['111122223333', '444455556666', '123456789012']);
  expect(body.value[0]).toMatchObject({
    outboundFederation: 'enabled',
    issuer: fedlab.urls.aws.issuers[ACCOUNT],
    signingKids: ['RSA_0', 'EC384_0'],
    keys: [expect.objectContaining({ kid: 'RSA_0', alg: 'RS256', retireAt: null, published: true }), expect.objectContaining({ kid: 'EC384_0', published: true })],
  });
  expect(body.value[0].principals[0]).toMatchObject({ arn: 'arn:aws:iam::111122223333:role/fedlab-workload', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', source: 'config', hasSessionToken: false });
  expect(JSON.stringify(body)).not.toMatch(/EXAMPLEKEY|secretAccessKey|FwoGZXIvYXdzEXAMPLESESSIONTOKENfedlab/);
});

test('a principal added at runtime mints with the real AWS SDK; removed, its key is refused', async () => {
  const added = await aws('POST', `/accounts/${ACCOUNT}/principals`, NEW_ROLE);
  expect(added.status).toBe(201);
  expect(added.body).toMatchObject({ arn: NEW_ROLE.arn, accessKeyId: NEW_ROLE.accessKeyId, source: 'runtime', tags: { team: 'runtime' } });
  expect(added.body.secretAccessKey).toBeUndefined();
  expect(eventsOf(fedlab, 'principal-added').at(-1)).toMatchObject({ party: 'aws', accountId: ACCOUNT, arn: NEW_ROLE.arn });

  const client = sts(NEW_ROLE.accessKeyId, NEW_ROLE.secretAccessKey);
  const token = decodeJwt((await mint(client)).WebIdentityToken!);
  expect(token.sub).toBe(NEW_ROLE.arn);
  // startFedlab's own helpers see it too.
  expect(fedlab.awsCredentials(NEW_ROLE.arn)).toEqual({ accessKeyId: NEW_ROLE.accessKeyId, secretAccessKey: NEW_ROLE.secretAccessKey });

  expect((await aws('DELETE', `/accounts/${ACCOUNT}/principals/${NEW_ROLE.accessKeyId}`)).status).toBe(204);
  await expect(mint(client)).rejects.toMatchObject({ name: 'InvalidClientTokenId' });
  expect(eventsOf(fedlab, 'principal-removed').at(-1)).toMatchObject({ accessKeyId: NEW_ROLE.accessKeyId, arn: NEW_ROLE.arn });
  client.destroy();
});

test('a configured principal can be removed and added back programmatically', async () => {
  const restricted = fedlab.aws.principal('AKIAI44QH8DHBEXAMPLE')!;
  fedlab.aws.removePrincipal(ACCOUNT, 'AKIAI44QH8DHBEXAMPLE');
  await expect(mint(sts(restricted.accessKeyId, restricted.secretAccessKey))).rejects.toMatchObject({ name: 'InvalidClientTokenId' });
  fedlab.aws.addPrincipal(ACCOUNT, restricted);
  expect((await mint(sts(restricted.accessKeyId, restricted.secretAccessKey))).WebIdentityToken).toBeDefined();
});

test.each([
  [{ ...NEW_ROLE, accessKeyId: 'AKIAIOSFODNN7EXAMPLE' }, 409, 'EntityAlreadyExists', 'already used by arn:aws:iam::111122223333:role/fedlab-workload'],
  [{ ...NEW_ROLE, arn: 'arn:aws:iam::444455556666:role/elsewhere' }, 400, 'InvalidRequest', 'principal belongs to account 444455556666'],
  [{ ...NEW_ROLE, accessKeyId: 'not-a-key' }, 400, 'InvalidRequest', 'accessKeyId: expected an access key id'],
  [{ ...NEW_ROLE, extra: 1 }, 400, 'InvalidRequest', 'extra'],
])('a bad principal %j is refused (%i %s)', async (principal, status, code, message) => {
  const res = await aws('POST', `/accounts/${ACCOUNT}/principals`, principal);
  expect(res.status).toBe(status);
  expect(res.body.error).toEqual({ code, message: expect.stringContaining(message) });
});

test('unknown accounts and access keys are JSON 404s; unknown routes too', async () => {
  expect((await aws('POST', '/accounts/999999999999/principals', NEW_ROLE)).body.error.code).toBe('NoSuchAccount');
  expect((await aws('DELETE', `/accounts/${ACCOUNT}/principals/AKIAFEDLABNOSUCHKEY1`)).body.error.code).toBe('NoSuchEntity');
  const nothing = await aws('GET', '/nothing-here');
  expect(nothing).toMatchObject({ status: 404, body: { error: { code: 'NotFound' } } });
});

test('the federation switch flips over /_fedlab and STS follows it', async () => {
  const workload = fedlab.aws.principal('AKIAIOSFODNN7EXAMPLE')!;
  const off = await aws('PUT', `/accounts/${ACCOUNT}/outbound-federation`, { enabled: false });
  expect(off.body.outboundFederation).toBe('disabled');
  await expect(mint(sts(workload.accessKeyId, workload.secretAccessKey))).rejects.toMatchObject({ name: 'OutboundWebIdentityFederationDisabledException' });
  await aws('PUT', `/accounts/${ACCOUNT}/outbound-federation`, { enabled: true });
  expect(fedlab.aws.federationEnabled(ACCOUNT)).toBe(true);
});
