import { readdirSync, readFileSync } from 'node:fs';
import { findChromium, missingChromiumMessage } from './test/helpers/chromium.js';

/**
 * Suites that drive a browser (they import test/console/browser.ts). Without a browser they are
 * skipped, said once; with FEDLAB_REQUIRE_BROWSER=1 (CI) a missing browser is an error instead.
 */
function browserSuites() {
  if (findChromium()) return [];
  const message = missingChromiumMessage();
  if (process.env.FEDLAB_REQUIRE_BROWSER === '1') throw new Error(message.replace('browser suites skipped', 'FEDLAB_REQUIRE_BROWSER=1 and'));
  const suites = readdirSync('test', { recursive: true })
    .map((file) => `test/${String(file).replaceAll('\\', '/')}`)
    .filter((file) => file.endsWith('.test.ts') && /from '(\.\.\/console|\.)\/browser\.js'/.test(readFileSync(file, 'utf8')));
  process.stderr.write(`${message}\n  skipped: ${suites.join(', ')}\n`);
  return suites.map((file) => `<rootDir>/${file.replace(/[.]/g, '\\.')}$`);
}

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
  testPathIgnorePatterns: ['/node_modules/', ...browserSuites()],
  testTimeout: 30000,
};
