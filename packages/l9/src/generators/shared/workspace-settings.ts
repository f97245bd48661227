import type { Tree } from '@nx/devkit';

/** The shared settings of the workspace that generated agents extend instead of repeating them. */
export interface WorkspaceSettings {
  /** The workspace's TypeScript base every agent's tsconfig.json extends (l9 writes one when there is none). */
  tsconfigBase: string;
  /** The root Jest preset (`@nx/jest` and create-nx-workspace make one), or null when the workspace has none. */
  jestPreset: string | null;
}

export const TSCONFIG_BASE = 'tsconfig.base.json';
/** Jest loads a preset by path; an Nx workspace's is one of these (a root jest.config.* lists projects, it is no preset). */
const JEST_PRESETS = ['jest.preset.js', 'jest.preset.cjs', 'jest.preset.json'];

/** What the workspace has, read from the tree the generator writes to. */
export function readWorkspaceSettings(tree: Tree): WorkspaceSettings {
  return { tsconfigBase: TSCONFIG_BASE, jestPreset: JEST_PRESETS.find((file) => tree.isFile(file)) ?? null };
}

/**
 * Writes the workspace's tsconfig.base.json when it has none, once, with the settings that are the workspace's to
 * choose; the options the agents' code itself depends on are in each agent's tsconfig.json. A workspace's own base
 * is never changed.
 */
export function ensureTsconfigBase(tree: Tree): boolean {
  if (tree.exists(TSCONFIG_BASE)) return false;
  // Spelled as writeJson of @nx/devkit writes it (two-space JSON, a final newline), without loading @nx/devkit.
  const base = {
    compilerOptions: {
      strict: true,
      skipLibCheck: true,
      forceConsistentCasingInFileNames: true,
      resolveJsonModule: true,
    },
  };
  tree.write(TSCONFIG_BASE, `${JSON.stringify(base, null, 2)}\n`);
  return true;
}
