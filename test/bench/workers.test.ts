import { GetWebIdentityTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, expect, jest, test } from '@jest/globals';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import { runCli, startCli } from '../helpers/run-cli.js';
import { defaultConfigObject, tempDir, withFreePorts, writeConfig } from '../helpers/temp-config.js';

jest.setTimeout(90_000);

const ACCOUNT = '111122223333';
const CONFIGURED = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
const ADDED = { arn: `arn:aws:iam::${ACCOUNT}:role/added-with-workers`, accessKeyId: 'AKIAFEDLABWORKERS001', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEWORKER' };
/** Fresh connections: the cluster hands them to the workers in turn, so the requests reach both. */
const ROUNDS = 8;

let cli: { child: ChildProcessWithoutNullStreams; stdout: () => string; exited: Promise<number | null> };
let urls: { aws: { endpoint: string; issuers: Record<string, string> } };

beforeAll(async () => {
  const dir = tempDir();
  const config = writeConfig(dir, withFreePorts(defaultConfigObject()));
  const stateDir = join(dir, 'state');
  cli = await startCli(['start', '--workers', '2', '--config', config, '--state-dir', stateDir, '--log-level', 'silent'], 60_000);
  urls = JSON.parse(readFileSync(join(stateDir, 'urls.json'), 'utf8'));
});

afterAll(async () => {
  cli?.child.kill('SIGTERM');
  await cli?.exited;
});

function sts(credentials: { accessKeyId: string; secretAccessKey: string }): STSClient {
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
  expect(cli.stdout()).toMatch(/workers {16}2 \(node:cluster, pids \d+, \d+\)\nfedlab ready/);
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

test('a principal added at runtime through one worker reaches every worker (rolling restart)', async () => {
  expect(await postJson(`${urls.aws.endpoint}/_fedlab/accounts/${ACCOUNT}/principals`, ADDED)).toBe(201);
  const client = sts(ADDED);
  const deadline = Date.now() + 30_000;
  let everyWorker = false;
  while (!everyWorker && Date.now() < deadline) {
    everyWorker = await mintsEveryTime(client);
    if (!everyWorker) await new Promise((resolve) => setTimeout(resolve, 200));
  }
  expect(everyWorker).toBe(true);
  expect(decodeJwt((await mint(client)).WebIdentityToken!).sub).toBe(ADDED.arn);
});

test('SIGTERM stops the primary and its workers cleanly', async () => {
  cli.child.kill('SIGTERM');
  expect(await cli.exited).toBe(0);
});

test('--workers outside 1-64 is refused with exit code 2 and a plain message', async () => {
  const result = await runCli(['start', '--workers', '0', '--state-dir', join(tempDir(), 'state')]);
  expect(result.code).toBe(2);
  expect(result.stderr).toContain("--workers: expected a number of processes from 1 to 64, got '0'");
  expect(result.stdout).not.toContain('fedlab ready');
});
