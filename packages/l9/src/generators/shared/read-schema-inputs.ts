import { isAbsolute } from 'node:path';
import type { Tree } from '@nx/devkit';
import type { Diagnostic } from '../../diagnostics';
import type { SchemaFileInput } from '../../schema';

/** Workspace-relative POSIX path of a `--schema` argument. */
export function normalizeSchemaPath(path: string): string {
  return path.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+/g, '/');
}

/** Reads the `--schema` files from the Tree; a missing file is a diagnostic, not an exception. */
export function readSchemaInputs(
  tree: Tree,
  paths: readonly string[],
): { files: SchemaFileInput[]; diagnostics: Diagnostic[] } {
  const files: SchemaFileInput[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const raw of [...new Set(paths.map(normalizeSchemaPath))]) {
    if (isAbsolute(raw)) {
      diagnostics.push({
        code: 'L9E001',
        severity: 'error',
        message: 'schema file is outside the workspace',
        file: raw,
        line: 1,
        column: 1,
        hint: 'l9 records schema files by their path in the workspace so that nx sync can read them again; copy the file into the workspace',
      });
      continue;
    }
    const content = tree.exists(raw) && tree.isFile(raw) ? tree.read(raw) : null;
    if (content === null) {
      diagnostics.push({
        code: 'L9E001',
        severity: 'error',
        message: 'schema file not found',
        file: raw,
        line: 1,
        column: 1,
        hint: 'paths are relative to the workspace root',
      });
      continue;
    }
    files.push({ path: raw, content: new Uint8Array(content) });
  }
  return { files, diagnostics };
}
