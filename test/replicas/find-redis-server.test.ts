import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { findRedisServer, missingRedisMessage } from '../helpers/redis-server-path.js';

test('FEDLAB_REDIS_SERVER decides alone when set; else Debian\'s /usr/bin/redis-server', () => {
  const present = (path: string) => path === '/opt/redis-server' || path === '/usr/bin/redis-server';
  expect(findRedisServer({ env: { FEDLAB_REDIS_SERVER: '/opt/redis-server' }, exists: present })).toBe('/opt/redis-server');
  expect(findRedisServer({ env: { FEDLAB_REDIS_SERVER: '/nowhere' }, exists: present })).toBeUndefined();
  expect(findRedisServer({ env: {}, exists: present })).toBe('/usr/bin/redis-server');
  expect(findRedisServer({ env: {}, exists: () => false })).toBeUndefined();
  expect(missingRedisMessage({})).toContain('sudo apt-get install -y redis-server');
  expect(missingRedisMessage({ FEDLAB_REDIS_SERVER: '/nowhere' })).toContain('FEDLAB_REDIS_SERVER=/nowhere does not exist');
});

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** jest itself, on one replica suite only, with no redis-server to be found. */
function jestWithoutRedis(extraEnv: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--experimental-vm-modules', 'node_modules/jest/bin/jest.js', '--passWithNoTests', 'test/replicas/shared-replay-and-rate-limit.test.ts'], {
      cwd: ROOT,
      env: { ...process.env, FEDLAB_REDIS_SERVER: '/nowhere/redis-server', FEDLAB_REQUIRE_REDIS: '', ...extraEnv },
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('close', (code) => resolve({ code, output }));
  });
}

test('without redis-server the replica suites are skipped with one message; with FEDLAB_REQUIRE_REDIS=1 (CI) that fails', async () => {
  const skipped = await jestWithoutRedis({});
  expect(skipped.output.match(/replica suites skipped/g)).toHaveLength(1);
  expect(skipped.output).toMatch(/skipped: (\S+, )*test\/replicas\/shared-replay-and-rate-limit\.test\.ts/);
  expect(skipped.code).toBe(0);
  const required = await jestWithoutRedis({ FEDLAB_REQUIRE_REDIS: '1' });
  expect(required.code).not.toBe(0);
  expect(required.output).toContain('FEDLAB_REQUIRE_REDIS=1 and FEDLAB_REDIS_SERVER=/nowhere/redis-server does not exist');
}, 60_000);
