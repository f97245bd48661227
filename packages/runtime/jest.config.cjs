const preset = require('../../jest.preset.cjs');

module.exports = {
  ...preset,
  displayName: 'runtime',
  rootDir: __dirname,
  coverageDirectory: '../../coverage/packages/runtime',
  transform: {
    ...preset.transform,
    // fastify's inject (light-my-request) requires `cookie` 2, which is ESM-only; Node 20 loads it natively but
    // Jest's module loader cannot, so that one package is compiled to CommonJS for tests.
    '/node_modules/cookie/.+\\.js$': ['@swc/jest', { module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!cookie/)'],
};
