import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { basename, dirname, isAbsolute, join } from 'node:path';
import { RUNTIME_PACKAGE } from '../shared/package-info';

/** Asks the package manager whether `name@version` can be installed from the registry it is configured for; the reason when not. */
export type RegistryProbe = (
  name: string,
  version: string,
  cwd: string,
) => { found: true } | { found: false; reason: string };

/** `npm view name@version version`: what `npm install` would find, with the workspace's own npm configuration. */
export const npmRegistryProbe: RegistryProbe = (name, version, cwd) => {
  const result = spawnSync('npm', ['view', `${name}@${version}`, 'version', '--json'], {
    cwd,
    encoding: 'utf8',
    shell: process.platform === 'win32',
  });
  if (result.error) return { found: false, reason: result.error.message };
  if (result.status === 0 && result.stdout.includes(version)) return { found: true };
  const registry = spawnSync('npm', ['config', 'get', 'registry'], {
    cwd,
    encoding: 'utf8',
    shell: process.platform === 'win32',
  }).stdout?.trim();
  const firstLine =
    `${result.stderr}`
      .split('\n')
      .find((line) => line.includes('npm error') && !line.includes('A complete log')) ??
    `npm view exited with ${result.status}`;
  return {
    found: false,
    reason: `not found in ${registry || 'the npm registry'} (${firstLine.replace(/^npm error\s*/, '').trim()})`,
  };
};

/** Where the workspace got l9 from: its package.json entry. */
function l9Specifier(pkg: {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}): string | undefined {
  return pkg.dependencies?.['l9'] ?? pkg.devDependencies?.['l9'];
}

/** npm pack's file name for the runtime: `@l9/runtime` 0.1.0 → `l9-runtime-0.1.0.tgz`. */
export function runtimeTarballName(version: string): string {
  return `${RUNTIME_PACKAGE.replace(/^@/, '').replace('/', '-')}-${version}.tgz`;
}

export type RuntimeSource = { specifier: string } | { error: string };

/**
 * The specifier that installs the runtime from where l9 came from, at l9's own version: the same registry
 * when l9 came from a registry; the runtime's tarball beside l9's when l9 was installed from a tarball.
 * When there is no such runtime the answer is an error saying what to do, so that `l9:init` stops before it
 * writes a dependency npm cannot install.
 */
export function runtimeSource(
  workspaceRoot: string,
  pkg: Parameters<typeof l9Specifier>[0],
  version: string,
  probe: RegistryProbe,
): RuntimeSource {
  const l9 = l9Specifier(pkg);
  if (l9?.startsWith('file:') && l9.endsWith('.tgz')) {
    const tarball = l9.slice('file:'.length);
    const sibling = join(dirname(tarball), runtimeTarballName(version));
    const onDisk = isAbsolute(sibling) ? sibling : join(workspaceRoot, sibling);
    if (existsSync(onDisk)) return { specifier: `file:${sibling.split('\\').join('/')}` };
    return {
      error: `l9 was installed from ${basename(tarball)}, but ${runtimeTarballName(version)} is not beside it (${onDisk}). Install ${RUNTIME_PACKAGE} ${version} (npm install <its tarball>) and run nx g l9:init again.`,
    };
  }
  if (l9 !== undefined && /^(file:|link:|git|https?:|github:|workspace:)/.test(l9)) {
    return {
      error: `l9 was installed from ${l9}; install ${RUNTIME_PACKAGE} ${version} from the same place (npm install <it>) and run nx g l9:init again.`,
    };
  }
  const answer = probe(RUNTIME_PACKAGE, version, workspaceRoot);
  if (answer.found) return { specifier: version };
  return {
    error: `${RUNTIME_PACKAGE}@${version}, the runtime of l9 ${version}, cannot be installed: ${answer.reason}. Publish it where l9 comes from, or install it yourself, and run nx g l9:init again.`,
  };
}
