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

/** Reports every value of `values` that appears more than once, at its second occurrence. */
export function checkUnique(
  ctx: z.RefinementCtx,
  values: readonly string[],
  pathOf: (index: number) => PropertyKey[],
  what: string,
): void {
  const seen = new Set<string>();
  values.forEach((value, index) => {
    if (seen.has(value)) addRuleIssue(ctx, pathOf(index), `${what} "${value}" appears more than once`);
    seen.add(value);
  });
}
