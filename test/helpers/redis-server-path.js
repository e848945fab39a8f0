// Plain JavaScript: jest.config.js (which decides whether the replica suites run) and the
// TypeScript tests (test/replicas/helpers/redis-server.ts) both use it.
import { existsSync } from 'node:fs';

/** Debian's redis-server, or FEDLAB_REDIS_SERVER when set (and only it). Undefined when absent. */
export function findRedisServer({ env = process.env, exists = existsSync } = {}) {
  const path = env.FEDLAB_REDIS_SERVER ?? '/usr/bin/redis-server';
  return exists(path) ? path : undefined;
}

/** What to tell someone who has no redis-server. */
export function missingRedisMessage(env = process.env) {
  const looked = env.FEDLAB_REDIS_SERVER ? `FEDLAB_REDIS_SERVER=${env.FEDLAB_REDIS_SERVER} does not exist` : 'no /usr/bin/redis-server';
  return `fedlab: replica suites skipped: ${looked}. Install it (sudo apt-get install -y redis-server) or set FEDLAB_REDIS_SERVER to its executable.`;
}
