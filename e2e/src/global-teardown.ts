import { rmSync } from 'node:fs';
import { PACKS_VARIABLE } from './support/packed-packages';

export default function globalTeardown(): void {
  const dir = process.env[PACKS_VARIABLE];
  if (dir) rmSync(dir, { recursive: true, force: true });
}
