import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Runs the examples/global-setup suite with its own jest config, as a user's `jest` would. */
function runExampleSuite(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env = { ...process.env };
  // Not inherited from this jest run: the nested run must start its own fedlab in its globalSetup.
  delete env.JEST_WORKER_ID;
  delete env.FEDLAB_URLS_FILE;
  const args = ['--experimental-vm-modules', 'node_modules/jest/bin/jest.js', '-c', 'examples/global-setup/jest.config.js', '--json', '--ci'];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

test('the globalSetup/globalTeardown example: one fedlab serves every test file of the suite', async () => {
  const run = await runExampleSuite();
  expect({ code: run.code, stderr: run.code === 0 ? '' : run.stderr }).toEqual({ code: 0, stderr: '' });
  const report = JSON.parse(run.stdout) as { numTotalTestSuites: number; numPassedTests: number; numFailedTests: number; testResults: { name: string }[] };
  expect(report).toMatchObject({ numTotalTestSuites: 2, numPassedTests: 3, numFailedTests: 0 });
  expect(report.testResults.map((r) => r.name.replace(/^.*examples\//, 'examples/')).sort()).toEqual(['examples/global-setup/sts.spec.ts', 'examples/global-setup/vault.spec.ts']);
}, 120_000);
