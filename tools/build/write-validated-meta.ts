import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { VALIDATED_META_FILE } from '../../packages/l9/src/meta/validated-meta';
import { validatedMetaFile } from '../../packages/l9/src/meta/validated-meta-file';

/**
 * Writes the validated snapshot of the meta templates into the built package's `meta/` folder, from the
 * templates copied there, so a workspace running with them as shipped skips parsing and validating them.
 * Made at every build rather than committed, so it can never be older than the templates it stands for.
 * Throws (failing the build) when a template does not load cleanly.
 */
export function writeValidatedMeta(metaDir: string): void {
  const textOf = (file: string): string | null => {
    try {
      return readFileSync(join(metaDir, file), 'utf8');
    } catch {
      return null;
    }
  };
  writeFileSync(join(metaDir, VALIDATED_META_FILE), validatedMetaFile(textOf));
}
