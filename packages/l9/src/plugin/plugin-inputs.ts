import { readFileSync, realpathSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';

type PluginInput = string | { externalDependencies: string[] } | { runtime: string };

/** Whether the workspace's package.json depends on `name` (so Nx knows it as an external dependency). */
export function listedInPackageJson(workspaceRoot: string, name = 'l9'): boolean {
  try {
    const pkg = JSON.parse(readFileSync(join(workspaceRoot, 'package.json'), 'utf8')) as Record<
      string,
      Record<string, string> | undefined
    >;
    return Boolean(pkg['dependencies']?.[name] ?? pkg['devDependencies']?.[name]);
  } catch {
    return false;
  }
}

/**
 * What the cache must key on for the plugin's own code, so a new l9 never reuses results of an old one:
 * its sources when l9 is a project of the workspace (as in its own repository); the installed package's
 * version when the workspace depends on it (Nx hashes external dependencies); otherwise the version read
 * at hashing time.
 */
export function pluginInputs(workspaceRoot: string): PluginInput[] {
  const known = byWorkspace.get(workspaceRoot);
  if (known) return known;
  const inputs = computePluginInputs(workspaceRoot);
  byWorkspace.set(workspaceRoot, inputs);
  return inputs;
}

/** Computed once per workspace: every agent project asks. */
const byWorkspace = new Map<string, PluginInput[]>();

function computePluginInputs(workspaceRoot: string): PluginInput[] {
  const pluginRoot = realpathSync(join(__dirname, '..', '..'));
  const fromWorkspace = relative(realpathSync(workspaceRoot), pluginRoot).split(sep).join('/');
  if (!fromWorkspace.startsWith('..') && !fromWorkspace.split('/').includes('node_modules')) {
    return [`{workspaceRoot}/${fromWorkspace}/src/**/*`, `{workspaceRoot}/${fromWorkspace}/meta/**/*`];
  }
  if (listedInPackageJson(workspaceRoot)) return [{ externalDependencies: ['l9'] }];
  return [{ runtime: `node -p "require('l9/package.json').version"` }];
}

/**
 * What an agent's bundle compiles in besides its own sources: `@l9/runtime` when it is a package of this
 * workspace (its TypeScript sources go into the bundle); an installed runtime stays a `require`, so its
 * files change nothing in the bundle. Computed once per workspace.
 */
export function bundledWorkspaceInputs(workspaceRoot: string): string[] {
  const known = bundledByWorkspace.get(workspaceRoot);
  if (known) return known;
  let inputs: string[] = [];
  try {
    const runtimeRoot = realpathSync(
      dirname(require.resolve('@l9/runtime/package.json', { paths: [workspaceRoot] })),
    );
    const fromWorkspace = relative(realpathSync(workspaceRoot), runtimeRoot).split(sep).join('/');
    if (!fromWorkspace.startsWith('..') && !fromWorkspace.split('/').includes('node_modules'))
      inputs = [
        `{workspaceRoot}/${fromWorkspace}/src/**/*`,
        `!{workspaceRoot}/${fromWorkspace}/src/**/*.spec.ts`,
      ];
  } catch {
    inputs = [];
  }
  bundledByWorkspace.set(workspaceRoot, inputs);
  return inputs;
}

const bundledByWorkspace = new Map<string, string[]>();
