import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { join } from 'node:path';
import { defaultConfigObject, tempDir, withFreePorts, writeConfig } from '../helpers/temp-config.js';
import { runCli, startCli } from '../helpers/run-cli.js';

function getJson(url: string, ca: string): Promise<{ status: number; body: any }> {
  if (url.startsWith('http:')) return fetch(url).then(async (r) => ({ status: r.status, body: await r.json() }));
  return new Promise((resolve, reject) => {
    request(url, { agent: new Agent({ ca }) }, (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) }));
    })
      .on('error', reject)
      .end();
  });
}

function listenerUrls(urls: any): string[] {
  return [urls.aws.endpoint, urls.entra?.authorityHost, urls.vault?.url].filter(Boolean);
}

test('fedlab start prints its endpoints, writes the urls file, answers /health everywhere, and stops cleanly on SIGTERM', async () => {
  const dir = tempDir();
  const config = writeConfig(dir, withFreePorts(defaultConfigObject()));
  const urlsFile = join(dir, 'urls.json');
  const cli = await startCli(['start', '--config', config, '--state-dir', join(dir, 'state'), '--urls-file', urlsFile, '--log-level', 'silent']);
  try {
    const urls = JSON.parse(readFileSync(urlsFile, 'utf8'));
    expect(urls.aws.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(Object.keys(urls.aws.issuers)).toEqual(['111122223333', '444455556666', '123456789012']);
    expect(cli.stdout()).toContain(urls.aws.endpoint);
    const ca = readFileSync(urls.ca, 'utf8');
    expect(ca).toContain('BEGIN CERTIFICATE');
    for (const url of listenerUrls(urls)) {
      const health = await getJson(`${url}/health`, ca);
      expect(health).toMatchObject({ status: 200, body: { status: 'ok' } });
    }
  } finally {
    cli.child.kill('SIGTERM');
  }
  expect(await cli.exited).toBe(0);
});

test('a malformed config exits with code 2, names the key path, and prints no stack trace', async () => {
  const dir = tempDir();
  const config = defaultConfigObject();
  config.aws.accounts[0].principals[0].arn = 'not-an-arn';
  const result = await runCli(['start', '--config', writeConfig(dir, config), '--state-dir', join(dir, 'state')]);
  expect(result.code).toBe(2);
  expect(result.stderr).toContain('aws.accounts[0].principals[0].arn: expected an IAM role or user ARN');
  expect(result.stderr).not.toMatch(/^\s+at /m);
  expect(result.stdout).not.toContain('fedlab ready');
});

test('a port already in use exits with code 2 and a plain message', async () => {
  const dir = tempDir();
  const first = await startCli(['start', '--config', writeConfig(dir, withFreePorts(defaultConfigObject())), '--state-dir', join(dir, 's1'), '--urls-file', join(dir, 'u.json'), '--log-level', 'silent']);
  try {
    const taken = Number(new URL(JSON.parse(readFileSync(join(dir, 'u.json'), 'utf8')).aws.endpoint).port);
    const config = withFreePorts(defaultConfigObject());
    config.aws.port = taken;
    const result = await runCli(['start', '--config', writeConfig(dir, config, 'taken.yaml'), '--state-dir', join(dir, 's2'), '--log-level', 'silent']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/cannot listen: .*EADDRINUSE/);
    expect(result.stderr).not.toMatch(/^\s+at /m);
  } finally {
    first.child.kill('SIGTERM');
    await first.exited;
  }
});
