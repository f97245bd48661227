import type { Tree } from '@nx/devkit';
import { nxDevkit } from './nx-devkit';

/** The sync generator that regenerates agents from their schema files (`nx sync`, `nx sync:check`). */
export const SYNC_GENERATOR = 'l9:sync';

/**
 * Adds `l9:sync` to nx.json's `sync.globalGenerators`, keeping every generator already listed, so that
 * `nx sync:check` in CI fails whenever a schema edit was not regenerated. Returns whether nx.json changed.
 */
export function registerSyncGenerator(tree: Tree): boolean {
  const { readNxJson, updateNxJson } = nxDevkit();
  const nxJson = readNxJson(tree) ?? {};
  const globalGenerators = nxJson.sync?.globalGenerators ?? [];
  if (globalGenerators.includes(SYNC_GENERATOR)) return false;
  updateNxJson(tree, {
    ...nxJson,
    sync: { ...nxJson.sync, globalGenerators: [...globalGenerators, SYNC_GENERATOR] },
  });
  return true;
}
