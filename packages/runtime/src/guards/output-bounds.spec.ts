import { applyOutputBounds } from './output-bounds';

describe('applyOutputBounds', () => {
  const output = {
    score: 1.7,
    label: 'abcdef',
    results: [{ score: -2 }, { score: 0.5 }, { score: 3 }],
    count: 2.5,
  };

  it('clamps and truncates where declared, reports each repair, and leaves the input untouched', () => {
    const result = applyOutputBounds(output, {
      score: { type: 'number', min: 0, max: 1, onViolation: 'clamp' },
      label: { type: 'string', maxLength: 3, onViolation: 'truncate' },
      results: { type: 'array', maxItems: 2, onViolation: 'truncate' },
      'results.*.score': { type: 'number', min: 0, max: 1, onViolation: 'clamp' },
    });
    expect(result).toEqual({
      ok: true,
      value: { score: 1, label: 'abc', results: [{ score: 0 }, { score: 0.5 }], count: 2.5 },
      adjusted: [
        { path: 'score', message: 'score is 1.7, outside [0, 1]' },
        { path: 'label', message: 'label has 6 characters, more than 3' },
        { path: 'results', message: 'results has 3 items, more than 2' },
        { path: 'results.0.score', message: 'results.0.score is -2, outside [0, 1]' },
      ],
    });
    expect(output.score).toBe(1.7);
  });

  it('rejects by default and on wrong types, listing every violation', () => {
    expect(
      applyOutputBounds(output, {
        score: { type: 'number', max: 1 },
        count: { type: 'number', integer: true, onViolation: 'clamp' },
        label: { type: 'array', maxItems: 1 },
        'results.*.score': { type: 'number', min: 0 },
      }),
    ).toEqual({
      ok: false,
      violations: [
        { path: 'score', message: 'score is 1.7, outside [-inf, 1]' },
        { path: 'count', message: 'count must be an integer, got 2.5' },
        { path: 'label', message: 'label must be an array' },
        { path: 'results.0.score', message: 'results.0.score is -2, outside [0, inf]' },
      ],
    });
  });

  it('ignores bounds on paths the output does not have', () => {
    expect(
      applyOutputBounds({ a: 1 }, { 'b.c': { type: 'number', max: 0 }, 'a.*': { type: 'number', max: 0 } }),
    ).toEqual({ ok: true, value: { a: 1 }, adjusted: [] });
  });
});
