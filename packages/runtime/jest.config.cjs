const preset = require('../../jest.preset.cjs');

module.exports = {
  ...preset,
  displayName: 'runtime',
  rootDir: __dirname,
  coverageDirectory: '../../coverage/packages/runtime',
  // Many specs talk to the real PostgreSQL and Redis, start agent processes or cut connections on purpose; on a
  // shared two-core CI machine such a test takes 5 to 10 s, past Jest's 5 s default, without anything being wrong.
  testTimeout: 30_000,
};
