import type * as z from 'zod';
import type { Diagnostic } from '../../diagnostics';
import type { YamlPath } from '../yaml';
import type { AgentSource } from './agent-source';

function describeIssue(issue: Issue, path: YamlPath): string {
  const where = path.length > 0 ? path.join('.') : 'schema';
  if (issue.code === 'invalid_type') return `${where}: expected ${issue.expected}`;
  if (issue.code === 'invalid_value')
    return `${where}: expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
  if (issue.code === 'unrecognized_keys')
    return `${where}: unexpected key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}`;
  if (issue.code === 'invalid_union') return `${where}: value matches none of the accepted forms`;
  return `${where}: ${issue.message}`;
}

type Issue = z.core.$ZodIssue;

/**
 * A value that matches no branch of a union (an endpoint written as an object with a bad method) is
 * best explained by the branch that got furthest: its issues have the longest paths.
 */
function explainUnions(issues: readonly Issue[]): Issue[] {
  return issues.flatMap((issue) => {
    if (issue.code !== 'invalid_union' || issue.errors.length === 0) return [issue];
    const depth = (branch: readonly Issue[]) => Math.max(...branch.map((i) => i.path.length));
    const deepest = [...issue.errors].sort((a, b) => depth(b) - depth(a))[0]!;
    if (depth(deepest) === 0) return [issue];
    return explainUnions(
      deepest.map((inner) => ({ ...inner, path: [...issue.path, ...inner.path] }) as Issue),
    );
  });
}

/** zod issues as diagnostics at the position of the offending value in the user's file. */
export function zodIssuesToDiagnostics(
  issues: readonly Issue[],
  source: Pick<AgentSource, 'locate'>,
): Diagnostic[] {
  return explainUnions(issues).map((issue) => {
    const path = issue.path.map((segment) => (typeof segment === 'symbol' ? String(segment) : segment));
    const target = issue.code === 'unrecognized_keys' ? 'key' : 'value';
    const at = source.locate(issue.code === 'unrecognized_keys' ? [...path, issue.keys[0]!] : path, target);
    return { code: 'L9E021', severity: 'error' as const, message: describeIssue(issue, path), ...at };
  });
}
