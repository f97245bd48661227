import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mustRun } from './commands';
import { publish, type RegistryAddress } from './local-registry';

/**
 * Publishes the package of a tarball as a later release: unpacked into a temp folder with `version` in its
 * package.json. What `nx migrate` upgrades to; the code is the same, which is all a migration needs.
 */
export function publishAsRelease(registry: RegistryAddress, tarball: string, version: string): void {
  const dir = mkdtempSync(join(tmpdir(), 'l9-e2e-release-'));
  try {
    mustRun('tar', ['-xzf', tarball, '-C', dir], dir);
    const folder = join(dir, 'package');
    const manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    writeFileSync(join(folder, 'package.json'), `${JSON.stringify({ ...manifest, version }, null, 2)}\n`);
    publish(registry, folder);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
