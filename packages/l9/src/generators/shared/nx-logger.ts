/**
 * Nx's logger, from the module the Nx CLI has loaded before it runs a generator. The `@nx/devkit` entry
 * re-exports the same logger, but loads the devkit's generator helpers and semver along with it: some seventy
 * modules a generator that only logs has no use for, on every `nx g`.
 */
export { logger } from 'nx/src/devkit-exports';
