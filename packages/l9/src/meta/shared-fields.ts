import * as z from 'zod';
import type { MetaDiagnosticCode } from '../diagnostics/codes';

/** Fields and helpers shared by the four meta template models. */

export const nonEmptyText = z.string().min(1);
export const positiveInt = z.number().int().positive();
export const nonNegativeInt = z.number().int().nonnegative();
export const percent = z.number().int().min(0).max(100);

/** Header every meta template starts with, naming which template it is. */
export function metaHeader<K extends string>(kind: K) {
  return { kind: z.literal(kind), schema_version: z.literal(1) };
}

/** A cross-field rule violation, reported as L9M005 at `path`. */
export function addRuleIssue(ctx: z.RefinementCtx, path: PropertyKey[], message: string): void {
  const code: MetaDiagnosticCode = 'L9M005';
  ctx.addIssue({ code: 'custom', message, path, params: { metaCode: code } });
}

/**
 * Where a uniqueness rule over `values` fails, and what it says: each value that appears more than once, at
 * every occurrence after its first. Meta templates report these as L9M005 (checkUnique); evidence documents as
 * plain issues.
 */
export function duplicateIssues(
  values: readonly string[],
  pathOf: (index: number) => PropertyKey[],
  what: string,
): Array<{ path: PropertyKey[]; message: string }> {
  const seen = new Set<string>();
  const issues: Array<{ path: PropertyKey[]; message: string }> = [];
  values.forEach((value, index) => {
    if (seen.has(value))
      issues.push({ path: pathOf(index), message: `${what} "${value}" appears more than once` });
    seen.add(value);
  });
  return issues;
}

/** Reports every value of `values` that appears more than once, at its second occurrence, as L9M005. */
export function checkUnique(
  ctx: z.RefinementCtx,
  values: readonly string[],
  pathOf: (index: number) => PropertyKey[],
  what: string,
): void {
  for (const issue of duplicateIssues(values, pathOf, what)) addRuleIssue(ctx, issue.path, issue.message);
}
