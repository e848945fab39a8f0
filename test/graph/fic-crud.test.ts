import type { Client } from '@microsoft/microsoft-graph-client';
import { startFedlab, type Fedlab } from '../../src/start-fedlab.js';
import { AUDIENCE, expectGraphError, graphClient, graphFetch, secretToken, WORKLOAD_APP_ID, WORKLOAD_ARN } from './support.js';

let fedlab: Fedlab;
let graph: Client;
let token: string;
let issuer: string;
beforeAll(async () => {
  fedlab = await startFedlab({ ports: 'auto' });
  graph = graphClient(fedlab);
  token = await secretToken(fedlab);
  issuer = fedlab.urls.aws.issuers['111122223333']!;
});
afterAll(async () => {
  await fedlab?.close();
});

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const eventsOf = (type: string) => fedlab.events.recent().filter((e) => e.party === 'entra' && e.type === type);

/** A fresh application through Graph, for tests that change credentials. */
async function newApplication(displayName: string): Promise<{ id: string; appId: string }> {
  return graph.api('/applications').post({ displayName });
}

describe('applications', () => {
  test('list, get by object id and by appId', async () => {
    const list = await graph.api('/applications').get();
    expect(list['@odata.context']).toMatch(/\/v1\.0\/\$metadata#applications$/);
    const workload = list.value.find((a: { appId: string }) => a.appId === WORKLOAD_APP_ID);
    expect(workload).toEqual({ id: expect.stringMatching(GUID), deletedDateTime: null, appId: WORKLOAD_APP_ID, displayName: 'aws-workload' });

    const byId = await graph.api(`/applications/${workload.id}`).get();
    const byAppId = await graph.api(`/applications(appId='${WORKLOAD_APP_ID}')`).get();
    expect(byId).toEqual({ '@odata.context': expect.stringMatching(/#applications\/\$entity$/), ...workload });
    expect(byAppId).toEqual(byId);
  });

  test('create generates the GUIDs, delete removes it: 404 afterwards; events for both', async () => {
    const created = await newApplication('graph-created');
    expect(created).toEqual({ '@odata.context': expect.stringMatching(/#applications\/\$entity$/), id: expect.stringMatching(GUID), deletedDateTime: null, appId: expect.stringMatching(GUID), displayName: 'graph-created' });
    expect(eventsOf('application-created').at(-1)).toMatchObject({ appId: created.appId, objectId: created.id, displayName: 'graph-created' });

    const chosen = await graph.api('/applications').post({ displayName: 'chosen-ids', appId: '0a0a0a0a-1b1b-4c2c-8d3d-4e4e4e4e4e4e', id: '1a1a1a1a-2b2b-4c3c-9d4d-5e5e5e5e5e5e' });
    expect(chosen).toMatchObject({ id: '1a1a1a1a-2b2b-4c3c-9d4d-5e5e5e5e5e5e', appId: '0a0a0a0a-1b1b-4c2c-8d3d-4e4e4e4e4e4e' });
    const again = await graphFetch(fedlab, 'POST', '/applications', { token, body: { displayName: 'dup', appId: chosen.appId } });
    expectGraphError(again, 400, 'Request_BadRequest', 'Another object with the same value for property appId already exists.');

    await graph.api(`/applications/${created.id}`).delete();
    expect(eventsOf('application-deleted').at(-1)).toMatchObject({ appId: created.appId, objectId: created.id });
    const gone = await graphFetch(fedlab, 'GET', `/applications/${created.id}`, { token });
    expectGraphError(gone, 404, 'Request_ResourceNotFound', `Resource '${created.id}' does not exist or one of its queried reference-property objects are not present.`, 'application');
    expect((await graphFetch(fedlab, 'GET', `/applications(appId='${created.appId}')`, { token })).status).toBe(404);
  });

  test('create needs a displayName', async () => {
    expectGraphError(await graphFetch(fedlab, 'POST', '/applications', { token, body: {} }), 400, 'Request_BadRequest', "Invalid value specified for property 'displayName' of resource 'Application'.");
  });
});

describe('federatedIdentityCredentials', () => {
  test('POST 201 with @odata.context and id; GET list, by id and by name; the same under applications(appId=)', async () => {
    const app = await newApplication('crud-app');
    const created = await graph.api(`/applications/${app.id}/federatedIdentityCredentials`).post({ name: 'aws-workload-role', issuer, subject: WORKLOAD_ARN, audiences: [AUDIENCE], description: 'the workload role' });
    expect(created).toEqual({
      '@odata.context': expect.stringMatching(new RegExp(`/v1\\.0/\\$metadata#applications\\('${app.id}'\\)/federatedIdentityCredentials/\\$entity$`)),
      id: expect.stringMatching(GUID),
      name: 'aws-workload-role',
      issuer,
      subject: WORKLOAD_ARN,
      description: 'the workload role',
      audiences: [AUDIENCE],
    });
    expect(eventsOf('fic-created').at(-1)).toMatchObject({ appId: app.appId, credential: { id: created.id, name: 'aws-workload-role', subject: WORKLOAD_ARN } });

    const { '@odata.context': _context, ...fic } = created;
    const list = await graph.api(`/applications/${app.id}/federatedIdentityCredentials`).get();
    expect(list).toEqual({ '@odata.context': expect.stringMatching(/#applications\('.*'\)\/federatedIdentityCredentials$/), value: [fic] });
    const viaAppId = await graph.api(`/applications(appId='${app.appId}')/federatedIdentityCredentials`).get();
    expect(viaAppId.value).toEqual([fic]);

    for (const path of [`/${created.id}`, '/aws-workload-role', "(name='aws-workload-role')"]) {
      const one = await graph.api(`/applications/${app.id}/federatedIdentityCredentials${path}`).get();
      expect(one).toEqual({ '@odata.context': expect.stringMatching(/\/federatedIdentityCredentials\/\$entity$/), ...fic });
    }
  });

  test('PATCH 204 changes fields; name is immutable; DELETE 204, then 404', async () => {
    const app = await newApplication('patch-app');
    const base = `/applications/${app.id}/federatedIdentityCredentials`;
    const created = await graph.api(base).post({ name: 'patch-me', issuer, subject: 'first-subject', audiences: [AUDIENCE] });

    const patched = await graphFetch(fedlab, 'PATCH', `${base}/${created.id}`, { token, body: { subject: WORKLOAD_ARN, description: 'changed' } });
    expect(patched.status).toBe(204);
    expect(patched.body).toBeUndefined();
    await graph.api(`${base}/patch-me`).patch({ description: 'changed again' });
    expect(await graph.api(`${base}/${created.id}`).get()).toMatchObject({ id: created.id, name: 'patch-me', subject: WORKLOAD_ARN, description: 'changed again' });
    expect(eventsOf('fic-updated').at(-1)).toMatchObject({ appId: app.appId, credential: { id: created.id, name: 'patch-me' }, changed: ['description'] });

    const renamed = await graphFetch(fedlab, 'PATCH', `${base}/${created.id}`, { token, body: { name: 'new-name' } });
    expectGraphError(renamed, 400, 'Request_BadRequest', "Invalid value specified for property 'name' of resource 'FederatedIdentityCredential'.", 'request-body');

    await graph.api(`${base}/${created.id}`).delete();
    expect(eventsOf('fic-deleted').at(-1)).toMatchObject({ appId: app.appId, credential: { id: created.id, name: 'patch-me' } });
    expectGraphError(await graphFetch(fedlab, 'GET', `${base}/${created.id}`, { token }), 404, 'Request_ResourceNotFound', /^Resource '.*' does not exist/, 'credential');
    expect((await graphFetch(fedlab, 'DELETE', `${base}/${created.id}`, { token })).status).toBe(404);
  });

  test("upsert: PATCH (name='…') with Prefer: create-if-missing creates (201), then updates (204); without Prefer a missing one is 404", async () => {
    const app = await newApplication('upsert-app');
    const path = `/applications(appId='${app.appId}')/federatedIdentityCredentials(name='upserted')`;
    const body = { issuer, subject: WORKLOAD_ARN, audiences: [AUDIENCE] };

    const missing = await graphFetch(fedlab, 'PATCH', path, { token, body });
    expectGraphError(missing, 404, 'Request_ResourceNotFound', "Resource 'upserted' does not exist or one of its queried reference-property objects are not present.");

    const created = await graph.api(path).header('Prefer', 'create-if-missing').patch(body);
    expect(created).toMatchObject({ '@odata.context': expect.stringContaining('/federatedIdentityCredentials/$entity'), id: expect.stringMatching(GUID), name: 'upserted', subject: WORKLOAD_ARN });

    const updated = await graphFetch(fedlab, 'PATCH', path, { token, body: { ...body, description: 'upserted twice' }, headers: { prefer: 'create-if-missing' } });
    expect(updated.status).toBe(204);
    const list = await graph.api(`/applications/${app.id}/federatedIdentityCredentials`).get();
    expect(list.value).toEqual([expect.objectContaining({ id: created.id, name: 'upserted', description: 'upserted twice' })]);
  });

  test('the seed credentials show their aws:<account> issuer as the URL it stands for', async () => {
    const seed = await graph.api(`/applications(appId='${WORKLOAD_APP_ID}')/federatedIdentityCredentials/aws-fedlab-workload`).get();
    expect(seed).toMatchObject({ name: 'aws-fedlab-workload', issuer, subject: WORKLOAD_ARN, audiences: [AUDIENCE] });
  });

  test('an unknown application: 404 Request_ResourceNotFound; an unknown segment: 400', async () => {
    const unknownApp = await graphFetch(fedlab, 'GET', "/applications(appId='00000000-0000-4000-8000-000000000000')/federatedIdentityCredentials", { token });
    expectGraphError(unknownApp, 404, 'Request_ResourceNotFound', /does not exist or one of its queried reference-property objects are not present\.$/, 'application');
    expectGraphError(await graphFetch(fedlab, 'GET', '/users', { token }), 400, 'BadRequest', "Resource not found for the segment 'users'.", 'route');
    expectGraphError(await graphFetch(fedlab, 'PUT', '/applications', { token, body: {} }), 405, 'Request_BadRequest', 'Specified HTTP method is not allowed for the request uri.', 'route');
  });

  test('Graph echoes client-request-id and sends request-id', async () => {
    const clientRequestId = '5d2b3c4e-6f70-4a81-9b2c-3d4e5f6a7b8c';
    const response = await graphFetch(fedlab, 'GET', '/applications', { token, headers: { 'client-request-id': clientRequestId } });
    expect(response.status).toBe(200);
    expect(response.headers.get('client-request-id')).toBe(clientRequestId);
    expect(response.headers.get('request-id')).toMatch(GUID);
    expect(response.headers.get('content-type')).toMatch(/^application\/json;odata\.metadata=minimal/);
  });
});
