import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mustRun, mustSucceed } from './commands';

/** The repository that holds this suite: packages/l9, packages/runtime, templates/examples. */
export const repoRoot = join(__dirname, '..', '..', '..');

export interface PackedPackages {
  /** Absolute paths of the tarballs `npm pack` wrote. */
  l9: string;
  runtime: string;
}

/** Where global-setup leaves the tarballs for the spec files (Jest workers inherit the variable). */
export const PACKS_VARIABLE = 'L9_E2E_PACKS';

/** Builds both packages through their Nx `build` targets and packs each dist folder into `destination`. */
export function buildAndPack(destination: string): PackedPackages {
  mustRun(
    process.execPath,
    [
      join(repoRoot, 'node_modules', 'nx', 'dist', 'bin', 'nx.js'),
      'run-many',
      '-t',
      'build',
      '-p',
      'l9,runtime',
      '--outputStyle=static',
    ],
    repoRoot,
  );
  const pack = (name: string): string => {
    const { stdout } = mustSucceed(
      'npm',
      ['pack', '--json', '--pack-destination', destination],
      join(repoRoot, 'dist', 'packages', name),
    );
    const [packed] = JSON.parse(stdout) as Array<{ filename: string }>;
    return join(destination, packed!.filename);
  };
  return { l9: pack('l9'), runtime: pack('runtime') };
}

/** The tarballs global-setup packed for this run. */
export function packedPackages(): PackedPackages {
  const dir = process.env[PACKS_VARIABLE];
  if (!dir)
    throw new Error(
      `${PACKS_VARIABLE} is not set: run the suite with jest -c e2e/jest.e2e.cjs, whose global setup packs the packages`,
    );
  return JSON.parse(readFileSync(join(dir, 'packs.json'), 'utf8')) as PackedPackages;
}
