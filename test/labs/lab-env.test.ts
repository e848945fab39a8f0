import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { runCli, startCli } from '../helpers/run-cli.js';

/** One person's lab (no --attendees): `fedlab lab env` needs no --attendee. The built CLI (`npm run build` first). */
const LAB_CONFIG = fileURLToPath(new URL('../../labs/fedlab-lab.yaml', import.meta.url));

let dir: string;
let fedlab: Awaited<ReturnType<typeof startCli>>;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fedlab-lab-env-'));
  const config = parse(readFileSync(LAB_CONFIG, 'utf8')) as Record<string, { port?: number }>;
  for (const section of ['aws', 'entra', 'vault', 'console', 'github']) config[section]!.port = 0;
  writeFileSync(join(dir, 'lab.yaml'), stringify(config));
  fedlab = await startCli(['start', '-c', join(dir, 'lab.yaml'), '--state-dir', dir, '--log-level', 'silent'], 30_000);
});
afterAll(async () => {
  fedlab?.child.kill('SIGTERM');
  await fedlab?.exited;
  rmSync(dir, { recursive: true, force: true });
});

test("one person's lab: attendees.json has its one entry, and `fedlab lab env` prints the lab configuration's keys and URLs", async () => {
  expect(statSync(join(dir, 'attendees.json')).mode & 0o777).toBe(0o600);
  expect(fedlab.stdout()).toContain('eval "$(fedlab lab env)"');
  const urls = JSON.parse(readFileSync(join(dir, 'urls.json'), 'utf8')) as { aws: { endpoint: string }; entra: { authorityHost: string }; vault: { url: string }; console: { url: string } };
  const config = parse(readFileSync(LAB_CONFIG, 'utf8')) as { aws: { accounts: { id: string; region: string; principals: { arn: string; accessKeyId: string }[] }[] } };
  const account = config.aws.accounts[0]!;
  const json = await runCli(['lab', 'env', '--format', 'json', '--state-dir', dir]);
  expect(json).toMatchObject({ code: 0, stderr: '' });
  expect(JSON.parse(json.stdout)).toMatchObject({
    FEDLAB_ATTENDEE: 'default',
    AWS_ACCESS_KEY_ID: account.principals[0]!.accessKeyId,
    AWS_REGION: account.region,
    AWS_ENDPOINT_URL: urls.aws.endpoint,
    FEDLAB_ROLE_ARN: account.principals[0]!.arn,
    AZURE_AUTHORITY_HOST: urls.entra.authorityHost,
    FEDLAB_VAULT_URL: urls.vault.url,
    FEDLAB_CONSOLE_URL: `${urls.console.url}/?attendee=default`,
  });
  const dotenv = await runCli(['lab', 'env', '--format', 'dotenv', '--state-dir', dir]);
  expect(dotenv.stdout).toContain(`AWS_ENDPOINT_URL="${urls.aws.endpoint}"\n`);
  const missing = await runCli(['lab', 'env', '--state-dir', join(dir, 'nowhere')]);
  expect(missing.code).toBe(1);
  expect(missing.stderr).toMatch(/cannot read .*nowhere\/attendees\.json \(ENOENT\)/);
});
