import type { Diagnostic } from '../../diagnostics';

export interface SchemaFileInput {
  /** Path as it is reported in diagnostics (relative to the workspace when possible, POSIX separators). */
  path: string;
  content: string | Uint8Array;
}

export interface IngestLimits {
  /** Largest schema file accepted, in bytes. */
  maxFileBytes: number;
  /** Most YAML aliases one document may use. */
  maxAliases: number;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Checks a file before any parsing: within the size limit, UTF-8 text without NUL bytes, not empty.
 * Returns the text without a byte-order mark, or the diagnostic that stops it.
 */
export function decodeSchemaFile(
  input: SchemaFileInput,
  limits: IngestLimits,
): { text: string | null; diagnostics: Diagnostic[] } {
  const at = { file: input.path, line: 1, column: 1 };
  const bytes =
    typeof input.content === 'string' ? Buffer.byteLength(input.content, 'utf8') : input.content.byteLength;
  if (bytes > limits.maxFileBytes) {
    return {
      text: null,
      diagnostics: [
        {
          code: 'L9E002',
          severity: 'error',
          message: `file is ${bytes} bytes; the limit is ${limits.maxFileBytes}`,
          hint: 'split the collection into several files',
          ...at,
        },
      ],
    };
  }
  let text: string;
  if (typeof input.content === 'string') {
    text = input.content;
  } else {
    try {
      text = utf8.decode(input.content);
    } catch {
      return {
        text: null,
        diagnostics: [{ code: 'L9E003', severity: 'error', message: 'file is not UTF-8 text', ...at }],
      };
    }
  }
  const nul = text.indexOf('\u0000');
  if (nul >= 0) {
    const before = text.slice(0, nul).split('\n');
    return {
      text: null,
      diagnostics: [
        {
          code: 'L9E003',
          severity: 'error',
          message: 'file contains NUL bytes: it is binary, not a schema',
          file: input.path,
          line: before.length,
          column: (before[before.length - 1]?.length ?? 0) + 1,
        },
      ],
    };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const meaningful = text
    .split(/\r?\n/)
    .some((line) => line.trim() !== '' && !line.trim().startsWith('#') && line.trim() !== '---');
  if (!meaningful) {
    return {
      text: null,
      diagnostics: [
        { code: 'L9E004', severity: 'error', message: 'file is empty: it holds no schema', ...at },
      ],
    };
  }
  return { text, diagnostics: [] };
}
