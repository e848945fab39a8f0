import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCli } from '../helpers/run-cli.js';
import { defaultConfigObject, tempDir, withFreePorts, writeConfig } from '../helpers/temp-config.js';

const FLOW = fileURLToPath(new URL('../../examples/curl/flow.sh', import.meta.url));

function runFlow(urlsFile: string, env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('sh', [FLOW, urlsFile], { env: { ...process.env, ...env }, timeout: 30_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

// `fedlab start` as a user runs it (the built CLI), on free ports: the embedded config with every port 0.
let dir: string;
let fedlab: Awaited<ReturnType<typeof startCli>>;
let urlsFile: string;
beforeAll(async () => {
  dir = tempDir('fedlab-curl-');
  const config = writeConfig(dir, withFreePorts(defaultConfigObject()));
  fedlab = await startCli(['start', '--config', config, '--state-dir', join(dir, 'state'), '--log-level', 'silent']);
  urlsFile = join(dir, 'state', 'urls.json');
});
afterAll(async () => {
  fedlab.child.kill('SIGTERM');
  await fedlab.exited;
  rmSync(dir, { recursive: true, force: true });
});

test('examples/curl/flow.sh: curl signs STS with --aws-sigv4, exchanges the token at Entra and reads the secret', async () => {
  const run = await runFlow(urlsFile);
  expect(run).toMatchObject({ code: 0, stdout: 'demo-secret: hello from Azure, fetched with no long-lived secret\n' });
  expect(run.stderr).toContain('1. AWS STS GetWebIdentityToken');
  expect(run.stderr).toContain('2. Entra token endpoint');
  expect(run.stderr).toContain('3. Key Vault GET');
});

test('a refused step stops the script with the service error (an application that does not trust the role)', async () => {
  const run = await runFlow(urlsFile, { FEDLAB_CLIENT_ID: '7e3f2a1b-8c4d-4e5f-9a6b-5c4d3e2f1a04' });
  expect(run.code).toBe(1);
  expect(run.stdout).toBe('');
  expect(run.stderr).toContain('flow.sh: Entra token request failed: {"error":"invalid_client","error_description":"AADSTS700213');
});
