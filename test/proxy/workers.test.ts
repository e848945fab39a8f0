import { afterAll, beforeAll, expect, jest, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Fedlab } from 'fedlab';
import { runCli, startCli } from '../helpers/run-cli.js';
import { defaultConfigObject, tempDir, withFreePorts, writeConfig } from '../helpers/temp-config.js';
import { runWithFedlabEnv } from './support.js';

jest.setTimeout(120_000);

const PROGRAM = fileURLToPath(new URL('./programs/read-secret.mjs', import.meta.url));
/** Each run is a new process, so new connections: the cluster hands them to the workers in turn. */
const RUNS = 3;

let stateDir: string;
let cli: Awaited<ReturnType<typeof startCli>>;

beforeAll(async () => {
  const dir = tempDir();
  stateDir = join(dir, 'state');
  const config = writeConfig(dir, withFreePorts(defaultConfigObject()));
  cli = await startCli(['start', '--workers', '2', '--proxy', '0', '--config', config, '--state-dir', stateDir, '--log-level', 'silent'], 60_000);
});
afterAll(async () => {
  cli?.child.kill('SIGTERM');
  await cli?.exited;
});

/** The environment exactly as `fedlab env --format dotenv` prints it for the running replicas. */
async function fedlabEnv(): Promise<Record<string, string>> {
  const out = await runCli(['env', '--format', 'dotenv', '--state-dir', stateDir]);
  expect(out.code).toBe(0);
  return Object.fromEntries(out.stdout.trim().split('\n').map((line) => {
    const [, key, value] = /^([A-Z_a-z]+)=(.*)$/.exec(line)!;
    return [key!, value!.replace(/^'(.*)'$|^"(.*)"$/, '$1$2')];
  }));
}

test('fedlab start --workers 2 --proxy: one proxy port for the replicas, and a production-configured program reads the secret through it on every run', async () => {
  const urls = JSON.parse(readFileSync(join(stateDir, 'urls.json'), 'utf8'));
  expect(urls.proxy.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  expect(cli.stdout()).toContain(`proxy (real names)     ${urls.proxy.url}`);
  expect(cli.stdout()).toMatch(/workers {16}2 replicas/);
  const env = await fedlabEnv();
  expect(env.HTTPS_PROXY).toBe(urls.proxy.url);
  for (let i = 0; i < RUNS; i++) {
    const out = JSON.parse(await runWithFedlabEnv({ env } as unknown as Fedlab, process.execPath, [PROGRAM], { VAULT_URL: 'https://fedlab-vault.vault.azure.net' }));
    expect(out.value).toBe('hello from Azure, fetched with no long-lived secret');
    expect(out.issuer).toBe(urls.aws.issuers['111122223333']);
    expect(out.issuer).toMatch(/^https:\/\/[0-9a-f-]{36}\.tokens\.sts\.global\.api\.aws$/);
    expect(out.id).toMatch(/^https:\/\/fedlab-vault\.vault\.azure\.net\/secrets\/demo-secret\/[0-9a-f]{32}$/);
  }
});
