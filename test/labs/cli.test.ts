import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeJwt } from 'jose';
import { parse, stringify } from 'yaml';
import { runCli, startCli } from '../helpers/run-cli.js';

/** The built CLI, as a facilitator runs it (dist/; `npm run build` first). */
const LAB_CONFIG = fileURLToPath(new URL('../../labs/fedlab-lab.yaml', import.meta.url));

let dir: string;
let fedlab: Awaited<ReturnType<typeof startCli>>;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fedlab-lab-cli-'));
  const config = parse(readFileSync(LAB_CONFIG, 'utf8')) as Record<string, { port?: number }>;
  for (const section of ['aws', 'entra', 'vault', 'console', 'github']) config[section]!.port = 0;
  writeFileSync(join(dir, 'lab.yaml'), stringify(config));
  fedlab = await startCli(['start', '-c', join(dir, 'lab.yaml'), '--attendees', '3', '--state-dir', dir, '--log-level', 'silent'], 30_000);
});
afterAll(async () => {
  fedlab?.child.kill('SIGTERM');
  await fedlab?.exited;
  rmSync(dir, { recursive: true, force: true });
});

test('`fedlab start --attendees 3` writes the handout, private to the user', () => {
  expect(fedlab.stdout()).toContain(`Attendees              3, credentials in ${join(dir, 'attendees.json')}`);
  const file = join(dir, 'attendees.json');
  expect(statSync(file).mode & 0o777).toBe(0o600);
  const { attendees } = JSON.parse(readFileSync(file, 'utf8')) as { attendees: { id: string; aws: { accountId: string; principals: { secretAccessKey: string }[] }; vault: { url: string } }[] };
  expect(attendees.map((a) => a.id)).toEqual(['a01', 'a02', 'a03']);
  expect(new Set(attendees.map((a) => a.vault.url)).size).toBe(3);
});

test('`fedlab lab status --all` lists every attendee; `lab reset` and `lab answer` work from the terminal', async () => {
  const all = await runCli(['lab', 'status', '--all', '--state-dir', dir]);
  expect(all.code).toBe(0);
  expect(all.stdout).toMatch(/^a01\s+0\/\d+\s+federation-101 #1 Enable outbound federation and find your issuer$/m);
  expect(all.stdout).toMatch(/^a03\s+0\/\d+/m);

  const wrong = await runCli(['lab', 'answer', '1', 'issuer', 'https://example.com', '--attendee', 'a02', '--state-dir', dir]);
  expect(wrong.code).toBe(1);
  expect(wrong.stdout).toContain('hint: the answer "https://example.com" is not right yet');

  const reset = await runCli(['lab', 'reset', '1', '--attendee', 'a02', '--state-dir', dir]);
  expect(reset.code).toBe(0);
  expect(reset.stdout).toMatch(/ok\s+federation: outbound federation disabled for 900000000002/);

  const unknown = await runCli(['lab', 'reset', '42', '--attendee', 'a02', '--state-dir', dir]);
  expect(unknown.code).toBe(1);
  expect(unknown.stderr).toMatch(/^fedlab: lab 'federation-101' has exercises 1-\d+\n$/);
});

test('without a running fedlab, the command says where it looked', async () => {
  const missing = await runCli(['lab', 'status', '--state-dir', join(dir, 'nowhere')]);
  expect(missing.code).toBe(1);
  expect(missing.stderr).toMatch(/cannot read .*nowhere\/urls\.json \(ENOENT\): is `fedlab start --state-dir .*` running\?/);
});

test('`fedlab token --attendee a02` mints with a02\'s own keys, endpoint and region; an unknown attendee is named', async () => {
  expect((await runCli(['lab', 'reset', '2', '--attendee', 'a02', '--state-dir', dir])).code).toBe(0);
  const { attendees } = JSON.parse(readFileSync(join(dir, 'attendees.json'), 'utf8')) as { attendees: { id: string; aws: { principals: { arn: string }[] } }[] };
  const a02 = attendees.find((a) => a.id === 'a02')!;
  const minted = await runCli(['token', '--attendee', 'a02', '--audience', 'api://AzureADTokenExchange', '--state-dir', dir]);
  expect(minted).toMatchObject({ code: 0, stderr: '' });
  expect(decodeJwt(minted.stdout.trim()).sub).toBe(a02.aws.principals[0]!.arn);
  const second = await runCli(['token', '--attendee', 'a02', '--principal', a02.aws.principals[1]!.arn, '--audience', 'api://AzureADTokenExchange', '--state-dir', dir]);
  expect(decodeJwt(second.stdout.trim()).sub).toBe(a02.aws.principals[1]!.arn);
  // Someone else's principal is not a02's to sign with.
  const foreign = await runCli(['token', '--attendee', 'a02', '--principal', attendees[0]!.aws.principals[0]!.arn, '--audience', 'x', '--state-dir', dir]);
  expect(foreign.code).toBe(2);
  expect(foreign.stderr).toContain('attendee a02 has no principal');
  const unknown = await runCli(['token', '--attendee', 'a09', '--audience', 'x', '--state-dir', dir]);
  expect(unknown).toMatchObject({ code: 2, stderr: "fedlab token: no attendee 'a09' (known: a01, a02, a03)\n" });
  const neither = await runCli(['token', '--audience', 'x']);
  expect(neither).toMatchObject({ code: 2, stderr: 'fedlab token: give --principal <arn> (or --attendee <id> in a room)\n' });
});

test('`fedlab lab env --attendee a02` prints a02\'s lab in every format; the AWS CLI, given only that environment, is a02', async () => {
  const { attendees } = JSON.parse(readFileSync(join(dir, 'attendees.json'), 'utf8')) as { attendees: { id: string; aws: { accountId: string; region: string; endpoint: string; principals: { arn: string; accessKeyId: string }[] }; entra: { tenantId: string; clientId: string; authorityHost: string }; vault: { url: string } }[] };
  const a02 = attendees.find((a) => a.id === 'a02')!;
  const json = await runCli(['lab', 'env', '--attendee', 'a02', '--format', 'json', '--state-dir', dir]);
  expect(json).toMatchObject({ code: 0, stderr: '' });
  const env = JSON.parse(json.stdout) as Record<string, string>;
  expect(env).toMatchObject({
    FEDLAB_ATTENDEE: 'a02',
    AWS_ACCESS_KEY_ID: a02.aws.principals[0]!.accessKeyId,
    AWS_REGION: a02.aws.region,
    AWS_DEFAULT_REGION: a02.aws.region,
    AWS_ENDPOINT_URL: a02.aws.endpoint,
    FEDLAB_AWS_ACCOUNT_ID: a02.aws.accountId,
    FEDLAB_ROLE_ARN: a02.aws.principals[0]!.arn,
    AZURE_TENANT_ID: a02.entra.tenantId,
    AZURE_CLIENT_ID: a02.entra.clientId,
    AZURE_AUTHORITY_HOST: a02.entra.authorityHost,
    FEDLAB_VAULT_URL: a02.vault.url,
    NODE_EXTRA_CA_CERTS: expect.stringMatching(/ca\.pem$/),
  });
  // Nobody else's secrets are in a02's environment.
  for (const other of attendees.filter((a) => a.id !== 'a02')) expect(json.stdout).not.toContain(other.aws.principals[0]!.accessKeyId);

  const second = await runCli(['lab', 'env', '--attendee', 'a02', '--principal', a02.aws.principals[1]!.arn, '--format', 'json', '--state-dir', dir]);
  expect(JSON.parse(second.stdout)).toMatchObject({ FEDLAB_ROLE_ARN: a02.aws.principals[1]!.arn, AWS_ACCESS_KEY_ID: a02.aws.principals[1]!.accessKeyId });
  const powershell = await runCli(['lab', 'env', '--attendee', 'a02', '--format', 'powershell', '--state-dir', dir]);
  expect(powershell.stdout).toContain(`$env:AWS_DEFAULT_REGION = '${a02.aws.region}'\n`);
  expect(powershell.stdout.trim().split('\n')).toHaveLength(Object.keys(env).length);

  // sh: eval it in a clean environment, and the real AWS CLI reaches fedlab as a02 (endpoint, region and keys from the variables alone).
  const sh = await runCli(['lab', 'env', '--attendee', 'a02', '--state-dir', dir]);
  const { execFileSync } = await import('node:child_process');
  const identity = execFileSync('/bin/sh', ['-c', `${sh.stdout}\naws sts get-caller-identity --output json`], { env: { PATH: process.env.PATH!, HOME: dir }, encoding: 'utf8' });
  const role = a02.aws.principals[0]!.arn.split('/').pop();
  expect(JSON.parse(identity)).toMatchObject({ Account: a02.aws.accountId, Arn: expect.stringContaining(`:${a02.aws.accountId}:assumed-role/${role}/`) });

  const nobody = await runCli(['lab', 'env', '--state-dir', dir]);
  expect(nobody).toMatchObject({ code: 1, stderr: 'fedlab: a room of 3: name the attendee with --attendee (known: a01, a02, a03)\n' });
  const unknown = await runCli(['lab', 'env', '--attendee', 'a09', '--state-dir', dir]);
  expect(unknown.stderr).toBe("fedlab: no attendee 'a09' (known: a01, a02, a03)\n");
  const format = await runCli(['lab', 'env', '--attendee', 'a02', '--format', 'cmd', '--state-dir', dir]);
  expect(format).toMatchObject({ code: 1, stderr: "fedlab: --format: expected one of sh, fish, powershell, dotenv, json, got 'cmd'\n" });
});
