import { parse } from 'yaml';
import { ConfigError } from '../../src/core/config/config-error.js';
import { validateConfig } from '../../src/core/config/load-config.js';
import { vaultConfigSchema } from '../../src/vault/config.js';

const briefSection = parse(`
host: 127.0.0.1
port: 4582
tenant: 8c1f6a52-3c0e-4f2e-9d51-6f0b1d2a7e10
secrets:
  - { name: demo-secret, value: "hello from Azure, fetched with no long-lived secret" }
accessPolicies:
  - { objectId: 0f6a3e2d-5c4b-4a39-8e7f-6d5c4b3a2910, permissions: [get, list, set, delete] }
`);

function problems(raw: unknown): string[] {
  try {
    validateConfig(vaultConfigSchema, raw);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

test('the documented vault section is valid and gets defaults for name, location and soft delete', () => {
  const config = validateConfig(vaultConfigSchema, briefSection);
  expect(config).toMatchObject({ host: '127.0.0.1', port: 4582, name: 'fedlab-vault', location: 'eastus', softDeleteRetentionInDays: 90 });
  expect(config.secrets).toEqual([{ name: 'demo-secret', value: 'hello from Azure, fetched with no long-lived secret', enabled: true }]);
});

test.each([
  [{ colour: 'blue' }, "(top level): unknown key 'colour'"],
  [{ secrets: [{ name: 'x', value: 'y', secret: true }] }, "secrets[0]: unknown key 'secret'"],
  [{ tenant: 'not-a-guid' }, 'tenant: expected the tenant id as a GUID'],
  [{ secrets: [{ name: 'bad_name', value: 'y' }] }, 'secrets[0].name: expected a secret name of 1-127 letters, digits and dashes'],
  [{ secrets: [{ name: 'Twin', value: '1' }, { name: 'twin', value: '2' }] }, 'secrets[1].name: duplicate secret name twin (names are case-insensitive)'],
  [{ accessPolicies: [{ objectId: '0f6a3e2d-5c4b-4a39-8e7f-6d5c4b3a2910', permissions: ['read'] }] }, 'accessPolicies[0].permissions[0]:'],
  [{ accessPolicies: [{ objectId: '0f6a3e2d-5c4b-4a39-8e7f-6d5c4b3a2910', permissions: [] }] }, 'accessPolicies[0].permissions: list at least one secret permission'],
  [{ softDeleteRetentionInDays: 3 }, 'softDeleteRetentionInDays:'],
  [{ name: 'x' }, 'name: expected a vault name of 3-24 letters'],
])('%j is refused with the key path', (change, problem) => {
  expect(problems({ ...briefSection, ...change }).join('\n')).toContain(problem);
});
