import { readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { GetWebIdentityTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose';
import { startFedlab, type Fedlab } from '../../src/start-fedlab.js';
import { createStateStore } from '../../src/core/state-dir.js';
import type { FedlabConfigInput } from '../../src/config.js';
import { defaultConfigObject, tempDir, withFreePorts } from '../helpers/temp-config.js';
import { ACCOUNT, rawRequest, startTestAws, WORKLOAD } from './support.js';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function mint(fedlab: Fedlab, alg: 'RS256' | 'ES384' = 'RS256'): Promise<string> {
  const sts = new STSClient({ endpoint: fedlab.urls.aws.endpoint, region: 'us-east-1', credentials: fedlab.awsCredentials(WORKLOAD), maxAttempts: 1 });
  try {
    return (await sts.send(new GetWebIdentityTokenCommand({ Audience: ['api://AzureADTokenExchange'], SigningAlgorithm: alg }))).WebIdentityToken!;
  } finally {
    sts.destroy();
  }
}

/** Fresh connections each time: a restarted listener leaves pooled keep-alive sockets dead. */
const jwksOf = async (issuer: string): Promise<JSONWebKeySet> => JSON.parse((await rawRequest(issuer, { method: 'GET', path: `${new URL(issuer).pathname}/.well-known/jwks.json` })).body);
const kids = (set: JSONWebKeySet) => set.keys.map((k) => k.kid);
const verifyAt = async (token: string, issuer: string) => jwtVerify(token, createLocalJWKSet(await jwksOf(issuer)), { issuer, audience: 'api://AzureADTokenExchange' });

test('a restart with the same state dir keeps issuer URL and keys; a rotated generation signs new tokens while old tokens stay verifiable', async () => {
  const stateDir = tempDir();
  const config = withFreePorts(defaultConfigObject());
  config.aws.port = await freePort();
  const start = () => startFedlab({ config: config as FedlabConfigInput, stateDir, ports: 'config' });

  let fedlab = await start();
  const issuer = fedlab.urls.aws.issuers[ACCOUNT]!;
  const firstJwks = await jwksOf(issuer);
  const before = await mint(fedlab);
  await fedlab.close();

  fedlab = await start();
  try {
    expect(fedlab.urls.aws.issuers).toEqual({ [ACCOUNT]: issuer, '444455556666': expect.any(String), '123456789012': expect.any(String) });
    expect(await jwksOf(issuer)).toEqual(firstJwks);
    await expect(verifyAt(before, issuer)).resolves.toBeDefined();

    expect(await fedlab.aws.rotateSigningKeys(ACCOUNT)).toEqual({ kids: ['RSA_1', 'EC384_1'] });
    expect(fedlab.events.recent().find((e) => e.type === 'keys-rotated')).toMatchObject({ accountId: ACCOUNT, kids: ['RSA_1', 'EC384_1'] });
    const after = await mint(fedlab);
    expect(decodeProtectedHeader(after)).toEqual({ kid: 'RSA_1', typ: 'JWT', alg: 'RS256' });
    expect(decodeProtectedHeader(await mint(fedlab, 'ES384'))).toEqual({ kid: 'EC384_1', typ: 'JWT', alg: 'ES384' });

    const rotated = await jwksOf(issuer);
    expect(kids(rotated)).toEqual(['RSA_1', 'EC384_1', 'RSA_0', 'EC384_0']);
    expect(rotated.keys.filter((k) => k.kid === 'RSA_0' || k.kid === 'EC384_0')).toEqual(firstJwks.keys);
    await expect(verifyAt(before, issuer)).resolves.toBeDefined();
    await expect(verifyAt(after, issuer)).resolves.toBeDefined();
  } finally {
    await fedlab.close();
  }

  fedlab = await start();
  try {
    expect(kids(await jwksOf(issuer))).toEqual(['RSA_1', 'EC384_1', 'RSA_0', 'EC384_0']);
    expect(decodeProtectedHeader(await mint(fedlab)).kid).toBe('RSA_1');
  } finally {
    await fedlab.close();
  }

  const state = JSON.parse(readFileSync(join(stateDir, 'aws/accounts/111122223333.json'), 'utf8'));
  expect(issuer.endsWith(`/${state.issuerId}`)).toBe(true);
  expect(state.keys.map((k: { kid: string }) => k.kid)).toEqual(['RSA_0', 'EC384_0', 'RSA_1', 'EC384_1']);
  rmSync(stateDir, { recursive: true, force: true });
});

test('older generations can be retired: published until retireAt on the party clock, then gone', async () => {
  const lab = await startTestAws();
  try {
    const issuer = lab.aws.urls.issuers[ACCOUNT]!;
    await lab.aws.rotateSigningKeys(ACCOUNT, { retireOldAfterSeconds: 3600 });
    expect(kids(await jwksOf(issuer))).toEqual(['RSA_1', 'EC384_1', 'RSA_0', 'EC384_0']);
    lab.clock.setOffsetMs(3601_000);
    const remaining = await jwksOf(issuer);
    expect(kids(remaining)).toEqual(['RSA_1', 'EC384_1']);
    lab.clock.setOffsetMs(0);
    const token = (await lab.sts(WORKLOAD).send(new GetWebIdentityTokenCommand({ Audience: ['x'], SigningAlgorithm: 'RS256' }))).WebIdentityToken!;
    await expect(jwtVerify(token, createLocalJWKSet(remaining), { issuer, audience: 'x' })).resolves.toBeDefined();
  } finally {
    await lab.close();
  }
});

test('issuerId: the configured one wins and is persisted; without one the stored one is kept', async () => {
  const store = createStateStore();
  const configured = 'a1ebc705-cd4d-42b4-93b5-96e93acfb431';
  const first = await startTestAws((aws) => (aws.accounts[0].issuerId = configured), store);
  await first.close();
  expect(first.aws.urls.issuers[ACCOUNT]).toBe(`${first.aws.urls.endpoint}/${configured}`);
  const second = await startTestAws(() => {}, store);
  await second.close();
  expect(second.aws.urls.issuers[ACCOUNT]).toBe(`${second.aws.urls.endpoint}/${configured}`);
  expect(store.read<{ issuerId: string }>('aws/accounts/111122223333.json')!.issuerId).toBe(configured);
});
