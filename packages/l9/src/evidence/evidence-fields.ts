import * as z from 'zod';
import { duplicateIssues } from '../meta/shared-fields';

/** Field models shared by the agent evidence and the ecosystem statement. */

export const count = z.number().int().nonnegative();

export const sha256Hex = z
  .string()
  .regex(/^[0-9a-f]{64}$/, { message: 'a sha256 digest is 64 lowercase hex digits' });

/**
 * Whether `path` is relative to the workspace root in POSIX form and stays inside it. Verification reads
 * the files a statement names, so a name like `../../etc/passwd` or `/etc/passwd` must never get that far.
 */
export function isWorkspaceRelativePosix(path: string): boolean {
  if (path.length === 0 || path.startsWith('/') || path.includes('\\') || /^[A-Za-z]:/.test(path))
    return false;
  return path.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..');
}

export const workspacePath = z.string().refine(isWorkspaceRelativePosix, {
  message: 'a path relative to the workspace root, POSIX separators, no "." or ".." segments',
});

/** `passed` out of `total`, with passed never above total. */
export const passedOfTotal = z
  .strictObject({ passed: count, total: count })
  .refine((c) => c.passed <= c.total, { message: 'passed cannot exceed total' });

/** `covered` out of `total` lines. */
export const coveredOfTotal = z
  .strictObject({ covered: count, total: count })
  .refine((c) => c.covered <= c.total, { message: 'covered cannot exceed total' });

/** Forbidden-marker scan: occurrences found and the files they were found in, out of the files scanned. */
export const markerScan = z
  .strictObject({ found: count, files_scanned: count, files_with_markers: count })
  .refine((m) => m.files_with_markers <= m.files_scanned, {
    message: 'files_with_markers cannot exceed files_scanned',
  })
  .refine((m) => (m.found === 0) === (m.files_with_markers === 0), {
    message: 'found and files_with_markers are zero together',
  });

/** Where a check found what it reports. */
export const checkEvidenceSchema = z.strictObject({
  file: z.string().min(1),
  line: z.number().int().positive().optional(),
  detail: z.string(),
});

/** One checklist verdict of a phase, with what proves it either way. */
export const verdictSchema = z.strictObject({
  id: z.string().min(1),
  phase: z.number().int().min(0).max(6),
  title: z.string().min(1),
  passed: z.boolean(),
  evidence: z.array(checkEvidenceSchema),
});

export type Verdict = z.infer<typeof verdictSchema>;
export type CheckEvidence = z.infer<typeof checkEvidenceSchema>;

/** Reports each value of `values` that appears more than once, at its second occurrence. */
export function addDuplicateIssues(
  ctx: z.RefinementCtx,
  values: readonly string[],
  pathOf: (index: number) => PropertyKey[],
  what: string,
): void {
  for (const issue of duplicateIssues(values, pathOf, what)) ctx.addIssue({ code: 'custom', ...issue });
}
