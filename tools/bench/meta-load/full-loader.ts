/** Bench entry: parses and validates the four bundled meta templates, as a run without a cache does. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadMetaTemplates } from '../../../packages/l9/src/meta/load-meta-templates';

const dir = process.argv[2]!;
const { meta } = loadMetaTemplates((file) => readFileSync(join(dir, file), 'utf8'), '');
if (!meta) throw new Error('the bundled meta templates do not load');
