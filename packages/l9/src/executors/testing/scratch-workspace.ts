import { cpSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
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
  // The shared settings the agents' tsconfig.json and jest.config.cjs extend.
  for (const shared of ['tsconfig.base.json', 'jest.preset.cjs'])
    cpSync(join(repo, shared), join(root, shared));
  symlinkSync(join(repo, 'node_modules'), join(root, 'node_modules'), 'dir');
  // Every workspace has one, and Jest looks for it when it resolves a project's config.
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'l9-scratch', private: true }));
  return { root, dispose: () => rmSync(root, { recursive: true, force: true }) };
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
