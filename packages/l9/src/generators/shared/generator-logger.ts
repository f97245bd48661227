/**
 * What the generators print, on the console, as Nx's own logger does outside its daemon (generators never run
 * in the daemon). Not Nx's logger itself: its public export is `@nx/devkit`, which loads some five hundred modules
 * (the task runner, the executors' helpers, semver) that `nx g` has not loaded and a generator that only prints
 * has no use for; reaching past it into `nx/src/utils/logger` would tie the plugin to Nx's internal layout.
 */
export const logger = {
  info: (message: string): void => console.info(message),
  warn: (message: string): void => console.warn(message),
  error: (message: string): void => console.error(message),
};
