/** Bench entry: the validated snapshot, checked against the templates' sha256 (the cache's path). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { metaFromValidatedSnapshot } from '../../../packages/l9/src/meta/validated-meta';

const dir = process.argv[2]!;
const snapshot: unknown = JSON.parse(readFileSync(join(dir, 'validated-meta.json'), 'utf8'));
if (!metaFromValidatedSnapshot(snapshot, (file) => readFileSync(join(dir, file), 'utf8')))
  throw new Error('the snapshot does not match');
