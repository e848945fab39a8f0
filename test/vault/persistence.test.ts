import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CorruptStateError } from '../../src/core/state-dir.js';
import { startVaultLab, secretClient, staticCredential, type VaultLab } from './helpers/vault-lab.js';

const stateDir = () => mkdtempSync(join(tmpdir(), 'fedlab-vault-'));

async function withLab<T>(dir: string, use: (lab: VaultLab) => Promise<T>): Promise<T> {
  const lab = await startVaultLab({ stateDir: dir });
  try {
    return await use(lab);
  } finally {
    await lab.close();
  }
}

const clientOf = async (lab: VaultLab) => secretClient(lab, staticCredential(await lab.authority.mint()));

test('with a state dir, writes survive a restart and the seed is applied only once', async () => {
  const dir = stateDir();
  const before = await withLab(dir, async (lab) => {
    const client = await clientOf(lab);
    await client.setSecret('kept', 'across restarts');
    await (await client.beginDeleteSecret('demo-secret')).pollUntilDone();
    return (await client.getSecret('kept')).properties.version;
  });

  await withLab(dir, async (lab) => {
    const client = await clientOf(lab);
    const kept = await client.getSecret('kept');
    expect(kept).toMatchObject({ value: 'across restarts', properties: { version: before } });
    // The configured demo-secret was deleted by a client: the seed does not bring it back.
    await expect(client.getSecret('demo-secret')).rejects.toMatchObject({ statusCode: 404 });
    expect((await client.getDeletedSecret('demo-secret')).name).toBe('demo-secret');
  });
});

test('a seeded secret keeps its version across restarts', async () => {
  const dir = stateDir();
  const versionAt = (lab: VaultLab) => clientOf(lab).then((c) => c.getSecret('demo-secret')).then((s) => s.properties.version);
  const first = await withLab(dir, versionAt);
  expect(await withLab(dir, versionAt)).toBe(first);
});

test('a corrupt vault state file stops the start with a clear error', async () => {
  const dir = stateDir();
  mkdirSync(join(dir, 'vault'));
  writeFileSync(join(dir, 'vault', 'secrets.json'), JSON.stringify({ secrets: [{ name: 'x', versions: [] }], deleted: [] }));
  await expect(startVaultLab({ stateDir: dir })).rejects.toThrow(CorruptStateError);
});
