import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildAndPack, PACKS_VARIABLE } from './support/packed-packages';

/** Builds and packs l9 and @l9/runtime once for every spec file; the tarballs are what a user would install. */
export default function globalSetup(): void {
  const dir = mkdtempSync(join(tmpdir(), 'l9-e2e-packs-'));
  try {
    writeFileSync(join(dir, 'packs.json'), JSON.stringify(buildAndPack(dir)));
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  process.env[PACKS_VARIABLE] = dir;
}
