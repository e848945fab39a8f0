import { AssumeRoleCommand, GetWebIdentityTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, expect, jest, test } from '@jest/globals';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import { runCli, startCli } from '../helpers/run-cli.js';
import { defaultConfigObject, tempDir, withFreePorts, writeConfig } from '../helpers/temp-config.js';

jest.setTimeout(90_000);

const ACCOUNT = '111122223333';
const TENANT = '8c1f6a52-3c0e-4f2e-9d51-6f0b1d2a7e10';
const CLIENT_ID = '4b7e2c1a-9f3d-4e8b-a6c5-2d1f0e9b8a71';
const CONFIGURED = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
const ADDED = { arn: `arn:aws:iam::${ACCOUNT}:role/added-with-workers`, accessKeyId: 'AKIAFEDLABWORKERS001', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEWORKER' };
const ASSUMED = `arn:aws:iam::${ACCOUNT}:role/assumed-with-workers`;
/** Fresh connections: the cluster hands them to the workers in turn, so the requests reach both. */
const ROUNDS = 8;

let config: string;
let stateDir: string;
let cli: { child: ChildProcessWithoutNullStreams; stdout: () => string; exited: Promise<number | null> };
let urls: { aws: { endpoint: string; issuers: Record<string, string> }; entra: { authorityHost: string }; ca: string };

beforeAll(async () => {
  const dir = tempDir();
  const object = withFreePorts(defaultConfigObject());
  object.entra.replayCache = { enabled: true };
  object.aws.accounts[0].roles = [{ arn: ASSUMED, trustPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/fedlab-workload` }, Action: 'sts:AssumeRole' }] } }];
  config = writeConfig(dir, object);
  stateDir = join(dir, 'state');
  cli = await startCli(['start', '--workers', '2', '--config', config, '--state-dir', stateDir, '--log-level', 'silent'], 60_000);
  urls = JSON.parse(readFileSync(join(stateDir, 'urls.json'), 'utf8'));
});

afterAll(async () => {
  cli?.child.kill('SIGTERM');
  await cli?.exited;
});

function sts(credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }): STSClient {
  return new STSClient({ endpoint: urls.aws.endpoint, region: 'us-east-1', credentials, maxAttempts: 1, requestHandler: { httpAgent: new Agent({ keepAlive: false }) } });
}

const mint = (client: STSClient) => client.send(new GetWebIdentityTokenCommand({ Audience: ['api://AzureADTokenExchange'], SigningAlgorithm: 'RS256' }));

async function mintsEveryTime(client: STSClient): Promise<boolean> {
  for (let i = 0; i < ROUNDS; i++) {
    try {
      await mint(client);
    } catch {
      return false;
    }
  }
  return true;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const workerPids = () => cli.stdout().match(/pids ([\d, ]+)\)/)![1]!.split(', ').map(Number);

/** A client-credentials request with an AWS token as the assertion, on a fresh connection (the next worker). */
function tokenRequest(assertion: string): Promise<{ status: number; body: any }> {
  const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: CLIENT_ID, scope: 'https://vault.azure.net/.default', client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: assertion });
  return new Promise((resolve, reject) => {
    const req = httpsRequest(`${urls.entra.authorityHost}/${TENANT}/oauth2/v2.0/token`, { method: 'POST', agent: false, ca: readFileSync(urls.ca), headers: { 'content-type': 'application/x-www-form-urlencoded' } }, (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end(form.toString());
  });
}

function postJson(url: string, body: unknown): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent: false, headers: { 'content-type': 'application/json' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode!));
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

test('every worker signs with the same keys from the state dir', async () => {
  expect(cli.stdout()).toMatch(/workers {16}2 replicas \(node:cluster, pids \d+, \d+\), shared store the primary process \(fedlab start --workers\)\nfedlab ready/);
  const client = sts(CONFIGURED);
  const tokens = [];
  for (let i = 0; i < ROUNDS; i++) tokens.push((await mint(client)).WebIdentityToken!);
  const issuer = urls.aws.issuers[ACCOUNT]!;
  const jwks = createRemoteJWKSet(new URL(`${issuer}/.well-known/jwks.json`));
  for (const token of tokens) {
    const { payload } = await jwtVerify(token, jwks, { issuer, audience: 'api://AzureADTokenExchange' });
    expect(payload.sub).toBe(`arn:aws:iam::${ACCOUNT}:role/fedlab-workload`);
  }
  expect(new Set(tokens.map((t) => decodeJwt(t).iss)).size).toBe(1);
});

test('a principal added through one worker is used at every worker at once, and no worker restarts', async () => {
  const pids = workerPids();
  expect(await postJson(`${urls.aws.endpoint}/_fedlab/accounts/${ACCOUNT}/principals`, ADDED)).toBe(201);
  const client = sts(ADDED);
  // The change travels primary → workers over IPC: measured, and well under a second.
  const started = performance.now();
  while (!(await mintsEveryTime(client)) && performance.now() - started < 1_000) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(await mintsEveryTime(client)).toBe(true);
  expect(performance.now() - started).toBeLessThan(1_000);
  expect(workerPids()).toEqual(pids);
  expect(pids.every(alive)).toBe(true);
});

test('an assertion accepted by one worker is refused as a replay by the other (the primary holds the replay cache)', async () => {
  const assertion = (await mint(sts(CONFIGURED))).WebIdentityToken!;
  const answers = [];
  for (let i = 0; i < 4; i++) answers.push(await tokenRequest(assertion));
  expect(answers[0]).toMatchObject({ status: 200 });
  for (const answer of answers.slice(1)) expect(answer).toMatchObject({ status: 400, body: { error: 'invalid_request', error_codes: [50027] } });
});

/** A GET on a fresh connection (the next worker): status and JSON body. */
function getJson(url: string): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    request(url, { agent: false }, (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, body: text ? JSON.parse(text) : undefined }));
    })
      .on('error', reject)
      .end();
  });
}

test('a fault injected through one worker is acted out by every worker, its hits counted once for all', async () => {
  expect(await postJson(`${urls.aws.endpoint}/_fedlab/faults`, { target: 'jwks', kind: 'status', status: 503, accountId: ACCOUNT, count: 6 })).toBe(201);
  // Every worker lists it (consecutive fresh connections reach the workers in turn).
  const listed = async () => ((await getJson(`${urls.aws.endpoint}/_fedlab/faults`)).body.value as unknown[]).length;
  const started = performance.now();
  while (performance.now() - started < 2_000) {
    const counts = [await listed(), await listed()];
    if (counts.every((n) => n === 1)) break;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  expect([await listed(), await listed()]).toEqual([1, 1]);
  const statuses = [];
  for (let i = 0; i < ROUNDS; i++) statuses.push((await getJson(`${urls.aws.issuers[ACCOUNT]}/.well-known/jwks.json`)).status);
  // Six of eight: one worker alone would have taken four of them (the requests alternate).
  expect(statuses).toEqual([503, 503, 503, 503, 503, 503, 200, 200]);
});

test('session credentials from AssumeRole on one worker are accepted by every worker', async () => {
  const { Credentials } = await sts(CONFIGURED).send(new AssumeRoleCommand({ RoleArn: ASSUMED, RoleSessionName: 'across-workers' }));
  const session = sts({ accessKeyId: Credentials!.AccessKeyId!, secretAccessKey: Credentials!.SecretAccessKey!, sessionToken: Credentials!.SessionToken! });
  for (let i = 0; i < ROUNDS; i++) expect(decodeJwt((await mint(session)).WebIdentityToken!).sub).toBe(ASSUMED);
});

test('SIGTERM stops the primary and its workers cleanly', async () => {
  cli.child.kill('SIGTERM');
  expect(await cli.exited).toBe(0);
});

test('the primary kept the change in the state dir: a later single-process start has the added principal', async () => {
  const single = await startCli(['start', '--config', config, '--state-dir', stateDir, '--log-level', 'silent'], 60_000);
  try {
    urls = JSON.parse(readFileSync(join(stateDir, 'urls.json'), 'utf8'));
    expect(decodeJwt((await mint(sts(ADDED))).WebIdentityToken!).sub).toBe(ADDED.arn);
  } finally {
    single.child.kill('SIGTERM');
    await single.exited;
  }
});

test('--workers outside 1-64 is refused with exit code 2 and a plain message', async () => {
  const result = await runCli(['start', '--workers', '0', '--state-dir', join(tempDir(), 'state')]);
  expect(result.code).toBe(2);
  expect(result.stderr).toContain("--workers: expected a number of processes from 1 to 64, got '0'");
  expect(result.stdout).not.toContain('fedlab ready');
});
