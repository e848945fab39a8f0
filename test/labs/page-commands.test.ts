import { execFile } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { calculateJwkThumbprint, type JWK } from 'jose';
import { attendeeHandouts } from '../../src/labs/attendees-file.js';
import { startParties, type RunningParties } from '../../src/start-parties.js';
import { CLI } from '../helpers/run-cli.js';

/**
 * The lab pages' shell blocks, run as written against a fedlab started from the course's
 * configuration (on free ports: the pages' 4580-4583 are swapped for them). Placeholders the page
 * asks the attendee to fill (`<token>`, `<thumbprint>`, ...) get what the attendee would have found.
 * Then the checklist must show what the pages promise.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PAGES = join(ROOT, 'labs/federation-101');
// Debian's AWS CLI predates outbound federation: botocore's models of those operations (Apache-2.0),
// merged into Debian's IAM model as sdk-extras, and botocore's STS model.
const AWS_DATA_PATH = [join(ROOT, 'test/labs/aws-data'), join(ROOT, 'test/proxy/aws-data')].join(':');
const PAGE_PORTS = [4580, 4581, 4582, 4583, 4584, 4588];

let dir: string;
let fedlab: RunningParties;
let ports: number[];
let env: NodeJS.ProcessEnv;

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fedlab-pages-'));
  ports = [];
  for (const _ of PAGE_PORTS) ports.push(await freePort());
  let config = readFileSync(join(ROOT, 'labs/fedlab-lab.yaml'), 'utf8');
  PAGE_PORTS.forEach((p, i) => (config = config.replace(`port: ${p}`, `port: ${ports[i]}`)));
  writeFileSync(join(dir, 'fedlab-lab.yaml'), config);
  mkdirSync(join(dir, 'labs'));
  writeFileSync(join(dir, 'labs/fedlab-lab.yaml'), config);
  mkdirSync(join(dir, '.fedlab'));
  fedlab = await startParties({ configFile: join(dir, 'fedlab-lab.yaml'), stateDir: join(dir, '.fedlab'), urlsFile: join(dir, '.fedlab/urls.json') });
  // What `fedlab start` writes for one person's lab (`fedlab lab env` reads it), and the files pages name.
  writeFileSync(join(dir, '.fedlab/attendees.json'), JSON.stringify({ attendees: attendeeHandouts(fedlab.labs!.service.attendees, fedlab.urls) }));
  cpSync(join(PAGES, '08'), join(dir, 'labs/federation-101/08'), { recursive: true });
  // `fedlab` on PATH, as `npm install -g fedlab` (or the package's bin) puts it there.
  mkdirSync(join(dir, 'bin'));
  writeFileSync(join(dir, 'bin/fedlab'), `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`);
  chmodSync(join(dir, 'bin/fedlab'), 0o755);
  env = { PATH: `${join(dir, 'bin')}:/usr/bin:/bin:${process.env.PATH}`, HOME: dir, AWS_DATA_PATH, AWS_CONFIG_FILE: join(dir, 'aws-config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'aws-credentials'), AWS_PAGER: '' };
}, 60_000);
afterAll(async () => {
  await fedlab?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function shellBlocks(page: string): string[] {
  const text = readFileSync(join(PAGES, page), 'utf8');
  return [...text.matchAll(/^```sh\n([\s\S]*?)^```/gm)].map((m) => m[1]!);
}

/** A line whose comment says it is refused (the page shows the refusal on purpose). */
const EXPECTED_TO_FAIL = /#.*(not on yet|refused|fails)/;

/** Runs a block line by line in one shell (exports carry on); returns each line's exit status and output. */
function run(block: string, fill: Record<string, string>): Promise<{ line: string; rc: number; out: string }[]> {
  let script = block;
  PAGE_PORTS.forEach((p, i) => (script = script.replaceAll(`127.0.0.1:${p}`, `127.0.0.1:${ports[i]}`)));
  for (const [placeholder, value] of Object.entries(fill)) script = script.replaceAll(placeholder, value);
  const lines = script.split('\n').filter((l) => l.trim() && !l.trim().startsWith('#'));
  const wrapped = lines.map((l, i) => `${l}\necho "::rc ${i} $?"`).join('\n');
  return new Promise((resolve) => {
    execFile('bash', ['-c', wrapped], { cwd: dir, env, timeout: 60_000 }, (_error, stdout, stderr) => {
      const parts = stdout.split(/::rc (\d+) (\d+)\n/);
      resolve(lines.map((line, i) => ({ line, rc: Number(parts[i * 3 + 2] ?? -1), out: `${parts[i * 3] ?? ''}${i === lines.length - 1 ? stderr : ''}` })));
    });
  });
}

async function runPage(page: string, fill: Record<string, string> = {}): Promise<string[]> {
  const outputs: string[] = [];
  // One terminal for the whole page, as the attendee has: a variable set in one block is there in the next.
  for (const block of [shellBlocks(page).join('\n')]) {
    for (const result of await run(block, fill)) {
      const expected = EXPECTED_TO_FAIL.test(result.line) ? 'refused' : 'ok';
      expect({ line: result.line, outcome: result.rc === 0 ? 'ok' : 'refused', out: expected === (result.rc === 0 ? 'ok' : 'refused') ? '' : result.out }).toEqual({ line: result.line, outcome: expected, out: '' });
      outputs.push(result.out);
    }
  }
  return outputs;
}

const status = async () => {
  const [result] = await run('fedlab lab status --json', {});
  return JSON.parse(result!.out) as { labs: { exercises: { id: string; done: boolean; goals: { id: string; done: boolean }[] }[] }[] };
};
const goals = async (n: number) => Object.fromEntries((await status()).labs[0]!.exercises[n - 1]!.goals.map((g) => [g.id, g.done]));

const issuer = () => fedlab.urls.aws.issuers['111122223333']!;

test('every page has shell blocks to check (the extraction still finds them)', () => {
  const pages = readdirSync(PAGES).filter((f) => f.endsWith('.md'));
  expect(pages.filter((p) => shellBlocks(p).length > 0)).toEqual(expect.arrayContaining(['01-enable-federation.md', '02-mint-token.md', '03-verify-by-hand.md']));
});

test('page 1: the AWS CLI commands enable federation and show the issuer; the answer command ticks both goals', async () => {
  await runPage('01-enable-federation.md', { '<IssuerIdentifier>': issuer() });
  expect(await goals(1)).toEqual({ enabled: true, issuer: true });
}, 120_000);

test('page 2: fedlab token mints RS256 and ES384 tokens, fedlab decode shows the team tag, the answer ticks it', async () => {
  const token = await new Promise<string>((resolve) =>
    execFile(process.execPath, [CLI, 'token', '--principal', 'arn:aws:iam::111122223333:role/lab-workload', '--audience', 'api://AzureADTokenExchange', '-c', join(dir, 'fedlab-lab.yaml')], { env }, (_e, out) => resolve(out.trim())),
  );
  const outputs = await runPage('02-mint-token.md', { '<token>': token, '<value>': 'platform' });
  expect(outputs.join('\n')).toContain('platform');
  expect(await goals(2)).toEqual({ rs256: true, es384: true, 'team-tag': true });
}, 120_000);

test('page 8: Graph beta takes both expressions; the AWS one is refused at the exchange, the GitHub jobs fit, the fork does not', async () => {
  const outputs = await runPage('08-flexible-credentials.md');
  expect(outputs.join('\n')).toContain('AADSTS7002241');
  expect(outputs.join('\n')).toContain('AADSTS7002131');
  expect(outputs.join('\n')).toContain('repo:contoso/payments-api:ref:refs/heads/main');
  expect(await goals(8)).toEqual({ 'aws-refused': true, 'github-credential': true, 'branch-accepted': true, 'environment-accepted': true, 'fork-refused': true });
}, 120_000);

test('page 3: curl reads the discovery document and the JWKS; the answers tick both goals', async () => {
  const jwksUri = `${issuer()}/.well-known/jwks.json`;
  const jwks = (await (await fetch(jwksUri)).json()) as { keys: JWK[] };
  const thumbprint = await calculateJwkThumbprint(jwks.keys[0]!, 'sha256');
  const outputs = await runPage('03-verify-by-hand.md', { '<issuer-id>': new URL(issuer()).pathname.slice(1), '<jwks_uri>': jwksUri, '<thumbprint>': thumbprint });
  expect(JSON.parse(outputs[0]!).jwks_uri).toBe(jwksUri);
  expect(await goals(3)).toEqual({ 'jwks-uri': true, 'key-thumbprint': true });
}, 120_000);

test('page 7: the AWS CLI puts the identity policy, the management account attaches the SCP; the four goals tick', async () => {
  await run('fedlab lab reset 7', {});
  const outputs = await runPage('07-least-privilege.md');
  const text = outputs.join('\n');
  expect(text).toContain('because no identity-based policy allows the sts:GetWebIdentityToken action');
  expect(text).toContain('with an explicit deny in a service control policy');
  expect(text).toContain('"PolicyName": "MintForEntraOnly"');
  expect(await goals(7)).toEqual({ 'policy-put': true, 'policy-audience': true, 'scp-duration': true, 'still-minted': true });
}, 120_000);

test('page 11: the managed identity exchange gives oid = its principal id, the RBAC vault refuses, the role assignment lets it read; the four goals tick', async () => {
  const exercises = (await status()).labs[0]!.exercises as { id?: string }[];
  const n = exercises.findIndex((e) => e.id === 'managed-identity-rbac-vault') + 1;
  await run(`fedlab lab reset ${n}`, {});
  const outputs = await runPage('11-managed-identity-rbac-vault.md');
  const text = outputs.join('\n');
  const { managedIdentity } = fedlab.labs!.service.attendees[0]!;
  expect(text).toContain(`"oid": "${managedIdentity!.principalId}"`);
  expect(text).toContain('"code":"ForbiddenByRbac"');
  expect(text).toContain('read by a managed identity through an Azure RBAC role');
  expect(await goals(n)).toEqual({ 'mi-exchange': true, 'rbac-refused': true, 'role-assigned': true, 'rbac-read': true });
}, 120_000);

test('page 10: restarted with the proxy, the re:Invent command verbatim and a program with no overrides read the secret by the real names; the four goals tick', async () => {
  // What the page's first (text) block does: the same lab, its state dir kept, now with the proxy.
  const issuerId = new URL(issuer()).pathname.slice(1);
  await fedlab.close();
  fedlab = await startParties({ configFile: join(dir, 'fedlab-lab.yaml'), stateDir: join(dir, '.fedlab'), urlsFile: join(dir, '.fedlab/urls.json'), proxy: { port: await freePort() } });
  writeFileSync(join(dir, '.fedlab/attendees.json'), JSON.stringify({ attendees: attendeeHandouts(fedlab.labs!.service.attendees, fedlab.urls) }));
  mkdirSync(join(dir, 'labs/federation-101'), { recursive: true });
  // A link, so that the program resolves its SDKs from this checkout's node_modules.
  symlinkSync(join(PAGES, '10'), join(dir, 'labs/federation-101/10'));
  const before = fedlab.events.recent().length;
  const outputs = await runPage('10-production-configuration.md');
  const text = outputs.join('\n');
  const real = fedlab.urls.real!;
  // The restart kept the account's issuer id (the proxy is no part of the state's configuration); only its form changed.
  expect(real.issuers['111122223333']).toBe(`https://${issuerId}.tokens.sts.global.api.aws`);
  expect(text).toContain(`iss: ${real.issuers['111122223333']}`);
  expect(text).toContain('id: https://fedlab-lab-vault.vault.azure.net/secrets/lab-secret/');
  expect(text).toContain('value: you read this with no stored secret: federation works');
  // The calls arrived by the clouds' names, through the proxy.
  const seen = fedlab.events.recent().slice(before);
  expect(seen).toContainEqual(expect.objectContaining({ type: 'token-minted', host: 'sts.us-east-1.amazonaws.com', audiences: ['api:AzureADTokenExchange'], issuer: real.issuers['111122223333'] }));
  expect(seen).toContainEqual(expect.objectContaining({ type: 'secret-read', name: 'lab-secret', vaultUrl: 'https://fedlab-lab-vault.vault.azure.net' }));
  const exercise = (await status()).labs[0]!.exercises.findIndex((e) => e.id === 'production-configuration') + 1;
  expect(await goals(exercise)).toEqual({ 'reinvent-mint': true, 'real-credential': true, 'real-issuer-exchange': true, 'production-secret': true });
}, 180_000);
