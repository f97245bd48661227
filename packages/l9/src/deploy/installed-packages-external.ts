import { realpathSync } from 'node:fs';
import { createRequire, isBuiltin } from 'node:module';
import { join, sep } from 'node:path';
import type { OnResolveArgs, OnResolveResult, Plugin, PluginBuild } from 'esbuild';

const RESOLVING = Symbol('l9-resolving');

/** Where Node finds `specifier` from the bundle's own folder, or undefined when it does not. */
function resolvedFromBundle(specifier: string, bundleDir: string): string | undefined {
  try {
    return realpathSync(createRequire(join(bundleDir, 'main.js')).resolve(specifier));
  } catch {
    return undefined;
  }
}

/** `compute` once for each key: the files a build reads do not change while it runs. */
function memoized<V>(compute: (key: string) => V): (key: string) => V {
  const values = new Map<string, V>();
  return (key) => {
    if (!values.has(key)) values.set(key, compute(key));
    return values.get(key) as V;
  };
}

/**
 * Installed packages stay `require`s, loaded from node_modules at run time as before, when the bundle's folder
 * finds the same file the sources do. A package linked from the workspace's own sources (such as `@l9/runtime`
 * in an npm workspace, whose entry is TypeScript) is compiled into the bundle, because Node could not load it
 * without the loader this bundle replaces; so is a package installed only beside such a source (a version nested
 * under `packages/runtime/node_modules`), which the bundle's folder would resolve to another version or not at all.
 *
 * `bundleDir` is the folder the bundle is written to. Every answer is kept for the rest of the build: the runtime's
 * files import the same packages from the same folders again and again, and each look-up is a round trip to
 * esbuild's process and a walk of node_modules. What esbuild resolves depends only on the import's kind (its
 * conditions), the folder it is resolved from and the specifier, which together are the key; its errors carry no
 * location (esbuild gives each failing import its own).
 */
export function installedPackagesExternal(bundleDir: string): Plugin {
  return {
    name: 'l9-installed-packages-external',
    setup(build) {
      const fromBundle = memoized((specifier) => resolvedFromBundle(specifier, bundleDir));
      const realpath = memoized((path) => realpathSync(path));
      const decisions = new Map<string, Promise<OnResolveResult>>();
      build.onResolve({ filter: /^[^./]/ }, (args) => {
        if (isBuiltin(args.path) || args.pluginData === RESOLVING) return undefined;
        const key = `${args.kind}\0${args.resolveDir}\0${args.path}`;
        let decision = decisions.get(key);
        if (!decision) decisions.set(key, (decision = placement(build, args, fromBundle, realpath)));
        return decision;
      });
    },
  };
}

/** Whether the import stays a `require` of the installed package or is compiled in from the file it resolves to. */
async function placement(
  build: PluginBuild,
  args: Pick<OnResolveArgs, 'kind' | 'resolveDir' | 'path'>,
  fromBundle: (specifier: string) => string | undefined,
  realpath: (path: string) => string,
): Promise<OnResolveResult> {
  const resolved = await build.resolve(args.path, {
    kind: args.kind,
    resolveDir: args.resolveDir,
    pluginData: RESOLVING,
  });
  if (resolved.errors.length > 0) return { errors: resolved.errors };
  if (!resolved.path.split(sep).includes('node_modules')) return { path: resolved.path };
  return fromBundle(args.path) === realpath(resolved.path)
    ? { path: args.path, external: true }
    : { path: resolved.path };
}
