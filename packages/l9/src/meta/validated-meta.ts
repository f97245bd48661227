import { sha256Hex } from '@l9/runtime/shared';
import { META_TEMPLATE_FILES, type MetaTemplates } from './meta-templates';

/**
 * The bundled meta templates, validated ahead of time, next to them in the built package's `meta/` folder
 * (written by the package build, tools/build/build-package.ts; the sources have none). Parsing and validating
 * the four YAML files is most of what loading them costs; a workspace that runs with the templates as l9 ships
 * them (the usual case) gets the same result from this file.
 */
export const VALIDATED_META_FILE = 'validated-meta.json';

export interface ValidatedMeta {
  format: 'l9/validated-meta@1';
  /** sha256 of the text each template was validated from, by file name. */
  sources: Record<string, string>;
  meta: MetaTemplates;
}

export function templateDigest(text: string): string {
  return sha256Hex(text);
}

function isValidatedMeta(value: unknown): value is ValidatedMeta {
  const candidate = value as Partial<ValidatedMeta> | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    candidate.format === 'l9/validated-meta@1' &&
    typeof candidate.sources === 'object' &&
    candidate.sources !== null &&
    typeof candidate.meta === 'object' &&
    candidate.meta !== null
  );
}

/**
 * The snapshot's templates when every template's text (`textOf` gets a file name) is the text it was
 * validated from; otherwise null, and the caller loads the templates in full, which reports any problem.
 */
export function metaFromValidatedSnapshot(
  snapshot: unknown,
  textOf: (file: string) => string | null,
): MetaTemplates | null {
  if (!isValidatedMeta(snapshot)) return null;
  for (const { file } of META_TEMPLATE_FILES) {
    const text = textOf(file);
    if (text === null || snapshot.sources[file] !== templateDigest(text)) return null;
  }
  return snapshot.meta;
}
