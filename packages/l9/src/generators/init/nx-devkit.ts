/**
 * `@nx/devkit`, loaded when l9:init runs. The generators ship as one bundle whose every top-level import is evaluated
 * when `nx g` loads it, and `@nx/devkit` brings some hundred and fifty modules of Nx (its task runner, semver) that
 * `nx g` has not loaded; only init, which edits nx.json and package.json as Nx's own generators do, needs it.
 */
export function nxDevkit(): typeof import('@nx/devkit') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, as said above
  return require('@nx/devkit') as typeof import('@nx/devkit');
}
