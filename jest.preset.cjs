// Shared Jest settings of this repository's projects: the ones every generated agent's tests need (TypeScript
// through SWC with no type check, `typecheck` targets run tsc; a node environment; the runtime's ESM-only
// dependencies `cookie` and `jose` compiled to CommonJS), which l9 ships in one place, plus where tests live.
module.exports = {
  ...require('l9/jest-agent.cjs'),
  testMatch: ['**/?(*.)+(spec|test).ts'],
  coverageReporters: ['text-summary', 'json-summary'],
};
