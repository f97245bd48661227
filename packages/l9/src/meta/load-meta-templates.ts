import type * as z from 'zod';
import { sortDiagnostics, type Diagnostic } from '../diagnostics';
import { parseYamlStream, wholeFile } from '../schema/yaml';
import { bundledMetaDir, withBundledTemplates, WORKSPACE_META_DIR } from './bundled-meta';
import { codegenMetaSchema } from './codegen-meta';
import { dependencyIntegrationMetaSchema } from './dependency-integration-meta';
import { extractionSequenceMetaSchema } from './extraction-sequence-meta';
import { metaIssuesToDiagnostics } from './meta-issues-to-diagnostics';
import { META_TEMPLATE_FILES, type MetaTemplateKey, type MetaTemplates } from './meta-templates';
import { validationChecklistMetaSchema } from './validation-checklist-meta';

/** The model each template is validated against. */
const META_TEMPLATE_SCHEMAS: Record<MetaTemplateKey, z.ZodType> = {
  codegen: codegenMetaSchema,
  extractionSequence: extractionSequenceMetaSchema,
  validationChecklist: validationChecklistMetaSchema,
  dependencyIntegration: dependencyIntegrationMetaSchema,
};

/**
 * Alias limit for the meta templates themselves. The configurable limit (`limits.max_yaml_aliases`) lives
 * inside a template, so it cannot govern its own parsing; the templates need no aliases at all.
 */
const META_MAX_ALIASES = 100;

export interface LoadedMetaTemplates {
  /** The validated templates, or null when any of them has an error. */
  meta: MetaTemplates | null;
  diagnostics: Diagnostic[];
}

function safeBundledDir(): string {
  try {
    return bundledMetaDir();
  } catch (error) {
    return (error as Error).message;
  }
}

function readSafely(
  readFile: (relPath: string) => string | null,
  path: string,
): { text: string | null; reason: string | null } {
  try {
    return { text: readFile(path), reason: null };
  } catch (error) {
    return { text: null, reason: (error as Error).message };
  }
}

function loadOne(
  readFile: (relPath: string) => string | null,
  path: string,
  schema: z.ZodType,
): { value: unknown; diagnostics: Diagnostic[] } {
  const { text, reason } = readSafely(readFile, path);
  if (text === null) {
    const message = reason ? `meta template cannot be read: ${reason}` : 'meta template is missing';
    return {
      value: null,
      diagnostics: [
        {
          code: 'L9M001',
          severity: 'error',
          message,
          file: path,
          line: 1,
          column: 1,
          hint: `l9 ships it in ${safeBundledDir()} (reinstall l9 if it is missing there); a copy in ${WORKSPACE_META_DIR}/ overrides it`,
        },
      ],
    };
  }

  const stream = parseYamlStream(text, wholeFile(path), { maxAliases: META_MAX_ALIASES });
  const syntax = stream.diagnostics.map((d): Diagnostic => ({ ...d, code: 'L9M002' }));
  if (syntax.some((d) => d.severity === 'error')) return { value: null, diagnostics: syntax };

  const [document, extra] = stream.documents;
  if (!document || extra) {
    const at = extra ? extra.start() : { file: path, line: 1, column: 1 };
    const message = extra
      ? `meta template holds ${stream.documents.length} YAML documents; it must hold one`
      : 'meta template holds no YAML document';
    return { value: null, diagnostics: [...syntax, { code: 'L9M004', severity: 'error', message, ...at }] };
  }

  const result = schema.safeParse(document.value);
  if (!result.success)
    return {
      value: null,
      diagnostics: [...syntax, ...metaIssuesToDiagnostics(result.error.issues, document, schema)],
    };
  return { value: result.data, diagnostics: syntax };
}

/**
 * Reads and validates the four meta templates. `readFile` gets a workspace-relative path and returns the
 * file's text, or null when there is no such file (an Nx `Tree` read fits directly). In the workspace's
 * `templates/meta` (the default `dir`) a template the workspace has no copy of is the one l9 ships. Never
 * throws on bad templates: every problem is a diagnostic, sorted by position.
 */
export function loadMetaTemplates(
  readWorkspaceFile: (relPath: string) => string | null,
  dir = WORKSPACE_META_DIR,
): LoadedMetaTemplates {
  const base = dir.replace(/\/+$/, '');
  const readFile = base === WORKSPACE_META_DIR ? withBundledTemplates(readWorkspaceFile) : readWorkspaceFile;
  const diagnostics: Diagnostic[] = [];
  const loaded: Partial<Record<keyof MetaTemplates, unknown>> = {};
  for (const { key, file } of META_TEMPLATE_FILES) {
    const one = loadOne(readFile, base ? `${base}/${file}` : file, META_TEMPLATE_SCHEMAS[key]);
    diagnostics.push(...one.diagnostics);
    if (one.value !== null) loaded[key] = one.value;
  }
  const complete = META_TEMPLATE_FILES.every(({ key }) => loaded[key] !== undefined);
  return { meta: complete ? (loaded as MetaTemplates) : null, diagnostics: sortDiagnostics(diagnostics) };
}
