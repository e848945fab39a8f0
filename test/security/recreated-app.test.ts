import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { Client } from '@microsoft/microsoft-graph-client';
import { SecretClient } from '@azure/keyvault-secrets';
import { decodeJwt } from 'jose';
import { azureTlsOptions } from '../../src/client/trust.js';
import { startFedlab, type Fedlab } from '../../src/start-fedlab.js';
import { AUDIENCE, expectGraphError, fixtureConfig, graphClient, graphFetch, GRAPH_SCOPE, secretToken, WORKLOAD_APP_ID, WORKLOAD_ARN } from '../graph/support.js';

/**
 * Issue #18, Graph identities: an application that is deleted and created again (same displayName,
 * and with Application.ReadWrite.All the same appId where it is free) inherits none of the old one's
 * grants. Grants hang on the appId (app roles in the token's `roles`) and on the service principal's
 * object id (Key Vault access policies, the token's `oid`): a new application gets a fresh appId and
 * always a fresh service principal, and an appId a grant still names is never given out again
 * (docs/security.md "Graph identities", GRA-01 to GRA-03).
 *
 * Entra: Graph assigns appId (read-only on create); app role assignments belong to the service
 * principal and go with it when it is deleted; a new registration never gets a deleted one's ids.
 * Proved through the token endpoint (the real @azure/identity, STS-minted AWS tokens), the `roles`
 * and `oid` claims, Microsoft Graph and Key Vault (the real SecretClient).
 */
const WORKLOAD_SP_ID = '0f6a3e2d-5c4b-4a39-8e7f-6d5c4b3a2910';
const ORDERS = 'api://fedlab-orders';
const VAULT = 'https://vault.azure.net';
/** An extra app for this suite: Key Vault access through its service principal only, no appId grant anywhere. */
const READER_APP_ID = '5c6d7e8f-9a0b-4c1d-8e2f-3a4b5c6d7e80';
const READER_OBJECT_ID = '6d7e8f9a-0b1c-4d2e-9f3a-4b5c6d7e8f91';
const READER_SP_ID = '7e8f9a0b-1c2d-4e3f-8a4b-5c6d7e8f9a02';
const READER_ARN = 'arn:aws:iam::111122223333:role/fedlab-restricted';
/** Application.ReadWrite.OwnedBy only. */
const OWNER_APP_ID = '8f9a0b1c-2d3e-4f4a-9b5c-6d7e8f9a0b13';
const OWNER_SECRET = 'fedlab~owner~EXAMPLE~secret~2222222222222222';

let stateDir: string;
let fedlab: Fedlab;
let graph: Client;

function config(): any {
  const c = fixtureConfig();
  const tenant = c.entra.tenants[0];
  tenant.applications.push(
    { appId: READER_APP_ID, objectId: READER_OBJECT_ID, displayName: 'vault-reader', servicePrincipalId: READER_SP_ID, federatedIdentityCredentials: [{ name: 'restricted', issuer: 'aws:111122223333', subject: READER_ARN, audiences: [AUDIENCE] }] },
    { appId: OWNER_APP_ID, displayName: 'owner-only', servicePrincipalId: '9a0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c24', secrets: [OWNER_SECRET] },
  );
  tenant.resources.find((r: { identifierUri: string }) => r.identifierUri === 'https://graph.microsoft.com').grants.push({ appId: OWNER_APP_ID, roles: ['Application.ReadWrite.OwnedBy'] });
  c.vault.accessPolicies.push({ objectId: READER_SP_ID, permissions: ['get'] });
  return c;
}

async function start(): Promise<void> {
  fedlab = await startFedlab({ config: config(), ports: 'auto', stateDir });
  graph = graphClient(fedlab);
}

beforeAll(async () => {
  stateDir = mkdtempSync(join(tmpdir(), 'fedlab-recreated-'));
  await start();
});
afterAll(async () => {
  await fedlab?.close();
  if (stateDir) rmSync(stateDir, { recursive: true, force: true });
});

/** An access token for `resource` from an STS-minted AWS token, through @azure/identity; or the error's message. */
async function exchange(clientId: string, principalArn: string, resource: string): Promise<{ claims: Record<string, unknown>; token: string } | { message: string }> {
  try {
    const token = (await fedlab.assertionCredential({ clientId, principalArn }).getToken(`${resource}/.default`)).token;
    return { claims: decodeJwt(token), token };
  } catch (error) {
    return { message: (error as Error).message };
  }
}

const granted = async (clientId: string, principalArn: string, resource: string) => {
  const answer = await exchange(clientId, principalArn, resource);
  if (!('claims' in answer)) throw new Error(`exchange refused: ${answer.message}`);
  return answer.claims;
};

function secretClient(clientId: string, principalArn: string): SecretClient {
  return new SecretClient(fedlab.urls.vault!.url, fedlab.assertionCredential({ clientId, principalArn }), { ...azureTlsOptions(fedlab.ca), disableChallengeResourceVerification: true, retryOptions: { maxRetries: 0 } });
}

async function readSecret(clientId: string, principalArn: string): Promise<{ value: string } | { status: number; code: string }> {
  try {
    return { value: (await secretClient(clientId, principalArn).getSecret('demo-secret')).value! };
  } catch (error) {
    const e = error as { statusCode?: number; code?: string };
    return { status: e.statusCode ?? 0, code: e.code ?? String(error) };
  }
}

/** A new application with the old one's displayName and credential, through Graph; its appId and service principal. */
async function recreate(displayName: string, subject: string, ids: { appId?: string; id?: string } = {}): Promise<{ appId: string; id: string; servicePrincipalId: string }> {
  const app = await graph.api('/applications').post({ displayName, ...ids });
  await graph.api(`/applications/${app.id}/federatedIdentityCredentials`).post({ name: 'aws', issuer: 'aws:111122223333', subject, audiences: [AUDIENCE] });
  const events = fedlab.events.recent().filter((e) => e.type === 'application-created' && e.appId === app.appId);
  return { appId: app.appId, id: app.id, servicePrincipalId: String(events.at(-1)!.servicePrincipalId) };
}

describe('a deleted application with grants, created again', () => {
  let fresh: { appId: string; id: string; servicePrincipalId: string };

  test('before: the workload has its roles (Orders, Graph), its oid, and reads the secret (the controls)', async () => {
    expect(await granted(WORKLOAD_APP_ID, WORKLOAD_ARN, ORDERS)).toMatchObject({ roles: ['Orders.Read', 'Orders.Write'], oid: WORKLOAD_SP_ID });
    expect(await granted(WORKLOAD_APP_ID, WORKLOAD_ARN, 'https://graph.microsoft.com')).toMatchObject({ roles: ['Application.Read.All'] });
    expect(await readSecret(WORKLOAD_APP_ID, WORKLOAD_ARN)).toEqual({ value: expect.stringContaining('hello from Azure') });
    expect(await readSecret(READER_APP_ID, READER_ARN)).toEqual({ value: expect.stringContaining('hello from Azure') });
  });

  test('GRA-01 same displayName: a fresh appId and service principal; no role in any token, the vault answers 403, Graph 403', async () => {
    await graph.api(`/applications(appId='${WORKLOAD_APP_ID}')`).delete();
    expect(await exchange(WORKLOAD_APP_ID, WORKLOAD_ARN, ORDERS)).toEqual({ message: expect.stringMatching(/AADSTS700016/) });

    fresh = await recreate('aws-workload', WORKLOAD_ARN);
    expect(fresh.appId).not.toBe(WORKLOAD_APP_ID);
    expect(fresh.servicePrincipalId).not.toBe(WORKLOAD_SP_ID);
    for (const resource of [ORDERS, 'https://graph.microsoft.com', VAULT, 'https://management.azure.com']) {
      const claims = await granted(fresh.appId, WORKLOAD_ARN, resource);
      expect([resource, claims.roles, claims.oid]).toEqual([resource, undefined, fresh.servicePrincipalId]);
    }
    expect(await readSecret(fresh.appId, WORKLOAD_ARN)).toEqual({ status: 403, code: 'Forbidden' });
    const graphToken = await fedlab.assertionCredential({ clientId: fresh.appId, principalArn: WORKLOAD_ARN }).getToken(GRAPH_SCOPE);
    const listed = await graphFetch(fedlab, 'GET', '/applications', { token: graphToken!.token });
    expectGraphError(listed, 403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
  });

  test('GRA-02 the old appId, still named by grants, is never given out again, not even to Application.ReadWrite.All; without it appId is read-only', async () => {
    const admin = await secretToken(fedlab);
    const before = (await graphFetch(fedlab, 'GET', '/applications', { token: admin })).body.value.length;
    const again = await graphFetch(fedlab, 'POST', '/applications', { token: admin, body: { displayName: 'aws-workload', appId: WORKLOAD_APP_ID } });
    expectGraphError(again, 400, 'Request_BadRequest', 'Another object with the same value for property appId already exists.', 'app-id-unique');
    expect(again.body.error.innerError.fedlabDetail).toMatch(/still named by a grant/);
    const owner = await secretToken(fedlab, OWNER_APP_ID, OWNER_SECRET);
    const owned = await graphFetch(fedlab, 'POST', '/applications', { token: owner, body: { displayName: 'aws-workload', appId: WORKLOAD_APP_ID } });
    expectGraphError(owned, 400, 'Request_BadRequest', "Property 'appId' is read-only and cannot be set.", 'read-only-property');
    expect((await graphFetch(fedlab, 'GET', '/applications', { token: admin })).body.value.length).toBe(before);
    expect(await exchange(WORKLOAD_APP_ID, WORKLOAD_ARN, ORDERS)).toEqual({ message: expect.stringMatching(/AADSTS700016/) });
  });

  test('GRA-03 an appId no grant names may be chosen again by Application.ReadWrite.All (with the old object id too): the vault access of the old service principal does not pass', async () => {
    await graph.api(`/applications(appId='${READER_APP_ID}')`).delete();
    const reader = await recreate('vault-reader', READER_ARN, { appId: READER_APP_ID, id: READER_OBJECT_ID });
    expect([reader.appId, reader.id]).toEqual([READER_APP_ID, READER_OBJECT_ID]);
    expect(reader.servicePrincipalId).not.toBe(READER_SP_ID);
    const claims = await granted(READER_APP_ID, READER_ARN, VAULT);
    expect([claims.oid, claims.roles]).toEqual([reader.servicePrincipalId, undefined]);
    expect(await readSecret(READER_APP_ID, READER_ARN)).toEqual({ status: 403, code: 'Forbidden' });
  });

  test('after a restart on the same state: the deleted applications stay deleted, the new ones still have nothing', async () => {
    await fedlab.close();
    await start();
    expect(await exchange(WORKLOAD_APP_ID, WORKLOAD_ARN, ORDERS)).toEqual({ message: expect.stringMatching(/AADSTS700016/) });
    expect((await granted(fresh.appId, WORKLOAD_ARN, ORDERS)).roles).toBeUndefined();
    expect(await readSecret(fresh.appId, WORKLOAD_ARN)).toEqual({ status: 403, code: 'Forbidden' });
    expect(await readSecret(READER_APP_ID, READER_ARN)).toEqual({ status: 403, code: 'Forbidden' });
  });
});
