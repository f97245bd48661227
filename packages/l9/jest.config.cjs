const preset = require('../../jest.preset.cjs');

module.exports = {
  ...preset,
  displayName: 'l9',
  rootDir: __dirname,
  coverageDirectory: '../../coverage/packages/l9',
  transform: {
    ...preset.transform,
    // The integration matrix's A2A leg uses the official A2A SDK, which requires `jose` 6 (ESM-only): Node 20 loads
    // it natively, Jest's module loader cannot, so it is compiled to CommonJS for tests (as in the runtime).
    '/node_modules/jose/.+\\.js$': ['@swc/jest', { module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
};
