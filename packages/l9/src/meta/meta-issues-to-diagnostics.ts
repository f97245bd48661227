import type * as z from 'zod';
import type { Diagnostic } from '../diagnostics';
import { didYouMean } from '../schema/did-you-mean';
import type { ParsedYamlDocument, YamlPath } from '../schema/yaml';
import { knownKeysAt } from './known-keys-at';
import type { MetaDiagnosticCode } from '../diagnostics/codes';

function where(path: YamlPath): string {
  return path.length > 0 ? path.join('.') : 'template';
}

/** Whether the template holds anything at `path` (a missing key is reported differently from a wrong one). */
function isPresent(value: unknown, path: YamlPath): boolean {
  let node = value;
  for (const segment of path) {
    if (node === null || typeof node !== 'object' || !(segment in node)) return false;
    node = (node as Record<string | number, unknown>)[segment];
  }
  return true;
}

function describe(issue: z.core.$ZodIssue, path: YamlPath, value: unknown): string {
  switch (issue.code) {
    case 'invalid_type':
      return isPresent(value, path)
        ? `${where(path)}: expected ${issue.expected}`
        : `${where(path)}: required ${issue.expected} is missing`;
    case 'invalid_value':
      return `${where(path)}: expected ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}`;
    case 'too_small':
      return `${where(path)}: must be at least ${String(issue.minimum)}${issue.origin === 'array' ? ' entries' : ''}`;
    case 'too_big':
      return `${where(path)}: must be at most ${String(issue.maximum)}`;
    default:
      return `${where(path)}: ${issue.message}`;
  }
}

function metaCodeOf(issue: z.core.$ZodIssue): MetaDiagnosticCode {
  const params = (issue as { params?: { metaCode?: MetaDiagnosticCode } }).params;
  return params?.metaCode ?? 'L9M003';
}

/**
 * zod issues of a meta template as diagnostics at the offending key or value. Rule violations raised by
 * the models carry their own code (L9M005); everything else is a shape problem (L9M003).
 */
export function metaIssuesToDiagnostics(
  issues: readonly z.core.$ZodIssue[],
  document: ParsedYamlDocument,
  schema: z.ZodType,
): Diagnostic[] {
  return issues.flatMap((issue): Diagnostic[] => {
    const path: YamlPath = issue.path.map((segment) =>
      typeof segment === 'symbol' ? String(segment) : segment,
    );
    if (issue.code === 'unrecognized_keys') {
      const known = knownKeysAt(schema, path);
      return issue.keys.map((key) => {
        const suggestion = didYouMean(key, known);
        return {
          code: 'L9M003',
          severity: 'error',
          message: `${where(path)}: unknown key ${key}`,
          ...document.positionOf([...path, key], 'key'),
          ...(suggestion ? { hint: `did you mean ${suggestion}?` } : {}),
        };
      });
    }
    return [
      {
        code: metaCodeOf(issue),
        severity: 'error',
        message: describe(issue, path, document.value),
        ...document.positionOf(path, 'value'),
      },
    ];
  });
}
