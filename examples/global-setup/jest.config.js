/**
 * Its own jest configuration: one fedlab for every test file of the suite.
 * Run: node --experimental-vm-modules node_modules/jest/bin/jest.js -c examples/global-setup/jest.config.js
 * (In your project, merge globalSetup/globalTeardown into your jest config; the rest is the usual
 * ts-jest ESM setup.)
 */
export default {
  preset: 'ts-jest/presets/default-esm',
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true }] },
  testMatch: ['<rootDir>/*.spec.ts'],
  globalSetup: '<rootDir>/global-setup.ts',
  globalTeardown: '<rootDir>/global-teardown.ts',
};
