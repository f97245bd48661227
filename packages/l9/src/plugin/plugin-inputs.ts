import { realpathSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/**
 * What the cache must key on for the plugin's own code: the installed `l9` package version (an external
 * dependency) in a user's workspace, or the plugin's sources when l9 is a project of the workspace itself
 * (as in its own repository), where there is no package version to hash.
 */
export function pluginInputs(workspaceRoot: string): Array<string | { externalDependencies: string[] }> {
  const pluginRoot = realpathSync(join(__dirname, '..', '..'));
  const fromWorkspace = relative(realpathSync(workspaceRoot), pluginRoot);
  const insideWorkspace = !fromWorkspace.startsWith('..') && !fromWorkspace.split(sep).includes('node_modules');
  return insideWorkspace ? [`{workspaceRoot}/${fromWorkspace.split(sep).join('/')}/src/**/*`, `{workspaceRoot}/${fromWorkspace.split(sep).join('/')}/meta/**/*`] : [{ externalDependencies: ['l9'] }];
}
