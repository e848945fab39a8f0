// Plain JavaScript: jest.config.js (which decides whether the nginx suite runs) and the TypeScript
// test (test/replicas/nginx-example.test.ts) both use it.
import { existsSync } from 'node:fs';

/** Debian's nginx, or FEDLAB_NGINX when set (and only it). Undefined when absent. */
export function findNginx({ env = process.env, exists = existsSync } = {}) {
  const path = env.FEDLAB_NGINX ?? '/usr/sbin/nginx';
  return exists(path) ? path : undefined;
}

/** What to tell someone who has no nginx. */
export function missingNginxMessage(env = process.env) {
  const looked = env.FEDLAB_NGINX ? `FEDLAB_NGINX=${env.FEDLAB_NGINX} does not exist` : 'no /usr/sbin/nginx';
  return `fedlab: nginx suites skipped: ${looked}. Install it (sudo apt-get install -y nginx) or set FEDLAB_NGINX to its executable.`;
}
