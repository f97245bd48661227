// Tests of the workspace tools: the main job (`npm start`) end to end and the deployment it runs.
const preset = require('../jest.preset.cjs');

module.exports = {
  ...preset,
  displayName: 'tools',
  rootDir: __dirname,
  testMatch: ['<rootDir>/**/*.spec.ts'],
  // Each test starts whole agent processes or the main job's Nx runs; none is a unit test.
  testTimeout: 10 * 60 * 1000,
};
