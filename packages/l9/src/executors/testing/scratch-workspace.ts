import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExecutorContext } from '@nx/devkit';
import { workspaceRoot } from '../../testing/reference-inputs';

/** A throw-away workspace holding copies of some committed agents and the meta templates, to break on purpose. */
export function scratchWorkspace(agentIds: readonly string[]): { root: string; dispose(): void } {
  const root = mkdtempSync(join(tmpdir(), 'l9-scratch-'));
  const repo = workspaceRoot();
  for (const id of agentIds) {
    cpSync(join(repo, 'agents', id), join(root, 'agents', id), {
      recursive: true,
      filter: (src) => !/\/(coverage|\.l9|node_modules)(\/|$)/.test(src),
    });
  }
  // The shared settings the agents' tsconfig.json and jest.config.cjs extend. Nx registers the base config's path
  // mappings when it loads this checkout's plugin from source, and the plugin imports `@l9/runtime/shared`: the
  // mappings point into this checkout, since the scratch workspace has no packages/ of its own.
  writeFileSync(join(root, 'tsconfig.base.json'), JSON.stringify(pathsIntoRepo(repo)));
  cpSync(join(repo, 'jest.preset.cjs'), join(root, 'jest.preset.cjs'));
  symlinkSync(join(repo, 'node_modules'), join(root, 'node_modules'), 'dir');
  // Every workspace has one, and Jest looks for it when it resolves a project's config.
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'l9-scratch', private: true }));
  return { root, dispose: () => rmSync(root, { recursive: true, force: true }) };
}

/**
 * A scratch workspace whose nx.json registers this checkout's plugin with its default options, holding the
 * example schemas (what `nx g l9:ecosystem` reads beside a collection) and `collection` as `fileName`: where the
 * specs that run the real Nx CLI generate an ecosystem of their own.
 */
export function pluginWorkspace(fileName: string, collection: string): { root: string; dispose(): void } {
  const scratch = scratchWorkspace([]);
  cpSync(join(workspaceRoot(), 'templates', 'examples'), join(scratch.root, 'templates', 'examples'), {
    recursive: true,
  });
  writeFileSync(
    join(scratch.root, 'nx.json'),
    JSON.stringify({ plugins: [{ plugin: './node_modules/l9/plugin.ts', options: {} }] }),
  );
  writeFileSync(join(scratch.root, fileName), collection);
  return scratch;
}

/** This checkout's tsconfig.base.json with every path mapping made absolute. */
function pathsIntoRepo(repo: string): unknown {
  const base = JSON.parse(readFileSync(join(repo, 'tsconfig.base.json'), 'utf8')) as {
    compilerOptions: { paths?: Record<string, string[]> };
  };
  const paths = Object.fromEntries(
    Object.entries(base.compilerOptions.paths ?? {}).map(([name, targets]) => [
      name,
      targets.map((target) => join(repo, target)),
    ]),
  );
  return { ...base, compilerOptions: { ...base.compilerOptions, paths } };
}

/** The executor context Nx would pass for one of the scratch workspace's agents. */
export function contextFor(root: string, agentIds: readonly string[], projectName: string): ExecutorContext {
  const projects = Object.fromEntries(agentIds.map((id) => [id, { root: `agents/${id}` }]));
  return {
    root,
    cwd: root,
    isVerbose: false,
    projectName,
    projectsConfigurations: { version: 2, projects },
    nxJsonConfiguration: {},
  } as unknown as ExecutorContext;
}
