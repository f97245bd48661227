/**
 * Writes packages/l9/meta/validated-meta.json: the bundled meta templates, validated, which generators use
 * instead of parsing templates that are still exactly as l9 ships them. Run after editing a bundled template.
 * Run: node -r @swc-node/register tools/emit-validated-meta.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { VALIDATED_META_FILE } from '../packages/l9/src/meta/validated-meta';
import { validatedMetaFile } from '../packages/l9/src/meta/validated-meta-file';

const metaDir = join(__dirname, '..', 'packages', 'l9', 'meta');
const target = join(metaDir, VALIDATED_META_FILE);
writeFileSync(target, validatedMetaFile((file) => readFileSync(join(metaDir, file), 'utf8')));
process.stdout.write(`wrote ${relative(join(__dirname, '..'), target)}\n`);
