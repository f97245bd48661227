// What a generated agent's tests need whatever the workspace's own Jest settings are: its TypeScript compiled by
// SWC (no type check; the typecheck target runs tsc), a node environment, and the runtime's ESM-only dependencies
// compiled to CommonJS. Every generated jest.config.cjs spreads this over the workspace's jest.preset (when there is
// one), so the settings live once, in l9, and follow the runtime l9 ships with.
'use strict';

module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
    ],
    // fastify's inject (light-my-request) requires `cookie` 2 and the runtime verifies tokens with `jose` 6; both ship
    // as ESM only, and Jest's CommonJS loader needs them compiled.
    '/node_modules/(cookie|jose)/.+\\.js$': ['@swc/jest', { module: { type: 'commonjs' } }],
  },
  // Wherever npm put them: beside express 5 (the A2A and MCP SDKs) npm hoists express's CommonJS cookie 0.7 and nests
  // fastify's cookie 2 under light-my-request/node_modules, which a pattern naming the first folder would skip.
  transformIgnorePatterns: ['/node_modules/(?!(.*/node_modules/)?(cookie|jose)/)'],
  moduleFileExtensions: ['ts', 'js', 'json'],
};
