import type { GeneratorCallback, Tree } from '@nx/devkit';
import { L9_PACKAGE_VERSION, RUNTIME_PACKAGE } from '../shared/package-info';
import { L9GenerationError } from '../shared/report-diagnostics';
import { ensureTsconfigBase } from '../shared/workspace-settings';
import { AGENT_TOOLCHAIN } from './agent-toolchain';
import { ignoreL9Outputs } from './ignore-l9-outputs';
import { nxDevkit } from './nx-devkit';
import { missingJestPlugin, registerJestPlugin } from './register-jest-plugin';
import { registerSyncGenerator } from './register-sync-generator';
import { npmRegistryProbe, runtimeSource, type RegistryProbe } from './runtime-source';
import type { InitGeneratorSchema } from './schema';

/** The plugin entry nx.json names: only the inferred targets and edges, light to load. */
export const PLUGIN_NAME = 'l9/plugin';
const KNOWN_NAMES = new Set(['l9', PLUGIN_NAME]);

/** Adds `l9/plugin` to nx.json's plugins unless some entry already names l9 (as a string or `{plugin}`). */
function registerPlugin(tree: Tree): boolean {
  const { readNxJson, updateNxJson } = nxDevkit();
  const nxJson = readNxJson(tree) ?? {};
  const plugins = nxJson.plugins ?? [];
  const present = plugins.some((entry) => KNOWN_NAMES.has(typeof entry === 'string' ? entry : entry.plugin));
  if (present) return false;
  updateNxJson(tree, { ...nxJson, plugins: [...plugins, { plugin: PLUGIN_NAME, options: {} }] });
  return true;
}

type PackageJson = { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };

/** True when package.json already depends on the runtime, or the runtime is a package of this workspace. */
function hasRuntime(tree: Tree, pkg: PackageJson): boolean {
  if (pkg.dependencies?.[RUNTIME_PACKAGE] || pkg.devDependencies?.[RUNTIME_PACKAGE]) return true;
  return (
    tree.exists('packages/runtime/package.json') &&
    nxDevkit().readJson<{ name?: string }>(tree, 'packages/runtime/package.json').name === RUNTIME_PACKAGE
  );
}

/** The agent toolchain packages package.json names nowhere yet; a version the workspace chose is never changed. */
function missingToolchain(pkg: PackageJson): Record<string, string> {
  return Object.fromEntries(
    Object.entries(AGENT_TOOLCHAIN).filter(
      ([name]) => !pkg.dependencies?.[name] && !pkg.devDependencies?.[name],
    ),
  );
}

/** The runtime dependency to add, or none when the workspace has it; throws (before anything is written) when it cannot be installed. */
function runtimeDependency(tree: Tree, pkg: PackageJson, probe: RegistryProbe): Record<string, string> {
  if (hasRuntime(tree, pkg)) return {};
  const source = runtimeSource(tree.root, pkg, L9_PACKAGE_VERSION, probe);
  if ('error' in source) throw new L9GenerationError(`l9:init: ${source.error} Nothing was changed.`, []);
  return { [RUNTIME_PACKAGE]: source.specifier };
}

/**
 * `nx g l9:init` (and `nx add l9`): idempotent set-up of a workspace for L9. `probe` asks the registry
 * whether the runtime can be installed; the generator Nx runs uses npm's own configuration.
 */
export async function initWorkspace(
  tree: Tree,
  options: InitGeneratorSchema,
  probe: RegistryProbe,
): Promise<GeneratorCallback> {
  registerPlugin(tree);
  registerSyncGenerator(tree);
  registerJestPlugin(tree);
  ignoreL9Outputs(tree);
  ensureTsconfigBase(tree);
  if (options.skipPackageJson || !tree.exists('package.json')) return () => undefined;
  const { readJson, addDependenciesToPackageJson } = nxDevkit();
  const pkg = readJson<PackageJson>(tree, 'package.json');
  const dependencies = runtimeDependency(tree, pkg, probe);
  const devDependencies = { ...missingToolchain(pkg), ...missingJestPlugin(pkg) };
  if (Object.keys(dependencies).length === 0 && Object.keys(devDependencies).length === 0)
    return () => undefined;
  const install = addDependenciesToPackageJson(tree, dependencies, devDependencies);
  return options.skipInstall ? () => undefined : install;
}

export async function initGenerator(
  tree: Tree,
  options: InitGeneratorSchema = {},
): Promise<GeneratorCallback> {
  return initWorkspace(tree, options, npmRegistryProbe);
}

export default initGenerator;
