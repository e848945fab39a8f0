import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-config.js';

const stateDir = tempDir();
const urlsFile = join(stateDir, 'urls.json');
const urls = (proxy: boolean) => ({ aws: { endpoint: 'http://127.0.0.1:4580', issuers: {} }, ca: "/tmp/it's fedlab/ca.pem", ...(proxy ? { proxy: { url: 'http://127.0.0.1:4584' } } : {}) });

test('fedlab env prints sh that a shell evaluates to exactly the variables', async () => {
  writeFileSync(urlsFile, JSON.stringify(urls(true)));
  const result = await runCli(['env', '--state-dir', stateDir]);
  expect(result.code).toBe(0);
  const seen = execFileSync('/bin/sh', ['-c', `${result.stdout}\nprintf '%s|%s|%s' "$HTTPS_PROXY" "$NO_PROXY" "$NODE_EXTRA_CA_CERTS"`]).toString();
  expect(seen).toBe("http://127.0.0.1:4584|localhost,127.0.0.1,::1|/tmp/it's fedlab/ca.pem");
  for (const name of ['AWS_CA_BUNDLE', 'REQUESTS_CA_BUNDLE', 'SSL_CERT_FILE', 'NODE_USE_ENV_PROXY', 'https_proxy', 'no_proxy']) expect(result.stdout).toContain(`export ${name}=`);
});

test('fedlab env --format fish, powershell and dotenv', async () => {
  writeFileSync(urlsFile, JSON.stringify(urls(true)));
  const fish = await runCli(['env', '--state-dir', stateDir, '--format', 'fish']);
  expect(fish.stdout).toContain("set -gx HTTPS_PROXY 'http://127.0.0.1:4584'");
  expect(fish.stdout).toContain("set -gx SSL_CERT_FILE '/tmp/it\\'s fedlab/ca.pem'");
  const powershell = await runCli(['env', '--state-dir', stateDir, '--format', 'powershell']);
  expect(powershell.stdout).toContain("$env:HTTPS_PROXY = 'http://127.0.0.1:4584'");
  expect(powershell.stdout).toContain("$env:AWS_CA_BUNDLE = '/tmp/it''s fedlab/ca.pem'");
  const dotenv = await runCli(['env', '--urls-file', urlsFile, '--format', 'dotenv']);
  expect(dotenv.stdout).toContain('NO_PROXY="localhost,127.0.0.1,::1"');
});

test('fedlab env without a proxy, without a running fedlab, or with an unknown format exits 2 with the reason', async () => {
  writeFileSync(urlsFile, JSON.stringify(urls(false)));
  const noProxy = await runCli(['env', '--state-dir', stateDir]);
  expect(noProxy.code).toBe(2);
  expect(noProxy.stderr).toContain('fedlab start --proxy');
  const none = await runCli(['env', '--state-dir', join(stateDir, 'nowhere')]);
  expect(none.code).toBe(2);
  expect(none.stderr).toContain('no running fedlab');
  const format = await runCli(['env', '--state-dir', stateDir, '--format', 'cmd']);
  expect(format.code).toBe(2);
  expect(format.stderr).toContain('sh, fish, powershell, dotenv');
});
