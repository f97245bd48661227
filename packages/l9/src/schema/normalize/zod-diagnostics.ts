import type { z } from 'zod';
import type { Diagnostic } from '../../diagnostics';
import type { YamlPath } from '../yaml';
import type { AgentSource } from './agent-source';

function describeIssue(issue: z.core.$ZodIssue, path: YamlPath): string {
  const where = path.length > 0 ? path.join('.') : 'schema';
  if (issue.code === 'invalid_type') return `${where}: expected ${issue.expected}`;
  if (issue.code === 'invalid_value') return `${where}: expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
  if (issue.code === 'unrecognized_keys') return `${where}: unexpected key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}`;
  if (issue.code === 'invalid_union') return `${where}: value matches none of the accepted forms`;
  return `${where}: ${issue.message}`;
}

/** zod issues as diagnostics at the position of the offending value in the user's file. */
export function zodIssuesToDiagnostics(issues: readonly z.core.$ZodIssue[], source: Pick<AgentSource, 'locate'>): Diagnostic[] {
  return issues.map((issue) => {
    const path = issue.path.map((segment) => (typeof segment === 'symbol' ? String(segment) : segment));
    const target = issue.code === 'unrecognized_keys' ? 'key' : 'value';
    const at = source.locate(issue.code === 'unrecognized_keys' ? [...path, issue.keys[0]!] : path, target);
    return { code: 'L9E021', severity: 'error' as const, message: describeIssue(issue, path), ...at };
  });
}
