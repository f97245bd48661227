import type { ErrorObject } from 'ajv';

/** One place where a value breaks its endpoint's schema: a JSON Pointer into the value, and why. */
export interface ContractIssue {
  /** JSON Pointer (RFC 6901) of the bad field, e.g. `/candidates/0/score`; `''` is the whole value. */
  path: string;
  message: string;
}

export type ContractCheck = { ok: true } | { ok: false; issues: ContractIssue[] };

/** Enough to say what to fix; a value with hundreds of bad fields would otherwise make an answer as big as itself. */
export const MAX_REPORTED_ISSUES = 10;

const pointerToken = (name: string) => name.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * Ajv's errors as issues at the field they are about: a missing required property, or one the schema does not
 * allow, is reported at the property's own path rather than at the object holding it.
 */
export function contractIssues(errors: readonly ErrorObject[] | null | undefined): ContractIssue[] {
  const issues: ContractIssue[] = [];
  const seen = new Set<string>();
  for (const error of errors ?? []) {
    const params = error.params as Record<string, unknown>;
    let path = error.instancePath;
    let message = error.message ?? 'is invalid';
    if (error.keyword === 'required' && typeof params['missingProperty'] === 'string') {
      path = `${path}/${pointerToken(params['missingProperty'])}`;
      message = 'is required';
    } else if (error.keyword === 'additionalProperties' && typeof params['additionalProperty'] === 'string') {
      path = `${path}/${pointerToken(params['additionalProperty'])}`;
      message = 'is not allowed';
    } else if (error.keyword === 'enum' && Array.isArray(params['allowedValues'])) {
      message = `must be one of ${params['allowedValues'].map((v) => JSON.stringify(v)).join(', ')}`;
    }
    const key = `${path}\u0000${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push({ path, message });
    if (issues.length === MAX_REPORTED_ISSUES) break;
  }
  return issues;
}

/** `"/candidates/0/score: must be number; /query: is required"`; the whole value shows as `(root)`. */
export function describeIssues(issues: readonly ContractIssue[]): string {
  return issues.map((issue) => `${issue.path || '(root)'}: ${issue.message}`).join('; ');
}
