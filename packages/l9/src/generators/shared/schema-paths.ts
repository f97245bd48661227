import { isAbsolute, relative } from 'node:path';

/**
 * An absolute `--schema` path inside the workspace, as the workspace-relative POSIX path every record of
 * it uses (the plan's inputs, `ecosystem.yaml`, the manifests: `nx sync` reads them on other machines).
 * A path outside the workspace stays absolute; reading it reports that it is outside.
 */
function fromWorkspace(path: string, workspaceRoot: string): string {
  if (!isAbsolute(path)) return path;
  const inside = relative(workspaceRoot, path);
  return inside === '' || inside.startsWith('..') || isAbsolute(inside) ? path : inside.split('\\').join('/');
}

/**
 * `--schema` as users give it: one path, a comma-separated list (`--schema=a.md,b.yaml`), or the flag
 * repeated (`--schema a.md --schema b.yaml`), which Nx passes as an array; each relative to the workspace
 * root or absolute inside it.
 */
export function schemaPaths(option: string | readonly string[], workspaceRoot: string): string[] {
  const values = typeof option === 'string' ? [option] : [...option];
  return values
    .flatMap((value) => value.split(','))
    .map((path) => path.trim())
    .filter((path) => path !== '')
    .map((path) => fromWorkspace(path, workspaceRoot));
}
