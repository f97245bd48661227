import * as z from 'zod';
import { addDuplicateIssues } from './evidence-fields';

describe('addDuplicateIssues', () => {
  const paths = z.array(z.string()).superRefine((values, ctx) => {
    addDuplicateIssues(ctx, values, (i) => [i, 'path'], 'file');
  });

  it('reports each repeated value at every occurrence after its first, as a plain issue', () => {
    const result = paths.safeParse(['a.ts', 'b.ts', 'a.ts', 'a.ts', 'c.ts']);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map(({ path, message, code }) => ({ path, message, code }))).toEqual([
      { path: [2, 'path'], message: 'file "a.ts" appears more than once', code: 'custom' },
      { path: [3, 'path'], message: 'file "a.ts" appears more than once', code: 'custom' },
    ]);
    // Evidence is not a meta template: its issues carry no meta diagnostic code.
    expect(result.error?.issues.every((issue) => !('params' in issue))).toBe(true);
  });

  it('accepts distinct values', () => {
    expect(paths.safeParse(['a.ts', 'b.ts']).success).toBe(true);
  });
});
