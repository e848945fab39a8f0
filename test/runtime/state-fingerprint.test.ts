import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stateFingerprint } from '../../src/core/state-fingerprint.js';
import { loadFedlabConfig } from '../../src/config.js';
import { startParties } from '../../src/start-parties.js';
import { tempDir } from '../helpers/temp-config.js';

const LAB_CONFIG = fileURLToPath(new URL('../../labs/fedlab-lab.yaml', import.meta.url));
let dir: string;
beforeEach(() => {
  dir = tempDir('fedlab-fingerprint-');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

test('the fingerprint follows the configuration, the room size and the labs folder, not key order', () => {
  const config = loadFedlabConfig();
  const base = stateFingerprint({ config });
  expect(stateFingerprint({ config: JSON.parse(JSON.stringify(config)) })).toBe(base);
  expect(stateFingerprint({ config: { ...Object.fromEntries(Object.entries(config).reverse()) } })).toBe(base);
  expect(stateFingerprint({ config, attendees: 3 })).not.toBe(base);
  expect(stateFingerprint({ config, labsDir: '/labs' })).not.toBe(base);
  expect(stateFingerprint({ config: loadFedlabConfig(LAB_CONFIG) })).not.toBe(base);
  expect(base).toMatch(/^[0-9a-f]{16}$/);
});

test('the Quick start and the lab share a state dir without sharing state; each finds its own again, the CA is one', async () => {
  const quick = await startParties({ stateDir: dir, ports: 'auto' });
  const issuerId = (f: { urls: { aws: { issuers: Record<string, string> } } }) => new URL(f.urls.aws.issuers['111122223333']!).pathname;
  const quickIssuer = issuerId(quick);
  expect(quick.state).toEqual({ dir });
  await quick.close();

  const lab = await startParties({ configFile: LAB_CONFIG, stateDir: dir, ports: 'auto' });
  try {
    expect(lab.state!.dir).toMatch(new RegExp(`^${dir}/configs/[0-9a-f]{16}$`));
    expect(lab.state!.divertedFrom).toMatchObject({ configuration: 'the embedded configuration' });
    expect(lab.aws.accounts()[0]!.outboundFederation).toBe('disabled');
    expect(issuerId(lab)).not.toBe(quickIssuer);
    expect(lab.labs!.service.labs.map((l) => l.definition.id)).toEqual(['federation-101']);
    expect(lab.urls.ca).toBe(join(dir, 'ca.pem'));
    expect(readFileSync(join(lab.state!.dir, 'state-config.json'), 'utf8')).toContain(LAB_CONFIG);
  } finally {
    await lab.close();
  }

  const again = await startParties({ stateDir: dir, ports: 'auto' });
  try {
    expect(again.state).toEqual({ dir });
    expect(issuerId(again)).toBe(quickIssuer);
    expect(again.ca).toBe(quick.ca);
  } finally {
    await again.close();
  }
});
