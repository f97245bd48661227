// The e2e suite: real npm installs and Nx runs in fresh workspaces under the system temp folder. Named so that
// @nx/jest/plugin does not infer a second target for it; the project's `e2e` target runs it.
const preset = require('../jest.preset.cjs');

module.exports = {
  ...preset,
  displayName: 'e2e',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  globalSetup: '<rootDir>/src/global-setup.ts',
  globalTeardown: '<rootDir>/src/global-teardown.ts',
  // Each step is a whole npm or Nx process (installs, test runs of five agents); none is a unit test.
  testTimeout: 10 * 60 * 1000,
};
