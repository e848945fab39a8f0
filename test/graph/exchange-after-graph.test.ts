import type { STSClient } from '@aws-sdk/client-sts';
import type { Client } from '@microsoft/microsoft-graph-client';
import { decodeJwt } from 'jose';
import { mintWebIdentityToken } from '../../src/client/sts-client.js';
import { startFedlab, type Fedlab } from '../../src/start-fedlab.js';
import { expectAadsts } from '../entra/helpers/expect-aadsts.js';
import { AUDIENCE, fixtureConfig, graphClient, tokenRequest, WORKLOAD_ARN } from './support.js';

const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const VAULT_SCOPE = 'https://vault.azure.net/.default';

/** The real AWS SDK's STS client per fedlab, destroyed with it. */
const stsClients = new Map<Fedlab, STSClient>();

/** A token from the real AWS SDK (sts:GetWebIdentityToken against fedlab's STS). */
function awsToken(fedlab: Fedlab): Promise<string> {
  if (!stsClients.has(fedlab)) stsClients.set(fedlab, fedlab.stsClient(WORKLOAD_ARN));
  return mintWebIdentityToken(stsClients.get(fedlab)!);
}

async function stop(fedlab: Fedlab | undefined): Promise<void> {
  if (!fedlab) return;
  stsClients.get(fedlab)?.destroy();
  await fedlab.close();
}

/** The federated client-credentials request, as msal sends it, for the given app. */
async function exchange(fedlab: Fedlab, clientId: string) {
  return tokenRequest(fedlab, { grant_type: 'client_credentials', client_id: clientId, client_assertion: await awsToken(fedlab), client_assertion_type: JWT_BEARER, scope: VAULT_SCOPE });
}

async function newApplication(graph: Client, displayName: string): Promise<{ id: string; appId: string }> {
  return graph.api('/applications').post({ displayName });
}

const ficFor = (fedlab: Fedlab, name: string) => ({ name, issuer: fedlab.urls.aws.issuers['111122223333']!, subject: WORKLOAD_ARN, audiences: [AUDIENCE] });

describe('without a propagation delay', () => {
  let fedlab: Fedlab;
  let graph: Client;
  beforeAll(async () => {
    fedlab = await startFedlab({ ports: 'auto' });
    graph = graphClient(fedlab);
  });
  afterAll(async () => {
    await stop(fedlab);
  });

  test('an AWS token fails before the credential exists, works right after Graph creates it, fails again once deleted', async () => {
    const app = await newApplication(graph, 'federated-at-runtime');
    expectAadsts(await exchange(fedlab, app.appId), { status: 401, error: 'invalid_client', code: 700211, check: 'federated-credential', message: /^No matching federated identity record found for presented assertion issuer/ });

    const fic = await graph.api(`/applications/${app.id}/federatedIdentityCredentials`).post(ficFor(fedlab, 'aws-workload-now'));
    const accepted = await exchange(fedlab, app.appId);
    expect(accepted.status).toBe(200);
    expect(decodeJwt(accepted.body.access_token)).toMatchObject({ appid: app.appId, appidacr: '2', aud: 'https://vault.azure.net' });
    expect(fedlab.events.recent().filter((e) => e.type === 'exchange-accepted').at(-1)).toMatchObject({ clientId: app.appId, credential: 'aws-workload-now' });

    // The real @azure/identity client, too.
    const credential = fedlab.assertionCredential({ clientId: app.appId });
    expect(decodeJwt((await credential.getToken(VAULT_SCOPE)).token).appid).toBe(app.appId);

    await graph.api(`/applications/${app.id}/federatedIdentityCredentials/${fic.id}`).delete();
    expectAadsts(await exchange(fedlab, app.appId), { status: 401, error: 'invalid_client', code: 700211, check: 'federated-credential', message: /^No matching federated identity record found/ });
  });

  test('a PATCH of the subject takes effect on the next exchange', async () => {
    const app = await newApplication(graph, 'patched-at-runtime');
    const base = `/applications/${app.id}/federatedIdentityCredentials`;
    await graph.api(base).post({ ...ficFor(fedlab, 'will-change'), subject: 'arn:aws:iam::111122223333:role/someone-else' });
    expectAadsts(await exchange(fedlab, app.appId), { status: 401, error: 'invalid_client', code: 700213, check: 'federated-credential', message: /presented assertion subject 'arn:aws:iam::111122223333:role\/fedlab-workload'/ });
    await graph.api(`${base}/will-change`).patch({ subject: WORKLOAD_ARN });
    expect((await exchange(fedlab, app.appId)).status).toBe(200);
  });
});

describe('with entra.ficPropagationSeconds', () => {
  let fedlab: Fedlab;
  let graph: Client;
  beforeAll(async () => {
    const config = fixtureConfig();
    config.entra.ficPropagationSeconds = 120;
    fedlab = await startFedlab({ config, ports: 'auto' });
    graph = graphClient(fedlab);
  });
  afterAll(async () => {
    await stop(fedlab);
  });

  test('a new credential answers AADSTS70021 until the delay has passed on the Entra clock', async () => {
    const app = await newApplication(graph, 'propagating');
    await graph.api(`/applications/${app.id}/federatedIdentityCredentials`).post(ficFor(fedlab, 'aws-workload-later'));
    const issuer = fedlab.urls.aws.issuers['111122223333']!;
    const early = await exchange(fedlab, app.appId);
    expectAadsts(early, {
      status: 401,
      error: 'invalid_client',
      code: 70021,
      check: 'credential-propagation',
      message: new RegExp(`^No matching federated identity record found for presented assertion\\. Assertion Issuer: '${issuer.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}'\\. Assertion Subject: '${WORKLOAD_ARN}'\\. Assertion Audience: '${AUDIENCE}'\\. https://docs\\.microsoft\\.com/en-us/azure/active-directory/develop/workload-identity-federation$`),
    });
    expect(fedlab.events.recent().filter((e) => e.type === 'fic-created').at(-1)).toMatchObject({ appId: app.appId, availableFrom: expect.any(String) });

    fedlab.entra!.clock.setOffsetMs(119_000);
    try {
      expectAadsts(await exchange(fedlab, app.appId), { status: 401, error: 'invalid_client', code: 70021, check: 'credential-propagation', message: /^No matching federated identity record found/ });
      fedlab.entra!.clock.setOffsetMs(121_000);
      expect((await exchange(fedlab, app.appId)).status).toBe(200);
    } finally {
      fedlab.entra!.clock.setOffsetMs(0);
    }
  });

  test('credentials from the config are there from the start', async () => {
    expect((await exchange(fedlab, fedlab.clientId!)).status).toBe(200);
  });
});
