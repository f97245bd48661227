import type { Tree } from '@nx/devkit';

/**
 * `.l9/` holds the workspace's evidence signing key and every target's results; `coverage/` is written by
 * the verify target inside each agent. Neither belongs in git, so `l9:init` makes sure `.gitignore` says so.
 */
export const L9_IGNORED = ['.l9/', 'coverage/'];

/**
 * Appends the entries of L9_IGNORED that `.gitignore` lacks. An entry with or without the trailing slash
 * counts; a root-anchored one (`/coverage`) does not, since it misses the agents' folders.
 */
export function ignoreL9Outputs(tree: Tree): void {
  const current = tree.exists('.gitignore') ? tree.read('.gitignore', 'utf-8')! : '';
  const lines = new Set(current.split(/\r?\n/).map((line) => line.trim().replace(/\/$/, '')));
  const missing = L9_IGNORED.filter((entry) => !lines.has(entry.replace(/\/$/, '')));
  if (missing.length === 0) return;
  const separator = current === '' || current.endsWith('\n') ? '' : '\n';
  tree.write(
    '.gitignore',
    `${current}${separator}${current === '' ? '' : '\n'}# l9: evidence key and target results\n${missing.join('\n')}\n`,
  );
}
