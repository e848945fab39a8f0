import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFedlab } from '../../src/start-fedlab.js';
import { AUDIENCE, graphFetch, secretToken, WORKLOAD_APP_ID, WORKLOAD_ARN } from './support.js';

const ANALYTICS_APP_ID = '7e3f2a1b-8c4d-4e5f-9a6b-5c4d3e2f1a04';
const shortAudiencePath = `/applications(appId='2d4f6a8c-1b3d-4e5f-8a7b-9c0d1e2f3a45')/federatedIdentityCredentials`;

let stateDir: string;
beforeEach(() => {
  stateDir = mkdtempSync(join(tmpdir(), 'fedlab-graph-state-'));
});
afterEach(() => {
  rmSync(stateDir, { recursive: true, force: true });
});

test('applications and credentials changed through Graph survive a restart with the state dir', async () => {
  const first = await startFedlab({ ports: 'auto', stateDir });
  let created: { id: string; appId: string };
  let fic: { id: string };
  let seedIds: string[];
  try {
    const token = await secretToken(first);
    created = (await graphFetch(first, 'POST', '/applications', { token, body: { displayName: 'survivor' } })).body;
    fic = (await graphFetch(first, 'POST', `/applications/${created.id}/federatedIdentityCredentials`, { token, body: { name: 'kept', issuer: 'https://issuer.example', subject: WORKLOAD_ARN, audiences: [AUDIENCE] } })).body;
    expect((await graphFetch(first, 'DELETE', `/applications(appId='${ANALYTICS_APP_ID}')`, { token })).status).toBe(204);
    const seedPath = `/applications(appId='${WORKLOAD_APP_ID}')/federatedIdentityCredentials`;
    expect((await graphFetch(first, 'PATCH', `${seedPath}/aws-fedlab-workload`, { token, body: { description: 'edited at runtime' } })).status).toBe(204);
    expect((await graphFetch(first, 'DELETE', `${shortAudiencePath}/aws-fedlab-workload-short-audience`, { token })).status).toBe(204);
    seedIds = (await graphFetch(first, 'GET', seedPath, { token })).body.value.map((f: { id: string }) => f.id);
  } finally {
    await first.close();
  }

  const second = await startFedlab({ ports: 'auto', stateDir });
  try {
    const token = await secretToken(second);
    const apps = (await graphFetch(second, 'GET', '/applications', { token })).body.value;
    expect(apps.map((a: { displayName: string }) => a.displayName).sort()).toEqual(['aws-workload', 'aws-workload-short-audience', 'fedlab-admin', 'github-deploy', 'survivor']);
    expect(apps.find((a: { appId: string }) => a.appId === created!.appId).id).toBe(created!.id);
    const kept = await graphFetch(second, 'GET', `/applications/${created!.id}/federatedIdentityCredentials/kept`, { token });
    expect(kept.body).toMatchObject({ id: fic!.id, name: 'kept', subject: WORKLOAD_ARN });
    const seed = (await graphFetch(second, 'GET', `/applications(appId='${WORKLOAD_APP_ID}')/federatedIdentityCredentials`, { token })).body.value;
    expect(seed.map((f: { id: string }) => f.id)).toEqual(seedIds!);
    expect(seed[0]).toMatchObject({ name: 'aws-fedlab-workload', description: 'edited at runtime' });
    expect((await graphFetch(second, 'GET', shortAudiencePath, { token })).body.value).toEqual([]);
    // The seed credential still resolves its aws:<account> issuer and still exchanges.
    expect((await second.assertionCredential().getToken('https://vault.azure.net/.default')).token).toEqual(expect.any(String));
  } finally {
    await second.close();
  }
});

test('without runtime changes no directory file is written', async () => {
  const fedlab = await startFedlab({ ports: 'auto', stateDir });
  await fedlab.close();
  expect(() => readFileSync(join(stateDir, 'entra', 'directory.json'))).toThrow(/ENOENT/);
});

test.each([
  ['not JSON', '{"version": 1, "tenants": '],
  ['JSON of the wrong shape', JSON.stringify({ version: 1, tenants: { x: { applications: [{ appId: 1 }], deletedObjectIds: [] } } })],
  ['another version', JSON.stringify({ version: 2, tenants: {} })],
])('a corrupt directory file (%s) is refused with an error naming the file', async (_what, content) => {
  const fedlab = await startFedlab({ ports: 'auto', stateDir });
  await fedlab.close();
  const file = join(stateDir, 'entra', 'directory.json');
  writeFileSync(file, content);
  await expect(startFedlab({ ports: 'auto', stateDir })).rejects.toThrow(`state file ${file} is corrupt`);
  expect(readFileSync(file, 'utf8')).toBe(content);
});
