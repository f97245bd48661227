import { posix } from 'node:path';

/**
 * `../../` for `agents/tensoraios`: the relative path from a project folder up to the workspace root, as
 * `offsetFromRoot` of `@nx/devkit` spells it (`./` for the root itself). Not that function: `@nx/devkit` loads some
 * hundred and fifty modules of Nx (its task runner, semver) that `nx g` has not loaded, and the generators ship as
 * one bundle whose every top-level import is evaluated when `nx g` loads it. Nx project roots use `/` on every
 * platform.
 */
export function pathToWorkspaceRoot(projectRoot: string): string {
  if (projectRoot === '.') return './';
  const levels = posix
    .normalize(projectRoot)
    .split('/')
    .filter((part) => part.length > 0).length;
  return '../'.repeat(levels);
}
