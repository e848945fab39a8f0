// jest in its default (CommonJS) mode: no transform, no flags. Run with: npx jest
module.exports = {
  testEnvironment: 'node',
  testMatch: ['<rootDir>/*.test.js'],
  globalSetup: '<rootDir>/global-setup.js',
  globalTeardown: '<rootDir>/global-teardown.js',
};
