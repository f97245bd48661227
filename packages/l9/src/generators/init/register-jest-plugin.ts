import type { Tree } from '@nx/devkit';
import { nxDevkit } from './nx-devkit';

/** Nx's Jest plugin: it infers each agent's `test` target from its jest.config.cjs, and `verify` depends on it. */
export const JEST_PLUGIN = '@nx/jest/plugin';
const JEST_PACKAGE = '@nx/jest';

type PackageJson = { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };

/** Adds `@nx/jest/plugin` (target `test`) to nx.json's plugins unless an entry already names it. */
export function registerJestPlugin(tree: Tree): boolean {
  const { readNxJson, updateNxJson } = nxDevkit();
  const nxJson = readNxJson(tree) ?? {};
  const plugins = nxJson.plugins ?? [];
  const present = plugins.some((entry) =>
    [JEST_PLUGIN, JEST_PACKAGE].includes(typeof entry === 'string' ? entry : entry.plugin),
  );
  if (present) return false;
  updateNxJson(tree, {
    ...nxJson,
    plugins: [...plugins, { plugin: JEST_PLUGIN, options: { targetName: 'test' } }],
  });
  return true;
}

/**
 * `@nx/jest` when package.json names it nowhere, at the version of the workspace's `nx` (Nx's packages
 * must move together), else of the Nx running this generator.
 */
export function missingJestPlugin(pkg: PackageJson): Record<string, string> {
  if (pkg.dependencies?.[JEST_PACKAGE] || pkg.devDependencies?.[JEST_PACKAGE]) return {};
  return { [JEST_PACKAGE]: pkg.devDependencies?.['nx'] ?? pkg.dependencies?.['nx'] ?? nxDevkit().NX_VERSION };
}
