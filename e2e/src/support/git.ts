import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { mustRun } from './commands';

/** `git status --porcelain`: empty when the working tree equals the last commit (ignored files aside). */
export function gitStatus(workspace: string): string {
  return mustRun('git', ['status', '--porcelain'], workspace).trim();
}

export function commitAll(workspace: string, message: string): void {
  mustRun('git', ['add', '--all'], workspace);
  mustRun('git', ['commit', '--quiet', '--allow-empty', '-m', message], workspace);
}

/** Files git would add (untracked, not ignored) under `path`, sorted. */
export function untrackedFiles(workspace: string, path: string): string[] {
  return mustRun('git', ['ls-files', '--others', '--exclude-standard', '--', path], workspace)
    .split('\n')
    .filter(Boolean)
    .sort();
}

/** Files of the working tree under `path` that git tracks or would add (ignored and deleted ones left out), sorted. */
export function workingTreeFiles(workspace: string, path: string): string[] {
  const listed = mustRun(
    'git',
    ['ls-files', '--cached', '--others', '--exclude-standard', '--', path],
    workspace,
  )
    .split('\n')
    .filter(Boolean);
  return [...new Set(listed)].filter((file) => existsSync(join(workspace, file))).sort();
}
