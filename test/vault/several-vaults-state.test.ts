import { SecretClient } from '@azure/keyvault-secrets';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { azureTlsOptions } from '../../src/client/trust.js';
import { startFedlab, type Fedlab } from '../../src/start-fedlab.js';
import { defaultConfigObject } from '../helpers/temp-config.js';

/** Each vault keeps its own secrets in the state dir: one vault's never become another's, at start or after a restart. */
function config() {
  const object = defaultConfigObject() as any;
  object.vaults = [{ host: '127.0.0.1', port: 0, name: 'fedlab-second-vault', tenant: object.vault.tenant, secrets: [{ name: 'second-only', value: 'kept by the second vault' }], accessPolicies: object.vault.accessPolicies }];
  return object;
}

const client = (fedlab: Fedlab, url: string) => new SecretClient(url, fedlab.assertionCredential(), { ...azureTlsOptions(fedlab.ca), disableChallengeResourceVerification: true, retryOptions: { maxRetries: 0 } });
const names = async (secrets: SecretClient) => {
  const found: string[] = [];
  for await (const p of secrets.listPropertiesOfSecrets()) found.push(p.name);
  return found.sort();
};

test('two vaults with a state dir: each keeps its own secrets, at the first start and after a restart', async () => {
  const stateDir = join(mkdtempSync(join(tmpdir(), 'fedlab-vaults-')), 'state');
  let fedlab = await startFedlab({ config: config(), ports: 'auto', stateDir });
  const firstBefore = await names(client(fedlab, fedlab.urls.vault!.url));
  const secondBefore = await names(client(fedlab, fedlab.urls.vaults![0]!.url));
  expect(secondBefore).toEqual(['second-only']);
  expect(firstBefore).not.toContain('second-only');
  try {
    await client(fedlab, fedlab.urls.vault!.url).getSecret('demo-secret');
  } finally {
    await fedlab.close();
  }
  fedlab = await startFedlab({ config: config(), ports: 'auto', stateDir });
  try {
    expect(await names(client(fedlab, fedlab.urls.vault!.url))).toEqual(firstBefore);
    expect(await names(client(fedlab, fedlab.urls.vaults![0]!.url))).toEqual(secondBefore);
  } finally {
    await fedlab.close();
  }
});
