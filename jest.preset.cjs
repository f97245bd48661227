// Shared Jest settings: TypeScript through SWC (fast, no type check; `typecheck` targets run tsc).
module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
    // fastify's inject (light-my-request) requires `cookie` 2, and the runtime signs and verifies with `jose` 6; both
    // are ESM-only. Node 20 loads them natively but Jest's module loader cannot, so every project that loads the
    // runtime in its tests gets those packages compiled to CommonJS.
    '/node_modules/(cookie|jose)/.+\\.js$': ['@swc/jest', { module: { type: 'commonjs' } }],
  },
  // Also where npm nests them under the package that needs them (cookie 2 under light-my-request when express 5's
  // cookie 0.7 is hoisted).
  transformIgnorePatterns: ['/node_modules/(?!(.*/node_modules/)?(cookie|jose)/)'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  testMatch: ['**/?(*.)+(spec|test).ts'],
  coverageReporters: ['text-summary', 'json-summary'],
};
