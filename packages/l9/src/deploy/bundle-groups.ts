import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { AGENT_BUNDLE_DIR } from './agent-entry';

/**
 * The folders between an agent's bundle and its parent folder where Node would look for node_modules before the
 * parent's: the project root, `.l9` and the bundle's own.
 */
function ownModuleFolders(projectRoot: string): string[] {
  const folders = [projectRoot];
  for (const segment of AGENT_BUNDLE_DIR.split('/')) folders.push(join(folders.at(-1)!, segment));
  return folders.map((folder) => join(folder, 'node_modules'));
}

/**
 * The agents whose bundles can be built by one esbuild call, in the order given (each agent once). Which
 * installed packages a bundle leaves external depends on what Node finds from the bundle's folder
 * (installed-packages-external.ts), and one build asks that from one folder for all its entries: agents side by
 * side in the same folder, none with a node_modules of its own on the way up, find the same packages. Any other
 * agent is built alone.
 */
export function resolutionGroups(projectRoots: readonly string[]): string[][] {
  const groups = new Map<string, string[]>();
  const alone: string[][] = [];
  for (const projectRoot of new Set(projectRoots)) {
    if (ownModuleFolders(projectRoot).some((folder) => existsSync(folder))) {
      alone.push([projectRoot]);
      continue;
    }
    const parent = dirname(projectRoot);
    const group = groups.get(parent);
    if (group) group.push(projectRoot);
    else groups.set(parent, [projectRoot]);
  }
  return [...groups.values(), ...alone];
}
