import { formatDiagnosticText } from '../diagnostics';
import { loadMetaTemplates } from './load-meta-templates';
import { META_TEMPLATE_FILES } from './meta-templates';
import { templateDigest, type ValidatedMeta } from './validated-meta';

/**
 * The bytes of `validated-meta.json` for the templates `textOf` returns (by file name). Throws when they do not
 * load cleanly: only templates without a single diagnostic may skip validation.
 */
export function validatedMetaFile(textOf: (file: string) => string | null): string {
  const { meta, diagnostics } = loadMetaTemplates(textOf, '');
  if (!meta || diagnostics.length > 0) {
    throw new Error(
      `the meta templates do not load cleanly:\n${diagnostics.map(formatDiagnosticText).join('\n')}`,
    );
  }
  const sources: Record<string, string> = {};
  for (const { file } of META_TEMPLATE_FILES) sources[file] = templateDigest(textOf(file)!);
  const snapshot: ValidatedMeta = { format: 'l9/validated-meta@1', sources, meta };
  return `${JSON.stringify(snapshot, null, 2)}\n`;
}
