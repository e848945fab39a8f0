import { execFile, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { stringify } from 'yaml';
import { defaultConfigObject, tempDir, withFreePorts } from '../helpers/temp-config.js';

/**
 * The package as users get it: `npm pack`, the tarball installed into an empty project, then the
 * `fedlab` command and the library used from there (nothing of this repository on the way).
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);
// The Node running this suite runs the installed package too (CI runs the suite on two versions).
const env = { ...process.env, PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH}` };
let dir: string;
let project: string;
let tarball: string;

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist/cli.js'))) throw new Error('dist/ is missing: run npm run build first');
  dir = tempDir('fedlab-package-');
  project = join(dir, 'project');
  mkdirSync(project);
  // --ignore-scripts: dist/ is already built (npm test builds first); a rebuild now would rewrite it under the other suites.
  const { stdout } = await run('npm', ['pack', '--ignore-scripts', '--pack-destination', dir], { cwd: ROOT, env });
  tarball = join(dir, stdout.trim().split('\n').pop()!);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'adopter', private: true, type: 'module' }));
  await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball], { cwd: project, env, timeout: 240_000 });
}, 300_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('the tarball holds the runtime (dist, fixtures, console, labs) and nothing else: no tests, bench, sources or maps', () => {
  const installed = join(project, 'node_modules/fedlab');
  expect(readdirSync(installed).sort()).toEqual(['README.md', 'dist', 'fixtures', 'labs', 'package.json', 'src']);
  expect(readdirSync(join(installed, 'src'))).toEqual(['console']);
  expect(readdirSync(join(installed, 'src/console'))).toEqual(['public']);
  const files = readdirSync(join(installed, 'dist'), { recursive: true }).map(String);
  expect(files.filter((file) => file.endsWith('.map'))).toEqual([]);
  expect(files).toContain('cli.js');
  expect(files).toContain('index.d.ts');
});

test('the installed `fedlab` command starts, serves, answers `fedlab demo`, and stops on SIGTERM', async () => {
  const bin = join(project, 'node_modules/.bin/fedlab');
  // `npx fedlab`, as the README says, finds the installed bin (--no: never a download).
  const help = await run('npx', ['--no', '--', 'fedlab', '--help'], { cwd: project, env });
  for (const command of ['start', 'demo', 'env', 'token', 'decode', 'ca', 'lab']) expect(help.stdout).toContain(command);
  const config = join(dir, 'fedlab.yaml');
  writeFileSync(config, stringify(withFreePorts(defaultConfigObject())));
  const child = spawn(bin, ['start', '--config', config, '--log-level', 'silent'], { cwd: project, env });
  try {
    await new Promise<void>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d) => (out += d) && out.includes('fedlab ready') && resolve());
      child.on('exit', (code) => reject(new Error(`fedlab start exited with ${code}: ${out}`)));
    });
    // The default state dir (.fedlab) of the project, as for a user.
    const urls = JSON.parse(readFileSync(join(project, '.fedlab/urls.json'), 'utf8'));
    expect((await fetch(`${urls.aws.endpoint}/health`)).status).toBe(200);
    const demo = await run(bin, ['demo', '--config', config, '--json'], { cwd: project, env });
    expect(JSON.parse(demo.stdout)).toMatchObject({ ok: true });
    expect(demo.stderr).not.toContain('NodeVersionSupportWarning');
  } finally {
    child.kill('SIGTERM');
  }
  expect(await new Promise((resolve) => child.on('exit', resolve))).toBe(0);
}, 60_000);

test('the library, imported by name from the installed package: startFedlab and an Entra token through @azure/identity', async () => {
  writeFileSync(
    join(project, 'first.mjs'),
    [
      "import { startFedlab } from 'fedlab';",
      "const fedlab = await startFedlab({ ports: 'auto' });",
      "const { token } = await fedlab.assertionCredential().getToken('https://vault.azure.net/.default');",
      'console.log(JSON.stringify({ endpoint: fedlab.urls.aws.endpoint, parts: token.split(".").length }));',
      'await fedlab.close();',
    ].join('\n'),
  );
  const { stdout } = await run(process.execPath, ['first.mjs'], { cwd: project, env });
  expect(JSON.parse(stdout)).toEqual({ endpoint: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/), parts: 3 });
}, 60_000);

test('CommonJS code requires the package through require() of ES modules', async () => {
  writeFileSync(join(project, 'first.cjs'), "const { startFedlab, azureTlsOptions } = require('fedlab');\nconsole.log(typeof startFedlab, typeof azureTlsOptions);\n");
  const { stdout } = await run(process.execPath, ['first.cjs'], { cwd: project, env });
  expect(stdout.trim()).toBe('function function');
});

/**
 * The test-runner recipes of examples/, copied into the project and run as their READMEs say. The
 * runners are this repository's own (linked in, as `npm install --save-dev vitest` would put them).
 */
async function runRecipe(name: string, args: string[]): Promise<string> {
  cpSync(join(ROOT, 'examples', name), join(project, name), { recursive: true });
  for (const runner of ['vitest', 'jest']) {
    if (!existsSync(join(project, 'node_modules', runner))) symlinkSync(join(ROOT, 'node_modules', runner), join(project, 'node_modules', runner), 'dir');
  }
  const recipeEnv: NodeJS.ProcessEnv = { ...env, CI: '1', NO_COLOR: '1' };
  // Not inherited from this jest run: each recipe starts its own fedlab.
  delete recipeEnv.JEST_WORKER_ID;
  delete recipeEnv.FEDLAB_URLS_FILE;
  delete recipeEnv.NODE_OPTIONS;
  const { stdout, stderr } = await run(process.execPath, args, { cwd: join(project, name), env: recipeEnv, timeout: 90_000 });
  return (stdout + stderr).replace(/\x1b\[[0-9;]*m/g, '');
}

test('recipe node:test: `node --test` runs the example against a fedlab started in before()', async () => {
  const output = await runRecipe('node-test', ['--test', '--test-reporter=tap']);
  expect(output).toMatch(/# pass 2\b/);
  expect(output).toMatch(/# fail 0\b/);
}, 120_000);

test('recipe vitest: globalSetup starts fedlab, provide/inject hands the urls to the tests', async () => {
  const output = await runRecipe('vitest', ['../node_modules/vitest/vitest.mjs', 'run']);
  expect(output).toMatch(/Tests\s+1 passed \(1\)/);
}, 120_000);

test('recipe jest ESM: plain-JavaScript config, globalSetup/globalTeardown, --experimental-vm-modules', async () => {
  const output = await runRecipe('jest-esm', ['--experimental-vm-modules', '../node_modules/jest/bin/jest.js', '-c', 'jest.config.mjs', '--ci']);
  expect(output).toMatch(/Tests:\s+1 passed, 1 total/);
}, 120_000);

test("recipe jest CommonJS: jest's default mode, no flag, fedlab imported in globalSetup, the test file CommonJS", async () => {
  const output = await runRecipe('jest-cjs', ['../node_modules/jest/bin/jest.js', '--ci']);
  expect(output).toMatch(/Tests:\s+1 passed, 1 total/);
}, 120_000);
