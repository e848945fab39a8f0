// jest in ESM mode, plain JavaScript (no transform). Run with:
//   node --experimental-vm-modules node_modules/jest/bin/jest.js -c jest.config.mjs
export default {
  testEnvironment: 'node',
  transform: {},
  testMatch: ['<rootDir>/*.test.mjs'],
  globalSetup: '<rootDir>/global-setup.mjs',
  globalTeardown: '<rootDir>/global-teardown.mjs',
};
