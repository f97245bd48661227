const preset = require('../../jest.preset.cjs');

module.exports = {
  ...preset,
  displayName: 'runtime',
  rootDir: __dirname,
  coverageDirectory: '../../coverage/packages/runtime',
  transform: {
    ...preset.transform,
    // fastify's inject (light-my-request) requires `cookie` 2, and anchor resolutions are verified with `jose` 6;
    // both are ESM-only. Node 20 loads them natively but Jest's module loader cannot, so those packages are
    // compiled to CommonJS for tests.
    '/node_modules/(cookie|jose)/.+\\.js$': ['@swc/jest', { module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!(cookie|jose)/)'],
};
