/**
 * Nx's logger, from the module the Nx CLI has loaded before it runs a generator. `@nx/devkit` (and nx's own
 * devkit-exports behind it) re-export this same logger, but load the task runner, the executors' helpers
 * and semver with it: well over a hundred modules a generator that only logs has no use for, on every `nx g`.
 */
export { logger } from 'nx/src/utils/logger';
