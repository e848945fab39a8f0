import { SecretClient } from '@azure/keyvault-secrets';
import { azureTlsOptions } from '../../src/client/trust.js';
import { startVaultLab, secretClient, staticCredential, type VaultLab } from './helpers/vault-lab.js';
import { VAULT_TENANT, WORKLOAD_APPID, WORKLOAD_OID } from './helpers/test-authority.js';

let lab: VaultLab;
beforeAll(async () => {
  lab = await startVaultLab();
});
afterAll(() => lab.close());

test('SecretClient gets demo-secret with an Entra v1 token, after the challenge names the authority and tenant', async () => {
  const credential = staticCredential(await lab.authority.mint());
  const secret = await secretClient(lab, credential).getSecret('demo-secret');

  expect(secret.value).toBe('hello from Azure, fetched with no long-lived secret');
  expect(secret.name).toBe('demo-secret');
  expect(secret.properties.version).toMatch(/^[0-9a-f]{32}$/);
  expect(secret.properties.id).toBe(`${lab.vault.urls.url}/secrets/demo-secret/${secret.properties.version}`);
  expect(secret.properties.vaultUrl).toBe(lab.vault.urls.url);
  expect(secret.properties).toMatchObject({ enabled: true, recoveryLevel: 'Recoverable+Purgeable', recoverableDays: 90 });
  expect(secret.properties.createdOn).toBeInstanceOf(Date);
  expect(credential.requests).toEqual([{ scopes: ['https://vault.azure.net/.default'], tenantId: VAULT_TENANT }]);
  expect(lab.events).toContainEqual(expect.objectContaining({ party: 'vault', type: 'secret-read', name: 'demo-secret', oid: WORKLOAD_OID, appid: WORKLOAD_APPID }));
});

test('a v2 token (aud = Key Vault app id, iss = <authority>/<tenant>/v2.0) is accepted too', async () => {
  const secret = await secretClient(lab, staticCredential(await lab.authority.mint({ version: '2.0' }))).getSecret('demo-secret');
  expect(secret.value).toBe('hello from Azure, fetched with no long-lived secret');
});

test('without disableChallengeResourceVerification the SDK refuses a vault that is not under vault.azure.net', async () => {
  const client = new SecretClient(lab.vault.urls.url, staticCredential(await lab.authority.mint()), { ...azureTlsOptions(lab.tls.caCertPem), retryOptions: { maxRetries: 0 } });
  await expect(client.getSecret('demo-secret')).rejects.toThrow("The challenge resource 'vault.azure.net' does not match the requested domain");
});

describe('secret lifecycle through the SDK', () => {
  let client: SecretClient;
  beforeAll(async () => {
    client = secretClient(lab, staticCredential(await lab.authority.mint()));
  });

  test('setSecret creates versions; getSecret reads the latest or a given one', async () => {
    const first = await client.setSecret('rotating-key', 'one', { contentType: 'text/plain', tags: { owner: 'platform' } });
    const second = await client.setSecret('rotating-key', 'two');

    expect(first.properties.version).not.toBe(second.properties.version);
    expect(first).toMatchObject({ value: 'one', properties: { contentType: 'text/plain', tags: { owner: 'platform' } } });
    expect((await client.getSecret('rotating-key')).value).toBe('two');
    expect((await client.getSecret('ROTATING-KEY')).value).toBe('two');
    expect((await client.getSecret('rotating-key', { version: first.properties.version! })).value).toBe('one');
  });

  test('listPropertiesOfSecrets and listPropertiesOfSecretVersions page through nextLink', async () => {
    for (const n of [1, 2, 3]) await client.setSecret(`paged-${n}`, `value-${n}`);
    const pages: string[][] = [];
    for await (const page of client.listPropertiesOfSecrets().byPage({ maxPageSize: 2 })) pages.push(page.map((p) => p.name));

    expect(pages.length).toBeGreaterThan(1);
    expect(pages.every((page) => page.length <= 2)).toBe(true);
    expect(pages.flat()).toEqual(expect.arrayContaining(['demo-secret', 'paged-1', 'paged-2', 'paged-3', 'rotating-key']));

    const all: string[] = [];
    for await (const properties of client.listPropertiesOfSecrets()) all.push(properties.name);
    expect(all).toEqual([...pages.flat()]);

    const versions: string[] = [];
    for await (const page of client.listPropertiesOfSecretVersions('rotating-key').byPage({ maxPageSize: 1 })) {
      versions.push(...page.map((p) => p.version!));
    }
    expect(versions).toHaveLength(2);
    expect(versions.every((v) => /^[0-9a-f]{32}$/.test(v))).toBe(true);
  });

  test('updateSecretProperties disables a version; getting it is then Forbidden (SecretDisabled)', async () => {
    const set = await client.setSecret('to-disable', 'x');
    const updated = await client.updateSecretProperties('to-disable', set.properties.version!, { enabled: false, tags: { state: 'off' } });
    expect(updated).toMatchObject({ enabled: false, tags: { state: 'off' }, version: set.properties.version });

    await expect(client.getSecret('to-disable')).rejects.toMatchObject({ statusCode: 403, code: 'Forbidden', message: 'Operation get is not allowed on a disabled secret.' });
  });

  test('beginDeleteSecret completes through /deletedsecrets; recover brings it back; purge removes it', async () => {
    await client.setSecret('short-lived', 'bye');
    const poller = await client.beginDeleteSecret('short-lived');
    const deleted = await poller.pollUntilDone();

    expect(deleted.name).toBe('short-lived');
    expect(deleted.recoveryId).toBe(`${lab.vault.urls.url}/deletedsecrets/short-lived`);
    expect(deleted.deletedOn).toBeInstanceOf(Date);
    expect(deleted.scheduledPurgeDate!.getTime() - deleted.deletedOn!.getTime()).toBe(90 * 86_400_000);
    await expect(client.getSecret('short-lived')).rejects.toMatchObject({ statusCode: 404, code: 'SecretNotFound' });
    await expect(client.setSecret('short-lived', 'again')).rejects.toMatchObject({ statusCode: 409, code: 'Conflict' });

    const listed: string[] = [];
    for await (const d of client.listDeletedSecrets()) listed.push(d.name);
    expect(listed).toContain('short-lived');

    const recovered = await (await client.beginRecoverDeletedSecret('short-lived')).pollUntilDone();
    expect(recovered.name).toBe('short-lived');
    expect((await client.getSecret('short-lived')).value).toBe('bye');

    await (await client.beginDeleteSecret('short-lived')).pollUntilDone();
    await client.purgeDeletedSecret('short-lived');
    await expect(client.getDeletedSecret('short-lived')).rejects.toMatchObject({ statusCode: 404, code: 'SecretNotFound', message: 'Deleted Secret not found: short-lived' });
    expect((await client.setSecret('short-lived', 'reborn')).value).toBe('reborn');
  });

  test('a missing secret is SecretNotFound in Key Vault words', async () => {
    await expect(client.getSecret('no-such-secret')).rejects.toMatchObject({
      statusCode: 404,
      code: 'SecretNotFound',
      message: expect.stringContaining('A secret with (name/id) no-such-secret was not found in this key vault.'),
    });
  });
});
