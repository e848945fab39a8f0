import { readdirSync, readFileSync } from 'node:fs';
import { findChromium, missingChromiumMessage } from './test/helpers/chromium.js';
import { findRedisServer, missingRedisMessage } from './test/helpers/redis-server-path.js';
import { findNginx, missingNginxMessage } from './test/helpers/nginx-path.js';

/**
 * Suites that need a program this machine may lack (`imports` matches their import of its helper).
 * Without it they are skipped, said once; with `${requireVar}=1` (CI) a missing program is an error.
 */
function suitesNeeding({ found, message, requireVar, imports }) {
  if (found) return [];
  if (process.env[requireVar] === '1') throw new Error(message.replace(/^fedlab: \w+ suites skipped:/, `fedlab: ${requireVar}=1 and`));
  const suites = readdirSync('test', { recursive: true })
    .map((file) => `test/${String(file).replaceAll('\\', '/')}`)
    .filter((file) => file.endsWith('.test.ts') && imports.test(readFileSync(file, 'utf8')));
  process.stderr.write(`${message}\n  skipped: ${suites.join(', ')}\n`);
  return suites.map((file) => `<rootDir>/${file.replace(/[.]/g, '\\.')}$`);
}

/** The console's browser suites (they import test/console/browser.ts) drive Chromium. */
const browserSuites = () => suitesNeeding({ found: findChromium(), message: missingChromiumMessage(), requireVar: 'FEDLAB_REQUIRE_BROWSER', imports: /from '(\.\.\/console|\.)\/browser\.js'/ });
/** The replica suites (they import test/replicas/helpers/redis-server.ts) start Debian's redis-server. */
const redisSuites = () => suitesNeeding({ found: findRedisServer(), message: missingRedisMessage(), requireVar: 'FEDLAB_REQUIRE_REDIS', imports: /from '[./]*(replicas\/)?helpers\/redis-server\.js'/ });

/** The README's nginx example (test/replicas/nginx-example.test.ts imports test/helpers/nginx-path.js) runs Debian's nginx. */
const nginxSuites = () => suitesNeeding({ found: findNginx(), message: missingNginxMessage(), requireVar: 'FEDLAB_REQUIRE_NGINX', imports: /from '[./]*helpers\/nginx-path\.js'/ });

/** jest 30 + ts-jest ESM preset (see README "Development"). */
export default {
  preset: 'ts-jest/presets/default-esm',
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: {
    '^fedlab$': '<rootDir>/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true }] },
  testMatch: ['<rootDir>/test/**/*.test.ts', '<rootDir>/examples/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', ...browserSuites(), ...redisSuites(), ...nginxSuites()],
  testTimeout: 30000,
};
