import { addDependenciesToPackageJson, readJson, readNxJson, updateNxJson, type GeneratorCallback, type Tree } from '@nx/devkit';
import { ensureMetaTemplates } from '../shared/meta-files';
import { L9_PACKAGE_VERSION, RUNTIME_PACKAGE } from '../shared/package-info';
import { AGENT_TOOLCHAIN } from './agent-toolchain';
import { ignoreL9Outputs } from './ignore-l9-outputs';
import type { InitGeneratorSchema } from './schema';

/** The plugin entry nx.json names: only the inferred targets and edges, light to load. */
export const PLUGIN_NAME = 'l9/plugin';
const KNOWN_NAMES = new Set(['l9', PLUGIN_NAME]);

/** Adds `l9/plugin` to nx.json's plugins unless some entry already names l9 (as a string or `{plugin}`). */
function registerPlugin(tree: Tree): boolean {
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
  return tree.exists('packages/runtime/package.json') && readJson<{ name?: string }>(tree, 'packages/runtime/package.json').name === RUNTIME_PACKAGE;
}

/** The agent toolchain packages package.json names nowhere yet; a version the workspace chose is never changed. */
function missingToolchain(pkg: PackageJson): Record<string, string> {
  return Object.fromEntries(Object.entries(AGENT_TOOLCHAIN).filter(([name]) => !pkg.dependencies?.[name] && !pkg.devDependencies?.[name]));
}

/** `nx g l9:init` (and `nx add l9`): idempotent set-up of a workspace for L9. */
export async function initGenerator(tree: Tree, options: InitGeneratorSchema = {}): Promise<GeneratorCallback> {
  registerPlugin(tree);
  ensureMetaTemplates(tree);
  ignoreL9Outputs(tree);
  if (options.skipPackageJson || !tree.exists('package.json')) return () => undefined;
  const pkg = readJson<PackageJson>(tree, 'package.json');
  const dependencies: Record<string, string> = hasRuntime(tree, pkg) ? {} : { [RUNTIME_PACKAGE]: L9_PACKAGE_VERSION };
  const devDependencies = missingToolchain(pkg);
  if (Object.keys(dependencies).length === 0 && Object.keys(devDependencies).length === 0) return () => undefined;
  const install = addDependenciesToPackageJson(tree, dependencies, devDependencies);
  return options.skipInstall ? () => undefined : install;
}

export default initGenerator;
